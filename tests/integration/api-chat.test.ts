import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeDemoAnswer } from "@/lib/ai/demo-answer";
import { composeDemoTitle } from "@/lib/chat/title";
import {
  eventually,
  getChat,
  type Guest,
  messageText,
  newGuest,
  postChat,
  readUIStream,
  type StoredChat,
  userMessage,
} from "../support/api-client";
import { type AppServer, startAppServer } from "../support/app-server";

let server: AppServer;
let guest: Guest;

beforeAll(async () => {
  // A pace slow enough that a test can act mid-answer (abort, stop) before the demo model finishes.
  server = await startAppServer({ DEMO_STREAM_DELAY_MS: "15" });
  guest = await newGuest(server.url);
});

afterAll(async () => {
  await server?.stop();
});

async function storedChat(chatId: string, who: Guest = guest): Promise<StoredChat> {
  const response = await getChat(server.url, who, chatId);
  expect(response.status).toBe(200);
  return (await response.json()) as StoredChat;
}

/** Waits until the chat holds an answer that is no longer being written. */
function finishedAnswer(chatId: string) {
  return eventually(async () => {
    const { messages } = await storedChat(chatId);
    const answer = messages.find((message) => message.role === "assistant");
    return answer?.metadata.status ? { messages, answer } : undefined;
  });
}

describe("POST /api/chat", () => {
  it("streams the demo answer and persists both messages in order", async () => {
    const chatId = randomUUID();
    const text = "Explain closures in JavaScript";
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage(text) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");

    const { chunks, text: streamed } = await readUIStream(response);
    expect(streamed).toBe(composeDemoAnswer(text));
    expect(chunks.filter((chunk) => chunk.type === "text-delta").length).toBeGreaterThan(10);

    const { messages } = await finishedAnswer(chatId);
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(messageText(messages[0]!)).toBe(text);
    expect(messageText(messages[1]!)).toBe(streamed);
    expect(messages[1]!.metadata.status).toBe("complete");

    // Demo mode names the chat from the message's own words, beside the first answer.
    const { chat } = await storedChat(chatId);
    expect(chat.title).toBe(composeDemoTitle(text));
  });

  it("sends the earlier history from the store with the next message", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("first question") }));
    await finishedAnswer(chatId);
    const second = await readUIStream(
      await postChat(server.url, guest, { id: chatId, message: userMessage("second question") }),
    );
    expect(second.text).toBe(composeDemoAnswer("second question"));
    const { messages } = await eventually(async () => {
      const chat = await storedChat(chatId);
      return chat.messages.length === 4 && chat.messages[3]!.metadata.status ? chat : undefined;
    });
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(messageText(messages[2]!)).toBe("second question");
  });

  it("keeps generating and saves the complete answer when the browser goes away mid-stream", async () => {
    const chatId = randomUUID();
    const text = "Write a long story about a lighthouse keeper";
    const controller = new AbortController();
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage(text) }, { signal: controller.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();

    const { answer } = await finishedAnswer(chatId);
    expect(answer.metadata.status).toBe("complete");
    expect(messageText(answer)).toBe(composeDemoAnswer(text));
  });

  it("keeps the partial answer, marked stopped, when the user presses Stop", async () => {
    const chatId = randomUUID();
    const text = "Tell me everything about the history of computing";
    const response = await postChat(server.url, guest, { id: chatId, message: userMessage(text) });
    const reader = response.body!.getReader();
    await reader.read();
    const stop = await fetch(`${server.url}/api/chat/${chatId}/stream`, {
      method: "DELETE",
      headers: { cookie: guest.cookie },
    });
    expect(stop.status).toBe(200);
    expect(await stop.json()).toEqual({ stopped: true });
    await reader.cancel();

    const { answer } = await finishedAnswer(chatId);
    expect(answer.metadata.status).toBe("stopped");
    const full = composeDemoAnswer(text);
    expect(messageText(answer).length).toBeLessThan(full.length);
    expect(full.startsWith(messageText(answer))).toBe(true);
  });

  it("treats a resent message id as the same message, not a duplicate", async () => {
    const chatId = randomUUID();
    const message = userMessage("same message twice");
    await readUIStream(await postChat(server.url, guest, { id: chatId, message }));
    await finishedAnswer(chatId);
    await readUIStream(await postChat(server.url, guest, { id: chatId, message }));
    const { messages } = await eventually(async () => {
      const chat = await storedChat(chatId);
      return chat.messages.filter((m) => m.role === "assistant").length === 2 ? chat : undefined;
    });
    expect(messages.filter((m) => m.role === "user")).toHaveLength(1);
  });
});

describe("access control", () => {
  it("does not let a second guest read, post to, stop or delete the first guest's chat", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("private thoughts") }));
    await finishedAnswer(chatId);
    const intruder = await newGuest(server.url);

    const read = await getChat(server.url, intruder, chatId);
    expect(read.status).toBe(404);
    expect(JSON.stringify(await read.json())).not.toContain("private thoughts");

    const post = await postChat(server.url, intruder, { id: chatId, message: userMessage("let me in") });
    expect(post.status).toBe(404);
    expect((await post.json()).error.code).toBe("not_found");

    const stop = await fetch(`${server.url}/api/chat/${chatId}/stream`, { method: "DELETE", headers: { cookie: intruder.cookie } });
    expect(stop.status).toBe(404);
    const remove = await fetch(`${server.url}/api/chat/${chatId}`, { method: "DELETE", headers: { cookie: intruder.cookie } });
    expect(remove.status).toBe(404);

    const { messages } = await storedChat(chatId);
    expect(messages.map((message) => messageText(message))).not.toContain("let me in");
    expect(messages).toHaveLength(2);
  });

  it("gives a new chat id sent by two guests at once to one of them; the other's message is refused and not stored", async () => {
    const chatId = randomUUID();
    const rival = await newGuest(server.url);
    const [mine, theirs] = await Promise.all([
      postChat(server.url, guest, { id: chatId, message: userMessage("first come") }),
      postChat(server.url, rival, { id: chatId, message: userMessage("first served") }),
    ]);
    const statuses = [mine.status, theirs.status].sort();
    expect(statuses).toEqual([200, 404]);
    const [winner, winnerText, loserText] = mine.status === 200 ? [guest, "first come", "first served"] : [rival, "first served", "first come"];
    const loser = mine.status === 200 ? theirs : mine;
    expect((await loser.json()).error.code).toBe("not_found");
    await readUIStream(mine.status === 200 ? mine : theirs);

    const { messages } = await storedChat(chatId, winner);
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(messageText(messages[0]!)).toBe(winnerText);
    expect(JSON.stringify(messages)).not.toContain(loserText);
    expect((await getChat(server.url, winner === guest ? rival : guest, chatId)).status).toBe(404);
  });

  it("answers 401 without a session", async () => {
    const post = await postChat(server.url, null, { id: randomUUID(), message: userMessage("hello") });
    expect(post.status).toBe(401);
    expect((await post.json()).error.code).toBe("unauthorized");
    const read = await getChat(server.url, null, randomUUID());
    expect(read.status).toBe(401);
  });

  it("lets the owner delete a chat, after which it is gone", async () => {
    const chatId = randomUUID();
    await readUIStream(await postChat(server.url, guest, { id: chatId, message: userMessage("delete me") }));
    await finishedAnswer(chatId);
    const remove = await fetch(`${server.url}/api/chat/${chatId}`, { method: "DELETE", headers: { cookie: guest.cookie } });
    expect(remove.status).toBe(204);
    expect((await getChat(server.url, guest, chatId)).status).toBe(404);
  });
});

describe("bad input", () => {
  const valid = () => ({ id: randomUUID(), message: userMessage("hello") });
  const cases: { name: string; body?: unknown; rawBody?: string; contentType?: string; status: number; code: string }[] = [
    { name: "malformed JSON", rawBody: '{"id": "x", "message": ', status: 400, code: "invalid_json" },
    { name: "an empty body", rawBody: "", status: 400, code: "invalid_json" },
    { name: "a missing message", body: { id: randomUUID() }, status: 400, code: "bad_request" },
    { name: "a message of the wrong type", body: { id: randomUUID(), message: "hello" }, status: 400, code: "bad_request" },
    { name: "parts of the wrong type", body: { ...valid(), message: { ...userMessage("x"), parts: "x" } }, status: 400, code: "bad_request" },
    { name: "an assistant message", body: { ...valid(), message: { ...userMessage("x"), role: "assistant" } }, status: 400, code: "bad_request" },
    { name: "a non-UUID chat id", body: { ...valid(), id: "not-a-uuid" }, status: 400, code: "bad_request" },
    { name: "a numeric chat id", body: { ...valid(), id: 42 }, status: 400, code: "bad_request" },
    { name: "an unknown model", body: { ...valid(), model: "gpt-17-ultra" }, status: 400, code: "unknown_model" },
    { name: "a 1 MB message", body: { ...valid(), message: userMessage("x".repeat(1024 * 1024)) }, status: 413, code: "payload_too_large" },
    { name: "a form-encoded body", rawBody: "id=1", contentType: "application/x-www-form-urlencoded", status: 415, code: "unsupported_media_type" },
  ];

  for (const testCase of cases) {
    it(`answers ${testCase.status} ${testCase.code} to ${testCase.name}`, async () => {
      const response = await postChat(server.url, guest, testCase.body, {
        rawBody: testCase.rawBody,
        contentType: testCase.contentType,
      });
      expect(response.status).toBe(testCase.status);
      expect(response.headers.get("content-type")).toContain("application/json");
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(testCase.code);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
    });
  }

  it("names the bad field in the error message", async () => {
    const response = await postChat(server.url, guest, { ...valid(), id: "nope" });
    expect((await response.json()).error.message).toMatch(/^id: /);
  });

  it("answers 400 bad_request for a chat URL whose id is not a UUID", async () => {
    const response = await getChat(server.url, guest, "not-a-uuid");
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("bad_request");
  });
});

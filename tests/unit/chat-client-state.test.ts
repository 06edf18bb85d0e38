import { describe, expect, it } from "vitest";
import { toChatFailure } from "@/components/chat/chat-failure";
import { DeferredChat } from "@/components/chat/deferred-chat";
import { textOf } from "@/lib/chat/message-text";
import type { ChatMessage } from "@/lib/chat/types";

const answer: Pick<ChatMessage, "parts"> = {
  parts: [
    { type: "reasoning", text: "Thinking it over." },
    { type: "text", text: "First." },
    { type: "file", url: "/api/files/x", mediaType: "image/png" },
    { type: "text", text: "Second." },
  ],
};

describe("textOf", () => {
  it("joins text and reasoning in the order written by default", () => {
    expect(textOf(answer)).toBe("Thinking it over.First.Second.");
  });

  it("keeps only the part types asked for, with the separator given", () => {
    expect(textOf(answer, { types: ["text"] })).toBe("First.Second.");
    expect(textOf(answer, { types: ["text"], separator: "\n\n" })).toBe("First.\n\nSecond.");
    expect(textOf(answer, { types: ["reasoning"] })).toBe("Thinking it over.");
  });

  it("reads a missing message as empty", () => {
    expect(textOf(undefined)).toBe("");
  });
});

describe("toChatFailure", () => {
  it.each([
    ["fetch's TypeError", new TypeError("Failed to fetch")],
    ["Safari's wording", new Error("Load failed")],
    ["a network error text", new Error("NetworkError when attempting to fetch resource.")],
  ])("reads %s as a network failure", (_name, error) => {
    expect(toChatFailure(error)).toEqual({ kind: "network", message: "Network error: check your connection and retry." });
  });

  it("keeps our API's code and message", () => {
    const error = new Error(JSON.stringify({ error: { code: "rate_limited", message: "You reached today's limit." } }));
    expect(toChatFailure(error)).toEqual({ kind: "server", code: "rate_limited", message: "You reached today's limit.", resetsAt: null });
  });

  it("shows any other error's text, without a code", () => {
    expect(toChatFailure(new Error("The model is overloaded"))).toEqual({ kind: "server", code: null, message: "The model is overloaded", resetsAt: null });
    expect(toChatFailure(new Error(""))).toEqual({ kind: "server", code: null, message: "Something went wrong. Try again.", resetsAt: null });
  });
});

describe("DeferredChat before its engine is there", () => {
  const unreachable = () => Promise.reject(new TypeError("Failed to fetch dynamically imported module"));

  it("shows a message sent while its code cannot be fetched, with a network failure and no request lost", async () => {
    let loads = 0;
    const chat = new DeferredChat({
      id: crypto.randomUUID(),
      messages: [],
      callbacks: { onData: () => undefined, onFinish: () => undefined },
      loadEngine: () => {
        loads += 1;
        return unreachable();
      },
    });
    const seen: string[] = [];
    chat.subscribe(() => seen.push(chat.getSnapshot().status));
    chat.attach();

    // Not awaited: what the page shows the moment the message is sent, before the load has failed.
    void chat.sendMessage({ text: "Are you there?" });
    const sent = chat.getSnapshot();
    expect(sent.status).toBe("submitted");
    expect(sent.messages.map((message) => [message.role, textOf(message)])).toEqual([["user", "Are you there?"]]);

    await expect.poll(() => chat.getSnapshot().status).toBe("error");
    expect(chat.getSnapshot().error).toEqual({ kind: "network", message: "Network error: check your connection and retry." });
    expect(chat.getSnapshot().messages).toHaveLength(1);

    chat.clearError();
    expect(chat.getSnapshot()).toMatchObject({ status: "ready", error: undefined });
    // Retry loads again.
    void chat.regenerate();
    expect(chat.getSnapshot().status).toBe("submitted");
    await expect.poll(() => chat.getSnapshot().status).toBe("error");
    expect(loads).toBe(2);
    expect(seen).toEqual(["submitted", "error", "ready", "submitted", "error"]);
  });

  it("keeps a snapshot until something changes, so React can compare it by identity", () => {
    const chat = new DeferredChat({
      id: crypto.randomUUID(),
      messages: [],
      callbacks: { onData: () => undefined, onFinish: () => undefined },
      loadEngine: unreachable,
    });
    const first = chat.getSnapshot();
    expect(chat.getSnapshot()).toBe(first);
    chat.setMessages([{ id: "m1", role: "user", parts: [{ type: "text", text: "Hi" }] }]);
    expect(chat.getSnapshot()).not.toBe(first);
    expect(chat.getSnapshot().messages.map((message) => message.id)).toEqual(["m1"]);
  });

  it("starts the engine with the branch on screen and makes the request that waited for it", async () => {
    const requests: unknown[] = [];
    const chat = new DeferredChat({
      id: crypto.randomUUID(),
      messages: [],
      callbacks: { onData: () => undefined, onFinish: () => undefined },
      loadEngine: async () => {
        const { createChatEngine } = await import("@/components/chat/chat-engine");
        return (init) => {
          requests.push(init.messages.map((message) => textOf(message)));
          return createChatEngine(init);
        };
      },
    });
    chat.attach();
    await chat.sendMessage({ text: "Hello" }, { body: { model: "demo" } });
    await expect.poll(() => requests.length).toBe(1);
    expect(requests).toEqual([["Hello"]]);
    // The request itself goes to /api/chat, which a test process without a page cannot reach: a failure the
    // user reads as one of the network.
    await expect.poll(() => chat.getSnapshot().status).toBe("error");
    expect(chat.getSnapshot().error?.kind).toBe("network");
    expect(chat.getSnapshot().messages.map((message) => textOf(message))).toEqual(["Hello"]);
  });
});

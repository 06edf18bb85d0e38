import { randomUUID } from "node:crypto";

export type Guest = { cookie: string };

/** Starts a guest session the way a browser does on its first visit, and returns its cookie header. */
export async function newGuest(baseUrl: string): Promise<Guest> {
  const response = await fetch(`${baseUrl}/api/auth/guest?redirectUrl=/`, { redirect: "manual" });
  await response.body?.cancel();
  if (response.status < 300 || response.status >= 400) throw new Error(`guest sign-in answered ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0] ?? "")
    .filter((pair) => pair.includes("session-token="))
    .join("; ");
  if (!cookie) throw new Error("guest sign-in set no session cookie");
  return { cookie };
}

export function userMessage(text: string, id: string = randomUUID()) {
  return { id, role: "user" as const, parts: [{ type: "text" as const, text }] };
}

export function postChat(
  baseUrl: string,
  guest: Guest | null,
  body: unknown,
  init: { signal?: AbortSignal; rawBody?: string; contentType?: string } = {},
): Promise<Response> {
  return fetch(`${baseUrl}/api/chat`, {
    method: "POST",
    headers: {
      "content-type": init.contentType ?? "application/json",
      ...(guest ? { cookie: guest.cookie } : {}),
    },
    body: init.rawBody ?? JSON.stringify(body),
    signal: init.signal,
  });
}

export type UIChunk = { type: string; delta?: string; errorText?: string; [key: string]: unknown };

/** Parses an AI SDK UI message stream (server-sent events) into its chunks and the text they spell. */
export async function readUIStream(response: Response): Promise<{ chunks: UIChunk[]; text: string }> {
  const raw = await response.text();
  const chunks = raw
    .split("\n")
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)) as UIChunk);
  const text = chunks
    .filter((chunk) => chunk.type === "text-delta")
    .map((chunk) => chunk.delta ?? "")
    .join("");
  return { chunks, text };
}

export type StoredChat = {
  chat: { id: string; title: string; model: string | null };
  messages: { id: string; role: string; parts: { type: string; text?: string }[]; metadata: { status?: string; pending?: string } }[];
};

export async function getChat(baseUrl: string, guest: Guest | null, chatId: string): Promise<Response> {
  return fetch(`${baseUrl}/api/chat/${chatId}`, { headers: guest ? { cookie: guest.cookie } : {} });
}

export function messageText(message: StoredChat["messages"][number]): string {
  return message.parts.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}

/** Polls until check returns a value (not undefined), or fails after timeoutMs; for work that finishes after a response. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ""}`);
}

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((header) => header.split(";")[0] ?? "");
}

/** Signs a registered user in through Auth.js's own endpoints (CSRF token, then the password callback). */
export async function signInWithPassword(baseUrl: string, email: string, password: string): Promise<Guest | null> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/password`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiePairs(csrf).join("; ") },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: baseUrl }),
  });
  await response.body?.cancel();
  const session = cookiePairs(response).filter((pair) => pair.includes("session-token=") && !pair.endsWith("="));
  return session.length > 0 ? { cookie: session.join("; ") } : null;
}

/** Starts a new chat with one message, reads the streamed answer, and waits until the answer is saved. */
export async function chatWithAnswer(baseUrl: string, who: Guest, text: string): Promise<string> {
  const chatId = randomUUID();
  const response = await postChat(baseUrl, who, { id: chatId, message: userMessage(text) });
  if (response.status !== 200) throw new Error(`POST /api/chat answered ${response.status}: ${await response.text()}`);
  await readUIStream(response);
  await eventually(async () => {
    const chat = (await (await getChat(baseUrl, who, chatId)).json()) as StoredChat;
    return chat.messages.some((m) => m.role === "assistant" && m.metadata.status) ? chat : undefined;
  });
  return chatId;
}

import "server-only";
import type { InferUIMessageChunk } from "ai";
import type { Chat, MessagePart } from "@/lib/db/schema";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { log } from "@/lib/log";
import type { ChatMessage } from "./types";

/**
 * How an answer being written survives the instance writing it. Its row is saved when the message is sent (empty,
 * status `interrupted`) and rewritten with what it holds every PROGRESS_INTERVAL_MS, still `interrupted`, until
 * the final save gives it its real status. The chat names it as its live answer with a lease, renewed with each
 * progress write. So nobody has to mark an orphan: an instance killed mid-answer leaves a row that already says
 * `interrupted` with the text saved so far, and a lease that runs out; readers take an answer for live only while
 * its lease holds.
 */
export const PROGRESS_INTERVAL_MS = 2_000;
/** Five missed renewals: an instance that is only slow (a busy machine, a database blip) keeps its answers live. */
export const LIVE_ANSWER_LEASE_MS = 10_000;

export function liveUntil(now = new Date()): Date {
  return new Date(now.getTime() + LIVE_ANSWER_LEASE_MS);
}

/** The id of the chat's answer being written right now (on any instance), or null. */
export function liveAnswerIdOf(chat: Pick<Chat, "activeStreamId" | "activeStreamExpiresAt">, now = new Date()): string | null {
  if (!chat.activeStreamId || !chat.activeStreamExpiresAt) return null;
  return chat.activeStreamExpiresAt.getTime() > now.getTime() ? chat.activeStreamId : null;
}

type ChatChunk = InferUIMessageChunk<ChatMessage>;
type TextPart = { type: "text" | "reasoning"; text: string };

/**
 * The answer's parts as its chunks have built them so far (text and reasoning: what our models stream), for the
 * progress writes; the final save uses the SDK's own finished message.
 */
export function createPartialAnswer() {
  const parts: TextPart[] = [];
  const open = new Map<string, TextPart>();
  let version = 0;
  return {
    add(chunk: ChatChunk): void {
      if (chunk.type === "text-start" || chunk.type === "reasoning-start") {
        const part: TextPart = { type: chunk.type === "text-start" ? "text" : "reasoning", text: "" };
        parts.push(part);
        open.set(`${part.type}:${chunk.id}`, part);
      } else if (chunk.type === "text-delta" || chunk.type === "reasoning-delta") {
        const part = open.get(`${chunk.type === "text-delta" ? "text" : "reasoning"}:${chunk.id}`);
        if (!part) return;
        part.text += chunk.delta;
        version += 1;
      }
    },
    /** Bumped by every delta: a progress write is due only when it moved. */
    version: () => version,
    parts: (): MessagePart[] => parts.filter((part) => part.text.length > 0).map((part) => ({ ...part })),
  };
}

/**
 * Writes the answer's progress and renews its lease every PROGRESS_INTERVAL_MS until stopped. A write that fails
 * (the database is away) is simply tried again at the next tick; the final save has its own retries.
 */
export function startProgressWrites(input: {
  store: Store;
  chatId: string;
  answerId: string;
  /** The row as it stands, or null when nothing changed since the last write (the lease is renewed alone). */
  snapshot: () => SaveMessageInput | null;
}): { stop: () => Promise<void> } {
  const { store, chatId, answerId } = input;
  let writing: Promise<void> | null = null;
  let hasLoggedFailure = false;
  const tick = () => {
    if (writing) return;
    const message = input.snapshot() ?? undefined;
    writing = store
      .saveAnswerProgress({ chatId, answerId, message, liveUntil: liveUntil() })
      .then(
        (isLive) => {
          // Another answer took the chat over (or this one was saved): nothing more to renew.
          if (!isLive) clearInterval(timer);
        },
        (error: unknown) => {
          if (!hasLoggedFailure) log.warn("chat: saving the answer's progress failed; trying again", { chatId, messageId: answerId, err: error });
          hasLoggedFailure = true;
        },
      )
      .finally(() => {
        writing = null;
      });
  };
  const timer = setInterval(tick, PROGRESS_INTERVAL_MS);
  timer.unref();
  return {
    // The final save must come after the last progress write: the chat row's lock then orders them (see the Store).
    stop: async () => {
      clearInterval(timer);
      await writing;
    },
  };
}

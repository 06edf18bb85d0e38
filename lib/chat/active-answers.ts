import type { MessageStatus } from "@/lib/db/schema";

/** Why an answer ended before the model finished: Stop, or the server going down (saved as `interrupted`). */
export type StopReason = Extract<MessageStatus, "stopped" | "interrupted">;

/** writing: the model is producing it; saving: the first save is under way; retrying: the store refused it. */
export type AnswerPhase = "writing" | "saving" | "retrying";

export type ActiveAnswerInfo = {
  id: string;
  chatId: string;
  parentId: string | null;
  createdAt: Date;
  phase: AnswerPhase;
  /** Settles once the answer is stored or given up. */
  done: Promise<void>;
};

export type ActiveAnswer = {
  /** Aborts the generation when the answer is stopped. */
  readonly signal: AbortSignal;
  /** Why it was stopped, or null while nobody stopped it. */
  stopReason(): StopReason | null;
  setPhase(phase: Exclude<AnswerPhase, "writing">): void;
  /** Stored or given up: it leaves the registry. */
  release(): void;
};

/**
 * The answers this instance is generating or saving, by chat. Stop goes through `stop` (explicit: a closed connection
 * never stops an answer); a reload reads `listForChat` to wait for an answer being saved, or to show one still being
 * written as pending. Behind an interface so that Stop can travel between instances (Redis pub/sub) later.
 */
export interface ActiveAnswerRegistry {
  /** Registers a new answer; one still being written for the same chat is stopped (one answer per chat at a time). */
  start(input: { chatId: string; id: string; parentId: string | null; createdAt: Date }): ActiveAnswer;
  /** Stops the chat's answer being written; resolves to whether there was one. */
  stop(chatId: string, reason?: StopReason): Promise<boolean>;
  listForChat(chatId: string): ActiveAnswerInfo[];
}

type Entry = { info: ActiveAnswerInfo; controller: AbortController; finish: () => void };

class InProcessAnswerRegistry implements ActiveAnswerRegistry {
  private readonly byChat = new Map<string, Set<Entry>>();

  start(input: { chatId: string; id: string; parentId: string | null; createdAt: Date }): ActiveAnswer {
    for (const entry of this.byChat.get(input.chatId) ?? []) {
      if (entry.info.phase === "writing") entry.controller.abort("stopped" satisfies StopReason);
    }
    const controller = new AbortController();
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const entry: Entry = { info: { ...input, phase: "writing", done }, controller, finish };
    const entries = this.byChat.get(input.chatId) ?? new Set<Entry>();
    entries.add(entry);
    this.byChat.set(input.chatId, entries);
    return {
      signal: controller.signal,
      stopReason: () => (controller.signal.aborted ? (controller.signal.reason as StopReason) : null),
      setPhase: (phase) => {
        entry.info.phase = phase;
      },
      release: () => {
        entry.finish();
        entries.delete(entry);
        if (entries.size === 0 && this.byChat.get(input.chatId) === entries) this.byChat.delete(input.chatId);
      },
    };
  }

  async stop(chatId: string, reason: StopReason = "stopped"): Promise<boolean> {
    let stopped = false;
    for (const entry of this.byChat.get(chatId) ?? []) {
      if (entry.info.phase !== "writing" || entry.controller.signal.aborted) continue;
      entry.controller.abort(reason);
      stopped = true;
    }
    return stopped;
  }

  listForChat(chatId: string): ActiveAnswerInfo[] {
    return [...(this.byChat.get(chatId) ?? [])].map((entry) => ({ ...entry.info }));
  }
}

const globalForAnswers = globalThis as unknown as { __chatbotAnswerRegistry?: ActiveAnswerRegistry };

/** The process-wide registry (in memory; Stop across instances comes with Redis). */
export function getActiveAnswers(): ActiveAnswerRegistry {
  globalForAnswers.__chatbotAnswerRegistry ??= new InProcessAnswerRegistry();
  return globalForAnswers.__chatbotAnswerRegistry;
}

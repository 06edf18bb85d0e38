import { randomUUID } from "node:crypto";
import type { MessageStatus } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { getRedis } from "@/lib/redis/client";
import { listen, publish } from "@/lib/redis/pubsub";

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
 * never stops an answer); a reload reads `listForChat` to wait for an answer being saved. With Redis, Stop travels
 * between instances (pub/sub): `stopEverywhere` reaches the instance writing the answer, wherever the user is.
 */
export interface ActiveAnswerRegistry {
  /**
   * Registers a new answer; one still being written for the same chat is stopped, here and on the other instances
   * (one answer per chat at a time).
   */
  start(input: { chatId: string; id: string; parentId: string | null; createdAt: Date }): ActiveAnswer;
  /** Stops the chat's answer being written on this instance; resolves to whether there was one. */
  stop(chatId: string, reason?: StopReason): Promise<boolean>;
  /**
   * Stop pressed by the user: stops the chat's answer on this instance and tells every other one (through Redis)
   * to stop it too. Resolves to whether it stopped one here; what another instance does is not waited for.
   */
  stopEverywhere(chatId: string): Promise<boolean>;
  listForChat(chatId: string): ActiveAnswerInfo[];
  /** Every answer this instance is writing or saving (graceful shutdown waits for them). */
  list(): ActiveAnswerInfo[];
}

/** Stop signals between instances: `{ chatId, keep?, from }`; `keep` spares the answer that replaces the stopped one. */
const STOP_CHANNEL = "chatbot:answers:stop";
type StopSignal = { chatId: string; keep?: string; from: string };

type Entry = { info: ActiveAnswerInfo; controller: AbortController; finish: () => void };

class InProcessAnswerRegistry implements ActiveAnswerRegistry {
  private readonly byChat = new Map<string, Set<Entry>>();
  private readonly instanceId = randomUUID();

  constructor() {
    listen(STOP_CHANNEL, (message) => {
      let signal: StopSignal;
      try {
        signal = JSON.parse(message) as StopSignal;
      } catch {
        return;
      }
      if (signal.from !== this.instanceId && typeof signal.chatId === "string") this.stopHere(signal.chatId, "stopped", signal.keep);
    });
  }

  start(input: { chatId: string; id: string; parentId: string | null; createdAt: Date }): ActiveAnswer {
    this.stopHere(input.chatId, "stopped");
    this.signal({ chatId: input.chatId, keep: input.id });
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
    return this.stopHere(chatId, reason);
  }

  async stopEverywhere(chatId: string): Promise<boolean> {
    const stopped = this.stopHere(chatId, "stopped");
    this.signal({ chatId });
    return stopped;
  }

  listForChat(chatId: string): ActiveAnswerInfo[] {
    return [...(this.byChat.get(chatId) ?? [])].map((entry) => ({ ...entry.info }));
  }

  list(): ActiveAnswerInfo[] {
    return [...this.byChat.values()].flatMap((entries) => [...entries].map((entry) => ({ ...entry.info })));
  }

  private stopHere(chatId: string, reason: StopReason, keep?: string): boolean {
    let stopped = false;
    for (const entry of this.byChat.get(chatId) ?? []) {
      if (entry.info.id === keep || entry.info.phase !== "writing" || entry.controller.signal.aborted) continue;
      entry.controller.abort(reason);
      stopped = true;
    }
    return stopped;
  }

  /** Without Redis (or while it is down) there is no other instance to tell: Stop works where the answer runs. */
  private signal(input: Omit<StopSignal, "from">): void {
    if (!getRedis()) return;
    publish(STOP_CHANNEL, JSON.stringify({ ...input, from: this.instanceId } satisfies StopSignal)).catch((error: unknown) => {
      log.debug("chat: could not send the stop signal to the other instances", { chatId: input.chatId, err: error });
    });
  }
}

const globalForAnswers = globalThis as unknown as { __chatbotAnswerRegistry?: ActiveAnswerRegistry };

/** The process-wide registry (in memory; Stop reaches the other instances through Redis when it is configured). */
export function getActiveAnswers(): ActiveAnswerRegistry {
  globalForAnswers.__chatbotAnswerRegistry ??= new InProcessAnswerRegistry();
  return globalForAnswers.__chatbotAnswerRegistry;
}

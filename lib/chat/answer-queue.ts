import "server-only";
import { getStore } from "@/lib/db";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * Where answers go to be stored. A save the store refuses (an outage, a restart) is kept and retried with backoff
 * until the store takes it, so an outage of seconds loses nothing; meanwhile a reload shows the answer as pending.
 * Behind an interface so that Redis can hold the queue later (and any instance can finish another's saves).
 */
export interface AnswerSaveQueue {
  /**
   * Stores the answer, retrying while the store refuses it; resolves true once it is stored, false when it cannot be
   * (its chat was deleted meanwhile). `onRetrying` is called once, when the first attempt has failed.
   */
  save(answer: SaveMessageInput, options?: { onRetrying?: () => void }): Promise<boolean>;
  /** The chat's answers still waiting for the store. */
  pendingForChat(chatId: string): Promise<SaveMessageInput[]>;
}

export type RetryBackoff = { firstDelayMs: number; maxDelayMs: number };

/** From a tenth of a second, doubling, to two seconds: an outage of seconds is caught up on within a second or two. */
const DEFAULT_BACKOFF: RetryBackoff = { firstDelayMs: 100, maxDelayMs: 2_000 };
/** A failure that is not an outage (a bug, a row the database refuses) is retried a few times, then logged and dropped. */
const MAX_ATTEMPTS_FOR_OTHER_ERRORS = 5;

const isOutage = (error: unknown) => isAppError(error) && error.code === "database_unavailable";
const isChatGone = (error: unknown) => isAppError(error) && error.code === "not_found";

/** Full jitter over the upper half, so that answers waiting on one outage do not all retry in the same instant. */
function delayFor(attempt: number, backoff: RetryBackoff): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export class InProcessAnswerQueue implements AnswerSaveQueue {
  private readonly pending = new Map<string, Map<string, SaveMessageInput>>();

  constructor(
    private readonly store: () => Promise<Store>,
    private readonly backoff: RetryBackoff = DEFAULT_BACKOFF,
  ) {}

  async save(answer: SaveMessageInput, options: { onRetrying?: () => void } = {}): Promise<boolean> {
    const fields = { chatId: answer.chatId, messageId: answer.id };
    for (let attempt = 0; ; attempt += 1) {
      try {
        await (await this.store()).saveMessages({ messages: [answer] });
        if (attempt > 0) log.info("chat: the answer is saved after retrying", { ...fields, attempts: attempt + 1 });
        this.forget(answer);
        return true;
      } catch (error) {
        if (isChatGone(error)) {
          log.info("chat: the answer's chat was deleted before it could be saved", fields);
          this.forget(answer);
          return false;
        }
        if (!isOutage(error) && attempt + 1 >= MAX_ATTEMPTS_FOR_OTHER_ERRORS) {
          log.error("chat: saving the answer failed; giving up", { ...fields, attempts: attempt + 1, err: error });
          this.forget(answer);
          return false;
        }
        if (attempt === 0) {
          log.warn("chat: saving the answer failed; retrying until the store takes it", { ...fields, err: error });
          this.remember(answer);
          options.onRetrying?.();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, delayFor(attempt, this.backoff)));
    }
  }

  async pendingForChat(chatId: string): Promise<SaveMessageInput[]> {
    return [...(this.pending.get(chatId)?.values() ?? [])];
  }

  private remember(answer: SaveMessageInput): void {
    const answers = this.pending.get(answer.chatId) ?? new Map<string, SaveMessageInput>();
    answers.set(answer.id, answer);
    this.pending.set(answer.chatId, answers);
  }

  private forget(answer: SaveMessageInput): void {
    const answers = this.pending.get(answer.chatId);
    answers?.delete(answer.id);
    if (answers?.size === 0) this.pending.delete(answer.chatId);
  }
}

const globalForQueue = globalThis as unknown as { __chatbotAnswerQueue?: AnswerSaveQueue };

/** The process-wide queue (in memory; through Redis once it is configured). */
export function getAnswerQueue(): AnswerSaveQueue {
  globalForQueue.__chatbotAnswerQueue ??= new InProcessAnswerQueue(getStore);
  return globalForQueue.__chatbotAnswerQueue;
}

import "server-only";
import { getStore } from "@/lib/db";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getRedis } from "@/lib/redis/client";
import { RedisPendingAnswers, type SharedPendingAnswers } from "./shared-pending-answers";

/**
 * Where answers go to be stored. A save the store refuses (an outage, a restart) is kept and retried with backoff
 * until the store takes it, so an outage of seconds loses nothing; meanwhile a reload shows the answer as pending.
 * With Redis a copy of each waiting answer is kept there too: a reload on any instance shows it, and if this
 * instance dies (or shuts down) before the store is back, another instance saves it (see SharedPendingAnswers).
 */
export interface AnswerSaveQueue {
  /**
   * Stores the answer, retrying while the store refuses it; resolves true once it is stored, false when it cannot be
   * (its chat was deleted meanwhile). `onRetrying` is called once, when the first attempt has failed.
   */
  save(answer: SaveMessageInput, options?: { onRetrying?: () => void }): Promise<boolean>;
  /** The chat's answers still waiting for the store. */
  pendingForChat(chatId: string): Promise<SaveMessageInput[]>;
  /**
   * At shutdown, with saves still waiting: leaves them to the other instances where the queue is shared, and
   * resolves to how many it left there (0 when it is not shared: they are lost with the process).
   */
  handOver(): Promise<number>;
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

export class RetryingAnswerQueue implements AnswerSaveQueue {
  private readonly pending = new Map<string, Map<string, SaveMessageInput>>();
  /** Copies being written to the shared queue, by answer: resolve to whether the copy is kept. */
  private readonly copies = new Map<string, Promise<boolean>>();

  constructor(
    private readonly store: () => Promise<Store>,
    private readonly backoff: RetryBackoff = DEFAULT_BACKOFF,
    private readonly shared: SharedPendingAnswers | null = null,
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
    const here = [...(this.pending.get(chatId)?.values() ?? [])];
    // Redis away: what this instance holds is all it can show.
    const elsewhere = this.shared ? await this.shared.listForChat(chatId).catch(() => []) : [];
    const known = new Set(here.map((answer) => answer.id));
    return [...here, ...elsewhere.filter((answer) => !known.has(answer.id))];
  }

  async handOver(): Promise<number> {
    if (!this.shared) return 0;
    const kept = await Promise.all([...this.copies.values()]);
    await this.shared.release();
    return kept.filter(Boolean).length;
  }

  /** Whether this instance is retrying the answer itself. */
  holds(answer: Pick<SaveMessageInput, "chatId" | "id">): boolean {
    return this.pending.get(answer.chatId)?.has(answer.id) ?? false;
  }

  private remember(answer: SaveMessageInput): void {
    const answers = this.pending.get(answer.chatId) ?? new Map<string, SaveMessageInput>();
    answers.set(answer.id, answer);
    this.pending.set(answer.chatId, answers);
    if (this.shared) this.copies.set(copyKey(answer), this.shared.add(answer));
  }

  private forget(answer: SaveMessageInput): void {
    const answers = this.pending.get(answer.chatId);
    const wasHeld = answers?.delete(answer.id) ?? false;
    if (answers?.size === 0) this.pending.delete(answer.chatId);
    const copy = this.copies.get(copyKey(answer));
    this.copies.delete(copyKey(answer));
    // Removed once its copy is written, so that a late copy cannot outlive the saved answer.
    if (wasHeld && copy && this.shared) void copy.then(() => this.shared?.remove(answer));
  }
}

const copyKey = (answer: Pick<SaveMessageInput, "chatId" | "id">) => `${answer.chatId}\u0000${answer.id}`;

const globalForQueue = globalThis as unknown as { __chatbotAnswerQueue?: AnswerSaveQueue };

/** The process-wide queue: in memory, with a copy in Redis of every answer waiting for the store when configured. */
export function getAnswerQueue(): AnswerSaveQueue {
  if (!globalForQueue.__chatbotAnswerQueue) {
    const redis = getRedis();
    let queue: RetryingAnswerQueue | null = null;
    const shared = redis && new RedisPendingAnswers(redis, getStore, (answer) => queue?.holds(answer) ?? false);
    queue = new RetryingAnswerQueue(getStore, DEFAULT_BACKOFF, shared);
    globalForQueue.__chatbotAnswerQueue = queue;
  }
  return globalForQueue.__chatbotAnswerQueue;
}

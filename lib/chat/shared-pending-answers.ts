import "server-only";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * Answers the store refused, kept where every instance sees them: a reload on any instance shows them as pending,
 * and when the instance that holds one dies (or shuts down with the database still away), another saves it.
 */
export interface SharedPendingAnswers {
  /** Keeps a copy of the answer; resolves to whether it is kept (false: Redis is away too). */
  add(answer: SaveMessageInput): Promise<boolean>;
  remove(answer: Pick<SaveMessageInput, "chatId" | "id">): Promise<void>;
  listForChat(chatId: string): Promise<SaveMessageInput[]>;
  /** Shutting down: the other instances may take this one's answers at once. */
  release(): Promise<void>;
}

const CHATS_KEY = "chatbot:answers:pending-chats";
const chatKey = (chatId: string) => `chatbot:answers:pending:${chatId}`;
const ownerKey = (instanceId: string) => `chatbot:instances:${instanceId}`;
/** An instance renews its heartbeat this often; one not renewed for OWNER_TTL_MS is taken for dead. */
const HEARTBEAT_INTERVAL_MS = 5_000;
const OWNER_TTL_MS = 15_000;
/** How often each instance looks for answers whose instance is gone. */
const SWEEP_INTERVAL_MS = 5_000;

type Entry = { answer: SaveMessageInput; owner: string };

function revive(json: string): Entry | null {
  try {
    const entry = JSON.parse(json) as Entry;
    const { createdAt } = entry.answer;
    return { ...entry, answer: { ...entry.answer, createdAt: createdAt ? new Date(createdAt) : undefined } };
  } catch {
    return null;
  }
}

/**
 * One hash per chat (answer id → the answer and the instance holding it) and a set of the chats that have any.
 * The instance holding an answer retries it itself; every instance sweeps for answers whose holder's heartbeat is
 * gone and saves them (a save is an upsert of the finished answer, so two instances saving one is harmless).
 */
export class RedisPendingAnswers implements SharedPendingAnswers {
  private readonly instanceId = randomUUID();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private isSweeping = false;

  constructor(
    private readonly redis: Redis,
    private readonly store: () => Promise<Store>,
    /** Answers this instance is retrying itself: a sweep leaves them alone. */
    private readonly isHeldHere: (answer: Pick<SaveMessageInput, "chatId" | "id">) => boolean,
    options: { sweepIntervalMs?: number } = {},
  ) {
    const heartbeat = () => this.redis.set(ownerKey(this.instanceId), "1", "PX", OWNER_TTL_MS).catch(() => null);
    void heartbeat();
    const sweepEvery = options.sweepIntervalMs ?? SWEEP_INTERVAL_MS;
    this.timers.push(setInterval(heartbeat, HEARTBEAT_INTERVAL_MS), setInterval(() => void this.sweep(), sweepEvery));
    for (const timer of this.timers) timer.unref();
  }

  async add(answer: SaveMessageInput): Promise<boolean> {
    try {
      await this.redis
        .multi()
        .hset(chatKey(answer.chatId), answer.id, JSON.stringify({ answer, owner: this.instanceId } satisfies Entry))
        .sadd(CHATS_KEY, answer.chatId)
        .exec();
      return true;
    } catch (error) {
      log.warn("chat: could not keep the unsaved answer in Redis; only this instance holds it", { chatId: answer.chatId, messageId: answer.id, err: error });
      return false;
    }
  }

  async remove(answer: Pick<SaveMessageInput, "chatId" | "id">): Promise<void> {
    try {
      await this.redis.hdel(chatKey(answer.chatId), answer.id);
      await this.forgetChatIfEmpty(answer.chatId);
    } catch {
      // Left behind, it is saved again by a sweep: an upsert of the same finished answer.
    }
  }

  async listForChat(chatId: string): Promise<SaveMessageInput[]> {
    const values = await this.redis.hvals(chatKey(chatId));
    return values.flatMap((json) => revive(json)?.answer ?? []);
  }

  async release(): Promise<void> {
    this.stop();
    await this.redis.del(ownerKey(this.instanceId)).catch(() => null);
  }

  /** Ends the heartbeat and the sweeps (tests; shutdown goes through release). */
  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Saves the answers whose holder is gone, while the store takes them. */
  private async sweep(): Promise<void> {
    if (this.isSweeping) return;
    this.isSweeping = true;
    try {
      for (const chatId of await this.redis.smembers(CHATS_KEY)) {
        const entries = Object.entries(await this.redis.hgetall(chatKey(chatId)));
        if (entries.length === 0) await this.forgetChatIfEmpty(chatId);
        for (const [answerId, json] of entries) {
          const entry = revive(json);
          if (!entry || this.isHeldHere(entry.answer)) continue;
          if (entry.owner !== this.instanceId && (await this.redis.exists(ownerKey(entry.owner))) === 1) continue;
          if (!(await this.saveOrphan(entry, answerId))) return;
        }
      }
    } catch (error) {
      log.debug("chat: sweeping the answers left in Redis failed; trying again later", { err: error });
    } finally {
      this.isSweeping = false;
    }
  }

  /** False when the store is still away: the sweep stops until next time. */
  private async saveOrphan(entry: Entry, answerId: string): Promise<boolean> {
    const { answer } = entry;
    try {
      await (await this.store()).saveMessages({ messages: [answer] });
      log.info("chat: saved an answer another instance could not", { chatId: answer.chatId, messageId: answerId });
    } catch (error) {
      if (isAppError(error) && error.code === "database_unavailable") return false;
      const reason = isAppError(error) && error.code === "not_found" ? "its chat was deleted" : "the store refused it";
      log.warn(`chat: dropping an answer left in Redis: ${reason}`, { chatId: answer.chatId, messageId: answerId, err: error });
    }
    await this.remove(answer);
    return true;
  }

  private async forgetChatIfEmpty(chatId: string): Promise<void> {
    if ((await this.redis.hlen(chatKey(chatId))) > 0) return;
    await this.redis.srem(CHATS_KEY, chatId);
    // An answer added meanwhile puts the chat back.
    if ((await this.redis.hlen(chatKey(chatId))) > 0) await this.redis.sadd(CHATS_KEY, chatId);
  }
}

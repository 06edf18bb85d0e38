import { AppError } from "@/lib/errors";

import type { Store, UsageSummary } from "./store";
import { decodeCursor, normalizeUuid, requireUuid } from "./store-input";

type Method = Exclude<keyof Store, "kind">;
type Input<K extends Method> = Parameters<Store[K]>[0];
type Output<K extends Method> = Awaited<ReturnType<Store[K]>>;

/** What a method answers, without running, for input it cannot hold (a malformed id). */
class Answer<T> {
  constructor(readonly value: T | Promise<T>) {}
}
const answer = <T>(value: T | Promise<T>) => new Answer(value);

/** Returns the input to run the method with (its ids lower-cased), an Answer, or throws AppError `bad_request`. */
type InputCheck<K extends Method> = (input: Input<K>, store: Store) => Input<K> | Answer<Output<K>>;

/**
 * The input with the ids under `keys` lower-cased, or null when one is not a UUID (an absent optional id is left
 * absent). Every store takes ids as checked here: PostgreSQL would refuse a malformed uuid with an error, and
 * MemoryStore's maps would tell ids apart by case.
 */
function withIds<T extends object>(input: T, keys: readonly (keyof T & string)[]): T | null {
  const normalized = { ...input } as Record<string, unknown>;
  for (const key of keys) {
    const value = input[key];
    if (value === undefined) continue;
    const id = typeof value === "string" ? normalizeUuid(value) : null;
    if (id === null) return null;
    normalized[key] = id;
  }
  return normalized as T;
}

function requirePageSize(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new AppError("bad_request", "limit must be a positive integer");
}

const noUsage = (): UsageSummary => ({ userMessages: 0, answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });

/**
 * For each method, what a malformed id means (see Store: a lookup finds nothing, a write is refused). "no ids"
 * marks methods that take none; the table is total, so a new method has to decide.
 */
const CHECKS: { [K in Method]: InputCheck<K> | "no ids" } = {
  ping: "no ids",
  close: "no ids",
  createUser: "no ids",
  getUserById: (input) => withIds(input, ["id"]) ?? answer(null),
  getUserByEmail: "no ids",
  touchUser: (input) => withIds(input, ["id"]) ?? answer(undefined),
  registerGuest: (input) => withIds(input, ["id"]) ?? answer(null),
  updateUserPassword: (input) => withIds(input, ["id"]) ?? answer(false),
  mergeGuestIntoUser: (input) => withIds(input, ["guestId", "userId"]) ?? answer(0),
  getUserByAccount: "no ids",
  linkAccount: (input) => {
    const checked = withIds(input, ["userId"]);
    if (!checked) throw new AppError("not_found", "User not found");
    return checked;
  },
  listAccountsByUserId: (input) => withIds(input, ["userId"]) ?? answer([]),
  deleteUserById: (input) => withIds(input, ["id"]) ?? answer(false),
  deleteIdleGuests: "no ids",
  getUsageSince: (input) => withIds(input, ["userId"]) ?? answer(noUsage()),
  getSpendSince: "no ids",

  createChat: (input) => ({ ...input, id: requireUuid(input.id, "chat id"), userId: requireUuid(input.userId, "user id") }),
  getChatById: (input) => withIds(input, ["id"]) ?? answer(null),
  getChatForUser: (input) => withIds(input, ["chatId", "userId"]) ?? answer(null),
  listChatsByUserId: (input) => {
    requirePageSize(input.limit);
    const checked = withIds(input, ["userId"]);
    if (checked) return checked;
    // A malformed cursor is refused whoever asks.
    if (input.cursor) decodeCursor(input.cursor);
    return answer({ items: [], nextCursor: null });
  },
  searchChatsByUserId: (input) => {
    requirePageSize(input.limit);
    return withIds(input, ["userId"]) ?? answer([]);
  },
  updateChatTitle: (input) => withIds(input, ["chatId", "userId"]) ?? answer(false),
  updateChatVisibility: (input) => withIds(input, ["chatId", "userId"]) ?? answer(false),
  updateChatModel: (input) => withIds(input, ["chatId", "userId"]) ?? answer(false),
  deleteChatForUser: (input) => withIds(input, ["chatId", "userId"]) ?? answer(false),

  getMessagesByChatId: (input) => withIds(input, ["chatId"]) ?? answer([]),
  saveMessages: (input) => ({
    messages: input.messages.map((message) => ({ ...message, chatId: requireUuid(message.chatId, "chat id") })),
  }),
  saveAnswerProgress: (input) => ({ ...input, chatId: requireUuid(input.chatId, "chat id") }),

  createFile: (input) => ({ ...input, id: requireUuid(input.id, "file id"), userId: requireUuid(input.userId, "user id") }),
  getFileById: (input) => withIds(input, ["id"]) ?? answer(null),
  attachFilesToChat: (input) => {
    const checked = withIds(input, ["userId", "chatId"]);
    // Attaching no files asks nothing of the ids; each store answers that as it always has.
    if (input.fileIds.length === 0) return checked ?? input;
    const fileIds = input.fileIds.map(normalizeUuid);
    if (!checked || fileIds.includes(null)) return answer(false);
    return { ...checked, fileIds: fileIds as string[] };
  },
  deleteOrphanFiles: "no ids",
  getFilesByIds: (input) => ({ ids: input.ids.flatMap((id) => normalizeUuid(id) ?? []) }),

  saveChatTurn: (input) => ({
    ...input,
    chat: { ...input.chat, id: requireUuid(input.chat.id, "chat id"), userId: requireUuid(input.chat.userId, "user id") },
    fileIds: input.fileIds.map((id) => requireUuid(id, "file id")),
  }),
  getChatTurnContext: (input, store) => {
    const checked = withIds(input, ["chatId", "userId"]);
    if (checked) return checked;
    const chatId = normalizeUuid(input.chatId);
    const userId = normalizeUuid(input.userId);
    return answer(
      Promise.all([
        chatId ? store.getChatById({ id: chatId }) : null,
        userId ? store.getUsageSince({ userId, since: input.usageSince }) : noUsage(),
      ]).then(([chat, usage]) => (input.withUser ? { chat, messages: [], usage, user: null } : { chat, messages: [], usage })),
    );
  },

  voteMessage: (input) => {
    const checked = withIds(input, ["chatId"]);
    if (!checked) throw new AppError("not_found", "Message not found");
    return checked;
  },
  getVotesByChatId: (input) => withIds(input, ["chatId"]) ?? answer([]),
};

type AnyMethod = (input: unknown) => Promise<unknown>;

/**
 * The store behind the checks of CHECKS, so implementations only ever see well-formed, lower-cased ids. Each store
 * constructor returns its instance through this, so there is no unchecked store to get hold of. Calls a store makes
 * on itself skip the checks (their ids are checked already).
 */
export function withInputChecks<T extends Store>(store: T): T {
  const wrapped = new Map<PropertyKey, AnyMethod>();
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      const check = typeof property === "string" && Object.hasOwn(CHECKS, property) ? CHECKS[property as Method] : "no ids";
      if (check === "no ids" || typeof value !== "function") return value;
      let method = wrapped.get(property);
      if (!method) {
        const run = check as (input: unknown, store: Store) => unknown;
        method = async (input: unknown) => {
          const checked = run(input, target);
          return checked instanceof Answer ? checked.value : (value as AnyMethod).call(target, checked);
        };
        wrapped.set(property, method);
      }
      return method;
    },
  });
}

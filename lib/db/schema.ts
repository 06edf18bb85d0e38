import type { UIMessage } from "ai";
import type { AttachmentKind } from "../documents/kinds";
import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export type MessageRole = "user" | "assistant" | "system";
/**
 * complete: the model finished; stopped: the user pressed Stop; error: the provider failed mid-answer; interrupted:
 * the server stopped (shut down) before the answer was finished.
 */
export type MessageStatus = "complete" | "stopped" | "error" | "interrupted";
export type Visibility = "private" | "public";
export type MessagePart = UIMessage["parts"][number];

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Lower-cased; null for guests. */
    email: text("email"),
    passwordHash: text("password_hash"),
    isGuest: boolean("is_guest").notNull().default(false),
    createdAt: createdAt(),
    /** Last time the user sent a message or signed in; idle guests are pruned by it. */
    lastActiveAt: timestamp("last_active_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("users_email_key").on(table.email),
    index("users_guest_active_idx").on(table.lastActiveAt).where(sql`${table.isGuest}`),
  ],
);

export const chats = pgTable(
  "chats",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    visibility: text("visibility").$type<Visibility>().notNull().default("private"),
    model: text("model"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /**
     * The answer being written in this chat (its message id, which is also its resumable stream's id), or null. Live
     * only until `activeStreamExpiresAt`: the instance writing it renews that lease while it writes, and clears both
     * when it saves the answer; an instance that dies leaves a lease that runs out (see lib/chat/live-answer.ts).
     */
    activeStreamId: text("active_stream_id"),
    activeStreamExpiresAt: timestamp("active_stream_expires_at", { withTimezone: true, mode: "date" }),
  },
  // The sidebar lists a user's chats newest first with keyset pagination on (updated_at, id).
  (table) => [index("chats_user_updated_idx").on(table.userId, table.updatedAt.desc(), table.id.desc())],
);

export const messages = pgTable(
  "messages",
  {
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    /** The AI SDK UI message id; unique within its chat, so a retried send is idempotent. */
    id: text("id").notNull(),
    /**
     * The message this one follows, in the same chat; null for the first. Messages form a tree: an edited user
     * message or a regenerated answer is a sibling of the one it replaces, so earlier versions stay reachable.
     */
    parentId: text("parent_id"),
    role: text("role").$type<MessageRole>().notNull(),
    parts: jsonb("parts").$type<MessagePart[]>().notNull(),
    status: text("status").$type<MessageStatus>().notNull().default("complete"),
    model: text("model"),
    /** Token counts and estimated cost of an assistant answer; null for user messages and demo-less history. */
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    costUsd: doublePrecision("cost_usd"),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.chatId, table.id] }),
    index("messages_chat_created_idx").on(table.chatId, table.createdAt),
  ],
);

export const votes = pgTable(
  "votes",
  {
    chatId: uuid("chat_id").notNull(),
    messageId: text("message_id").notNull(),
    isUpvoted: boolean("is_upvoted").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.chatId, table.messageId] }),
    foreignKey({ columns: [table.chatId, table.messageId], foreignColumns: [messages.chatId, messages.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** OAuth identities (GitHub, Google) linked to a user; one provider account signs in to exactly one user. */
export const accounts = pgTable(
  "accounts",
  {
    /** The Auth.js provider id: `github`, `google`. */
    provider: text("provider").notNull(),
    /** The user's id at the provider (GitHub's numeric id, Google's `sub`), never an email. */
    providerAccountId: text("provider_account_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.provider, table.providerAccountId] }),
    index("accounts_user_idx").on(table.userId),
  ],
);

/**
 * Uploaded files (images sent to vision models). The bytes live in file storage under `storageKey`; a file belongs
 * to its uploader, and to the chat of the message that first used it (null until then: unsent uploads are pruned).
 * Readable by its uploader, and by anyone while its chat is public.
 */
export const files = pgTable(
  "files",
  {
    id: uuid("id").primaryKey(),
    /**
     * Null once the user is deleted (and chatId once the chat is): such rows only remember which bytes to remove
     * from storage, which the database cannot do itself; `deleteOrphanFiles` hands them over for that.
     */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    chatId: uuid("chat_id").references(() => chats.id, { onDelete: "set null" }),
    /** The name the user's file had; shown, never used as a path. */
    name: text("name").notNull(),
    /** Sniffed from the bytes at upload. */
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    storageKey: text("storage_key").notNull(),
    createdAt: createdAt(),
    /**
     * When the file was first sent in a message. A sent file whose chat is gone (chatId null again) is an orphan at
     * once; an unsent one only after the composer's grace period.
     */
    attachedAt: timestamp("attached_at", { withTimezone: true, mode: "date" }),
    /** What the bytes are: `image`, or a document kind (`pdf`, `docx`, `text`, `markdown`, ...); null = image. */
    kind: text("kind").$type<AttachmentKind>(),
    /** A document's text, read once at upload and bounded (DOCUMENT_MAX_CHARS_PER_FILE); null for images. */
    text: text("text"),
    /** Pages of a PDF (or of a DOCX, as Word last counted them); null when unknown. */
    pageCount: integer("page_count"),
    charCount: integer("char_count"),
    /** The document had more text than `text` keeps. */
    truncated: boolean("truncated").notNull().default(false),
  },
  (table) => [index("files_user_idx").on(table.userId), index("files_unattached_idx").on(table.createdAt).where(sql`${table.chatId} is null`)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Chat = typeof chats.$inferSelect;
export type NewChat = typeof chats.$inferInsert;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Vote = typeof votes.$inferSelect;
export type Account = typeof accounts.$inferSelect;
export type FileRecord = typeof files.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;

import { z } from "zod";
import type { Chat, Message, MessagePart } from "@/lib/db/schema";
import type { SaveMessageInput } from "@/lib/db/store";
import { attachmentLines, importedFilePartSchema } from "@/lib/documents/chat-files";
import { AppError } from "@/lib/errors";
import { parseIsoInstant } from "@/lib/http/iso-instant";
import { identifierSchema, messageIdSchema, toStorableText, userTextSchema } from "@/lib/http/user-text";
import { MAX_TITLE_CHARS } from "./limits";
import { textOf } from "./message-text";
import { latestBranch } from "./message-tree";
import { titleFromText } from "./title";
import { toChatMessage } from "./to-ui-message";

/** The `format` field of a JSON export: how an import recognises one. */
export const EXPORT_FORMAT = "chatbot.chat";
export const EXPORT_VERSION = 1;
/** An export of a long chat is a few MB at most; anything larger is not one of ours. */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
const MAX_IMPORT_MESSAGES = 5_000;
const MAX_IMPORT_PART_CHARS = 500_000;

/** Every version of every message (the whole tree), so an import restores the chat as it was. */
export function toExportJson(chat: Chat, messages: Message[], exportedAt = new Date()) {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    chat: { id: chat.id, title: chat.title, model: chat.model, createdAt: chat.createdAt.toISOString() },
    messages: messages.map((row) => ({
      id: row.id,
      parentId: row.parentId,
      role: row.role,
      parts: row.parts,
      status: row.status,
      model: row.model,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

export type ChatExport = ReturnType<typeof toExportJson>;

/** The conversation as it reads on screen (the newest branch), as Markdown: answers are Markdown already. */
export function toExportMarkdown(chat: Chat, messages: Message[], exportedAt = new Date()): string {
  const branch = latestBranch(messages.map(toChatMessage));
  const lines = [`# ${chat.title}`, "", `*Exported from chatbot on ${exportedAt.toISOString().slice(0, 10)}.*`, ""];
  for (const message of branch) {
    const text = textOf(message, { types: ["text"], separator: "\n\n" }).trim();
    if (message.role === "user") {
      // documents (#13): the attachments are listed above the text.
      lines.push("## You", "", ...attachmentLines(message.parts as MessagePart[]), text, "");
      continue;
    }
    const model = message.metadata?.model ? ` (${message.metadata.model})` : "";
    lines.push(`## Assistant${model}`, "");
    const reasoning = textOf(message, { types: ["reasoning"], separator: "\n\n" }).trim();
    if (reasoning) lines.push("<details><summary>Thinking</summary>", "", reasoning, "", "</details>", "");
    lines.push(text || "*(no answer)*", "");
    if (message.metadata?.status === "stopped") lines.push("*Stopped.*", "");
    if (message.metadata?.status === "error") lines.push("*The answer was interrupted.*", "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/**
 * A file name from the chat title, safe in any file system; the full title goes in filename* for browsers (made
 * well-formed, since the cut may halve an emoji and encodeURIComponent throws on half of one).
 */
export function attachmentHeader(title: string, extension: string): string {
  const ascii = title.replace(/[^\w .-]+/g, "_").replace(/\s+/g, " ").trim().slice(0, 60) || "chat";
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${toStorableText(title.slice(0, 60))}.${extension}`)}`;
}

const importedPartSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("text"), text: userTextSchema().max(MAX_IMPORT_PART_CHARS) }),
    z.object({ type: z.literal("reasoning"), text: userTextSchema().max(MAX_IMPORT_PART_CHARS) }),
    // Markers the AI SDK puts between steps; carried along so an exported answer comes back unchanged.
    z.object({ type: z.literal("step-start") }),
    // documents (#13): attachments; the import restores those whose files still exist (restoreImportedFiles).
    importedFilePartSchema,
  ],
  { error: "only text, reasoning and file parts can be imported" },
);

export const chatImportSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `is not "${EXPORT_FORMAT}": this is not a chat exported from chatbot` }),
  version: z.literal(EXPORT_VERSION, { error: `must be ${EXPORT_VERSION}` }),
  chat: z.object({
    title: userTextSchema().trim().max(1_000).optional(),
    model: identifierSchema(200).nullable().optional(),
  }),
  messages: z
    .array(
      z.object({
        id: messageIdSchema,
        parentId: messageIdSchema.nullable().optional(),
        role: z.enum(["user", "assistant"], { error: "must be user or assistant" }),
        parts: z.array(importedPartSchema).max(100),
        status: z.enum(["complete", "stopped", "error", "interrupted"]).optional(),
        model: identifierSchema(200).nullable().optional(),
        createdAt: z.iso
          .datetime({ offset: true, error: "must be an ISO date" })
          .refine((value) => parseIsoInstant(value) !== null, { error: "must be a real date between the years 1 and 9999" })
          .optional(),
      }),
    )
    .min(1, { error: "the chat has no messages" })
    .max(MAX_IMPORT_MESSAGES),
});

export type ChatImport = z.infer<typeof chatImportSchema>;

/**
 * The messages of an import, ready to save into a new chat: ids unique, each parent an earlier message (so the
 * tree is sound), times kept but never in the future and strictly increasing in file order, which keeps the order.
 */
export function importedMessages(input: ChatImport, chatId: string, now = new Date()): SaveMessageInput[] {
  const seen = new Set<string>();
  let previous = 0;
  return input.messages.map((message, index) => {
    if (seen.has(message.id)) throw new AppError("bad_request", `messages[${index}].id: "${message.id}" appears twice.`);
    const parentId = message.parentId ?? null;
    if (parentId !== null && !seen.has(parentId)) {
      throw new AppError("bad_request", `messages[${index}].parentId: it must name an earlier message of the file.`);
    }
    seen.add(message.id);
    const stated = message.createdAt ? Math.min(parseIsoInstant(message.createdAt) ?? now.getTime(), now.getTime()) : now.getTime();
    previous = Math.max(stated, previous + 1);
    return {
      chatId,
      id: message.id,
      parentId,
      role: message.role,
      parts: message.parts as MessagePart[],
      status: message.role === "assistant" ? (message.status ?? "complete") : "complete",
      model: message.role === "assistant" ? (message.model ?? null) : null,
      createdAt: new Date(previous),
    };
  });
}

/** The imported chat's title: the file's, or the first message's start. */
export function importedTitle(input: ChatImport): string {
  const title = input.chat.title?.trim();
  if (title) return title.length <= MAX_TITLE_CHARS ? title : titleFromText(title);
  const first = input.messages[0];
  return titleFromText(textOf(first && { parts: first.parts as MessagePart[] }, { types: ["text"], separator: "\n\n" }).trim());
}

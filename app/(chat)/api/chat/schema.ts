import { z } from "zod";
import { MAX_MESSAGE_CHARS, MAX_TITLE_CHARS } from "@/lib/chat/limits";
import { identifierSchema, messageIdSchema, userTextSchema } from "@/lib/http/user-text";
import { FILE_URL_PATTERN } from "@/lib/storage/file-json";

const textPartSchema = z.object({
  type: z.literal("text"),
  text: userTextSchema().max(MAX_MESSAGE_CHARS, { error: `must be at most ${MAX_MESSAGE_CHARS} characters` }),
});

/** An uploaded file (POST /api/files); the server takes its type, name and metadata from the upload, not from here. */
const filePartSchema = z.object({
  type: z.literal("file"),
  url: z.string().regex(FILE_URL_PATTERN, { error: "must be the url of an uploaded file (/api/files/<id>)" }),
  mediaType: z.string().max(100),
  filename: userTextSchema().max(255).optional(),
});

/** Parts a message may have: its text, and files up to the highest UPLOAD_MAX_FILES_PER_MESSAGE allows. */
const MAX_PARTS_PER_MESSAGE = 120;

const charsOf = (parts: { type: string; text?: string }[]) => parts.reduce((sum, part) => sum + (part.text ?? "").length, 0);

export const userMessageSchema = z.object({
  id: messageIdSchema,
  role: z.literal("user"),
  parts: z
    .array(z.discriminatedUnion("type", [textPartSchema, filePartSchema], { error: "must be a text or file part" }))
    .min(1)
    // documents (#13): files per message are bounded by UPLOAD_MAX_FILES_PER_MESSAGE (checkAttachments); this only
    // bounds the request's shape.
    .max(MAX_PARTS_PER_MESSAGE)
    .refine((parts) => parts.some((part) => part.type === "file" || part.text.trim().length > 0), {
      error: "must contain some text or a file",
    })
    .refine((parts) => charsOf(parts) <= MAX_MESSAGE_CHARS, { error: `must be at most ${MAX_MESSAGE_CHARS} characters in all` }),
});

/**
 * POST /api/chat: the new user message only; the server loads the earlier history from the store. `parentId` names
 * the message it follows (null: the chat's first; omitted: the newest message). Sending a user message that is
 * already saved (same id) answers it again: that is Retry and Regenerate.
 */
export const chatRequestSchema = z.object({
  id: z.uuid({ error: "must be a UUID" }),
  message: userMessageSchema,
  parentId: messageIdSchema.nullable().optional(),
  model: identifierSchema(200).optional(),
});

export const chatIdSchema = z.uuid({ error: "must be a UUID" });

/** Bodies of the small JSON requests (rename, visibility, votes). */
export const SMALL_BODY_BYTES = 16 * 1024;

/** PATCH /api/chat/<id>: a new title, a new visibility, or both. */
export const chatUpdateSchema = z
  .object({
    title: userTextSchema().trim().min(1, { error: "must not be empty" }).max(MAX_TITLE_CHARS).optional(),
    visibility: z.enum(["private", "public"], { error: "must be private or public" }).optional(),
  })
  .refine((input) => input.title !== undefined || input.visibility !== undefined, {
    error: "send a title or a visibility",
  });

/** PUT /api/chat/<id>/votes: thumbs up (true) or down (false) on one message. */
export const voteSchema = z.object({
  messageId: messageIdSchema,
  isUpvoted: z.boolean({ error: "must be true or false" }),
});

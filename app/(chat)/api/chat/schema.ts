import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/limits";

const textPartSchema = z.object({
  type: z.literal("text"),
  text: z.string().max(MAX_MESSAGE_CHARS, { error: `must be at most ${MAX_MESSAGE_CHARS} characters` }),
});

export const userMessageSchema = z.object({
  id: z.string().trim().min(1).max(128),
  role: z.literal("user"),
  parts: z
    .array(textPartSchema)
    .min(1)
    .max(20)
    .refine((parts) => parts.some((part) => part.text.trim().length > 0), { error: "must contain some text" })
    .refine((parts) => parts.reduce((sum, part) => sum + part.text.length, 0) <= MAX_MESSAGE_CHARS, {
      error: `must be at most ${MAX_MESSAGE_CHARS} characters in all`,
    }),
});

/** POST /api/chat: the new user message only; the server loads the earlier history from the store. */
export const chatRequestSchema = z.object({
  id: z.uuid({ error: "must be a UUID" }),
  message: userMessageSchema,
  model: z.string().trim().min(1).max(200).optional(),
});

export const chatIdSchema = z.uuid({ error: "must be a UUID" });

import { z } from "zod";

import { optionalString, optionalUrl } from "@/lib/config/fields";

import { type CustomModelSetting, parseModelListOverride } from "./model-list-setting";

export const openaiEnvSchema = z.object({
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  /** Replaces the built-in OpenAI model list: `id=Label` entries, comma-separated. */
  OPENAI_MODELS: optionalString,
});

/** `models` replaces the built-in catalog list when set. */
export type OpenAiOptions = Readonly<{ apiKey: string; baseURL?: string; models?: readonly CustomModelSetting[] }>;

/** OpenAI is configured by its API key; null without one. */
export function parseOpenAiOptions(e: z.infer<typeof openaiEnvSchema>): OpenAiOptions | null {
  const models = parseModelListOverride("OPENAI_MODELS", e.OPENAI_MODELS);
  if (!e.OPENAI_API_KEY) return null;
  return { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, ...(models ? { models } : {}) };
}

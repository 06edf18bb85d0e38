import { z } from "zod";

import { optionalString, optionalUrl } from "@/lib/config/fields";

import { type CustomModelSetting, parseModelListOverride } from "./model-list-setting";

export const xaiEnvSchema = z.object({
  XAI_API_KEY: optionalString,
  XAI_BASE_URL: optionalUrl,
  /** Replaces the built-in xAI model list: `id=Label` entries, comma-separated. */
  XAI_MODELS: optionalString,
});

/** `models` replaces the built-in catalog list when set. */
export type XaiOptions = Readonly<{ apiKey: string; baseURL?: string; models?: readonly CustomModelSetting[] }>;

/** xAI is configured by its API key; null without one. */
export function parseXaiOptions(e: z.infer<typeof xaiEnvSchema>): XaiOptions | null {
  const models = parseModelListOverride("XAI_MODELS", e.XAI_MODELS);
  if (!e.XAI_API_KEY) return null;
  return { apiKey: e.XAI_API_KEY, baseURL: e.XAI_BASE_URL, ...(models ? { models } : {}) };
}

import { z } from "zod";

import { invalidVariable } from "@/lib/config/error";
import { optionalString, optionalUrl } from "@/lib/config/fields";

import { type CustomModelSetting, parseCustomModels } from "./model-list-setting";

export const customEnvSchema = z.object({
  CUSTOM_AI_BASE_URL: optionalUrl,
  CUSTOM_AI_API_KEY: optionalString,
  CUSTOM_AI_MODELS: optionalString,
  /** Dollars per million tokens in/out of the custom models, for usage and cost caps: `id=0.2/0.6,*=0.1/0.1`. */
  CUSTOM_AI_PRICES: optionalString,
});

/** Dollars per million tokens. */
export type ModelPrice = { inputPerMillion: number; outputPerMillion: number };

export type CustomOptions = Readonly<{
  baseURL: string;
  apiKey?: string;
  models: readonly CustomModelSetting[];
  /** By model id (as listed in CUSTOM_AI_MODELS); `*` for every other one. Unpriced models cost nothing. */
  prices: Readonly<Record<string, ModelPrice>>;
}>;

/** An OpenAI-compatible server is configured by its base URL, which needs at least one model; null without it. */
export function parseCustomOptions(e: z.infer<typeof customEnvSchema>): CustomOptions | null {
  if (e.CUSTOM_AI_BASE_URL) {
    const models = parseCustomModels(e.CUSTOM_AI_MODELS ?? "");
    if (models.length === 0) {
      throw invalidVariable(
        "CUSTOM_AI_MODELS",
        "list at least one model id when CUSTOM_AI_BASE_URL is set (e.g. llama3.1:8b=Llama 3.1)",
      );
    }
    return { baseURL: e.CUSTOM_AI_BASE_URL, apiKey: e.CUSTOM_AI_API_KEY, models, prices: parseCustomPrices(e.CUSTOM_AI_PRICES, models) };
  }
  if (e.CUSTOM_AI_MODELS || e.CUSTOM_AI_PRICES) {
    throw invalidVariable("CUSTOM_AI_BASE_URL", `required when ${e.CUSTOM_AI_MODELS ? "CUSTOM_AI_MODELS" : "CUSTOM_AI_PRICES"} is set`);
  }
  return null;
}

/** "llama3.1:8b=0.2/0.6, *=0.1/0.1" → prices by model id; each id must be one of CUSTOM_AI_MODELS (or `*`). */
export function parseCustomPrices(raw: string | undefined, models: readonly CustomModelSetting[]): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  for (const entry of (raw ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.lastIndexOf("=");
    const id = entry.slice(0, Math.max(0, separator)).trim();
    const match = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(entry.slice(separator + 1).trim());
    if (separator === -1 || !id || !match) {
      throw invalidVariable(
        "CUSTOM_AI_PRICES",
        `"${entry}" is not id=input/output in dollars per million tokens (e.g. llama3.1:8b=0.2/0.6)`,
      );
    }
    if (id !== "*" && !models.some((model) => model.id === id)) {
      throw invalidVariable("CUSTOM_AI_PRICES", `"${id}" is not one of CUSTOM_AI_MODELS`);
    }
    prices[id] = { inputPerMillion: Number(match[1]), outputPerMillion: Number(match[2]) };
  }
  return prices;
}

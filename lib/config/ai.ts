import { z } from "zod";

import { type CustomOptions, customEnvSchema, parseCustomOptions } from "../ai/custom-options";
import { openaiEnvSchema, type OpenAiOptions, parseOpenAiOptions } from "../ai/openai-options";
import { parseXaiOptions, xaiEnvSchema, type XaiOptions } from "../ai/xai-options";
import { environmentEnvSchema } from "./environment";
import { invalidVariable } from "./error";
import { intInRange, isOn, optionalEnum, optionalString, optionalUsd } from "./fields";

export const aiEnvSchema = z.object({
  ...xaiEnvSchema.shape,
  ...openaiEnvSchema.shape,
  ...customEnvSchema.shape,
  /**
   * Chat models guests may use: `all`, or model ids (`openai/gpt-5.4-nano,custom/llama3.1:8b`), comma-separated.
   * Unset: each provider's cheapest chat models. Registered users may use every chat model.
   */
  GUEST_MODELS: optionalString,
  /** How long a provider may take to send its first token, and then to pause between tokens. */
  AI_TIMEOUT_MS: intInRange(1_000, 600_000, 60_000),
  /** Estimated AI spending each guest / registered user may cause per UTC day; unset = no cap. */
  GUEST_DAILY_COST_CAP_USD: optionalUsd,
  USER_DAILY_COST_CAP_USD: optionalUsd,
  /** Estimated AI spending of the whole instance per UTC calendar month; unset = no budget. */
  MONTHLY_BUDGET_USD: optionalUsd,
  /** Past the monthly budget: answer with the cheapest model, or refuse (429). */
  BUDGET_EXCEEDED_ACTION: optionalEnum(["cheapest", "refuse"], "must be cheapest or refuse"),
  /** Delay between words of the demo model's answer; 0 streams as fast as possible. */
  DEMO_STREAM_DELAY_MS: intInRange(0, 5_000, 30),
});

/** GUEST_MODELS: each provider's cheapest chat models (`cheapest`, the default), every chat model, or a list of ids. */
export type GuestModelsSetting = "cheapest" | "all" | readonly string[];

export type AiSpendingConfig = {
  /** US dollars per UTC day for a guest; null = no cap. */
  guestDailyCapUsd: number | null;
  /** US dollars per UTC day for a registered user; null = no cap. */
  userDailyCapUsd: number | null;
  /** US dollars per UTC month for the whole instance; null = no budget. */
  monthlyBudgetUsd: number | null;
  budgetExceededAction: "cheapest" | "refuse";
};

export type AiConfig = Readonly<{
  /** Demo models answer even when real providers are configured (PLAYWRIGHT runs). */
  forceDemo: boolean;
  demoDelayMs: number;
  /** Per provider attempt: longest wait for the first token, and then between tokens. */
  timeoutMs: number;
  xai: XaiOptions | null;
  openai: OpenAiOptions | null;
  custom: CustomOptions | null;
  spending: Readonly<AiSpendingConfig>;
  /** Which chat models guests may use; checked against the served models when the registry is built. */
  guestModels: GuestModelsSetting;
}>;

export function parseAi(e: z.infer<typeof aiEnvSchema> & z.infer<typeof environmentEnvSchema>): AiConfig {
  const custom = parseCustomOptions(e);
  const xai = parseXaiOptions(e);
  const openai = parseOpenAiOptions(e);
  return {
    forceDemo: isOn(e.PLAYWRIGHT),
    demoDelayMs: e.DEMO_STREAM_DELAY_MS,
    timeoutMs: e.AI_TIMEOUT_MS,
    xai,
    openai,
    custom,
    spending: {
      guestDailyCapUsd: e.GUEST_DAILY_COST_CAP_USD ?? null,
      userDailyCapUsd: e.USER_DAILY_COST_CAP_USD ?? null,
      monthlyBudgetUsd: e.MONTHLY_BUDGET_USD ?? null,
      // A budget is a limit: past it, refuse unless the operator chose to keep answering cheaply.
      budgetExceededAction: e.BUDGET_EXCEEDED_ACTION ?? "refuse",
    },
    guestModels: parseGuestModels(e.GUEST_MODELS),
  };
}

const MODEL_ID_PATTERN = /^(demo|xai|openai|custom)\/\S+$/;

/** "all", or "openai/gpt-5.4-nano, custom/llama3.1:8b" → ids; unset → "cheapest". Whether each id is served is the registry's check. */
export function parseGuestModels(raw: string | undefined): GuestModelsSetting {
  if (raw === undefined) return "cheapest";
  const entries = [...new Set(raw.split(",").map((entry) => entry.trim()).filter(Boolean))];
  if (entries.length === 1 && (entries[0] === "all" || entries[0] === "cheapest")) return entries[0];
  if (entries.length === 0) throw invalidVariable("GUEST_MODELS", "list at least one model id, or all");
  const invalid = entries.find((entry) => !MODEL_ID_PATTERN.test(entry));
  if (invalid !== undefined) {
    throw invalidVariable("GUEST_MODELS", `"${invalid}" is not a model id like openai/gpt-5.4-nano (or use all / cheapest)`);
  }
  return entries;
}

import type { LanguageModelV4Usage } from "@ai-sdk/provider";
import type { ModelInfo } from "./catalog";

/** Tokens in and out of one answer and what they cost, as saved with the assistant message. */
export type AnswerUsage = { inputTokens: number; outputTokens: number; costUsd: number };

/** A rough token count for text a provider did not count (a stopped or broken answer): ~4 characters a token. */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(chars: number): number {
  return Math.ceil(Math.max(0, chars) / CHARS_PER_TOKEN);
}

/** US dollars for the tokens at the model's catalog prices, rounded to a millionth of a cent. */
export function costUsd(model: Pick<ModelInfo, "pricing">, tokens: { inputTokens: number; outputTokens: number }): number {
  const dollars =
    (tokens.inputTokens * model.pricing.inputPerMillion + tokens.outputTokens * model.pricing.outputPerMillion) / 1_000_000;
  return Math.round(dollars * 1e8) / 1e8;
}

/** The usage a provider reported, or null when it reported no token counts. */
export function usageFromProvider(model: Pick<ModelInfo, "pricing">, usage: LanguageModelV4Usage | null | undefined): AnswerUsage | null {
  const inputTokens = usage?.inputTokens.total;
  const outputTokens = usage?.outputTokens.total;
  if (inputTokens === undefined && outputTokens === undefined) return null;
  const tokens = { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 };
  return { ...tokens, costUsd: costUsd(model, tokens) };
}

/** Usage estimated from text lengths, for answers the provider never finished counting. */
export function estimateUsage(model: Pick<ModelInfo, "pricing">, chars: { input: number; output: number }): AnswerUsage {
  const tokens = { inputTokens: estimateTokens(chars.input), outputTokens: estimateTokens(chars.output) };
  return { ...tokens, costUsd: costUsd(model, tokens) };
}

import type { LanguageModelV4, LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import aiPackage from "ai/package.json";

/** What `generateText` adds to the provider's own user agent, as it builds it (`ai/<version>`). */
const AI_USER_AGENT = `ai/${aiPackage.version}`;

/**
 * One text answer from a model for a plain prompt (instructions and a user's text, no tools, no settings), as the
 * model answers `generateText({ model, instructions, prompt, maxRetries: 0, abortSignal })`: the same call options
 * reach `doGenerate` (so the same request goes on the wire; tests/unit/plain-text-call.test.ts compares them with
 * generateText's own), the same text comes back (the text parts, joined) and the model's errors come out unchanged.
 * Without the SDK's step, telemetry and result machinery around that one call, which cost a title more than the
 * provider client's own request (about 90 KiB allocated and 0.4 ms of CPU a call, bench/HOTSPOTS.md round 4).
 * The model's warnings, which generateText prints through Node's warnings, go to `onWarnings`.
 */
export async function generatePlainText(input: {
  model: LanguageModelV4;
  instructions: string;
  prompt: string;
  abortSignal?: AbortSignal;
  onWarnings?: (warnings: SharedV4Warning[]) => void;
}): Promise<string> {
  const options: LanguageModelV4CallOptions = {
    maxOutputTokens: undefined,
    temperature: undefined,
    topP: undefined,
    topK: undefined,
    presencePenalty: undefined,
    frequencyPenalty: undefined,
    stopSequences: undefined,
    seed: undefined,
    reasoning: undefined,
    tools: undefined,
    toolChoice: { type: "auto" },
    responseFormat: undefined,
    prompt: [
      { role: "system", content: input.instructions },
      { role: "user", content: [{ type: "text", text: input.prompt }], providerOptions: undefined },
    ],
    providerOptions: undefined,
    abortSignal: input.abortSignal,
    headers: { "user-agent": AI_USER_AGENT },
  };
  const result = await input.model.doGenerate(options);
  if (result.warnings.length > 0) input.onWarnings?.(result.warnings);
  let text = "";
  for (const part of result.content) if (part.type === "text") text += part.text;
  return text;
}

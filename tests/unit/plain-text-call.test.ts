import type { LanguageModelV4CallOptions, LanguageModelV4Content, SharedV4Warning } from "@ai-sdk/provider";
import { generateText } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { generatePlainText } from "@/lib/ai/plain-text-call";

/** A model at the provider edge that records the call options it is given and answers with `content`. */
function recordingModel(content: LanguageModelV4Content[], warnings: SharedV4Warning[] = []) {
  const calls: LanguageModelV4CallOptions[] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (options) => {
      calls.push(options);
      return {
        content,
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 3, text: 3, reasoning: 0 },
        },
        warnings,
      };
    },
  });
  return { model, calls };
}

describe("generatePlainText", () => {
  const call = { instructions: "Write a title.", prompt: "How do closures work?" };

  it("calls the model with exactly the options generateText gives it, and returns the same text", async () => {
    const content: LanguageModelV4Content[] = [
      { type: "reasoning", text: "Thinking about it" },
      { type: "text", text: "Closures " },
      { type: "text", text: "in JavaScript" },
    ];
    const sdk = recordingModel(content);
    const ours = recordingModel(content);
    const signal = new AbortController().signal;
    const viaSdk = await generateText({ model: sdk.model, ...call, maxRetries: 0, abortSignal: signal });
    const text = await generatePlainText({ model: ours.model, ...call, abortSignal: signal });
    expect(text).toBe("Closures in JavaScript");
    expect(text).toBe(viaSdk.text);
    expect(ours.calls).toHaveLength(1);
    expect(ours.calls[0]).toStrictEqual(sdk.calls[0]);
    expect(ours.calls[0]!.abortSignal).toBe(signal);
  });

  it("matches generateText without an abort signal too", async () => {
    const sdk = recordingModel([{ type: "text", text: "A" }]);
    const ours = recordingModel([{ type: "text", text: "A" }]);
    await generateText({ model: sdk.model, ...call, maxRetries: 0 });
    await generatePlainText({ model: ours.model, ...call });
    expect(ours.calls[0]).toStrictEqual(sdk.calls[0]);
  });

  it("answers an empty string when the model wrote no text, as generateText does", async () => {
    const sdk = await generateText({ model: recordingModel([]).model, ...call, maxRetries: 0 });
    expect(await generatePlainText({ model: recordingModel([]).model, ...call })).toBe(sdk.text);
    expect(sdk.text).toBe("");
  });

  it("hands the model's warnings to onWarnings", async () => {
    const warning: SharedV4Warning = { type: "unsupported", feature: "temperature" };
    const seen: SharedV4Warning[][] = [];
    await generatePlainText({ model: recordingModel([{ type: "text", text: "A" }], [warning]).model, ...call, onWarnings: (warnings) => seen.push(warnings) });
    await generatePlainText({ model: recordingModel([{ type: "text", text: "A" }]).model, ...call, onWarnings: (warnings) => seen.push(warnings) });
    expect(seen).toEqual([[warning]]);
  });
});

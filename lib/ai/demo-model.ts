import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { composeDemoAnswer, splitIntoWordChunks } from "./demo-answer";

/** A rough token estimate for usage figures: demo answers have no tokenizer. */
const CHARS_PER_TOKEN = 4;

function lastUserText(prompt: LanguageModelV4Prompt): string {
  for (let index = prompt.length - 1; index >= 0; index--) {
    const message = prompt[index];
    if (message?.role !== "user") continue;
    return message.content
      .map((part) => (part.type === "text" ? part.text : ""))
      .join("")
      .trim();
  }
  return "";
}

function promptChars(prompt: LanguageModelV4Prompt): number {
  let total = 0;
  for (const message of prompt) {
    if (typeof message.content === "string") total += message.content.length;
    else for (const part of message.content) if (part.type === "text") total += part.text.length;
  }
  return total;
}

function estimateUsage(inputChars: number, outputChars: number): LanguageModelV4Usage {
  const input = Math.ceil(inputChars / CHARS_PER_TOKEN);
  const output = Math.ceil(outputChars / CHARS_PER_TOKEN);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

function abortError(): Error {
  return new DOMException("The demo answer was aborted.", "AbortError");
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(abortError()) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export type DemoModelOptions = {
  modelId: string;
  /** Pause between words, so demo mode feels like a real model and benchmarks can match one. */
  delayMs: number;
};

/**
 * A real LanguageModelV4 that needs no network: it answers with a description of the user's message.
 * It is an ordinary registry entry, used whenever no provider is configured.
 */
export function createDemoModel({ modelId, delayMs }: DemoModelOptions): LanguageModelV4 {
  return {
    specificationVersion: "v4",
    provider: "demo",
    modelId,
    supportedUrls: {},

    async doGenerate(options: LanguageModelV4CallOptions) {
      const text = composeDemoAnswer(lastUserText(options.prompt));
      return {
        content: [{ type: "text", text }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: estimateUsage(promptChars(options.prompt), text.length),
        warnings: [],
      };
    },

    async doStream(options: LanguageModelV4CallOptions) {
      const text = composeDemoAnswer(lastUserText(options.prompt));
      const chunks = splitIntoWordChunks(text);
      const signal = options.abortSignal;
      const textId = "demo-text";
      let index = 0;
      let started = false;

      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          if (!started) {
            started = true;
            controller.enqueue({ type: "stream-start", warnings: [] });
            controller.enqueue({ type: "response-metadata", modelId, timestamp: new Date() });
            controller.enqueue({ type: "text-start", id: textId });
            return;
          }
          if (index < chunks.length) {
            await sleep(index === 0 ? 0 : delayMs, signal);
            controller.enqueue({ type: "text-delta", id: textId, delta: chunks[index++] ?? "" });
            return;
          }
          controller.enqueue({ type: "text-end", id: textId });
          controller.enqueue({
            type: "finish",
            finishReason: { unified: "stop", raw: "stop" },
            usage: estimateUsage(promptChars(options.prompt), text.length),
          });
          controller.close();
        },
      });
      return { stream };
    },
  };
}

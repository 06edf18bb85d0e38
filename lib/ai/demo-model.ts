import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { parseDocumentBlocks } from "@/lib/documents/prompt-format";
import { composeDemoAnswer, composeDemoReasoning, describeDocuments, splitIntoWordChunks } from "./demo-answer";

/** A rough token estimate for usage figures: demo answers have no tokenizer. */
const CHARS_PER_TOKEN = 4;

/** The last user message's text parts: the user's words, with the documents (lib/documents/prompt-format.ts) among them. */
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

/** Sizes of the PDFs that came as files in the last user message (for models that read PDFs natively). */
function lastUserPdfSizes(prompt: LanguageModelV4Prompt): number[] {
  const last = [...prompt].reverse().find((message) => message.role === "user");
  if (!last || typeof last.content === "string") return [];
  return last.content.flatMap((part) => {
    if (part.type !== "file" || part.mediaType !== "application/pdf") return [];
    const data = part.data;
    if (data.type === "data") return [typeof data.data === "string" ? Math.floor((data.data.length * 3) / 4) : data.data.byteLength];
    return [0];
  });
}

/** The media types of the images in the last user message: the demo model cannot see them, but says what came. */
function lastUserImageTypes(prompt: LanguageModelV4Prompt): string[] {
  const last = [...prompt].reverse().find((message) => message.role === "user");
  if (!last || typeof last.content === "string") return [];
  return last.content.flatMap((part) => (part.type === "file" && part.mediaType.startsWith("image/") ? [part.mediaType] : []));
}

function describeImages(types: string[]): string {
  if (types.length === 0) return "";
  const list = types.map((type) => type.replace("image/", "").toUpperCase()).join(", ");
  const noun = types.length === 1 ? "an image" : `${types.length} images`;
  return `You attached ${noun} (${list}). I am the demo model and cannot look at images; a vision model such as Grok or GPT-5 describes them.\n\n`;
}

function promptChars(prompt: LanguageModelV4Prompt): number {
  let total = 0;
  for (const message of prompt) {
    if (typeof message.content === "string") total += message.content.length;
    else for (const part of message.content) if (part.type === "text") total += part.text.length;
  }
  return total;
}

function estimateUsage(inputChars: number, outputChars: number, reasoningChars = 0): LanguageModelV4Usage {
  const input = Math.ceil(inputChars / CHARS_PER_TOKEN);
  const text = Math.ceil(outputChars / CHARS_PER_TOKEN);
  const reasoning = Math.ceil(reasoningChars / CHARS_PER_TOKEN);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: text + reasoning, text, reasoning },
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
  /** Think out loud first: stream reasoning parts about the message before the answer. */
  reasoning?: boolean;
};

type Segment = { kind: "reasoning" | "text"; id: string; text: string };

/** The parts a streaming model sends: a start, each segment word by word, a finish. Aborting ends it with an AbortError. */
async function* demoStreamParts(input: {
  modelId: string;
  segments: Segment[];
  delayMs: number;
  signal: AbortSignal | undefined;
  usage: LanguageModelV4Usage;
}): AsyncGenerator<LanguageModelV4StreamPart> {
  yield { type: "stream-start", warnings: [] };
  yield { type: "response-metadata", modelId: input.modelId, timestamp: new Date() };
  let isFirstChunk = true;
  for (const { kind, id, text } of input.segments) {
    yield kind === "reasoning" ? { type: "reasoning-start", id } : { type: "text-start", id };
    for (const delta of splitIntoWordChunks(text)) {
      await sleep(isFirstChunk ? 0 : input.delayMs, input.signal);
      isFirstChunk = false;
      yield kind === "reasoning" ? { type: "reasoning-delta", id, delta } : { type: "text-delta", id, delta };
    }
    yield kind === "reasoning" ? { type: "reasoning-end", id } : { type: "text-end", id };
  }
  yield { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: input.usage };
}

/**
 * A real LanguageModelV4 that needs no network: it answers with a description of the user's message (after a short,
 * deterministic reasoning about it, for the reasoning variant). It is an ordinary registry entry, used whenever no
 * provider is configured.
 */
export function createDemoModel({ modelId, delayMs, reasoning = false }: DemoModelOptions): LanguageModelV4 {
  const compose = (prompt: LanguageModelV4Prompt) => {
    const { documents, rest: userText } = parseDocumentBlocks(lastUserText(prompt));
    const images = lastUserImageTypes(prompt);
    const text = `${describeImages(images)}${describeDocuments(documents, lastUserPdfSizes(prompt))}${composeDemoAnswer(userText)}`;
    const thinking = reasoning ? composeDemoReasoning(userText) : "";
    return { text, thinking, usage: estimateUsage(promptChars(prompt), text.length, thinking.length) };
  };

  return {
    specificationVersion: "v4",
    provider: "demo",
    modelId,
    supportedUrls: {},

    async doGenerate(options: LanguageModelV4CallOptions) {
      const { text, thinking, usage } = compose(options.prompt);
      return {
        content: [...(thinking ? [{ type: "reasoning" as const, text: thinking }] : []), { type: "text", text }],
        finishReason: { unified: "stop", raw: "stop" },
        usage,
        warnings: [],
      };
    },

    async doStream(options: LanguageModelV4CallOptions) {
      const { text, thinking, usage } = compose(options.prompt);
      const segments: Segment[] = [
        ...(thinking ? [{ kind: "reasoning" as const, id: "demo-reasoning", text: thinking }] : []),
        { kind: "text", id: "demo-text", text },
      ];
      const parts = demoStreamParts({ modelId, segments, delayMs, signal: options.abortSignal, usage });
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          const next = await parts.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
        async cancel() {
          await parts.return(undefined);
        },
      });
      return { stream };
    },
  };
}

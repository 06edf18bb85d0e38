import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { createUIMessageStreamResponse, readUIMessageStream, streamText, type UIMessage } from "ai";
import { createFailoverModel, createFailoverReport } from "@/lib/ai/failover-model";
import { customModelsFromSettings } from "@/lib/ai/catalog";

/**
 * What each layer of the answer path costs, in one plain Node process (no Next.js, no database): the same provider
 * client against the same bench AI server, adding one layer at a time, so the difference between two rows is what
 * that layer adds per chat and per delta. CPU is this process's (process.cpuUsage), the AI server's not included.
 */
export type LayerFigures = { layer: string; perChatMs: number; perDeltaMs: number };

type Layer = { name: string; run: (model: LanguageModelV4, modelId: string) => Promise<number> };

const PROMPT = [{ role: "user" as const, content: [{ type: "text" as const, text: "Hello, benchmark." }] }];

async function drain(stream: ReadableStream<unknown>): Promise<number> {
  let count = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done } = await reader.read();
    if (done) return count;
    count++;
  }
}

const failover = (model: LanguageModelV4, modelId: string) => {
  const [info] = customModelsFromSettings([{ id: modelId, label: modelId }]);
  return createFailoverModel({ candidates: [{ info: info!, model }], firstTokenTimeoutMs: 60_000, report: createFailoverReport() });
};

const LAYERS: Layer[] = [
  {
    name: "provider client: fetch, SSE parse, chunk validation (@ai-sdk/openai-compatible doStream)",
    run: async (model) => drain((await model.doStream({ prompt: PROMPT })).stream),
  },
  {
    name: "+ failover wrapper (lib/ai/failover-model.ts)",
    run: async (model, id) => drain((await failover(model, id).doStream({ prompt: PROMPT })).stream as ReadableStream<LanguageModelV4StreamPart>),
  },
  {
    name: "+ streamText and toUIMessageStream (ai)",
    run: async (model, id) => drain(streamText({ model: failover(model, id), prompt: "Hello, benchmark.", maxRetries: 0 }).toUIMessageStream()),
  },
  {
    name: "+ tee, readUIMessageStream on the store's branch (as lib/chat/stream-answer.ts)",
    run: async (model, id) => {
      const [toBrowser, toStore] = streamText({ model: failover(model, id), prompt: "Hello, benchmark.", maxRetries: 0 }).toUIMessageStream().tee();
      const store = (async () => {
        let last: UIMessage | undefined;
        for await (const snapshot of readUIMessageStream({ stream: toStore })) last = snapshot;
        return last;
      })();
      const count = await drain(toBrowser);
      await store;
      return count;
    },
  },
  {
    name: "+ SSE encoding of the browser's branch (createUIMessageStreamResponse)",
    run: async (model, id) => {
      const [toBrowser, toStore] = streamText({ model: failover(model, id), prompt: "Hello, benchmark.", maxRetries: 0 }).toUIMessageStream().tee();
      const store = (async () => {
        for await (const _snapshot of readUIMessageStream({ stream: toStore })) void _snapshot;
      })();
      const count = await drain(createUIMessageStreamResponse({ stream: toBrowser }).body!);
      await store;
      return count;
    },
  },
];

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function cpuPerChat(layer: Layer, model: LanguageModelV4, modelId: string, chats: number): Promise<number> {
  const before = cpuMs();
  for (let index = 0; index < chats; index++) await layer.run(model, modelId);
  return (cpuMs() - before) / chats;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Per layer: CPU per 7-delta chat, and per additional delta (from 300-delta chats). The layers take turns over
 * several rounds and each figure is the median of its rounds, so a burst of load elsewhere on the machine lands in
 * one round of one layer rather than in one layer's only figure.
 */
export async function benchLayers(input: { aiBaseUrl: string; shortChats: number; longChats: number; rounds: number }): Promise<LayerFigures[]> {
  const provider = createOpenAICompatible({ name: "custom", baseURL: input.aiBaseUrl, includeUsage: true });
  const short = provider.chatModel("bench-7");
  const long = provider.chatModel("bench-300");
  for (const layer of LAYERS) {
    for (let index = 0; index < 20; index++) await layer.run(short, "bench-7");
    await layer.run(long, "bench-300");
  }
  const perShort = LAYERS.map((): number[] => []);
  const perLong = LAYERS.map((): number[] => []);
  for (let round = 0; round < input.rounds; round++) {
    for (const [index, layer] of LAYERS.entries()) {
      perShort[index]!.push(await cpuPerChat(layer, short, "bench-7", input.shortChats));
      perLong[index]!.push(await cpuPerChat(layer, long, "bench-300", input.longChats));
    }
  }
  return LAYERS.map((layer, index) => {
    const chat = median(perShort[index]!);
    return { layer: layer.name, perChatMs: chat, perDeltaMs: (median(perLong[index]!) - chat) / 293 };
  });
}

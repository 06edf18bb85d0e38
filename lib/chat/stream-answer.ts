import "server-only";
import {
  convertToModelMessages,
  createUIMessageStreamResponse,
  generateId,
  readUIMessageStream,
  streamText,
  type UIMessageChunk,
} from "ai";
import { after } from "next/server";
import type { ModelInfo } from "@/lib/ai/catalog";
import { CHAT_INSTRUCTIONS } from "@/lib/ai/prompts";
import type { ModelRegistry } from "@/lib/ai/registry";
import type { MessageStatus } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { log } from "@/lib/log";
import { registerAnswer, releaseAnswer } from "./active-answers";
import type { ChatMessage } from "./types";

const PROVIDER_ERROR_MESSAGE = "The model could not finish this answer. Try again.";

export type StreamAnswerInput = {
  store: Store;
  registry: ModelRegistry;
  chatId: string;
  model: ModelInfo;
  /** The whole conversation, ending with the user message being answered. */
  history: ChatMessage[];
  /** When the user message was saved: the answer sorts after it. */
  userMessageCreatedAt: Date;
};

/**
 * Streams the model's answer to the browser and, independently, to the store. The two read from a tee of one
 * stream, so the answer is generated to the end and saved even when the browser goes away; only Stop ends it
 * early, and then what was produced is saved marked `stopped` (a provider failure: `error`).
 */
export async function streamAnswer(input: StreamAnswerInput): Promise<Response> {
  const { store, registry, chatId, model } = input;
  const controller = registerAnswer(chatId);
  const assistantId = generateId();
  const startedAt = new Date(Math.max(Date.now(), input.userMessageCreatedAt.getTime() + 1));

  const result = streamText({
    model: registry.languageModel(model.id),
    instructions: CHAT_INSTRUCTIONS,
    messages: await convertToModelMessages(input.history),
    abortSignal: controller.signal,
  });

  const stream = result.toUIMessageStream<ChatMessage>({
    generateMessageId: () => assistantId,
    messageMetadata: ({ part }) => (part.type === "start" ? { model: model.id } : undefined),
    onError: (error) => {
      log.error("chat: the model failed mid-answer", { chatId, model: model.id, err: error });
      return PROVIDER_ERROR_MESSAGE;
    },
  });
  const [toBrowser, toStore] = stream.tee();

  const saved = saveAnswerWhenDone({ store, chatId, model, assistantId, startedAt, controller, stream: toStore });
  // Keeps a serverless function alive until the answer is saved, after the response has been sent.
  after(() => saved);
  return createUIMessageStreamResponse({ stream: toBrowser });
}

async function saveAnswerWhenDone(input: {
  store: Store;
  chatId: string;
  model: ModelInfo;
  assistantId: string;
  startedAt: Date;
  controller: AbortController;
  stream: ReadableStream<UIMessageChunk>;
}): Promise<void> {
  const { store, chatId, controller } = input;
  let failed = false;
  const watched = input.stream.pipeThrough(
    new TransformStream<UIMessageChunk, UIMessageChunk>({
      transform(chunk, out) {
        if (chunk.type === "error") failed = true;
        out.enqueue(chunk);
      },
    }),
  );

  let answer: ChatMessage | undefined;
  try {
    for await (const snapshot of readUIMessageStream<ChatMessage>({ stream: watched })) answer = snapshot;
  } catch (error) {
    failed = true;
    log.error("chat: reading the answer stream failed", { chatId, err: error });
  } finally {
    releaseAnswer(chatId, controller);
  }

  const status: MessageStatus = controller.signal.aborted ? "stopped" : failed ? "error" : "complete";
  try {
    await store.saveMessages({
      messages: [
        {
          chatId,
          id: input.assistantId,
          role: "assistant",
          parts: answer?.parts ?? [],
          status,
          model: input.model.id,
          createdAt: input.startedAt,
        },
      ],
    });
  } catch (error) {
    log.error("chat: saving the answer failed", { chatId, messageId: input.assistantId, err: error });
  }
}

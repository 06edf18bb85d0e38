import "server-only";
import {
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  generateId,
  type InferUIMessageChunk,
  readUIMessageStream,
  streamText,
  type UIMessageChunk,
} from "ai";
import { after } from "next/server";
import type { ModelInfo } from "@/lib/ai/catalog";
import { createFailoverReport, type FailoverReport } from "@/lib/ai/failover-model";
import { CHAT_INSTRUCTIONS } from "@/lib/ai/prompts";
import { describeAnswerError } from "@/lib/ai/provider-errors";
import type { UserTier } from "@/lib/ai/model-access";
import type { ModelRegistry } from "@/lib/ai/registry";
import { type AnswerUsage, estimateUsage, usageFromProvider } from "@/lib/ai/usage";
import type { MessageStatus } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { titleSourceOf } from "@/lib/documents/prompt-format";
import { log } from "@/lib/log";
import { registerAnswer, releaseAnswer } from "./active-answers";
import { generateChatTitle } from "./generate-title";
import type { ChatDataParts, ChatMessage } from "./types";

export type StreamAnswerInput = {
  store: Store;
  registry: ModelRegistry;
  chatId: string;
  /** The chat's owner: the title job saves under this user. */
  userId: string;
  /** Failover keeps to the models this tier may use. */
  tier: UserTier;
  /** The model to ask first; others serving chat take over if it fails before its first token. */
  model: ModelInfo;
  /** The whole conversation, ending with the user message being answered; images inlined (see inlineAttachments). */
  history: ChatMessage[];
  /** The conversation has images: failover keeps to models that read them. */
  needsVision?: boolean;
  /** When the user message was saved: the answer sorts after it. */
  userMessageCreatedAt: Date;
  /** The chat's first answer: a title is generated beside it. */
  isFirstAnswer: boolean;
};

function textOf(message: ChatMessage | undefined): string {
  return (message?.parts ?? []).map((part) => (part.type === "text" || part.type === "reasoning" ? part.text : "")).join("");
}

/**
 * Streams the model's answer to the browser and, independently, to the store. The two read from a tee of one
 * stream, so the answer is generated to the end and saved even when the browser goes away; only Stop ends it
 * early, and then what was produced is saved marked `stopped` (a provider failure: `error`). Tokens in and out
 * and their estimated cost are saved with the answer.
 */
export async function streamAnswer(input: StreamAnswerInput): Promise<Response> {
  const { store, registry, chatId, model } = input;
  const controller = registerAnswer(chatId);
  const assistantId = generateId();
  const startedAt = new Date(Math.max(Date.now(), input.userMessageCreatedAt.getTime() + 1));
  const report = createFailoverReport();

  const result = streamText({
    model: registry.failoverModel({ modelId: model.id, useCase: "chat", tier: input.tier, needsVision: input.needsVision, report }),
    instructions: CHAT_INSTRUCTIONS,
    messages: await convertToModelMessages(input.history),
    abortSignal: controller.signal,
    // A failing model is replaced by the next one (failover) rather than asked again. The failover model also
    // keeps the deadlines: streamText's own chunk timeout would end a stalled answer as a stop, not as an error.
    maxRetries: 0,
    // The default prints the raw error to the console; toUIMessageStream's onError below logs it once, as JSON.
    onError: () => {},
  });

  const stream = result.toUIMessageStream<ChatMessage>({
    generateMessageId: () => assistantId,
    messageMetadata: ({ part }) => {
      if (part.type === "start") return { model: model.id };
      if (part.type === "finish") return { model: report.answeredBy?.id ?? model.id };
      return undefined;
    },
    onError: (error) => {
      log.error("chat: the answer failed", { chatId, model: report.answeredBy?.id ?? model.id, err: error });
      return describeAnswerError(error);
    },
  });
  const [toBrowser, toStore] = stream.tee();

  const question = input.history.at(-1);
  let titleDone: (title: string | null) => void = () => {};
  const title = new Promise<string | null>((resolve) => {
    titleDone = resolve;
  });
  const onFirstToken = async (): Promise<AnswerUsage | null> => {
    if (!input.isFirstAnswer) return null;
    // documents (#13): the title comes from the user's words (or the documents' names), not a document's text.
    const generated = await generateChatTitle({ registry, store, chatId, userId: input.userId, firstMessage: titleSourceOf(textOf(question)) });
    titleDone(generated.title);
    return generated.usage;
  };
  const saved = saveAnswerWhenDone({
    store,
    chatId,
    model,
    assistantId,
    parentId: question?.id ?? null,
    startedAt,
    controller,
    report,
    stream: toStore,
    onFirstToken,
    promptChars: CHAT_INSTRUCTIONS.length + input.history.reduce((sum, message) => sum + textOf(message).length, 0),
  });
  // Keeps a serverless function alive until the answer (and the title) are saved, after the response has been sent.
  after(() => saved);
  return createUIMessageStreamResponse({ stream: input.isFirstAnswer ? withTitle(toBrowser, title) : toBrowser });
}

/**
 * Adds the generated title to the browser's stream as a transient `data-title` part when it is ready before the
 * answer ends, so the sidebar and header show it without a reload. A later title is only saved: the stream is not
 * held open for it (the page reads it from the chat).
 */
type ChatChunk = InferUIMessageChunk<ChatMessage>;

function withTitle(answer: ReadableStream<ChatChunk>, title: Promise<string | null>) {
  let answerEnded: () => void = () => {};
  const ended = new Promise<null>((resolve) => {
    answerEnded = () => resolve(null);
  });
  const watched = answer.pipeThrough(new TransformStream<ChatChunk, ChatChunk>({ flush: () => answerEnded() }));
  return createUIMessageStream<ChatMessage>({
    execute: async ({ writer }) => {
      writer.merge(watched);
      const ready = await Promise.race([title, ended]);
      if (ready) {
        const part: { type: "data-title"; data: ChatDataParts["title"]; transient: true } = {
          type: "data-title",
          data: { title: ready },
          transient: true,
        };
        writer.write(part);
      }
    },
  });
}

async function saveAnswerWhenDone(input: {
  store: Store;
  chatId: string;
  model: ModelInfo;
  assistantId: string;
  /** The user message this answers. */
  parentId: string | null;
  startedAt: Date;
  controller: AbortController;
  report: FailoverReport;
  stream: ReadableStream<UIMessageChunk>;
  /**
   * Called once, when the first text or reasoning arrives (the title job); awaited before this one settles. What it
   * cost is added to the answer's usage, so cost caps and budgets see every call a message caused.
   */
  onFirstToken: () => Promise<AnswerUsage | null>;
  /** Length of the conversation sent, for a usage estimate when the provider reports none. */
  promptChars: number;
}): Promise<void> {
  const { store, chatId, controller, report } = input;
  let failed = false;
  let sideJob: Promise<AnswerUsage | null> = Promise.resolve(null);
  let hasOutput = false;
  const watched = input.stream.pipeThrough(
    new TransformStream<UIMessageChunk, UIMessageChunk>({
      transform(chunk, out) {
        if (chunk.type === "error") failed = true;
        if (!hasOutput && (chunk.type === "text-delta" || chunk.type === "reasoning-delta")) {
          hasOutput = true;
          sideJob = input.onFirstToken();
        }
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
  const answeredBy = report.answeredBy;
  // A stopped or broken answer may never get the provider's count: estimate it so cost caps still see it.
  let usage: AnswerUsage | null = null;
  if (answeredBy) {
    usage =
      usageFromProvider(answeredBy, report.usage) ??
      estimateUsage(answeredBy, { input: input.promptChars, output: textOf(answer).length });
  }
  const row = {
    chatId,
    id: input.assistantId,
    parentId: input.parentId,
    role: "assistant" as const,
    parts: answer?.parts ?? [],
    status,
    model: answeredBy?.id ?? input.model.id,
    usage,
    createdAt: input.startedAt,
  };
  try {
    await store.saveMessages({ messages: [row] });
  } catch (error) {
    log.error("chat: saving the answer failed", { chatId, messageId: input.assistantId, err: error });
  }
  // The answer is saved first, so a reload shows it at once. The title's cost joins the answer's once known (its
  // tokens do not: they stay the answer's own), so cost caps and the budget see every call a message caused.
  const titleUsage = await sideJob;
  if (!titleUsage || titleUsage.costUsd === 0) return;
  try {
    await store.saveMessages({ messages: [{ ...row, usage: withExtraCost(usage, titleUsage.costUsd) }] });
  } catch (error) {
    log.warn("chat: adding the title's cost to the answer failed", { chatId, messageId: input.assistantId, err: error });
  }
}

function withExtraCost(usage: AnswerUsage | null, costUsd: number): AnswerUsage {
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    costUsd: Math.round(((usage?.costUsd ?? 0) + costUsd) * 1e8) / 1e8,
  };
}

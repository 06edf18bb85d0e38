import "server-only";
import { type InferUIMessageChunk, streamText, UI_MESSAGE_STREAM_HEADERS } from "ai";
import { after } from "next/server";
import { createFailoverReport } from "@/lib/ai/failover-model";
import { CHAT_INSTRUCTIONS } from "@/lib/ai/prompts";
import { describeAnswerError } from "@/lib/ai/provider-errors";
import { log } from "@/lib/log";
import { answerEnded, answerStarted, recordAnswer, recordError, recordFirstToken } from "@/lib/metrics";
import { getLiveStreams } from "@/lib/streams/live-streams";
import { type ActiveAnswer, getActiveAnswers } from "./active-answers";
import { getAnswerQueue } from "./answer-queue";
import { answerRow } from "./answer-row";
import { createPartialAnswer, startProgressWrites } from "./live-answer";
import type { TurnPlan } from "./plan-turn";
import { createSseBody, type SseBody } from "./sse-body";
import { createTitleJob } from "./title-job";
import type { ChatDataParts, ChatMessage } from "./types";

type ChatChunk = InferUIMessageChunk<ChatMessage>;
type FinishChunk = Extract<ChatChunk, { type: "finish" }>;

/**
 * Streams the model's answer to the browser and saves it, in one pass over the stream. The answer is generated to
 * the end even when the browser goes away; only Stop ends it early (saved as `stopped`; a provider failure as
 * `error`; a server shutting down as `interrupted`). The browser's stream ends only once the answer is stored: its
 * `finish` waits for the save (retried while the store is down, the browser told meanwhile that the answer is not
 * saved yet). A new chat's title is written beside its first answer and reaches the browser in the same stream, and
 * its cost is saved with the answer (the two saves run side by side). While it is written, the stream can be
 * followed from a reload (any instance, with Redis) and its progress is saved every couple of seconds (see
 * lib/chat/live-answer.ts).
 */
export async function streamAnswer(plan: TurnPlan, saved: Promise<void>): Promise<Response> {
  const { registry, chatId, model } = plan;
  const { id: assistantId, parentId, createdAt } = plan.answer;
  const startedAt = new Date();
  // The model is asked beside the user message's save (one round trip off the first token); nothing of its answer
  // is read, sent or written until that save has landed. Stop (the registered answer's signal) is wired in below.
  const generation = new AbortController();
  const report = createFailoverReport();
  let produced: ChatMessage | undefined;
  let hasLoggedError = false;

  const chunks = streamText({
    model: registry.failoverModel({ modelId: model.id, useCase: "chat", tier: plan.tier, needsVision: plan.needsVision, report }),
    instructions: CHAT_INSTRUCTIONS,
    messages: plan.modelMessages,
    abortSignal: generation.signal,
    // A failing model is replaced by the next one (failover) rather than asked again. The failover model also
    // keeps the deadlines: streamText's own chunk timeout would end a stalled answer as a stop, not as an error.
    maxRetries: 0,
    // The default prints the raw error to the console; toUIMessageStream's onError below logs it once, as JSON.
    onError: () => {},
  }).toUIMessageStream<ChatMessage>({
    generateMessageId: () => assistantId,
    messageMetadata: ({ part }) => (part.type === "start" ? { model: model.id } : undefined),
    onError: (error) => {
      // Called again with the error chunk's own text once the SDK builds the message (onEnd): logged once.
      if (!hasLoggedError) {
        log.error("chat: the answer failed", { chatId, model: report.answeredBy?.id ?? model.id, err: error });
        recordError("provider_error");
      }
      hasLoggedError = true;
      return describeAnswerError(error);
    },
    // The SDK builds the answer's parts as the chunks pass (no copy per chunk); this is the finished message.
    onEnd: ({ responseMessage }) => {
      produced = responseMessage;
    },
  });

  try {
    await saved;
  } catch (error) {
    // Refused or failed: the request's error answers it, and the model's answer is dropped unread.
    generation.abort(error);
    chunks.cancel(error).catch(() => undefined);
    throw error;
  }
  // Registered once the message is saved, so that a refused message never stops the chat's answer being written.
  const answer = getActiveAnswers().start({ chatId, id: assistantId, parentId, createdAt });
  if (answer.signal.aborted) generation.abort(answer.signal.reason);
  else answer.signal.addEventListener("abort", () => generation.abort(answer.signal.reason), { once: true });
  answerStarted();

  const body = createSseBody();
  // The title is written from the plan's source (the user's words, or the documents' names and
  // text); a message of images alone keeps its provisional title, the file's name.
  const title = plan.isFirstAnswer && plan.titleSource.trim()
    ? createTitleJob({
        registry,
        store: plan.store,
        chatId,
        userId: plan.userId,
        firstMessage: plan.titleSource,
        onTitle: (generated) => {
          const part: { type: "data-title"; data: ChatDataParts["title"]; transient: true } = {
            type: "data-title",
            data: { title: generated },
            transient: true,
          };
          body.send(part);
        },
      })
    : null;

  const partial = createPartialAnswer();
  let savedVersion = 0;
  const progress = startProgressWrites({
    store: plan.store,
    chatId,
    answerId: assistantId,
    snapshot: () => {
      if (partial.version() === savedVersion) return null;
      savedVersion = partial.version();
      return { chatId, id: assistantId, parentId, role: "assistant", parts: partial.parts(), status: "interrupted", model: report.answeredBy?.id ?? model.id, createdAt };
    },
  });

  const finished = (async () => {
    let isTitleDue = false;
    const relayed = await relay(chunks, body, partial.add, () => {
      recordFirstToken(report.answeredBy?.id ?? model.id, startedAt);
      if (!title) return;
      // Once this token has gone out (the body flushes on the next turn, and callbacks run in order): building
      // the title's request never delays the first token.
      isTitleDue = true;
      setImmediate(() => title.start());
    });
    // An answer whose every chunk was through before that turn: its title starts now (start runs once).
    if (isTitleDue) title?.start();
    await progress.stop();
    const row = answerRow({
      plan,
      id: assistantId,
      parentId,
      createdAt,
      message: produced,
      status: answer.stopReason() ?? (relayed.failed ? "error" : "complete"),
      report,
      titleUsage: await title?.usage(),
    });
    recordAnswer(report.answeredBy ?? model, row.status, row.usage ?? null);
    // The title's save runs beside the answer's: the stream's end waits for both, so the title reaches it first.
    await saveThenFinish({ row, answer, body, finish: relayed.finish, titleSaved: title?.done() });
  })().catch((error: unknown) => {
    log.error("chat: finishing the answer failed", { chatId, messageId: assistantId, err: error });
    body.end();
    answer.release();
  }).finally(answerEnded);
  // Keeps a serverless function alive until the answer (and the title) are saved.
  after(() => finished);
  return eventStreamResponse(await getLiveStreams().publish(assistantId, body));
}

/** The answer's server-sent events as the AI SDK's UI message stream, for the browser that asked or one following it. */
export function eventStreamResponse(events: ReadableStream<Uint8Array>): Response {
  // no-transform: a compressing server or proxy would otherwise gzip the stream chunk by chunk (Next's own does).
  return new Response(events, {
    headers: { ...UI_MESSAGE_STREAM_HEADERS, "cache-control": "no-cache, no-transform" },
  });
}

/**
 * Sends each chunk to the browser as it comes, noting what the save needs: whether the answer failed, and the
 * `finish` chunk, held back until the answer is stored. `onFirstOutput` runs once the first text or reasoning is sent.
 */
async function relay(chunks: ReadableStream<ChatChunk>, body: SseBody, onChunk: (chunk: ChatChunk) => void, onFirstOutput: () => void) {
  let finish: FinishChunk | null = null;
  let failed = false;
  let hasOutput = false;
  const reader = chunks.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      const chunk = next.value;
      if (chunk.type === "finish") {
        finish = chunk;
        continue;
      }
      if (chunk.type === "error") failed = true;
      onChunk(chunk);
      body.send(chunk);
      if (!hasOutput && (chunk.type === "text-delta" || chunk.type === "reasoning-delta")) {
        hasOutput = true;
        onFirstOutput();
      }
    }
  } catch (error) {
    failed = true;
    log.error("chat: reading the answer stream failed", { err: error });
  }
  return { finish, failed };
}

/** Saves the answer (retrying while the store is down), then lets the browser see its end. */
async function saveThenFinish(input: {
  row: ReturnType<typeof answerRow>;
  answer: ActiveAnswer;
  body: SseBody;
  finish: FinishChunk | null;
  /** A new chat's title being saved meanwhile: its `data-title` part must go out before the end. */
  titleSaved?: Promise<void>;
}): Promise<void> {
  const { row, answer, body } = input;
  answer.setPhase("saving");
  const isSaved = await getAnswerQueue().save(row, {
    onRetrying: () => {
      answer.setPhase("retrying");
      body.send({ type: "message-metadata", messageMetadata: { pending: "saving" } } satisfies ChatChunk);
    },
  });
  await input.titleSaved;
  if (isSaved) {
    // A stopped or interrupted answer has no finish of the model's: its end still tells the browser how it ended.
    const finish: FinishChunk = input.finish ?? { type: "finish" };
    const metadata = { ...finish.messageMetadata, model: row.model ?? undefined, status: row.status, pending: null };
    body.send({ ...finish, messageMetadata: metadata } satisfies ChatChunk);
  }
  body.end();
  // After the end is sent: whoever waits for the answer (a reload, a shutdown) finds it stored and its stream closed.
  answer.release();
}

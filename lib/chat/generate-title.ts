import "server-only";
import { createFailoverReport } from "@/lib/ai/failover-model";
import { generatePlainText } from "@/lib/ai/plain-text-call";
import { TITLE_INSTRUCTIONS } from "@/lib/ai/prompts";
import type { ModelRegistry } from "@/lib/ai/registry";
import { type AnswerUsage, estimateUsage, usageFromProvider } from "@/lib/ai/usage";
import type { Store } from "@/lib/db/store";
import { log } from "@/lib/log";
import { recordModelUsage } from "@/lib/metrics";
import { cleanGeneratedTitle, composeDemoTitle } from "./title";

/** The title saved (null when none was), and what asking for it cost (null when nothing was counted). */
export type GeneratedTitle = { title: string | null; usage: AnswerUsage | null };

/** The start of the first message is enough to name a chat, and keeps the title job cheap. */
const TITLE_SOURCE_MAX_CHARS = 2_000;

/**
 * Names a new chat with the cheapest model serving titles, saves the name and returns it with its cost (also handed
 * to `onCounted` once the model has answered, before the save). Runs beside the first answer (started once that
 * answer's first token arrives); on any failure the provisional title from the first message stays and the title is
 * null (it never throws). Demo mode names the chat from the message's own words: the demo models describe text
 * rather than summarise it.
 */
export async function generateChatTitle(input: {
  registry: ModelRegistry;
  store: Store;
  chatId: string;
  userId: string;
  firstMessage: string;
  /** Ends a title that takes too long; what it cost so far is still counted. */
  abortSignal?: AbortSignal;
  /** Told what the title cost as soon as that is known: before its save, which the answer's save need not wait for. */
  onCounted?: (usage: AnswerUsage | null) => void;
}): Promise<GeneratedTitle> {
  const { registry, store, chatId, userId } = input;
  if (registry.mode === "demo") {
    input.onCounted?.(null);
    const title = composeDemoTitle(input.firstMessage);
    try {
      return { title: (await store.updateChatTitle({ chatId, userId, title })) ? title : null, usage: null };
    } catch (error) {
      log.warn("chat: saving the title failed; the provisional title stays", { chatId, err: error });
      return { title: null, usage: null };
    }
  }
  const report = createFailoverReport();
  const prompt = input.firstMessage.slice(0, TITLE_SOURCE_MAX_CHARS);
  try {
    // The request generateText would send, without its step and telemetry machinery (see plain-text-call.ts).
    const text = await generatePlainText({
      model: registry.failoverModel({ modelId: registry.cheapestModelFor("title").id, useCase: "title", report }),
      instructions: TITLE_INSTRUCTIONS,
      prompt,
      abortSignal: input.abortSignal,
      onWarnings: (warnings) => log.warn("chat: the title model warned about its request", { chatId, model: report.answeredBy?.id, warnings }),
    });
    const usage = report.answeredBy ? usageFromProvider(report.answeredBy, report.usage) : null;
    recordModelUsage(report.answeredBy, usage);
    input.onCounted?.(usage);
    const title = cleanGeneratedTitle(text);
    if (!title) {
      log.warn("chat: the title model answered with nothing usable", { chatId, model: report.answeredBy?.id });
      return { title: null, usage };
    }
    return { title: (await store.updateChatTitle({ chatId, userId, title })) ? title : null, usage };
  } catch (error) {
    log.warn("chat: generating a title failed; the provisional title stays", { chatId, err: error });
    const { answeredBy } = report;
    // A model that started answering is paid for even when cut off: count at least the prompt.
    const usage = answeredBy
      ? (usageFromProvider(answeredBy, report.usage) ?? estimateUsage(answeredBy, { input: TITLE_INSTRUCTIONS.length + prompt.length, output: 0 }))
      : null;
    return { title: null, usage };
  }
}

import type { ModelMessage } from "ai";
import type { FailoverReport } from "@/lib/ai/failover-model";
import { CHAT_INSTRUCTIONS } from "@/lib/ai/prompts";
import { type AnswerUsage, estimateUsage, usageFromProvider } from "@/lib/ai/usage";
import type { MessageStatus } from "@/lib/db/schema";
import type { SaveMessageInput } from "@/lib/db/store";
import { textOf } from "./message-text";
import type { TurnPlan } from "./plan-turn";
import type { ChatMessage } from "./types";

/** The characters of text the model was given: documents' text included, which the history's parts do not hold. */
export function promptCharsOf(messages: readonly ModelMessage[]): number {
  let chars = 0;
  for (const message of messages) {
    if (typeof message.content === "string") {
      chars += message.content.length;
      continue;
    }
    for (const part of message.content) if (part.type === "text" || part.type === "reasoning") chars += part.text.length;
  }
  return chars;
}

/**
 * The answer as it is saved, once: its parts, how it ended, the model that wrote it, and what it cost, the title's
 * cost included (its tokens are not: they stay the answer's own), so cost caps and the budget see every call a
 * message caused. A stopped or broken answer may never get the provider's count: it is estimated (~4 characters a
 * token) so the caps still see it.
 */
export function answerRow(input: {
  plan: Pick<TurnPlan, "chatId" | "model" | "modelMessages">;
  id: string;
  parentId: string | null;
  createdAt: Date;
  message: ChatMessage | undefined;
  status: MessageStatus;
  report: FailoverReport;
  titleUsage: AnswerUsage | null | undefined;
}): SaveMessageInput & { status: MessageStatus } {
  const { plan, report } = input;
  const answeredBy = report.answeredBy;
  let usage: AnswerUsage | null = null;
  if (answeredBy) {
    usage =
      usageFromProvider(answeredBy, report.usage) ??
      estimateUsage(answeredBy, {
        input: CHAT_INSTRUCTIONS.length + promptCharsOf(plan.modelMessages),
        output: textOf(input.message).length,
      });
  }
  if (input.titleUsage && input.titleUsage.costUsd > 0) {
    usage = {
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      costUsd: Math.round(((usage?.costUsd ?? 0) + input.titleUsage.costUsd) * 1e8) / 1e8,
    };
  }
  return {
    chatId: plan.chatId,
    id: input.id,
    parentId: input.parentId,
    role: "assistant",
    parts: input.message?.parts ?? [],
    status: input.status,
    model: answeredBy?.id ?? plan.model.id,
    usage,
    createdAt: input.createdAt,
  };
}

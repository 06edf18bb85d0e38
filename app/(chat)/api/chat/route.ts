import { getModelRegistry } from "@/lib/ai";
import { requireSessionUser } from "@/lib/auth/session";
import { applyCostCaps } from "@/lib/chat/cost-caps";
import { MAX_CHAT_BODY_BYTES } from "@/lib/chat/limits";
import { loadOrCreateChat } from "@/lib/chat/load-or-create-chat";
import { streamAnswer } from "@/lib/chat/stream-answer";
import { titleFromText } from "@/lib/chat/title";
import { toChatMessage } from "@/lib/chat/to-ui-message";
import type { ChatMessage } from "@/lib/chat/types";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json";
import { route } from "@/lib/http/route";
import { enforceMessageQuota } from "@/lib/limits/message-quota";
import { chatRequestSchema } from "./schema";

export const dynamic = "force-dynamic";
// Long answers from slow models; the default serverless limit would cut them off.
export const maxDuration = 300;

// POST /api/chat — save the user's message, then stream the model's answer
export const POST = route(async (request) => {
  const input = chatRequestSchema.parse(await readJsonBody(request, MAX_CHAT_BODY_BYTES));
  const registry = getModelRegistry();
  const model = registry.getModel(input.model ?? registry.defaultModelId);
  if (!model || !model.useCases.includes("chat")) {
    throw new AppError("unknown_model", `Unknown model "${input.model}". Pick one from the model list.`);
  }

  const user = await requireSessionUser();
  const store = await getStore();
  await enforceMessageQuota(store, user, getConfig().limits);
  const answerModel = await applyCostCaps({ store, registry, user, model, spending: getConfig().ai.spending });
  const text = input.message.parts.map((part) => part.text).join("\n");
  const chat = await loadOrCreateChat(store, { id: input.id, userId: user.id, title: titleFromText(text), model: model.id });

  // A resent message (Retry) is answered again from the history before it, not after its failed answer.
  const rows = await store.getMessagesByChatId({ chatId: chat.id });
  const resentAt = rows.findIndex((row) => row.id === input.message.id);
  const earlier = (resentAt === -1 ? rows : rows.slice(0, resentAt)).map(toChatMessage);
  const userMessage: ChatMessage = { id: input.message.id, role: "user", parts: input.message.parts };
  const userMessageCreatedAt = new Date();
  await store.saveMessages({
    messages: [{ chatId: chat.id, ...userMessage, status: "complete", createdAt: userMessageCreatedAt }],
  });
  await store.touchUser({ id: user.id });

  return streamAnswer({
    store,
    registry,
    chatId: chat.id,
    userId: user.id,
    model: answerModel,
    history: [...earlier, userMessage],
    userMessageCreatedAt,
    isFirstAnswer: !earlier.some((message) => message.role === "user"),
  });
});

import { getModelRegistry } from "@/lib/ai";
import { requireSessionUser } from "@/lib/auth/session";
import { MAX_CHAT_BODY_BYTES } from "@/lib/chat/limits";
import { loadOrCreateChat } from "@/lib/chat/load-or-create-chat";
import { streamAnswer } from "@/lib/chat/stream-answer";
import { titleFromText } from "@/lib/chat/title";
import { toChatMessage } from "@/lib/chat/to-ui-message";
import type { ChatMessage } from "@/lib/chat/types";
import { getStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json";
import { route } from "@/lib/http/route";
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
  const text = input.message.parts.map((part) => part.text).join("\n");
  const chat = await loadOrCreateChat(store, { id: input.id, userId: user.id, title: titleFromText(text), model: model.id });

  const earlier = (await store.getMessagesByChatId({ chatId: chat.id }))
    .filter((row) => row.id !== input.message.id)
    .map(toChatMessage);
  const userMessage: ChatMessage = { id: input.message.id, role: "user", parts: input.message.parts };
  const userMessageCreatedAt = new Date();
  await store.saveMessages({
    messages: [{ chatId: chat.id, ...userMessage, status: "complete", createdAt: userMessageCreatedAt }],
  });

  return streamAnswer({ store, registry, chatId: chat.id, model, history: [...earlier, userMessage], userMessageCreatedAt });
});

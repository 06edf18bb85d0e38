import { getModelRegistry } from "@/lib/ai";
import { tierOf } from "@/lib/ai/model-access";
import { canReadPdf } from "@/lib/ai/pdf-input";
import { hasImageParts, modelForImages } from "@/lib/ai/vision";
import { requireSessionUser } from "@/lib/auth/session";
import { chooseChatModel } from "@/lib/chat/choose-model";
import { applyCostCaps } from "@/lib/chat/cost-caps";
import { MAX_CHAT_BODY_BYTES } from "@/lib/chat/limits";
import { loadOrCreateChat } from "@/lib/chat/load-or-create-chat";
import { streamAnswer } from "@/lib/chat/stream-answer";
import { titleFromText } from "@/lib/chat/title";
import { checkAttachments, inlineAttachments } from "@/lib/chat/attachments";
import { prepareTurn } from "@/lib/chat/prepare-turn";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json";
import { route } from "@/lib/http/route";
import { enforceMessageQuota } from "@/lib/limits/message-quota";
import { getFileStorage } from "@/lib/storage";
import { chatRequestSchema } from "./schema";

export const dynamic = "force-dynamic";
// Long answers from slow models; the default serverless limit would cut them off.
export const maxDuration = 300;

// POST /api/chat — save the user's message, then stream the model's answer
export const POST = route(async (request) => {
  const input = chatRequestSchema.parse(await readJsonBody(request, MAX_CHAT_BODY_BYTES));
  const registry = getModelRegistry();
  const user = await requireSessionUser();
  const tier = tierOf(user);
  const store = await getStore();
  const model = await chooseChatModel({ registry, store, tier, userId: user.id, chatId: input.id, requestedId: input.model });
  await enforceMessageQuota(store, user, getConfig().limits);
  const costAware = await applyCostCaps({ store, registry, user, model, spending: getConfig().ai.spending });
  const { message, fileIds } = await checkAttachments(store, user.id, input.message);
  const text = message.parts.map((part) => (part.type === "text" ? part.text : "")).join("\n");
  const chat = await loadOrCreateChat(store, { id: input.id, userId: user.id, title: titleFromText(text), model: model.id });
  // The chat remembers the model last picked in it: reopening it shows that model in the picker.
  if (chat.model !== model.id) await store.updateChatModel({ chatId: chat.id, userId: user.id, model: model.id });

  const rows = await store.getMessagesByChatId({ chatId: chat.id });
  const turn = prepareTurn(rows, { message, parentId: input.parentId });
  // Images go to models that read them: the chosen one if it can, else the first the user may use that can.
  const needsVision = turn.history.some((entry) => hasImageParts(entry.parts));
  const answerModel = needsVision ? modelForImages(costAware, registry.modelsForTier(tier)) : costAware;
  // A chat this request created stays only if its first message is accepted.
  const refuse = async (message: string): Promise<never> => {
    if (rows.length === 0) await store.deleteChatForUser({ chatId: chat.id, userId: user.id });
    throw new AppError("bad_request", message);
  };
  if (!answerModel) {
    return refuse("None of the models you can use reads images. Send the message without the image, or ask the operator to add a vision model.");
  }
  const userMessageCreatedAt = new Date();
  if (turn.newMessage) {
    if (!(await store.attachFilesToChat({ userId: user.id, chatId: chat.id, fileIds }))) {
      return refuse("message.parts: an attached file belongs to another chat. Attach it again.");
    }
    const { id, parts, parentId } = turn.newMessage;
    await store.saveMessages({
      messages: [{ chatId: chat.id, id, role: "user", parts, parentId, status: "complete", createdAt: userMessageCreatedAt }],
    });
  }
  await store.touchUser({ id: user.id });

  return streamAnswer({
    store,
    registry,
    chatId: chat.id,
    userId: user.id,
    tier,
    model: answerModel,
    // documents (#13): PDFs also go as files to a model whose catalog entry reads them.
    history: await inlineAttachments(store, getFileStorage(), turn.history, { readsPdf: canReadPdf(answerModel) }),
    needsVision,
    userMessageCreatedAt,
    // A title is generated until the chat has a finished answer (a first answer that failed gets another chance).
    isFirstAnswer: !rows.some((row) => row.role === "assistant" && row.status === "complete"),
  });
});

import "server-only";
import { generateId, type ModelMessage } from "ai";
import type { ModelInfo } from "@/lib/ai/catalog";
import { getModelRegistry } from "@/lib/ai";
import { tierOf, type UserTier } from "@/lib/ai/model-access";
import { canReadPdf } from "@/lib/ai/pdf-input";
import { noSession } from "@/lib/auth/session";
import type { ModelRegistry } from "@/lib/ai/registry";
import { hasImageParts } from "@/lib/ai/vision";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/db";
import type { FileRecord } from "@/lib/db/schema";
import type { ChatTurnInput, Store } from "@/lib/db/store";
import { getUploadLimits } from "@/lib/documents/limits";
import { titleSourceOf } from "@/lib/documents/title-source";
import { AppError } from "@/lib/errors";
import { quotaFromUsage, throwIfQuotaReached } from "@/lib/limits/message-quota";
import { getFileStorage } from "@/lib/storage";
import { checkAttachments, fileIdsIn } from "./attachments";
import { chooseModels, requireRequestedModel } from "./choose-model";
import { checkCostCaps } from "./cost-caps";
import { liveUntil } from "./live-answer";
import { toModelMessages } from "./model-input";
import { prepareTurn } from "./prepare-turn";
import { readTurnContext } from "./read-turn-context";
import { provisionalTitle } from "./title";
import type { ChatMessage } from "./types";

/** POST /api/chat's input, as its schema parsed it. */
export type ChatRequest = { id: string; message: ChatMessage; parentId?: string | null; model?: string };

/** Everything a message needs, decided before anything is written. */
export type TurnPlan = {
  store: Store;
  registry: ModelRegistry;
  userId: string;
  tier: UserTier;
  chatId: string;
  /** What saveTurn writes, in one transaction. */
  write: ChatTurnInput;
  /** The model to ask first; failover keeps to the tier, and to models that read images when `needsVision`. */
  model: ModelInfo;
  needsVision: boolean;
  /** The conversation down to the user message being answered, which ends it. */
  history: ChatMessage[];
  /** The same, as the model receives it (images as bytes, documents as their text, PDFs too for a model that reads them). */
  modelMessages: ModelMessage[];
  /** The chat has no finished answer yet: a title is written beside this one. */
  isFirstAnswer: boolean;
  /** What that title is written from: the user's words, or the documents of a message that has none. */
  titleSource: string;
  /** When the user message is saved: the answer sorts after it. */
  sentAt: Date;
  /** The answer to be written: its id (also its live stream's), the message it answers, and where it sorts. */
  answer: { id: string; parentId: string | null; createdAt: Date };
};

/**
 * Validates and decides a chat message from one read of each thing it depends on: the session's user row, the chat
 * (owner check), its messages, the user's usage (quota and cost caps) and the upload rows of its files; then the one
 * model decision.
 * Throws the request's 4xx/429 (or 503) before anything is written, so a refused message leaves nothing behind.
 */
export async function planTurn(input: ChatRequest, userId: string): Promise<TurnPlan> {
  const registry = getModelRegistry();
  const { limits, ai } = getConfig();
  const store = await getStore();
  const now = new Date();

  // The session's user row (no row: no session, as getSessionUser decides) comes in the turn context's statement:
  // the token already names the user. Nothing is decided before it is in.
  const { user, chat, rows, usage } = await readTurnContext(store, { chatId: input.id, userId, spending: ai.spending, now });
  if (!user) throw noSession();
  const tier = tierOf(user);
  const requested = input.model === undefined ? null : requireRequestedModel(registry, tier, input.model);
  // Someone else's chat answers as a missing one does, so ids cannot be probed; its rows are never used.
  if (chat && chat.userId !== user.id) throw new AppError("not_found", "Chat not found.");
  const ownRows = chat ? rows : [];
  throwIfQuotaReached(quotaFromUsage(usage.userToday, user, limits, now), user, now);
  const { forceCheapest } = checkCostCaps({ usage, user, spending: ai.spending, now });

  const fileIds = fileIdsIn([input.message, ...ownRows]);
  const fileRows = fileIds.length === 0 ? [] : await store.getFilesByIds({ ids: fileIds });
  const files = new Map<string, FileRecord>(fileRows.map((file) => [file.id, file]));
  const checked = checkAttachments(input.message, files, { userId: user.id, chatId: input.id });
  const turn = prepareTurn(ownRows, { message: checked.message, parentId: input.parentId });
  const needsVision = turn.history.some((message) => hasImageParts(message.parts));
  const models = chooseModels({ registry, tier, requested, rememberedId: chat?.model ?? null, forceCheapest, needsVision });

  const sentAt = new Date();
  const newMessage = turn.newMessage;
  const isFirstAnswer = !ownRows.some((row) => row.role === "assistant" && row.status === "complete");
  const question = turn.history.at(-1);
  const answer = { id: generateId(), parentId: turn.history.at(-1)?.id ?? null, createdAt: new Date(sentAt.getTime() + 1) };
  return {
    store,
    registry,
    userId: user.id,
    tier,
    chatId: input.id,
    write: {
      chat: { id: input.id, userId: user.id, title: provisionalTitle(checked.message.parts), model: models.chosen.id },
      fileIds: newMessage ? checked.fileIds : [],
      message: newMessage && { chatId: input.id, id: newMessage.id, role: "user", parts: newMessage.parts, parentId: newMessage.parentId, createdAt: sentAt },
      // Saved with the question, so that the chat names its live answer from the start (see lib/chat/live-answer.ts).
      answer: {
        message: { chatId: input.id, ...answer, role: "assistant", parts: [], status: "interrupted", model: models.answering.id },
        liveUntil: liveUntil(sentAt),
      },
    },
    model: models.answering,
    needsVision,
    history: turn.history,
    modelMessages: await toModelMessages(turn.history, files, getFileStorage(), {
      readsPdf: canReadPdf(models.answering),
      maxMessageDocumentChars: getUploadLimits().maxMessageDocumentChars,
    }),
    isFirstAnswer,
    titleSource: isFirstAnswer && question ? titleSourceOf(question.parts, files) : "",
    sentAt,
    answer,
  };
}

/** Writes the plan: the chat, the model it remembers, the uploads and the user message, all or nothing. */
export async function saveTurn(plan: TurnPlan): Promise<void> {
  if ((await plan.store.saveChatTurn(plan.write)) === "files_unavailable") {
    throw new AppError("bad_request", "message.parts: an attached file belongs to another chat. Attach it again.");
  }
}

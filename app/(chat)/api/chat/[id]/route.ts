import { requireSessionUser } from "@/lib/auth/session";
import { toOwnerChatJson } from "@/lib/chat/chat-json";
import { readChatMessages } from "@/lib/chat/read-chat-messages";
import { requireOwnedChat } from "@/lib/chat/require-owned-chat";
import { getStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json";
import { route } from "@/lib/http/route";
import { removeDeletedChatFiles } from "@/lib/storage/uploads";
import { chatIdSchema, chatUpdateSchema, SMALL_BODY_BYTES } from "../schema";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

// GET /api/chat/<id> — the chat and its messages, for its owner (answers not stored yet marked pending)
export const GET = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const { store, chat } = await requireOwnedChat(chatId);
  const messages = await readChatMessages(store, chat);
  return Response.json(toOwnerChatJson(chat, messages), { headers: { "Cache-Control": "no-store" } });
});

// PATCH /api/chat/<id> — rename the chat, or make it public (its share link works) or private again
export const PATCH = route(async (request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const input = chatUpdateSchema.parse(await readJsonBody(request, SMALL_BODY_BYTES));
  const user = await requireSessionUser();
  const store = await getStore();
  const owned = { chatId, userId: user.id };
  if (input.title !== undefined && !(await store.updateChatTitle({ ...owned, title: input.title }))) {
    throw new AppError("not_found", "Chat not found.");
  }
  if (input.visibility !== undefined && !(await store.updateChatVisibility({ ...owned, visibility: input.visibility }))) {
    throw new AppError("not_found", "Chat not found.");
  }
  const chat = await store.getChatForUser(owned);
  if (!chat) throw new AppError("not_found", "Chat not found.");
  return Response.json(
    { id: chat.id, title: chat.title, visibility: chat.visibility, model: chat.model },
    { headers: { "Cache-Control": "no-store" } },
  );
});

// DELETE /api/chat/<id> — delete the chat with its messages, votes and files
export const DELETE = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const user = await requireSessionUser();
  const store = await getStore();
  if (!(await store.deleteChatForUser({ chatId, userId: user.id }))) throw new AppError("not_found", "Chat not found.");
  await removeDeletedChatFiles(store);
  return new Response(null, { status: 204 });
});

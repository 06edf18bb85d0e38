import { randomUUID } from "node:crypto";
import { requireSessionUser } from "@/lib/auth/session";
import { chatImportSchema, importedMessages, importedTitle, MAX_IMPORT_BYTES } from "@/lib/chat/chat-export";
import { toChatListItem } from "@/lib/chat/chat-list";
import { getStore } from "@/lib/db";
import { restoreImportedFiles } from "@/lib/documents/restore-files";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json";
import { route } from "@/lib/http/route";
import { getFileStorage } from "@/lib/storage";

export const dynamic = "force-dynamic";

// POST /api/chats/import — a JSON export (GET /api/chat/<id>/export?format=json) becomes a new chat of the user's
export const POST = route(async (request) => {
  const input = chatImportSchema.parse(await readJsonBody(request, MAX_IMPORT_BYTES));
  const user = await requireSessionUser();
  const store = await getStore();
  const chatId = randomUUID();
  // documents (#13): the chat gets copies of the attachments that still exist; the others become notes.
  const { messages, fileIds } = await restoreImportedFiles(store, getFileStorage(), user.id, importedMessages(input, chatId));
  const chat = await store.createChat({ id: chatId, userId: user.id, title: importedTitle(input), model: input.chat.model ?? null });
  if (!chat) throw new AppError("conflict", "Try the import again.");
  try {
    await store.saveMessages({ messages });
    await store.attachFilesToChat({ userId: user.id, chatId, fileIds });
  } catch (error) {
    // One transaction saves the messages; without them the empty chat would only confuse.
    await store.deleteChatForUser({ chatId, userId: user.id });
    throw error;
  }
  const saved = await store.getChatForUser({ chatId, userId: user.id });
  return Response.json({ chat: toChatListItem(saved ?? chat) }, { status: 201 });
});

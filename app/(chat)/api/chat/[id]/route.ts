import { requireSessionUser } from "@/lib/auth/session";
import { toChatMessage } from "@/lib/chat/to-ui-message";
import { getStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { chatIdSchema } from "../schema";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

// GET /api/chat/<id> — the chat and its messages, for its owner
export const GET = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const user = await requireSessionUser();
  const store = await getStore();
  const chat = await store.getChatForUser({ chatId, userId: user.id });
  if (!chat) throw new AppError("not_found", "Chat not found.");
  const messages = await store.getMessagesByChatId({ chatId });
  return Response.json(
    {
      chat: { id: chat.id, title: chat.title, visibility: chat.visibility, model: chat.model, createdAt: chat.createdAt, updatedAt: chat.updatedAt },
      messages: messages.map((row) => ({
        ...toChatMessage(row),
        createdAt: row.createdAt,
        usage: row.costUsd === null ? null : { inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUsd: row.costUsd },
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});

// DELETE /api/chat/<id> — delete the chat with its messages and votes
export const DELETE = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const user = await requireSessionUser();
  const store = await getStore();
  if (!(await store.deleteChatForUser({ chatId, userId: user.id }))) throw new AppError("not_found", "Chat not found.");
  return new Response(null, { status: 204 });
});

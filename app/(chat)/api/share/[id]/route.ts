import { toSharedChatJson } from "@/lib/chat/chat-json";
import { getStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { chatIdSchema } from "../../chat/schema";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

// GET /api/share/<id> — a public chat, read-only, for anyone (no session needed); a private one is not found
export const GET = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const store = await getStore();
  const chat = await store.getChatById({ id: chatId });
  if (!chat || chat.visibility !== "public") throw new AppError("not_found", "This chat is not shared.");
  const messages = await store.getMessagesByChatId({ chatId });
  // Revoking a share must take effect at once: no shared cache may keep the old answer.
  return Response.json(toSharedChatJson(chat, messages), { headers: { "Cache-Control": "no-store" } });
});

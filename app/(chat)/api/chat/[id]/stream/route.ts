import { getActiveAnswers } from "@/lib/chat/active-answers";
import { requireOwnedChat } from "@/lib/chat/require-owned-chat";
import { route } from "@/lib/http/route";
import { chatIdSchema } from "../../schema";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

// DELETE /api/chat/<id>/stream — Stop: end the answer being generated; what was written so far is kept
export const DELETE = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  await requireOwnedChat(chatId);
  const stopped = await getActiveAnswers().stop(chatId);
  return Response.json({ stopped }, { headers: { "Cache-Control": "no-store" } });
});

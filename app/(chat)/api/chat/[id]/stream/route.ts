import { requireSessionUser } from "@/lib/auth/session";
import { stopAnswer } from "@/lib/chat/active-answers";
import { getStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { chatIdSchema } from "../../schema";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

// DELETE /api/chat/<id>/stream — Stop: end the answer being generated; what was written so far is kept
export const DELETE = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const user = await requireSessionUser();
  const store = await getStore();
  if (!(await store.getChatForUser({ chatId, userId: user.id }))) throw new AppError("not_found", "Chat not found.");
  return Response.json({ stopped: stopAnswer(chatId) }, { headers: { "Cache-Control": "no-store" } });
});

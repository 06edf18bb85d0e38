import { getActiveAnswers } from "@/lib/chat/active-answers";
import { liveAnswerIdOf } from "@/lib/chat/live-answer";
import { requireOwnedChat } from "@/lib/chat/require-owned-chat";
import { eventStreamResponse } from "@/lib/chat/stream-answer";
import { route } from "@/lib/http/route";
import { getLiveStreams } from "@/lib/streams/live-streams";
import { chatIdSchema } from "../../schema";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";
// A followed answer lasts as long as the one being written.
export const maxDuration = 300;

/** The answer this instance is writing for the chat, known even while the database cannot renew its lease. */
function answerWrittenHere(chatId: string): string | null {
  return getActiveAnswers()
    .listForChat(chatId)
    .find((answer) => answer.phase === "writing")?.id ?? null;
}

// GET /api/chat/<id>/stream — follow the answer being written (from its start, then live), or 204 when none is
export const GET = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const { chat } = await requireOwnedChat(chatId);
  // The stream's id comes from the owner's own chat row: nobody can follow another user's answer.
  const answerId = answerWrittenHere(chatId) ?? liveAnswerIdOf(chat);
  const events = answerId ? await getLiveStreams().follow(answerId) : null;
  if (!events) return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  return eventStreamResponse(events);
});

// DELETE /api/chat/<id>/stream — Stop: end the answer being generated, on whichever instance writes it; what was
// written so far is kept (saved `stopped`)
export const DELETE = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const { chat } = await requireOwnedChat(chatId);
  const stoppedHere = await getActiveAnswers().stopEverywhere(chatId);
  const stopped = stoppedHere || liveAnswerIdOf(chat) !== null;
  return Response.json({ stopped }, { headers: { "Cache-Control": "no-store" } });
});

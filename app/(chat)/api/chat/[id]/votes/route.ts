import { requireOwnedChat } from "@/lib/chat/require-owned-chat";
import { readJsonBody } from "@/lib/http/read-json";
import { route } from "@/lib/http/route";
import { chatIdSchema, SMALL_BODY_BYTES, voteSchema } from "../../schema";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

// GET /api/chat/<id>/votes — the owner's thumbs up/down on the chat's messages
export const GET = route(async (_request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const { store } = await requireOwnedChat(chatId);
  const votes = await store.getVotesByChatId({ chatId });
  return Response.json(
    { votes: votes.map(({ messageId, isUpvoted }) => ({ messageId, isUpvoted })) },
    { headers: { "Cache-Control": "no-store" } },
  );
});

// PUT /api/chat/<id>/votes — set or replace the owner's vote on one message
export const PUT = route(async (request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const input = voteSchema.parse(await readJsonBody(request, SMALL_BODY_BYTES));
  const { store } = await requireOwnedChat(chatId);
  await store.voteMessage({ chatId, messageId: input.messageId, isUpvoted: input.isUpvoted });
  return Response.json({ messageId: input.messageId, isUpvoted: input.isUpvoted }, { headers: { "Cache-Control": "no-store" } });
});

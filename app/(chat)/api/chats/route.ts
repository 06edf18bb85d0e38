import { requireSessionUser } from "@/lib/auth/session";
import { chatListQuerySchema, toChatListItem } from "@/lib/chat/chat-list";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/chats — the user's chats, most recently updated first: a page (cursor), or those matching ?q= in their
// title or messages, each with a snippet of the matching text
export const GET = route(async (request) => {
  const params = new URL(request.url).searchParams;
  const query = chatListQuerySchema.parse(Object.fromEntries(params));
  const user = await requireSessionUser();
  const store = await getStore();
  const headers = { "Cache-Control": "no-store" };
  if (query.q !== undefined) {
    const results = await store.searchChatsByUserId({ userId: user.id, query: query.q, limit: query.limit });
    const chats = results.map((result) => ({ ...toChatListItem(result.chat), snippet: result.snippet }));
    return Response.json({ chats, nextCursor: null }, { headers });
  }
  const page = await store.listChatsByUserId({ userId: user.id, limit: query.limit, cursor: query.cursor ?? null });
  return Response.json({ chats: page.items.map(toChatListItem), nextCursor: page.nextCursor }, { headers });
});

import { z } from "zod";
import { attachmentHeader, toExportJson, toExportMarkdown } from "@/lib/chat/chat-export";
import { requireOwnedChat } from "@/lib/chat/require-owned-chat";
import { route } from "@/lib/http/route";
import { chatIdSchema } from "../../schema";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

const formatSchema = z.enum(["markdown", "json"], { error: "format must be markdown or json" }).default("markdown");

// GET /api/chat/<id>/export?format=markdown|json — download the chat: Markdown (what the screen shows) or JSON
// (every version of every message, for import)
export const GET = route(async (request, { params }: Context) => {
  const chatId = chatIdSchema.parse((await params).id);
  const format = formatSchema.parse(new URL(request.url).searchParams.get("format") ?? undefined);
  const { store, chat } = await requireOwnedChat(chatId);
  const messages = await store.getMessagesByChatId({ chatId });
  const headers = { "Cache-Control": "no-store" };
  if (format === "json") {
    return new Response(`${JSON.stringify(toExportJson(chat, messages), null, 2)}\n`, {
      headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Disposition": attachmentHeader(chat.title, "json") },
    });
  }
  return new Response(toExportMarkdown(chat, messages), {
    headers: { ...headers, "Content-Type": "text/markdown; charset=utf-8", "Content-Disposition": attachmentHeader(chat.title, "md") },
  });
});

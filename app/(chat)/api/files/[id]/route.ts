import { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { getStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { servedAs } from "@/lib/documents/served-as";
import { requireFileStorage } from "@/lib/storage/uploads";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

// GET /api/files/<id> — an uploaded image or document, for its owner, and for anyone while the chat it was sent in is public
export const GET = route(async (_request, { params }: Context) => {
  const parsed = z.uuid().safeParse((await params).id);
  if (!parsed.success) throw new AppError("not_found", "File not found.");
  const store = await getStore();
  const file = await store.getFileById({ id: parsed.data });
  const user = await getSessionUser();
  let allowed = Boolean(file && user && file.userId === user.id);
  if (file && !allowed && file.chatId) allowed = (await store.getChatById({ id: file.chatId }))?.visibility === "public";
  if (!file || !allowed) throw new AppError("not_found", "File not found.");
  const bytes = await requireFileStorage().read(file.storageKey);
  if (!bytes) throw new AppError("not_found", "File not found.");
  const served = servedAs(file);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": served.contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `${served.disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      // Private: a shared chat can be made private again, and a shared cache must not keep serving its images.
      "Cache-Control": "private, max-age=300",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "X-Content-Type-Options": "nosniff",
    },
  });
});

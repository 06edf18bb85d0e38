import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { chatIdSchema } from "@/app/(chat)/api/chat/schema";
import { HomeLink, SharedHeader, startChatLinkClass } from "@/components/share/shared-header";
import { SharedMessage } from "@/components/share/shared-message";
import { latestBranch } from "@/lib/chat/message-tree";
import { toChatMessage } from "@/lib/chat/to-ui-message";
import { getStore } from "@/lib/db";

type SharePageProps = { params: Promise<{ id: string }> };

// Making a chat private must end its link at once: nothing here may be cached.
export const dynamic = "force-dynamic";

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });

/** The public chat, read per request and shared by the metadata and the page; null when it is unknown or private. */
const loadSharedChat = cache(async (id: string) => {
  const parsed = chatIdSchema.safeParse(id);
  if (!parsed.success) return null;
  const store = await getStore();
  const chat = await store.getChatById({ id: parsed.data });
  if (!chat || chat.visibility !== "public") return null;
  const rows = await store.getMessagesByChatId({ chatId: chat.id });
  // The branch the owner sees when opening the chat (migration 0003 gave older chats their parents).
  const messages = latestBranch(rows.map(toChatMessage)).filter((message) => message.role !== "system");
  return { title: chat.title, lastActivityAt: rows.at(-1)?.createdAt ?? chat.createdAt, messages };
});

export async function generateMetadata({ params }: SharePageProps): Promise<Metadata> {
  const shared = await loadSharedChat((await params).id);
  // Anyone with the link may read it, but it is unlisted: search engines are asked not to index it.
  const robots = { index: false, follow: false };
  if (!shared) return { title: "Shared chat not found", robots };
  const description = "A conversation shared from chatbot.";
  return { title: shared.title, description, robots, openGraph: { title: shared.title, description, type: "article" } };
}

// /share/<id> — a public chat, read-only, for anyone with the link (no session needed)
export default async function SharedChatPage({ params }: SharePageProps) {
  const shared = await loadSharedChat((await params).id);
  if (!shared) notFound();

  return (
    <div className="flex min-h-dvh flex-col">
      <SharedHeader />
      <main className="flex-1">
        <article className="mx-auto w-full max-w-3xl px-4 pt-8 pb-12 sm:pt-12">
          <header className="border-b border-zinc-200 pb-6 dark:border-zinc-800">
            <h1 className="text-2xl font-semibold tracking-tight break-words sm:text-3xl">{shared.title}</h1>
            <p className="mt-2 flex items-center gap-1.5 text-sm text-zinc-500 dark:text-zinc-400">
              <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0">
                <circle cx="8" cy="8" r="5.75" fill="none" stroke="currentColor" strokeWidth="1.3" />
                <path
                  d="M2.5 8h11M8 2.25c1.6 1.6 2.4 3.5 2.4 5.75S9.6 12.15 8 13.75C6.4 12.15 5.6 10.25 5.6 8S6.4 3.85 8 2.25z"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.3"
                />
              </svg>
              <span>
                Shared conversation ·{" "}
                <time dateTime={shared.lastActivityAt.toISOString()}>{dateFormat.format(shared.lastActivityAt)}</time>
              </span>
            </p>
          </header>

          <div className="mt-8 flex flex-col gap-6">
            {shared.messages.length === 0 ? (
              <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">This chat has no messages yet.</p>
            ) : (
              shared.messages.map((message) => <SharedMessage key={message.id} message={message} />)
            )}
          </div>

          <aside className="mt-14 flex flex-col items-center gap-4 rounded-3xl border border-zinc-200 bg-zinc-50 px-6 py-8 text-center dark:border-zinc-800 dark:bg-zinc-900">
            <div>
              <p className="font-medium">This is a read-only copy of a shared chat.</p>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Ask your own questions in a new chat — no account needed.</p>
            </div>
            <HomeLink className={startChatLinkClass}>
              Start your own chat
            </HomeLink>
          </aside>
          <p className="mt-6 text-center text-xs text-zinc-500 dark:text-zinc-400">Answers can be wrong. Check important information.</p>
        </article>
      </main>
    </div>
  );
}

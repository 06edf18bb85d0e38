import { Markdown } from "@/components/chat/markdown";
import { MessageDocuments } from "@/components/chat/message-documents";
import { MessageImages } from "@/components/chat/message-images";
import { CopyButton } from "@/components/ui/copy-button";
import type { ChatMessage } from "@/lib/chat/types";

export type SharedMessageProps = { message: ChatMessage };

/** One message of a shared chat, read-only: the user's words in a bubble, the answer as Markdown with a Copy button. */
export function SharedMessage({ message }: SharedMessageProps) {
  const text = message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");

  if (message.role === "user") {
    return (
      <div data-role="user" className="flex flex-col items-end gap-1">
        <MessageImages message={message} />
        <MessageDocuments message={message} />
        {text.trim() ? (
          <div className="max-w-[85%] rounded-3xl bg-zinc-100 px-4 py-2.5 break-words whitespace-pre-wrap dark:bg-zinc-800">{text}</div>
        ) : null}
      </div>
    );
  }

  const status = message.metadata?.status;
  return (
    <div data-role="assistant" className="group min-w-0 break-words">
      {text ? <Markdown text={text} /> : null}
      {status === "stopped" || status === "error" ? (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{status === "stopped" ? "Stopped" : "The answer was interrupted"}</p>
      ) : null}
      {text ? (
        <div className="mt-1 -ml-2 flex">
          <CopyButton text={text} label="Copy message" />
        </div>
      ) : null}
    </div>
  );
}

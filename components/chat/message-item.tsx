import type { ChatMessage } from "@/lib/chat/types";
import { Markdown } from "./markdown";
import { Reasoning } from "./reasoning";

export type MessageItemProps = { message: ChatMessage; isStreaming: boolean };

const STATUS_NOTE = {
  stopped: "Stopped",
  error: "The answer was interrupted",
} as const;

export function MessageItem({ message, isStreaming }: MessageItemProps) {
  const text = message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
  const status = message.metadata?.status;
  const note = status === "stopped" || status === "error" ? STATUS_NOTE[status] : null;

  if (message.role === "user") {
    return (
      <div data-role="user" className="flex justify-end">
        <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-3xl bg-zinc-100 px-4 py-2.5 dark:bg-zinc-800">
          {text}
        </div>
      </div>
    );
  }

  const reasoningParts = message.parts.flatMap((part) => (part.type === "reasoning" && part.text.trim() ? [part] : []));
  const reasoning = reasoningParts.map((part) => part.text.trim()).join("\n\n");
  const isThinking = isStreaming && !text && reasoningParts.some((part) => part.state === "streaming");

  return (
    <div data-role="assistant" aria-busy={isStreaming} className="min-w-0 break-words">
      {reasoning ? <Reasoning text={reasoning} isThinking={isThinking} /> : null}
      {text ? (
        <Markdown text={text} />
      ) : isStreaming && !reasoning ? (
        <span role="status" aria-label="Waiting for the answer" className="inline-block h-4 w-4 animate-pulse rounded-full bg-zinc-400" />
      ) : null}
      {note ? <p className="mt-2 text-xs text-zinc-500">{note}</p> : null}
    </div>
  );
}

import { textOf } from "@/lib/chat/message-text";
import type { ChatMessage } from "@/lib/chat/types";
import { Markdown } from "./markdown";
import { MessageDocuments } from "./message-documents";
import { MessageImages } from "./message-images";
import { MessageActions } from "./message-actions";
import { MessageEditor } from "./message-editor";
import { Reasoning } from "./reasoning";
import type { VersionInfo } from "./use-message-tree";

export type MessageItemProps = {
  message: ChatMessage;
  isStreaming: boolean;
  /** The last message of the branch: its actions stay in view. */
  isLast: boolean;
  isBusy: boolean;
  versions: VersionInfo | undefined;
  isEditing: boolean;
  isUpvoted: boolean | undefined;
  onSwitch: (messageId: string) => void;
  onStartEdit: (messageId: string) => void;
  onCancelEdit: () => void;
  onSubmitEdit: (messageId: string, text: string) => void;
  onVote: (messageId: string, isUpvoted: boolean) => void;
  /** Only the latest answer can be regenerated. */
  onRegenerate?: () => void;
};

const STATUS_NOTE = {
  stopped: "Stopped",
  error: "The answer was interrupted",
  interrupted: "The answer was cut off when the server restarted",
} as const;

/** Said plainly while an answer is not in the store yet, so nobody takes it for saved. */
const PENDING_NOTE = {
  writing: "This answer is still being written. The rest appears here when it is done.",
  saving: "Not saved yet: the server could not store this answer and keeps trying. It will stay once saved.",
} as const;

/** One message of the branch on screen, with its action row (the answer's Markdown is memoised on its text). */
export function MessageItem(props: MessageItemProps) {
  const { message, isStreaming, isLast, isBusy, versions, isEditing } = props;
  const text = textOf(message, { types: ["text"] });

  if (message.role === "user") {
    if (isEditing) {
      return (
        <MessageEditor
          initialText={text}
          onCancel={props.onCancelEdit}
          onSubmit={(edited) => props.onSubmitEdit(message.id, edited)}
        />
      );
    }
    return (
      <div className="group/message flex flex-col items-end gap-1">
        <MessageImages message={message} />
        <MessageDocuments message={message} />
        {text.trim() ? (
          <div
            data-role="user"
            className="max-w-[85%] rounded-3xl bg-zinc-100 px-4 py-2.5 leading-7 break-words whitespace-pre-wrap sm:max-w-[75%] dark:bg-zinc-800"
          >
            {text}
          </div>
        ) : (
          <span data-role="user" className="sr-only">
            Attachment
          </span>
        )}
        <MessageActions
          role="user"
          text={text}
          versions={versions}
          isPinned={versions !== undefined}
          isBusy={isBusy}
          onSwitch={props.onSwitch}
          onEdit={() => props.onStartEdit(message.id)}
        />
      </div>
    );
  }

  const reasoningParts = message.parts.flatMap((part) => (part.type === "reasoning" && part.text.trim() ? [part] : []));
  const reasoning = reasoningParts.map((part) => part.text.trim()).join("\n\n");
  const isThinking = isStreaming && !text && reasoningParts.some((part) => part.state === "streaming");
  const status = message.metadata?.status;
  const note = status === "stopped" || status === "error" || status === "interrupted" ? STATUS_NOTE[status] : null;
  const pending = message.metadata?.pending;

  return (
    <div className="group/message flex min-w-0 flex-col gap-1">
      <div data-role="assistant" aria-busy={isStreaming} className="min-w-0 break-words">
        {reasoning ? <Reasoning text={reasoning} isThinking={isThinking} /> : null}
        {text ? (
          <Markdown text={text} isStreaming={isStreaming} />
        ) : isStreaming && !reasoning ? (
          <span role="status" aria-label="Waiting for the answer" className="inline-block size-3.5 animate-pulse rounded-full bg-zinc-400" />
        ) : null}
        {note ? (
          <p className="mt-2 flex items-center gap-2 text-xs text-zinc-500">
            {note}
            {/* Cut off by a server going away: asking again is what the reader wants, as after a failed request. */}
            {status === "interrupted" && props.onRegenerate ? (
              <button
                type="button"
                onClick={props.onRegenerate}
                className="rounded-full border border-zinc-300 px-2 py-0.5 font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
              >
                Retry
              </button>
            ) : null}
          </p>
        ) : null}
        {pending && !(isStreaming && pending === "writing") ? (
          <p role="status" className="mt-2 text-xs text-amber-700 dark:text-amber-400">
            {PENDING_NOTE[pending]}
          </p>
        ) : null}
      </div>
      {isStreaming || pending === "writing" ? null : (
        <MessageActions
          role="assistant"
          text={text}
          versions={versions}
          isPinned={isLast || versions !== undefined}
          isBusy={isBusy}
          onSwitch={props.onSwitch}
          vote={{ isUpvoted: props.isUpvoted, onVote: (isUpvoted) => props.onVote(message.id, isUpvoted) }}
          onRegenerate={props.onRegenerate}
        />
      )}
    </div>
  );
}

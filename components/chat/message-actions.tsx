import { CopyButton } from "@/components/ui/copy-button";
import { PencilIcon, RegenerateIcon, ThumbIcon } from "./icons";
import type { VersionInfo } from "./use-message-tree";
import { VersionSwitcher } from "./version-switcher";

export type MessageActionsProps = {
  role: "user" | "assistant";
  text: string;
  versions: VersionInfo | undefined;
  /** Always shown (the latest answer); otherwise shown on hover or focus where there is a mouse. */
  isPinned: boolean;
  /** An answer is streaming: nothing may change the branch meanwhile. */
  isBusy: boolean;
  onSwitch: (messageId: string) => void;
  onEdit?: () => void;
  vote?: { isUpvoted: boolean | undefined; onVote: (isUpvoted: boolean) => void };
  onRegenerate?: () => void;
};

export const actionButtonClass =
  "grid size-8 place-items-center rounded-lg text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:pointer-events-none disabled:opacity-40 aria-pressed:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:aria-pressed:text-zinc-100";

/** The row under a message: copy, edit or vote and regenerate, and the version switcher when there are versions. */
export function MessageActions({ role, text, versions, isPinned, isBusy, onSwitch, onEdit, vote, onRegenerate }: MessageActionsProps) {
  // Touch screens have no hover: there the row is always shown.
  const reveal = isPinned
    ? ""
    : "pointer-fine:opacity-0 pointer-fine:group-hover/message:opacity-100 pointer-fine:group-focus-within/message:opacity-100";
  return (
    <div
      className={`flex items-center gap-0.5 transition-opacity ${role === "user" ? "justify-end" : "-ml-1.5"} ${reveal}`}>
      {versions && role === "user" ? <VersionSwitcher versions={versions} onSwitch={onSwitch} isDisabled={isBusy} /> : null}
      <CopyButton text={text} label="Copy message" className={actionButtonClass} />
      {onEdit ? (
        <button type="button" aria-label="Edit message" title="Edit message" onClick={onEdit} disabled={isBusy} className={actionButtonClass}>
          <PencilIcon />
        </button>
      ) : null}
      {vote ? (
        <>
          <button
            type="button"
            aria-label="Good response"
            title="Good response"
            aria-pressed={vote.isUpvoted === true}
            onClick={() => vote.onVote(true)}
            className={actionButtonClass}
          >
            <ThumbIcon isFilled={vote.isUpvoted === true} />
          </button>
          <button
            type="button"
            aria-label="Bad response"
            title="Bad response"
            aria-pressed={vote.isUpvoted === false}
            onClick={() => vote.onVote(false)}
            className={actionButtonClass}
          >
            <ThumbIcon isDown isFilled={vote.isUpvoted === false} />
          </button>
        </>
      ) : null}
      {onRegenerate ? (
        <button type="button" aria-label="Regenerate" title="Regenerate" onClick={onRegenerate} disabled={isBusy} className={actionButtonClass}>
          <RegenerateIcon />
        </button>
      ) : null}
      {versions && role === "assistant" ? <VersionSwitcher versions={versions} onSwitch={onSwitch} isDisabled={isBusy} /> : null}
    </div>
  );
}

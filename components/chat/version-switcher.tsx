import { ChevronIcon } from "./icons";
import type { VersionInfo } from "./use-message-tree";

export type VersionSwitcherProps = {
  versions: VersionInfo;
  onSwitch: (messageId: string) => void;
  /** While an answer streams the branch cannot change. */
  isDisabled: boolean;
};

const buttonClass =
  "grid size-7 place-items-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:pointer-events-none disabled:opacity-40 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

/** "‹ 2/3 ›": moves between the edits of a question or the regenerations of an answer. */
export function VersionSwitcher({ versions, onSwitch, isDisabled }: VersionSwitcherProps) {
  const { index, count, previousId, nextId } = versions;
  return (
    <div className="flex items-center text-xs text-zinc-500 dark:text-zinc-400" role="group" aria-label="Versions">
      <button
        type="button"
        aria-label="Previous version"
        disabled={isDisabled || !previousId}
        onClick={() => previousId && onSwitch(previousId)}
        className={buttonClass}
      >
        <ChevronIcon direction="left" className="size-3.5" />
      </button>
      <span className="min-w-7 text-center tabular-nums">
        {index + 1}/{count}
      </span>
      <button
        type="button"
        aria-label="Next version"
        disabled={isDisabled || !nextId}
        onClick={() => nextId && onSwitch(nextId)}
        className={buttonClass}
      >
        <ChevronIcon direction="right" className="size-3.5" />
      </button>
    </div>
  );
}

"use client";

import { Dialog } from "@/components/ui/dialog";
import { keyLabel, SHORTCUTS } from "./shortcut-list";

export type ShortcutsHelpDialogProps = { isOpen: boolean; onClose: () => void; isMac: boolean };

/** Every shortcut with its keys, as this platform writes them. */
export function ShortcutsHelpDialog({ isOpen, onClose, isMac }: ShortcutsHelpDialogProps) {
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Keyboard shortcuts">
      <ul className="flex flex-col gap-1 overflow-y-auto px-5 pt-3 pb-2">
        {SHORTCUTS.map((shortcut) => (
          <li key={shortcut.id} className="flex items-center justify-between gap-4 py-1.5 text-sm">
            <span className="text-zinc-700 dark:text-zinc-300">{shortcut.label}</span>
            <span className="flex shrink-0 gap-1">
              {shortcut.keys.map((key) => (
                <kbd
                  key={key}
                  className="inline-flex h-6 min-w-6 items-center justify-center rounded-md border border-zinc-200 bg-zinc-50 px-1.5 font-sans text-xs text-zinc-600 shadow-[0_1px_0] shadow-zinc-200 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300 dark:shadow-zinc-700"
                >
                  {keyLabel(key, isMac)}
                </kbd>
              ))}
            </span>
          </li>
        ))}
      </ul>
      <div className="flex justify-end px-5 pt-2 pb-5">
        <button
          type="button"
          onClick={onClose}
          className="rounded-full bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Close
        </button>
      </div>
    </Dialog>
  );
}

"use client";

import { useEffect, useRef, useState } from "react";
import { emitAppEvent, onAppEvent } from "@/components/app-events";
import { Dialog } from "@/components/ui/dialog";
import { keyLabel, matchShortcut, SHORTCUTS } from "./shortcut-list";
import { useIsMac } from "./use-is-mac";

export type KeyboardShortcutsProps = {
  onNewChat: () => void;
  onSearch: () => void;
};

/** An open dialog or menu owns the keyboard; the open drawer owns Escape. */
function isOverlayOpen(isEscape: boolean): boolean {
  return document.querySelector(isEscape ? 'dialog[open], [role="menu"], [data-drawer-open]' : 'dialog[open], [role="menu"]') !== null;
}

/** The app-wide keyboard shortcuts, and the dialog that lists them (Ctrl/⌘+/ or a show-shortcuts event). */
export function KeyboardShortcuts({ onNewChat, onSearch }: KeyboardShortcutsProps) {
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const isMac = useIsMac();
  const actions = useRef({ onNewChat, onSearch, isMac });
  useEffect(() => {
    actions.current = { onNewChat, onSearch, isMac };
  }, [onNewChat, onSearch, isMac]);

  useEffect(() => onAppEvent("show-shortcuts", () => setIsHelpOpen(true)), []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.repeat) return;
      const id = matchShortcut(event, actions.current.isMac);
      if (!id || isOverlayOpen(event.key === "Escape")) return;
      // Escape keeps its usual meaning for the browser and the focused control; the rest are ours alone.
      if (id !== "stop-answer") event.preventDefault();
      if (id === "new-chat") actions.current.onNewChat();
      else if (id === "search") actions.current.onSearch();
      else if (id === "show-shortcuts") setIsHelpOpen(true);
      else emitAppEvent(id, {});
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  return (
    <Dialog isOpen={isHelpOpen} onClose={() => setIsHelpOpen(false)} title="Keyboard shortcuts">
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
          onClick={() => setIsHelpOpen(false)}
          className="rounded-full bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Close
        </button>
      </div>
    </Dialog>
  );
}

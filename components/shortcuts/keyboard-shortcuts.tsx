"use client";

import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { emitAppEvent, onAppEvent } from "@/components/app-events";
import { matchShortcut } from "./shortcut-list";
import { useIsMac } from "./use-is-mac";

const ShortcutsHelpDialog = lazy(() => import("./shortcuts-help-dialog").then((m) => ({ default: m.ShortcutsHelpDialog })));

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
  // "never" until first asked for: the dialog's code loads then.
  const [help, setHelp] = useState<"never" | "open" | "closed">("never");
  const isMac = useIsMac();
  const actions = useRef({ onNewChat, onSearch, isMac });
  useEffect(() => {
    actions.current = { onNewChat, onSearch, isMac };
  }, [onNewChat, onSearch, isMac]);

  useEffect(() => onAppEvent("show-shortcuts", () => setHelp("open")), []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.repeat) return;
      const id = matchShortcut(event, actions.current.isMac);
      if (!id || isOverlayOpen(event.key === "Escape")) return;
      // Escape keeps its usual meaning for the browser and the focused control; the rest are ours alone.
      if (id !== "stop-answer") event.preventDefault();
      if (id === "new-chat") actions.current.onNewChat();
      else if (id === "search") actions.current.onSearch();
      else if (id === "show-shortcuts") setHelp("open");
      else emitAppEvent(id, {});
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  return help !== "never" ? (
    <Suspense fallback={null}>
      <ShortcutsHelpDialog isOpen={help === "open"} onClose={() => setHelp("closed")} isMac={isMac} />
    </Suspense>
  ) : null;
}

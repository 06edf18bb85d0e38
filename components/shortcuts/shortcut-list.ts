export type ShortcutId = "new-chat" | "search" | "toggle-sidebar" | "focus-composer" | "stop-answer" | "show-shortcuts";

/** "Mod" is ⌘ on Apple platforms and Ctrl elsewhere. */
export type ShortcutKey = "Mod" | "Shift" | "Esc" | "O" | "K" | "S" | "/";

export type Shortcut = { id: ShortcutId; label: string; keys: ShortcutKey[] };

export const SHORTCUTS: Shortcut[] = [
  { id: "new-chat", label: "New chat", keys: ["Mod", "Shift", "O"] },
  { id: "search", label: "Search chats", keys: ["Mod", "K"] },
  { id: "toggle-sidebar", label: "Toggle sidebar", keys: ["Mod", "Shift", "S"] },
  { id: "focus-composer", label: "Focus the message box", keys: ["Shift", "Esc"] },
  { id: "stop-answer", label: "Stop generating", keys: ["Esc"] },
  { id: "show-shortcuts", label: "Keyboard shortcuts", keys: ["Mod", "/"] },
];

type KeyInput = Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

/** Which shortcut a key press is, if any. `code` makes O, K, S and / work on any keyboard layout. */
export function matchShortcut(event: KeyInput, isMac: boolean): ShortcutId | null {
  if (event.altKey) return null;
  const mod = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  const key = event.key.toLowerCase();
  if (event.key === "Escape" && !event.ctrlKey && !event.metaKey) return event.shiftKey ? "focus-composer" : "stop-answer";
  if (!mod) return null;
  if (event.shiftKey && (event.code === "KeyO" || key === "o")) return "new-chat";
  if (event.shiftKey && (event.code === "KeyS" || key === "s")) return "toggle-sidebar";
  if (!event.shiftKey && (event.code === "KeyK" || key === "k")) return "search";
  if (event.code === "Slash" || key === "/") return "show-shortcuts";
  return null;
}

/** The keys as printed: ⌘ ⇧ on Apple platforms, Ctrl Shift elsewhere. */
export function keyLabel(key: ShortcutKey, isMac: boolean): string {
  if (key === "Mod") return isMac ? "⌘" : "Ctrl";
  if (key === "Shift") return isMac ? "⇧" : "Shift";
  return key;
}

/** The aria-keyshortcuts value of a shortcut, e.g. "Control+Shift+O". */
export function ariaKeys(id: ShortcutId, isMac: boolean): string {
  const shortcut = SHORTCUTS.find((s) => s.id === id);
  if (!shortcut) return "";
  const names: Record<ShortcutKey, string> = { Mod: isMac ? "Meta" : "Control", Shift: "Shift", Esc: "Escape", O: "O", K: "K", S: "S", "/": "/" };
  return shortcut.keys.map((key) => names[key]).join("+");
}

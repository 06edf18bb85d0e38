"use client";

import { type KeyboardEvent, type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import type { MenuItem } from "./menu-item";

export type MenuPopupProps = {
  id: string;
  label: string;
  items: MenuItem[];
  triggerRef: RefObject<HTMLButtonElement | null>;
  onClose: (restoreFocus: boolean) => void;
};

const GAP_PX = 4;
const EDGE_PX = 8;

/**
 * The open menu: arrows, Home/End, Escape and Tab. Portalled to <body> with fixed coordinates under the trigger
 * (above it near the bottom), so a scrolling list or the drawer's transform cannot clip it.
 */
export function MenuPopup({ id, label, items, triggerRef, onClose }: MenuPopupProps) {
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);

  useLayoutEffect(() => {
    const trigger = triggerRef.current?.getBoundingClientRect();
    const menu = menuRef.current?.getBoundingClientRect();
    if (!trigger || !menu) return;
    const below = trigger.bottom + GAP_PX;
    const top = below + menu.height > window.innerHeight - EDGE_PX ? trigger.top - GAP_PX - menu.height : below;
    const left = Math.min(Math.max(EDGE_PX, trigger.right - menu.width), window.innerWidth - menu.width - EDGE_PX);
    setPosition({ top: Math.max(EDGE_PX, top), left });
  }, [triggerRef]);

  useEffect(() => {
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !triggerRef.current?.contains(target)) closeRef.current(false);
    };
    // Fixed coordinates would drift from the trigger when something around it scrolls (not the chat beside it).
    const onMove = (event: Event) => {
      const target = event.target;
      const trigger = triggerRef.current;
      if (event.type === "resize" || (target instanceof Node && trigger && target.contains(trigger))) closeRef.current(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    window.addEventListener("scroll", onMove, true);
    window.addEventListener("resize", onMove);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      window.removeEventListener("scroll", onMove, true);
      window.removeEventListener("resize", onMove);
    };
  }, [triggerRef]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = entries.indexOf(document.activeElement as HTMLElement);
    const moveTo = (next: number) => entries.at(next % entries.length)?.focus();
    if (event.key === "ArrowDown") moveTo(index + 1);
    else if (event.key === "ArrowUp") moveTo(index - 1);
    else if (event.key === "Home") moveTo(0);
    else if (event.key === "End") moveTo(-1);
    else if (event.key === "Escape" || event.key === "Tab") onClose(true);
    else return;
    // Also tells the global shortcuts (Escape stops an answer) that this key was used.
    event.preventDefault();
    event.stopPropagation();
  };

  return createPortal(
    <div
      ref={menuRef}
      id={id}
      role="menu"
      aria-label={label}
      onKeyDown={onKeyDown}
      style={position ?? { top: 0, left: 0, opacity: 0 }}
      className="fixed z-50 min-w-44 rounded-xl border border-zinc-200 bg-white p-1.5 text-sm text-zinc-900 shadow-lg dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100"
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          onClick={() => {
            onClose(true);
            item.onSelect();
          }}
          className={`flex w-full items-center gap-2.5 rounded-lg px-2.5 py-2 text-left outline-none hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-700 dark:focus-visible:bg-zinc-700 ${item.isDanger ? "text-red-600 dark:text-red-400" : ""}`}
        >
          {item.icon}
          {item.label}
        </button>
      ))}
    </div>,
    document.body,
  );
}

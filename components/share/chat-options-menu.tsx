"use client";

import { type CSSProperties, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { StrokeIcon } from "@/components/ui/stroke-icon";

export type ChatOptionsMenuProps = { chatId: string };

const focusRing = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500";
const MENU_WIDTH_PX = 240;
const VIEWPORT_MARGIN_PX = 8;

/** The ⋯ menu of the chat header: download the chat as Markdown or JSON (a file the import accepts). */
export function ChatOptionsMenu({ chatId }: ChatOptionsMenuProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [position, setPosition] = useState<CSSProperties>({});
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const firstFocus = useRef<"first" | "last">("first");
  const menuId = useId();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  const close = (returnFocus: boolean) => {
    setIsOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  const open = (focus: "first" | "last") => {
    firstFocus.current = focus;
    // Fixed and kept inside the viewport: the button may sit anywhere in a crowded header on a narrow screen.
    const rect = buttonRef.current?.getBoundingClientRect();
    if (rect) {
      const maxLeft = window.innerWidth - MENU_WIDTH_PX - VIEWPORT_MARGIN_PX;
      setPosition({ top: rect.bottom + 6, left: Math.max(VIEWPORT_MARGIN_PX, Math.min(rect.right - MENU_WIDTH_PX, maxLeft)) });
    }
    setIsOpen(true);
  };

  useEffect(() => {
    if (!isOpen) return;
    const list = items();
    (firstFocus.current === "first" ? list[0] : list.at(-1))?.focus();
    // A press anywhere else closes the menu without moving the focus the press gave.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setIsOpen(false);
    };
    const onResize = () => setIsOpen(false);
    document.addEventListener("pointerdown", onPointerDown);
    window.addEventListener("resize", onResize);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      window.removeEventListener("resize", onResize);
    };
  }, [isOpen]);

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      open(event.key === "ArrowDown" ? "first" : "last");
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const moveTo = (next: number) => {
      event.preventDefault();
      list[(next + list.length) % list.length]?.focus();
    };
    if (event.key === "ArrowDown") moveTo(index + 1);
    else if (event.key === "ArrowUp") moveTo(index - 1);
    else if (event.key === "Home") moveTo(0);
    else if (event.key === "End") moveTo(list.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") close(false);
  };

  const exportHref = (format: "markdown" | "json") => `/api/chat/${chatId}/export?format=${format}`;

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label="Chat options"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        onClick={() => (isOpen ? close(false) : open("first"))}
        onKeyDown={onButtonKeyDown}
        className={`inline-flex size-9 items-center justify-center rounded-full hover:bg-zinc-100 aria-expanded:bg-zinc-100 dark:hover:bg-zinc-800 dark:aria-expanded:bg-zinc-800 ${focusRing}`}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4">
          <circle cx="3.5" cy="8" r="1.25" fill="currentColor" />
          <circle cx="8" cy="8" r="1.25" fill="currentColor" />
          <circle cx="12.5" cy="8" r="1.25" fill="currentColor" />
        </svg>
      </button>
      {isOpen ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Chat options"
          onKeyDown={onMenuKeyDown}
          style={{ ...position, width: MENU_WIDTH_PX }}
          className="fixed z-30 rounded-2xl border border-zinc-200 bg-white p-1.5 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div role="group" aria-label="Export">
            <p aria-hidden="true" className="px-3 pt-1.5 pb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">
              Export
            </p>
            <MenuLink href={exportHref("markdown")} label="Download Markdown" hint=".md · to read or print" onDone={() => close(true)} />
            <MenuLink href={exportHref("json")} label="Download JSON" hint=".json · to import again" onDone={() => close(true)} />
          </div>
        </div>
      ) : null}
    </>
  );
}

function MenuLink({ href, label, hint, onDone }: { href: string; label: string; hint: string; onDone: () => void }) {
  const hintId = useId();
  return (
    // The server names the file (Content-Disposition: attachment).
    <a
      href={href}
      download
      role="menuitem"
      tabIndex={-1}
      aria-describedby={hintId}
      onClick={onDone}
      className="flex items-center gap-3 rounded-xl px-3 py-2 outline-none hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800"
    >
      <StrokeIcon strokeWidth={1.5} className="size-4 shrink-0 text-zinc-500 dark:text-zinc-400">
        <path d="M8 2.5v8M4.75 7.5L8 10.75l3.25-3.25M3 13.5h10" />
      </StrokeIcon>
      <span className="flex min-w-0 flex-col">
        <span>{label}</span>
        <span id={hintId} aria-hidden="true" className="text-xs text-zinc-600 dark:text-zinc-400">{hint}</span>
      </span>
    </a>
  );
}

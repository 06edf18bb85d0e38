"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";

export type DialogProps = {
  isOpen: boolean;
  /** Called on Escape, a click on the backdrop and the close button: the owner sets isOpen to false. */
  onClose: () => void;
  title: string;
  /** Hide the heading visually (the search dialog labels itself with its input). */
  isTitleHidden?: boolean;
  children: ReactNode;
  /** Width and placement of the panel. */
  className?: string;
};

/**
 * A modal on the native <dialog>: showModal() gives the focus trap, Escape, inertness of the page and the top layer;
 * the browser puts focus back on the element that opened it when it closes.
 */
export function Dialog({ isOpen, onClose, title, isTitleHidden = false, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const openerRef = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) {
      openerRef.current = document.activeElement;
      dialog.showModal();
    } else if (!isOpen && dialog.open) {
      dialog.close();
    }
  }, [isOpen]);

  const handleClose = () => {
    // The opener may have re-rendered into a new node; only fall back when focus was left on nothing.
    const opener = openerRef.current;
    if (document.activeElement === document.body && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    if (isOpen) onClose();
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={handleClose}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
      className={`m-auto max-h-[min(40rem,calc(100dvh-2rem))] w-[calc(100vw-2rem)] overflow-hidden rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 backdrop:backdrop-blur-[2px] dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 ${className ?? "max-w-md"}`}
    >
      {isOpen ? (
        <div className="flex max-h-[inherit] flex-col">
          <h2 id={titleId} className={isTitleHidden ? "sr-only" : "px-5 pt-5 text-lg font-semibold"}>
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { emitAppEvent, onAppEvent } from "@/components/app-events";
import { StrokeIcon } from "@/components/ui/stroke-icon";
import type { Visibility } from "@/lib/db/schema";
import { updateVisibility } from "./update-visibility";

export type ShareDialogProps = {
  chatId: string;
  title: string;
  visibility: Visibility;
};

const focusRing = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500";

// The dialog itself loads when first opened: most chats are never shared, and the page's first load stays light.
const ShareDialogBody = dynamic(() => import("./share-dialog-body").then((module) => module.ShareDialogBody), { ssr: false });

/** The Share button and its dialog: create the chat's public link, copy it, or make the chat private again. */
export function ShareDialog({ chatId, title, visibility: initialVisibility }: ShareDialogProps) {
  const [visibility, setVisibility] = useState(initialVisibility);
  const [shownProp, setShownProp] = useState(initialVisibility);
  if (shownProp !== initialVisibility) {
    setShownProp(initialVisibility);
    setVisibility(initialVisibility);
  }
  const [isOpen, setIsOpen] = useState(false);
  const [pending, setPending] = useState<Visibility | null>(null);
  const [failed, setFailed] = useState<{ target: Visibility; message: string } | null>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);

  // The sidebar can share or unshare this chat too.
  useEffect(
    () =>
      onAppEvent("chat-saved", (detail) => {
        if (detail.id === chatId && detail.visibility) setVisibility(detail.visibility);
      }),
    [chatId],
  );

  const change = async (target: Visibility) => {
    setPending(target);
    setFailed(null);
    try {
      const saved = await updateVisibility(chatId, target);
      setVisibility(saved);
      emitAppEvent("chat-saved", { id: chatId, visibility: saved });
    } catch (error) {
      setFailed({ target, message: error instanceof Error ? error.message : "Something went wrong. Try again." });
    } finally {
      setPending(null);
    }
  };

  const close = () => {
    setIsOpen(false);
    setFailed(null);
    triggerRef.current?.focus();
  };

  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        onClick={() => setIsOpen(true)}
        aria-haspopup="dialog"
        className={`inline-flex h-9 items-center gap-1.5 rounded-full px-2.5 text-sm font-medium hover:bg-zinc-100 sm:px-3 dark:hover:bg-zinc-800 ${focusRing}`}
      >
        <ShareIcon />
        <span className="sr-only sm:not-sr-only">Share</span>
      </button>
      {/* In <body>, so the dialog inherits nothing from the header it is opened from (nowrap, small text). */}
      {isOpen
        ? createPortal(
            <ShareDialogBody
              chatId={chatId}
              title={title}
              visibility={visibility}
              pending={pending}
              failed={failed}
              onChange={change}
              onClose={close}
            />,
            document.body,
          )
        : null}
    </>
  );
}

function ShareIcon() {
  return (
    <StrokeIcon strokeWidth={1.5} className="size-4">
      <path d="M8 10V2.5M5 5.5l3-3 3 3M3.5 8.5v4a1 1 0 0 0 1 1h7a1 1 0 0 0 1-1v-4" />
    </StrokeIcon>
  );
}

"use client";

import { type KeyboardEvent, useLayoutEffect, useRef } from "react";

/**
 * A textarea that grows with its text up to its CSS max-height, then scrolls. `field-sizing: content` does this in
 * CSS; where a browser lacks it (Firefox, older Safari) the height follows the content here instead.
 */
export function useAutoGrow(value: string) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const textarea = ref.current;
    if (!textarea || CSS.supports("field-sizing", "content")) return;
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight + textarea.offsetHeight - textarea.clientHeight}px`;
  }, [value]);
  return ref;
}

/** An input method is composing a word: its Enter confirms the word (Safari reports that only as keyCode 229). */
export function isComposing(event: KeyboardEvent): boolean {
  return event.nativeEvent.isComposing || event.keyCode === 229;
}

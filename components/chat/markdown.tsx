"use client";

import { lazy, memo, Suspense } from "react";
import "./markdown/markdown.css";
import type { MarkdownProps } from "./markdown/props";

function PlainText({ text }: MarkdownProps) {
  return <div className="md min-w-0 whitespace-pre-wrap">{text}</div>;
}

// react-markdown and its parsers are a fifth of the page's JavaScript and an empty chat needs none of it: they load
// with the first answer, or with the first key or tap, which usually comes well before it. A chunk that fails to
// load leaves the text readable.
const loadContent = () => import("./markdown/content").catch(() => ({ default: PlainText }));
const MarkdownContent = lazy(loadContent);

if (typeof window !== "undefined") {
  const events = ["keydown", "pointerdown"] as const;
  const prefetch = () => {
    for (const type of events) window.removeEventListener(type, prefetch, true);
    void loadContent();
  };
  for (const type of events) window.addEventListener(type, prefetch, { capture: true, passive: true });
}

/** Markdown for answers and reasoning: GFM, highlighted code and math, rendered without jumps while it streams. */
export const Markdown = memo(function Markdown({ text, isStreaming }: MarkdownProps) {
  return (
    <Suspense fallback={<PlainText text={text} />}>
      <MarkdownContent text={text} isStreaming={isStreaming} />
    </Suspense>
  );
});

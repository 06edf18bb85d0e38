"use client";

import { memo, useMemo } from "react";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import type { MarkdownProps } from "./props";
import { HeadingShiftContext, markdownComponents, OpenFenceContext } from "./components";
import { createLazy, useLazy } from "./lazy";
import { prepareMarkdown } from "./source";

type MathModule = typeof import("./math");

const mathModule = createLazy<MathModule>(() => import("./math"));
const PLAIN_REMARK = [remarkGfm];

/**
 * The rendered markdown, loaded lazily by Markdown. Raw HTML in model output shows as text (react-markdown's
 * default), so no XSS. The text is cut into top-level blocks rendered by memoised components: while an answer
 * streams, only its last block re-renders, and finished code blocks are not highlighted again.
 */
export default function MarkdownContent({ text, isStreaming }: MarkdownProps) {
  const blocks = useMemo(() => prepareMarkdown(text), [text]);
  const math = useLazy(mathModule, blocks.some((block) => block.hasMath));
  const shift = useMemo(() => 2 - topHeadingDepth(text), [text]);
  return (
    <HeadingShiftContext value={shift}>
      <div className="md min-w-0">
        {blocks.map((block, index) => (
          <MarkdownBlock
            key={index}
            text={block.text}
            isOpen={block.isOpen && isStreaming !== false}
            math={block.hasMath ? math : null}
          />
        ))}
      </div>
    </HeadingShiftContext>
  );
}

/** The highest heading level (fewest #) of an ATX heading in the text; 2 when it has none. */
function topHeadingDepth(text: string): number {
  let top = 6;
  let found = false;
  for (const match of text.matchAll(/^ {0,3}(#{1,6})[ \t]/gm)) {
    found = true;
    top = Math.min(top, match[1]!.length);
  }
  return found ? top : 2;
}

type MarkdownBlockProps = { text: string; isOpen: boolean; math: MathModule | null };

const MarkdownBlock = memo(function MarkdownBlock({ text, isOpen, math }: MarkdownBlockProps) {
  return (
    <OpenFenceContext value={isOpen ? text.trimEnd().length : null}>
      <ReactMarkdown
        remarkPlugins={math ? [remarkGfm, ...math.remarkPlugins] : PLAIN_REMARK}
        rehypePlugins={math?.rehypePlugins}
        components={markdownComponents}
      >
        {text}
      </ReactMarkdown>
    </OpenFenceContext>
  );
});

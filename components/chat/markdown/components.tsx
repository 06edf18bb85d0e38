"use client";

import { createContext, use, type ComponentProps } from "react";
import type { Components, ExtraProps } from "react-markdown";
import { CodeBlock } from "./code-block";

type HastNode = NonNullable<ExtraProps["node"]>;

/**
 * Where the unterminated fence of a streaming block begins, as a source offset: a code block reaching the end of
 * its block's text is the one still being written. Null when the block has no open fence.
 */
export const OpenFenceContext = createContext<number | null>(null);

function nodeTextOf(node: HastNode["children"][number]): string {
  if (node.type === "text") return node.value;
  return "children" in node ? node.children.map(nodeTextOf).join("") : "";
}

function Pre({ node, children }: ComponentProps<"pre"> & ExtraProps) {
  const openEnd = use(OpenFenceContext);
  const code = node?.children.find((child) => child.type === "element" && child.tagName === "code");
  if (!code || code.type !== "element") return <pre>{children}</pre>;
  const classes = code.properties.className;
  const languageClass = (Array.isArray(classes) ? classes : []).find((name) => String(name).startsWith("language-"));
  const language = languageClass ? String(languageClass).slice("language-".length) : "";
  const isOpen = openEnd !== null && (node?.position?.end.offset ?? 0) >= openEnd;
  return <CodeBlock code={nodeTextOf(code).replace(/\n$/, "")} language={language} isOpen={isOpen} />;
}

/** How each markdown element looks; sizes and spacing live in markdown.css, colours here for the dark: variant. */
/**
 * How many levels an answer's headings move down: its top heading level becomes h2, under the page's h1 (the chat
 * title), so the page outline stays in order whatever levels the model chose. The look follows the model's level.
 */
export const HeadingShiftContext = createContext(0);

function headingOf(depth: 1 | 2 | 3 | 4 | 5 | 6) {
  return function Heading({ node: _node, ...props }: ComponentProps<"h2"> & { node?: unknown }) {
    const level = Math.min(6, Math.max(2, depth + use(HeadingShiftContext)));
    const Tag = `h${level}` as "h2" | "h3" | "h4" | "h5" | "h6";
    return <Tag {...props} data-depth={depth} />;
  };
}

export const markdownComponents: Components = {
  h1: headingOf(1),
  h2: headingOf(2),
  h3: headingOf(3),
  h4: headingOf(4),
  h5: headingOf(5),
  h6: headingOf(6),
  pre: Pre,
  code: ({ node: _node, ...props }) => (
    <code {...props} className="rounded-md bg-zinc-100 px-1.5 py-0.5 font-mono text-[0.875em] dark:bg-zinc-800" />
  ),
  a: ({ node: _node, ...props }) => (
    <a
      {...props}
      target="_blank"
      rel="noopener noreferrer"
      className="font-medium text-blue-600 underline decoration-blue-600/30 underline-offset-2 hover:decoration-current focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-blue-400 dark:decoration-blue-400/30"
    />
  ),
  table: ({ node: _node, ...props }) => (
    // Focusable so that keyboard users can scroll a wide table.
    <div
      tabIndex={0}
      className="md-table overflow-x-auto rounded-xl border border-zinc-200 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-zinc-800"
    >
      <table {...props} className="w-full border-collapse text-left text-sm" />
    </div>
  ),
  thead: ({ node: _node, ...props }) => <thead {...props} className="bg-zinc-50 dark:bg-zinc-900" />,
  tr: ({ node: _node, ...props }) => (
    <tr {...props} className="border-b border-zinc-200 last:border-b-0 dark:border-zinc-800" />
  ),
  th: ({ node: _node, ...props }) => (
    <th {...props} className="px-3 py-2 font-semibold whitespace-nowrap text-zinc-900 dark:text-zinc-100" />
  ),
  td: ({ node: _node, ...props }) => <td {...props} className="px-3 py-2 align-top" />,
  blockquote: ({ node: _node, ...props }) => (
    <blockquote {...props} className="border-l-[3px] border-zinc-300 pl-4 text-zinc-600 dark:border-zinc-600 dark:text-zinc-400" />
  ),
  hr: ({ node: _node, ...props }) => <hr {...props} className="border-zinc-200 dark:border-zinc-800" />,
  img: ({ node: _node, alt, ...props }) => (
    // eslint-disable-next-line @next/next/no-img-element -- model output links to arbitrary images; next/image cannot size them.
    <img {...props} alt={alt ?? ""} loading="lazy" className="max-w-full rounded-lg" />
  ),
};

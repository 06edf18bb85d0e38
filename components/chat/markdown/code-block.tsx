"use client";

import { Fragment, memo, useMemo, type CSSProperties } from "react";
import type { ThemedToken } from "shiki/core";
import { CopyButton } from "@/components/ui/copy-button";
import type { Tokenize } from "./highlighter";
import { createLazy, useLazy, type Lazy } from "./lazy";
import { resolveLanguage, type LanguageId } from "./languages";

const tokenizers = new Map<LanguageId, Lazy<Tokenize>>();

function getTokenizer(language: LanguageId): Lazy<Tokenize> {
  let lazy = tokenizers.get(language);
  if (!lazy) {
    lazy = createLazy(() => import("./highlighter").then((highlighter) => highlighter.loadTokenizer(language)));
    tokenizers.set(language, lazy);
  }
  return lazy;
}

function tokenizeOrNull(tokenize: Tokenize, code: string): ThemedToken[][] | null {
  try {
    return tokenize(code);
  } catch {
    // A grammar pattern the JavaScript regex engine cannot run: the code stays plain rather than breaking the answer.
    return null;
  }
}

/** shiki's inline styles are CSS declarations ("font-style"); React wants camelCase, custom properties as they are. */
function toReactStyle(token: ThemedToken): CSSProperties | undefined {
  if (!token.htmlStyle) return token.color ? { color: token.color } : undefined;
  const style: Record<string, string> = {};
  for (const [name, value] of Object.entries(token.htmlStyle)) {
    style[name.startsWith("--") ? name : name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  return style as CSSProperties;
}

export type CodeBlockProps = {
  code: string;
  /** The fence's language name as the model wrote it ("py", "TypeScript"); empty when it named none. */
  language: string;
  /** The fence is still streaming: its last line may be half written. */
  isOpen: boolean;
};

/** A fenced code block: language and copy button on top, code highlighted by shiki once its grammar has loaded. */
export const CodeBlock = memo(function CodeBlock({ code, language, isOpen }: CodeBlockProps) {
  const languageId = resolveLanguage(language);
  const tokenize = useLazy(languageId ? getTokenizer(languageId) : null, languageId !== null);
  // While streaming, only whole lines are coloured: the tokenizer runs once a line instead of once a token, and a
  // half-written line is not coloured by a guess. The plain rest uses the same font, so nothing moves when it is.
  const cut = isOpen ? code.lastIndexOf("\n") + 1 : code.length;
  const finished = code.slice(0, cut);
  const lines = useMemo(() => (tokenize && finished ? tokenizeOrNull(tokenize, finished) : null), [tokenize, finished]);

  return (
    <div className="md-code overflow-hidden rounded-xl border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex h-9 items-center justify-between gap-2 border-b border-zinc-200 bg-zinc-100/70 pr-1 pl-4 dark:border-zinc-800 dark:bg-zinc-800/60">
        <span className="truncate font-sans text-xs font-medium text-zinc-600 lowercase dark:text-zinc-400">{language || "text"}</span>
        <CopyButton
          text={code}
          label="Copy code"
          showLabel
          className="inline-flex h-7 shrink-0 items-center gap-1.5 rounded-md px-2 font-sans text-xs text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:bg-zinc-700/70 dark:hover:text-zinc-100"
        />
      </div>
      {/* Focusable so that keyboard users can scroll a long line into view. */}
      <pre
        tabIndex={0}
        data-highlighted={lines ? "" : undefined}
        className="shiki overflow-x-auto px-4 py-3.5 font-mono text-[13px] leading-6 text-zinc-800 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-500 dark:text-zinc-200"
      >
        <code className={language ? `language-${language}` : undefined}>
          {lines
            ? lines.map((line, index) => (
                <Fragment key={index}>
                  {index > 0 ? "\n" : null}
                  {line.map((token, position) => (
                    <span key={position} style={toReactStyle(token)}>
                      {token.content}
                    </span>
                  ))}
                </Fragment>
              ))
            : finished}
          {code.slice(cut)}
        </code>
      </pre>
    </div>
  );
});

import { createHighlighterCore, type HighlighterCore, type LanguageRegistration, type ThemedToken } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import type { LanguageId } from "./languages";

/**
 * Loaded with import() by the first code block that names a known language, so answers without code never fetch
 * shiki. The JavaScript regex engine avoids shipping the Oniguruma WASM; each grammar is its own chunk.
 */

type GrammarModule = { default: LanguageRegistration[] };

const GRAMMARS: Record<LanguageId, () => Promise<GrammarModule>> = {
  typescript: () => import("shiki/langs/typescript.mjs"),
  tsx: () => import("shiki/langs/tsx.mjs"),
  javascript: () => import("shiki/langs/javascript.mjs"),
  jsx: () => import("shiki/langs/jsx.mjs"),
  json: () => import("shiki/langs/json.mjs"),
  python: () => import("shiki/langs/python.mjs"),
  shellscript: () => import("shiki/langs/shellscript.mjs"),
  go: () => import("shiki/langs/go.mjs"),
  rust: () => import("shiki/langs/rust.mjs"),
  java: () => import("shiki/langs/java.mjs"),
  c: () => import("shiki/langs/c.mjs"),
  cpp: () => import("shiki/langs/cpp.mjs"),
  csharp: () => import("shiki/langs/csharp.mjs"),
  kotlin: () => import("shiki/langs/kotlin.mjs"),
  swift: () => import("shiki/langs/swift.mjs"),
  css: () => import("shiki/langs/css.mjs"),
  html: () => import("shiki/langs/html.mjs"),
  xml: () => import("shiki/langs/xml.mjs"),
  sql: () => import("shiki/langs/sql.mjs"),
  yaml: () => import("shiki/langs/yaml.mjs"),
  toml: () => import("shiki/langs/toml.mjs"),
  markdown: () => import("shiki/langs/markdown.mjs"),
  diff: () => import("shiki/langs/diff.mjs"),
  docker: () => import("shiki/langs/docker.mjs"),
};

const THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;

// GitHub's light comment grey reads at 4.4:1 on the zinc-50 code background; its newer muted grey passes WCAG AA.
const COLOR_REPLACEMENTS = { [THEMES.light]: { "#6e7781": "#636c76" } };

export type Tokenize = (code: string) => ThemedToken[][];

let highlighter: Promise<HighlighterCore> | null = null;

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    engine: createJavaScriptRegexEngine(),
    themes: [import("shiki/themes/github-light-default.mjs"), import("shiki/themes/github-dark-default.mjs")],
    langs: [],
  }).catch((error: unknown) => {
    highlighter = null;
    throw error;
  });
  return highlighter;
}

/** Loads a grammar and returns a synchronous tokenizer for it, coloured for both themes (light inline, dark as a CSS variable). */
export async function loadTokenizer(language: LanguageId): Promise<Tokenize> {
  const core = await getHighlighter();
  if (!core.getLoadedLanguages().includes(language)) await core.loadLanguage(GRAMMARS[language]());
  return (code) =>
    core.codeToTokens(code, { lang: language, themes: THEMES, defaultColor: "light", colorReplacements: COLOR_REPLACEMENTS }).tokens;
}

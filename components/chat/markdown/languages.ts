/** The grammars the code highlighter can load, each by its shiki name. Anything else stays plain text. */
export const LANGUAGE_IDS = [
  "typescript",
  "tsx",
  "javascript",
  "jsx",
  "json",
  "python",
  "shellscript",
  "go",
  "rust",
  "java",
  "c",
  "cpp",
  "csharp",
  "kotlin",
  "swift",
  "css",
  "html",
  "xml",
  "sql",
  "yaml",
  "toml",
  "markdown",
  "diff",
  "docker",
] as const;

export type LanguageId = (typeof LANGUAGE_IDS)[number];

const ALIASES: Record<string, LanguageId> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  node: "javascript",
  jsonc: "json",
  json5: "json",
  py: "python",
  python3: "python",
  bash: "shellscript",
  sh: "shellscript",
  shell: "shellscript",
  zsh: "shellscript",
  golang: "go",
  rs: "rust",
  h: "c",
  "c++": "cpp",
  cc: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  cs: "csharp",
  "c#": "csharp",
  kt: "kotlin",
  kts: "kotlin",
  htm: "html",
  svg: "xml",
  yml: "yaml",
  md: "markdown",
  patch: "diff",
  dockerfile: "docker",
};

const IDS = new Set<string>(LANGUAGE_IDS);

/** Maps a fence's language name ("ts", "Python", "c++") to a grammar, or null when there is none for it. */
export function resolveLanguage(name: string): LanguageId | null {
  const key = name.trim().toLowerCase();
  if (IDS.has(key)) return key as LanguageId;
  return ALIASES[key] ?? null;
}

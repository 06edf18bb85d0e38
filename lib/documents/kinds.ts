/**
 * What an attached file is, as the app treats it. Decided from the bytes at upload (lib/documents/sniff-document.ts);
 * the extension only names the language of a file that is already known to be text. Client-safe: chips use it.
 */
export type AttachmentKind = "image" | "pdf" | "docx" | "text" | "markdown" | "csv" | "json" | "code";
export type DocumentKind = Exclude<AttachmentKind, "image">;

export const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** How a document is named to the user and to the model. */
const KIND_LABELS: Record<DocumentKind, string> = {
  pdf: "PDF",
  docx: "Word document",
  text: "Text",
  markdown: "Markdown",
  csv: "CSV",
  json: "JSON",
  code: "Code",
};

type TextType = { kind: Exclude<DocumentKind, "pdf" | "docx">; label: string; mediaType: string };

const code = (label: string, mediaType = "text/plain"): TextType => ({ kind: "code", label, mediaType });

/** Text files by extension: what they are called and the media type recorded for them. */
const TEXT_TYPES: Record<string, TextType> = {
  txt: { kind: "text", label: "Text", mediaType: "text/plain" },
  text: { kind: "text", label: "Text", mediaType: "text/plain" },
  log: { kind: "text", label: "Log", mediaType: "text/plain" },
  md: { kind: "markdown", label: "Markdown", mediaType: "text/markdown" },
  markdown: { kind: "markdown", label: "Markdown", mediaType: "text/markdown" },
  mdx: { kind: "markdown", label: "MDX", mediaType: "text/markdown" },
  csv: { kind: "csv", label: "CSV", mediaType: "text/csv" },
  tsv: { kind: "csv", label: "TSV", mediaType: "text/tab-separated-values" },
  json: { kind: "json", label: "JSON", mediaType: "application/json" },
  jsonl: { kind: "json", label: "JSON Lines", mediaType: "application/jsonl" },
  ndjson: { kind: "json", label: "JSON Lines", mediaType: "application/jsonl" },
  ipynb: { kind: "json", label: "Jupyter notebook", mediaType: "application/x-ipynb+json" },
  ts: code("TypeScript", "text/x-typescript"),
  tsx: code("TypeScript (TSX)", "text/x-typescript"),
  mts: code("TypeScript", "text/x-typescript"),
  cts: code("TypeScript", "text/x-typescript"),
  js: code("JavaScript", "text/javascript"),
  jsx: code("JavaScript (JSX)", "text/javascript"),
  mjs: code("JavaScript", "text/javascript"),
  cjs: code("JavaScript", "text/javascript"),
  py: code("Python", "text/x-python"),
  pyi: code("Python", "text/x-python"),
  rb: code("Ruby", "text/x-ruby"),
  go: code("Go", "text/x-go"),
  rs: code("Rust", "text/x-rust"),
  java: code("Java", "text/x-java"),
  kt: code("Kotlin", "text/x-kotlin"),
  kts: code("Kotlin", "text/x-kotlin"),
  scala: code("Scala", "text/x-scala"),
  swift: code("Swift", "text/x-swift"),
  c: code("C", "text/x-c"),
  h: code("C header", "text/x-c"),
  cc: code("C++", "text/x-c++"),
  cpp: code("C++", "text/x-c++"),
  cxx: code("C++", "text/x-c++"),
  hpp: code("C++ header", "text/x-c++"),
  cs: code("C#", "text/x-csharp"),
  fs: code("F#", "text/x-fsharp"),
  php: code("PHP", "text/x-php"),
  pl: code("Perl", "text/x-perl"),
  lua: code("Lua", "text/x-lua"),
  r: code("R", "text/x-r"),
  jl: code("Julia", "text/x-julia"),
  dart: code("Dart", "text/x-dart"),
  ex: code("Elixir", "text/x-elixir"),
  exs: code("Elixir", "text/x-elixir"),
  erl: code("Erlang", "text/x-erlang"),
  hs: code("Haskell", "text/x-haskell"),
  clj: code("Clojure", "text/x-clojure"),
  ml: code("OCaml", "text/x-ocaml"),
  zig: code("Zig", "text/x-zig"),
  nim: code("Nim", "text/x-nim"),
  sh: code("Shell script", "text/x-shellscript"),
  bash: code("Shell script", "text/x-shellscript"),
  zsh: code("Shell script", "text/x-shellscript"),
  fish: code("Shell script", "text/x-shellscript"),
  ps1: code("PowerShell", "text/x-powershell"),
  bat: code("Batch file"),
  sql: code("SQL", "text/x-sql"),
  graphql: code("GraphQL", "text/x-graphql"),
  gql: code("GraphQL", "text/x-graphql"),
  proto: code("Protocol Buffers", "text/x-protobuf"),
  html: code("HTML", "text/html"),
  htm: code("HTML", "text/html"),
  css: code("CSS", "text/css"),
  scss: code("SCSS", "text/x-scss"),
  sass: code("Sass", "text/x-sass"),
  less: code("Less", "text/x-less"),
  vue: code("Vue", "text/x-vue"),
  svelte: code("Svelte", "text/x-svelte"),
  astro: code("Astro", "text/x-astro"),
  xml: code("XML", "application/xml"),
  // Never an image/* type: that would route the file to vision models as a picture.
  svg: code("SVG", "application/xml"),
  yaml: code("YAML", "application/yaml"),
  yml: code("YAML", "application/yaml"),
  toml: code("TOML", "application/toml"),
  ini: code("INI", "text/plain"),
  cfg: code("Config", "text/plain"),
  conf: code("Config", "text/plain"),
  env: code("Environment file", "text/plain"),
  tf: code("Terraform", "text/x-terraform"),
  gradle: code("Gradle", "text/x-groovy"),
  groovy: code("Groovy", "text/x-groovy"),
  diff: code("Diff", "text/x-diff"),
  patch: code("Diff", "text/x-diff"),
  tex: code("LaTeX", "text/x-tex"),
  rst: { kind: "text", label: "reStructuredText", mediaType: "text/x-rst" },
};

/** Names that are code without an extension. */
const TEXT_NAMES: Record<string, TextType> = {
  dockerfile: code("Dockerfile", "text/x-dockerfile"),
  makefile: code("Makefile", "text/x-makefile"),
  gemfile: code("Ruby", "text/x-ruby"),
  rakefile: code("Ruby", "text/x-ruby"),
};

const PLAIN_TEXT: TextType = { kind: "text", label: "Text", mediaType: "text/plain" };

function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** What a file already known to be UTF-8 text is, from its name: Markdown, CSV, JSON, a language, or plain text. */
export function textTypeFor(name: string): TextType {
  const base = (name.split(/[\\/]/).pop() ?? "").toLowerCase();
  return TEXT_TYPES[extensionOf(name)] ?? TEXT_NAMES[base] ?? PLAIN_TEXT;
}

/** The label shown in chips and given to the model: "PDF", "Word document", "Python", "CSV", ... */
export function documentLabel(kind: DocumentKind, name: string): string {
  if (kind === "pdf" || kind === "docx") return KIND_LABELS[kind];
  const fromName = textTypeFor(name);
  return fromName.kind === kind ? fromName.label : KIND_LABELS[kind];
}

/** What the file picker offers: images, PDF, DOCX and the text types above (anything else may still be dropped). */
export const PICKER_ACCEPT = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  DOCX_MEDIA_TYPE,
  "text/*",
  ...Object.keys(TEXT_TYPES).map((extension) => `.${extension}`),
  ".pdf",
  ".docx",
].join(",");

/** 1.2 MB, 340 KB, 18 bytes: sizes as people read them (decimal units, as operating systems show files). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, "") : Math.round(mb)} MB`;
}

/** The metadata a message's file part carries for a document (in providerMetadata.chatbot), for chips and exports. */
export type DocumentPartInfo = {
  kind: DocumentKind;
  size: number;
  /** Pages of a PDF; null for other kinds. */
  pageCount: number | null;
  /** Characters of text kept from the document. */
  charCount: number;
  /** The document had more text than is kept. */
  truncated: boolean;
};

export const DOCUMENT_KINDS: readonly DocumentKind[] = ["pdf", "docx", "text", "markdown", "csv", "json", "code"];

/** The document metadata of a message's file part, or null for an image or a part from before documents. */
export function documentInfoOf(part: { providerMetadata?: unknown }): DocumentPartInfo | null {
  const meta = (part.providerMetadata as { chatbot?: Partial<DocumentPartInfo> } | undefined)?.chatbot;
  if (!meta || !DOCUMENT_KINDS.includes(meta.kind as DocumentKind)) return null;
  return {
    kind: meta.kind as DocumentKind,
    size: typeof meta.size === "number" ? meta.size : 0,
    pageCount: typeof meta.pageCount === "number" ? meta.pageCount : null,
    charCount: typeof meta.charCount === "number" ? meta.charCount : 0,
    truncated: meta.truncated === true,
  };
}

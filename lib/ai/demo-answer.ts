/**
 * The text the demo model answers with: deterministic, built from what the user wrote, and exercising the
 * markdown the UI renders (emphasis, a list, a code block) so demo mode shows the real interface. A message that
 * mentions "markdown" also gets a table, Python and math; one that asks for "plain" gets no code block.
 */
export function composeDemoAnswer(userText: string): string {
  const text = userText.trim();
  const words = text.split(/\s+/).filter(Boolean);
  const longest = words.reduce((best, word) => (word.length > best.length ? word : best), "");
  const quoted = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const isQuestion = /\?\s*$/.test(text);

  const observations = [
    `It has **${words.length}** ${words.length === 1 ? "word" : "words"} and **${[...text].length}** characters.`,
    longest ? `The longest word is \`${longest.replace(/`/g, "'")}\`.` : "It is empty.",
    isQuestion ? "It reads as a question, and a real model would answer it." : "It reads as a statement.",
  ];

  const sample = words.slice(0, 6).map((word) => JSON.stringify(word.toLowerCase()));
  const code = [
    "```ts",
    "// Your message, word by word",
    `const words = [${sample.join(", ")}${words.length > 6 ? ", /* … */" : ""}];`,
    `console.log(words.length); // ${Math.min(words.length, 6)}`,
    "```",
  ].join("\n");

  return [
    `> ${quoted.replace(/\n/g, "\n> ")}`,
    "",
    "I am the built-in **demo model**: this app is running in *demo mode*, so no API key or network is needed, and I only echo and describe what you write.",
    "",
    "About your message:",
    ...observations.map((line) => `- ${line}`),
    ...(/markdown/i.test(text) ? ["", composeMarkdownShowcase(words)] : []),
    ...(/\bplain\b/i.test(text) ? [] : ["", code]),
    "",
    "To chat with a real model, set `XAI_API_KEY` (xAI Grok), `OPENAI_API_KEY` (OpenAI), or `CUSTOM_AI_BASE_URL` with `CUSTOM_AI_MODELS` (Ollama, vLLM, LM Studio, any OpenAI-compatible server), then restart the app. The README lists every setting.",
  ].join("\n");
}

/** A table, a Python block, inline and display math, and dollar amounts that must stay text, all from the user's words. */
function composeMarkdownShowcase(rawWords: string[]): string {
  const words = rawWords.map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter(Boolean);
  const lengths = words.map((word) => [...word].length);
  const total = lengths.reduce((sum, length) => sum + length, 0);
  const shown = words.slice(0, 5);
  const rows = shown.map((word, index) => {
    const code = word.replace(/`/g, "'").replace(/\|/g, "\\|");
    const reversed = [...word].reverse().join("").replace(/[\\`*_[\]<>~$|]/g, "\\$&");
    const vowels = (word.match(/[aeiou]/gi) ?? []).length;
    return `| ${index + 1} | \`${code}\` | ${lengths[index]} | ${vowels} | ${reversed} |`;
  });
  const terms = lengths.length > 6 ? [...lengths.slice(0, 5), "\\cdots"] : lengths;
  const sample = words.slice(0, 6).map((word) => JSON.stringify(word.toLowerCase()));

  return [
    "### Your words as a table",
    "",
    "| # | Word | Letters | Vowels | Reversed |",
    "|--:|------|--------:|-------:|----------|",
    ...rows,
    "",
    "### The same in Python",
    "",
    "```python",
    `words = [${sample.join(", ")}]`,
    "letters = {word: len(word) for word in words}  # how long each word is",
    'print(max(letters, key=letters.get), sum(letters.values()))',
    "```",
    "",
    "### And as math",
    "",
    `Euler's identity $e^{i\\pi} + 1 = 0$ shows inline math. Counting letters and digits, the word lengths $\\ell_i$ of your message add up to:`,
    "",
    "$$",
    `\\sum_{i=1}^{${words.length}} \\ell_i = ${terms.join(" + ")} = ${total}`,
    "$$",
    "",
    `Prices stay text: at $1 a word your message would cost $${rawWords.length}, and $${rawWords.length * 2} at $2 a word.`,
  ].join("\n");
}

/** Splits text into stream chunks of one word each, keeping the whitespace so the chunks join back exactly. */
export function splitIntoWordChunks(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/**
 * What the demo reasoning model "thinks" before it answers: deterministic, about the user's message, and short
 * enough to read in the collapsible Thinking part.
 */
export function composeDemoReasoning(userText: string): string {
  const text = userText.trim();
  const words = text.split(/\s+/).filter(Boolean);
  const opening = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return [
    `The user wrote "${opening}": ${words.length} ${words.length === 1 ? "word" : "words"}, ${[...text].length} characters.`,
    /\?\s*$/.test(text) ? "It ends with a question mark, so it is a question." : "There is no question mark, so it is a statement.",
    `I am the demo model and cannot really answer, so I will quote the message, list what I notice about it${/\bplain\b/i.test(text) ? ", and keep it plain" : ", and show its first words as code"}.`,
  ].join(" ");
}

type ArrivedDocument = { name: string; type: string; pages: number | null; characters: number; truncated: boolean; text: string };

const count = (value: number, one: string, many: string) => `${value.toLocaleString("en-US")} ${value === 1 ? one : many}`;
const plainMarkdown = (text: string) => text.replace(/[`*_[\]<>\\]/g, "");

/**
 * What the demo model says about the documents of a message: each one's name, type, pages and characters as they
 * arrived, and how it begins, so demo mode (and the browser tests) show that the text reached the model.
 */
export function describeDocuments(documents: readonly ArrivedDocument[], pdfSizes: readonly number[] = []): string {
  if (documents.length === 0) return "";
  const heading =
    documents.length === 1 ? "You attached a document; its text reached me:" : `You attached ${documents.length} documents; their text reached me:`;
  const lines = documents.map((document) => {
    const facts = [
      document.type,
      ...(document.pages !== null ? [count(document.pages, "page", "pages")] : []),
      count(document.characters, "character", "characters"),
      ...(document.truncated ? ["truncated"] : []),
    ];
    const start = plainMarkdown(document.text.replace(/\s+/g, " ").trim().slice(0, 80));
    return `- **${plainMarkdown(document.name)}** (${facts.join(", ")}): it begins “${start}${document.text.length > 80 ? "…" : ""}”`;
  });
  const files = pdfSizes.map((size) => `${Math.max(1, Math.round(size / 1024))} KB`).join(", ");
  const pdfs = pdfSizes.length === 0 ? [] : ["", `The PDF${pdfSizes.length === 1 ? "" : "s"} also arrived as ${pdfSizes.length === 1 ? "a file" : "files"} (${files}).`];
  return [heading, ...lines, ...pdfs, "", ""].join("\n");
}

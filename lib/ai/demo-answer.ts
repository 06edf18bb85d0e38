/**
 * The text the demo model answers with: deterministic, built from what the user wrote, and exercising the
 * markdown the UI renders (emphasis, a list, a code block) so demo mode shows the real interface.
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
    "",
    code,
    "",
    "To chat with a real model, set `XAI_API_KEY` (xAI Grok), `OPENAI_API_KEY` (OpenAI), or `CUSTOM_AI_BASE_URL` with `CUSTOM_AI_MODELS` (Ollama, vLLM, LM Studio, any OpenAI-compatible server), then restart the app. The README lists every setting.",
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
    "I am the demo model and cannot really answer, so I will quote the message, list what I notice about it, and show its first words as code.",
  ].join(" ");
}

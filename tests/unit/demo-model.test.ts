import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { composeDemoAnswer, composeDemoReasoning, splitIntoWordChunks } from "@/lib/ai/demo-answer";
import { createDemoModel } from "@/lib/ai/demo-model";

const USER_TEXT = "How do I deploy this chatbot with a Postgres database on my own server?";

async function streamDemo(prompt: string, delayMs = 0): Promise<{ deltas: string[]; text: string }> {
  const result = streamText({ model: createDemoModel({ modelId: "chat", delayMs }), prompt });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  return { deltas, text: await result.text };
}

describe("demo model through streamText", () => {
  it("streams exactly the composed demo answer for the user's text", async () => {
    const { deltas, text } = await streamDemo(USER_TEXT);
    expect(deltas.join("")).toBe(composeDemoAnswer(USER_TEXT));
    expect(text).toBe(composeDemoAnswer(USER_TEXT));
  });

  it("streams many word-sized deltas", async () => {
    const { deltas } = await streamDemo(USER_TEXT);
    expect(deltas.length).toBeGreaterThan(10);
    for (const delta of deltas) expect(delta.trim().split(/\s+/).length).toBeLessThanOrEqual(1);
  });

  it("explains demo mode and how to configure a real provider", async () => {
    const { text } = await streamDemo(USER_TEXT);
    expect(text).toMatch(/demo mode/i);
    expect(text).toContain("XAI_API_KEY");
    expect(text).toContain("OPENAI_API_KEY");
  });

  it("exercises the markdown the UI renders: a list item and a fenced code block", async () => {
    const { text } = await streamDemo(USER_TEXT);
    expect(text).toMatch(/^- \S/m);
    expect(text).toMatch(/^```\w*\n[\s\S]*?\n```$/m);
  });

  it("shows a table, Python and math when the message mentions markdown", () => {
    const text = composeDemoAnswer("Render MARKDOWN tables, please!");
    expect(text).toMatch(/^\| # \| Word \| Letters \| Vowels \| Reversed \|$/m);
    expect(text).toMatch(/^\|--:\|/m);
    expect(text).toContain("| 2 | `MARKDOWN` | 8 | 2 | NWODKRAM |");
    expect(text).toMatch(/^```python\nwords = \["render", "markdown", "tables", "please"\]\n[\s\S]*?\n```$/m);
    expect(text).toContain("$e^{i\\pi} + 1 = 0$");
    // Display math on lines of their own, its numbers from the words: 6 + 8 + 6 + 6 letters.
    expect(text).toContain("\n$$\n\\sum_{i=1}^{4} \\ell_i = 6 + 8 + 6 + 6 = 26\n$$\n");
    expect(text).toContain("at $1 a word your message would cost $4, and $8 at $2 a word.");
    expect(text.split("\n").at(-1)).toMatch(/^To chat with a real model/);
  });

  it("shortens the sum of a long message and escapes markdown in the table", () => {
    const text = composeDemoAnswer("markdown a_b c*d e|f one two three four");
    expect(text).toContain("| 2 | `a_b` | 3 | 1 | b\\_a |");
    expect(text).toContain("| 3 | `c*d` | 3 | 0 | d\\*c |");
    expect(text).toContain("| 4 | `e\\|f` | 3 | 1 | f\\|e |");
    expect(text).toMatch(/\\sum_\{i=1\}\^\{8\} \\ell_i = 8 \+ 3 \+ 3 \+ 3 \+ 3 \+ \\cdots = 32/);
  });

  it("leaves tables and math out of other answers", () => {
    const text = composeDemoAnswer(USER_TEXT);
    expect(text).not.toMatch(/^\|/m);
    expect(text).not.toContain("$");
    expect(text).not.toContain("```python");
  });

  it("answers without a code block when the message asks for plain text", () => {
    const text = composeDemoAnswer("Just a plain hello");
    expect(text).not.toContain("```");
    expect(text).toMatch(/^- \S/m);
    expect(text.split("\n").at(-1)).toMatch(/^To chat with a real model/);
  });

  it("relates the answer to what the user wrote", async () => {
    const distinctive = "xylophonist";
    const { text } = await streamDemo(`Tell me about the ${distinctive} next door`);
    expect(text).toContain(distinctive);
  });

  it("answers different messages differently", async () => {
    const first = await streamDemo("What is the capital of France?");
    const second = await streamDemo("Write a haiku about autumn leaves");
    expect(first.text).not.toBe(second.text);
  });

  it("answers the last user message of a conversation", async () => {
    const result = streamText({
      model: createDemoModel({ modelId: "chat", delayMs: 0 }),
      messages: [
        { role: "user", content: "first question about penguins" },
        { role: "assistant", content: "an earlier answer" },
        { role: "user", content: "second question about giraffes" },
      ],
    });
    expect(await result.text).toBe(composeDemoAnswer("second question about giraffes"));
  });

  it("reports token usage", async () => {
    const result = streamText({ model: createDemoModel({ modelId: "chat", delayMs: 0 }), prompt: USER_TEXT });
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
  });

  it("ends the stream early when aborted mid-answer", async () => {
    const full = splitIntoWordChunks(composeDemoAnswer(USER_TEXT));
    const controller = new AbortController();
    const result = streamText({
      model: createDemoModel({ modelId: "chat", delayMs: 20 }),
      prompt: USER_TEXT,
      abortSignal: controller.signal,
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) {
      deltas.push(delta);
      if (deltas.length === 1) controller.abort();
    }
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(full.length);
  });
});

describe("demo model through generateText", () => {
  it("returns the composed demo answer with usage", async () => {
    const result = await generateText({ model: createDemoModel({ modelId: "mini", delayMs: 0 }), prompt: USER_TEXT });
    expect(result.text).toBe(composeDemoAnswer(USER_TEXT));
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });
});

describe("demo model stream", () => {
  it("rejects the next read with an AbortError once the signal aborts", async () => {
    const controller = new AbortController();
    const model = createDemoModel({ modelId: "chat", delayMs: 20 });
    const { stream } = await model.doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: USER_TEXT }] }],
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    let part: LanguageModelV4StreamPart | undefined;
    while (part?.type !== "text-delta") {
      const next = await reader.read();
      if (next.done) throw new Error("the stream ended before its first delta");
      part = next.value;
    }
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("demo reasoning model", () => {
  const reasoningModel = () => createDemoModel({ modelId: "reasoning", delayMs: 0, reasoning: true });

  it("streams its reasoning about the message, then the answer", async () => {
    const result = streamText({ model: reasoningModel(), prompt: USER_TEXT });
    const order: string[] = [];
    let reasoning = "";
    let text = "";
    for await (const part of result.fullStream) {
      if (part.type === "reasoning-delta") reasoning += part.text;
      if (part.type === "text-delta") text += part.text;
      if (["reasoning-start", "reasoning-end", "text-start", "text-end"].includes(part.type)) order.push(part.type);
    }
    expect(order).toEqual(["reasoning-start", "reasoning-end", "text-start", "text-end"]);
    expect(reasoning).toBe(composeDemoReasoning(USER_TEXT));
    expect(text).toBe(composeDemoAnswer(USER_TEXT));
    expect(await result.reasoningText).toBe(reasoning);
  });

  it("thinks about what the user wrote, deterministically", () => {
    const question = composeDemoReasoning("Is a hot dog a sandwich?");
    expect(question).toContain('"Is a hot dog a sandwich?"');
    expect(question).toContain("6 words");
    expect(question).toMatch(/it is a question/);
    expect(composeDemoReasoning("Tell me a story")).toMatch(/it is a statement/);
    expect(composeDemoReasoning("Is a hot dog a sandwich?")).toBe(question);
  });

  it("counts its reasoning tokens in the usage", async () => {
    const result = streamText({ model: reasoningModel(), prompt: USER_TEXT });
    const usage = await result.usage;
    expect(usage.outputTokenDetails.reasoningTokens).toBe(Math.ceil(composeDemoReasoning(USER_TEXT).length / 4));
  });

  it("returns reasoning and text from generateText", async () => {
    const result = await generateText({ model: reasoningModel(), prompt: USER_TEXT });
    expect(result.reasoningText).toBe(composeDemoReasoning(USER_TEXT));
    expect(result.text).toBe(composeDemoAnswer(USER_TEXT));
  });

  it("sends no reasoning from the plain demo model", async () => {
    const result = streamText({ model: createDemoModel({ modelId: "chat", delayMs: 0 }), prompt: USER_TEXT });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect([...types].filter((type) => type.startsWith("reasoning"))).toEqual([]);
    expect(types.has("text-delta")).toBe(true);
  });
});

describe("splitIntoWordChunks", () => {
  it.each([
    { name: "a sentence", text: "one two three" },
    { name: "newlines", text: "first line\nsecond line\n\nthird" },
    { name: "multiple spaces", text: "spaced    out   words" },
    { name: "leading and trailing whitespace", text: "  padded text \n" },
    { name: "tabs and a code block", text: "```ts\n\tconst x = 1;\n```" },
    { name: "a composed demo answer", text: composeDemoAnswer(USER_TEXT) },
  ])("joins back to the original text for $name", ({ text }) => {
    const chunks = splitIntoWordChunks(text);
    expect(chunks.join("")).toBe(text);
    for (const chunk of chunks) expect(chunk.trim().split(/\s+/).length).toBeLessThanOrEqual(1);
  });

  it("gives one chunk per word", () => {
    const text = "alpha  beta\ngamma delta";
    expect(splitIntoWordChunks(text)).toHaveLength(text.split(/\s+/).length);
  });

  it("returns no chunks for empty text", () => {
    expect(splitIntoWordChunks("")).toEqual([]);
  });
});

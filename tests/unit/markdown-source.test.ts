import { describe, expect, it } from "vitest";
import {
  escapeCurrencyDollars,
  normaliseMathDelimiters,
  prepareMarkdown,
  splitBlocks,
} from "@/components/chat/markdown/source";

describe("escapeCurrencyDollars", () => {
  it.each([
    { name: "two prices", line: "It costs $5 and $10 a month.", text: "It costs \\$5 and \\$10 a month.", hasMath: false },
    { name: "a price range", line: "between $5-$10", text: "between \\$5-\\$10", hasMath: false },
    { name: "a single price", line: "Only $3.", text: "Only \\$3.", hasMath: false },
    { name: "inline math", line: "Euler: $e^{i\\pi} + 1 = 0$.", text: "Euler: $e^{i\\pi} + 1 = 0$.", hasMath: true },
    { name: "a price beside math", line: "Pay $5 for $x^2$", text: "Pay \\$5 for $x^2$", hasMath: true },
    { name: "double-dollar inline math", line: "so $$a+b$$ holds", text: "so $$a+b$$ holds", hasMath: true },
    { name: "a dollar in inline code", line: "run `echo $HOME` and pay $2", text: "run `echo $HOME` and pay \\$2", hasMath: false },
    { name: "an escaped dollar", line: "literally \\$x\\$", text: "literally \\$x\\$", hasMath: false },
    { name: "a space inside the opening", line: "$ x$", text: "\\$ x\\$", hasMath: false },
  ])("handles $name", ({ line, text, hasMath }) => {
    expect(escapeCurrencyDollars(line)).toEqual({ text, hasMath });
  });
});

describe("normaliseMathDelimiters", () => {
  it("turns \\( \\) into single dollars outside code", () => {
    expect(normaliseMathDelimiters("where \\(x^2\\) grows, `\\(kept\\)`")).toBe("where $x^2$ grows, `\\(kept\\)`");
  });

  it("turns a \\[ \\] block into a $$ block", () => {
    expect(normaliseMathDelimiters("Sum:\n\\[\n\\sum_i i\n\\]\ndone")).toBe("Sum:\n$$\n\\sum_i i\n$$\ndone");
  });

  it("puts a one-line display formula on lines of its own", () => {
    expect(normaliseMathDelimiters("\\[ a = b \\]")).toBe("$$\na = b\n$$");
    expect(normaliseMathDelimiters("  $$a = b$$")).toBe("  $$\n  a = b\n  $$");
    expect(normaliseMathDelimiters("$$a\n+ b$$")).toBe("$$\na\n+ b\n$$");
  });

  it("leaves escaped brackets in ordinary text and everything inside code fences alone", () => {
    expect(normaliseMathDelimiters("- \\[x\\] is a checkbox")).toBe("- \\[x\\] is a checkbox");
    const fenced = "```tex\n\\[ a \\]\n$$b$$\n```";
    expect(normaliseMathDelimiters(fenced)).toBe(fenced);
  });
});

describe("splitBlocks", () => {
  it("cuts at blank lines between top-level blocks and joins back to the text", () => {
    const text = "# Title\n\nA paragraph\nwith two lines.\n\n> quote\n\nEnd.";
    const blocks = splitBlocks(text);
    expect(blocks.map((block) => block.text.trim())).toEqual(["# Title", "A paragraph\nwith two lines.", "> quote", "End."]);
    expect(blocks.map((block) => block.text).join("\n")).toBe(text);
  });

  it("never cuts inside a code fence, even at blank lines", () => {
    const fence = "```py\ndef f():\n\n    return 1\n```";
    expect(splitBlocks(`Intro\n\n${fence}\n\nAfter`).map((block) => block.text.trim())).toEqual(["Intro", fence, "After"]);
  });

  it("keeps a loose list and an indented continuation together", () => {
    const list = "1. one\n\n2. two\n\n   more about two\n\n3. three";
    expect(splitBlocks(list)).toHaveLength(1);
  });

  it("keeps a $$ block with blank lines together", () => {
    expect(splitBlocks("$$\na\n\nb\n$$\n\nText")).toHaveLength(2);
  });

  it("does not cut an answer with reference definitions or footnotes", () => {
    expect(splitBlocks("See [docs][1].\n\nMore.\n\n[1]: https://example.com")).toHaveLength(1);
    expect(splitBlocks("A claim[^1].\n\nMore.\n\n[^1]: The source.")).toHaveLength(1);
  });

  it("marks the last block open while its code fence is unterminated", () => {
    expect(splitBlocks("Text\n\n```ts\nconst a = 1;").map((block) => block.isOpen)).toEqual([false, true]);
    expect(splitBlocks("Text\n\n```ts\nconst a = 1;\n```").map((block) => block.isOpen)).toEqual([false, false]);
  });

  it("treats a longer closing fence as closing and a shorter one as content", () => {
    expect(splitBlocks("````md\n```\ninner\n```\n\nstill code").at(-1)?.isOpen).toBe(true);
    expect(splitBlocks("```\ncode\n`````\n\nText")).toHaveLength(2);
  });
});

describe("prepareMarkdown", () => {
  it("flags only the blocks with math and escapes money only there", () => {
    const blocks = prepareMarkdown("It costs $5 and $10.\n\nEuler: \\(e^{i\\pi}+1=0\\), for $1.");
    expect(blocks.map((block) => ({ ...block, text: block.text.trim() }))).toEqual([
      { text: "It costs $5 and $10.", hasMath: false, isOpen: false },
      { text: "Euler: $e^{i\\pi}+1=0$, for \\$1.", hasMath: true, isOpen: false },
    ]);
  });

  it("flags display math and math fences", () => {
    expect(prepareMarkdown("\\[\nx\n\\]")[0]?.hasMath).toBe(true);
    expect(prepareMarkdown("```math\nx^2\n```")[0]?.hasMath).toBe(true);
    expect(prepareMarkdown("```sh\necho $PATH $1\n```")[0]?.hasMath).toBe(false);
  });
});

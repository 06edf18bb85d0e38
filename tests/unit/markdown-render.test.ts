import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import MarkdownContent from "@/components/chat/markdown/content";

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownContent, { text }));

describe("MarkdownContent", () => {
  it("shows raw HTML from the model as text", () => {
    const html = render('Hello <img src=x onerror="alert(1)"> and <script>alert(2)</script>');
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;");
  });

  it("opens links in a new tab without an opener and drops javascript: URLs", () => {
    const html = render("[docs](https://example.com/docs) and [bad](javascript:alert(1))");
    expect(html).toContain('href="https://example.com/docs" target="_blank" rel="noopener noreferrer"');
    expect(html).not.toContain("javascript:");
  });

  it("starts an answer's outline at h2, under the page's h1, keeping the model's levels for the look", () => {
    expect(render("### Steps\n\nText\n\n#### Detail")).toMatch(/<h2 data-depth="3">Steps<\/h2>.*<h3 data-depth="4">Detail<\/h3>/s);
    expect(render("# Title\n\n## Part")).toMatch(/<h2 data-depth="1">Title<\/h2>.*<h3 data-depth="2">Part<\/h3>/s);
  });

  it("wraps a table in a horizontally scrollable box", () => {
    const html = render("| a | b |\n|---|---|\n| 1 | 2 |");
    // A keyboard user can focus the box to scroll it; the table inside keeps its header row.
    expect(html).toMatch(/<div tabindex="0"[^>]*><table[^>]*><thead[^>]*><tr[^>]*><th[^>]*>a<\/th>/);
  });

  it("renders a fenced block with its language, a copy button and the code under pre > code", () => {
    const html = render("```py\nprint(1)\n```");
    expect(html).toContain(">py</span>");
    expect(html).toMatch(/<button type="button"[^>]*>.*?<span>Copy code<\/span>/);
    expect(html).toMatch(/<pre[^>]*><code[^>]*>print\(1\)<\/code><\/pre>/);
  });

  it("renders an unterminated fence as a code block already", () => {
    const html = render("Intro\n\n```ts\nconst a = 1;\nconst b");
    expect(html).toContain(">ts</span>");
    expect(html).toMatch(/<pre[^>]*><code[^>]*>const a = 1;\nconst b<\/code><\/pre>/);
  });

  it("keeps a loose ordered list as one list across the blocks it is cut into", () => {
    const html = render("1. one\n\n2. two\n\nAfter");
    expect(html.match(/<ol/g)).toHaveLength(1);
    expect(html).toContain("<p>After</p>");
  });
});

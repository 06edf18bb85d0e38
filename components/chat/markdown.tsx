import { memo } from "react";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

const plugins = [remarkGfm];

/** Markdown for answers; raw HTML in model output is not rendered (react-markdown's default), so no XSS. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown leading-7">
      <ReactMarkdown remarkPlugins={plugins}>{text}</ReactMarkdown>
    </div>
  );
});

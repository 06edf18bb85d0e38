import "katex/dist/katex.min.css";
import type { Options as KatexOptions } from "rehype-katex";
import rehypeKatex from "rehype-katex";
import type { Options } from "react-markdown";
import remarkMath from "remark-math";

/** Loaded with import() only for answers with math, so KaTeX, its CSS and its fonts stay out of every other page. */

type PluggableList = NonNullable<Options["remarkPlugins"]>;

const katexOptions: KatexOptions = {
  // A formula that is still streaming in, or is wrong, shows its source in a quiet colour rather than alarm red.
  errorColor: "#71717a",
  strict: "ignore",
};

export const remarkPlugins: PluggableList = [[remarkMath, { singleDollarTextMath: true }]];
export const rehypePlugins: PluggableList = [[rehypeKatex, katexOptions]];

export type MarkdownProps = {
  text: string;
  /** False once the answer is complete: an unterminated code fence is then final (the answer was cut off). */
  isStreaming?: boolean;
};

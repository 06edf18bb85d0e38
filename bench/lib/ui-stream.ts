/**
 * An incremental reader of the AI SDK UI message stream (SSE: `data: <json>\n\n`, ending with `data: [DONE]`),
 * enough to time a chat from the client's side: when the first text delta arrived, how many arrived, and whether the
 * stream finished cleanly.
 */
export type UiStreamSummary = {
  textDeltas: number;
  /** A `finish` event was seen. */
  finished: boolean;
  /** `data: [DONE]` was seen. */
  done: boolean;
  /** The `errorText` of the first `error` event, if any. */
  error: string | null;
};

export class UiStreamReader {
  private buffer = "";
  readonly summary: UiStreamSummary = { textDeltas: 0, finished: false, done: false, error: null };

  /** Feeds a chunk of the response body; returns how many text deltas it completed. */
  push(chunk: string): number {
    this.buffer += chunk;
    let deltas = 0;
    let end = this.buffer.indexOf("\n\n");
    while (end !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (this.readEvent(block)) deltas++;
      end = this.buffer.indexOf("\n\n");
    }
    return deltas;
  }

  /** True when the event was a text delta. */
  private readEvent(block: string): boolean {
    const data = block
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    if (!data) return false;
    if (data === "[DONE]") {
      this.summary.done = true;
      return false;
    }
    let part: { type?: unknown; errorText?: unknown };
    try {
      part = JSON.parse(data) as typeof part;
    } catch {
      this.summary.error ??= `not JSON: ${data.slice(0, 80)}`;
      return false;
    }
    if (part.type === "text-delta") {
      this.summary.textDeltas++;
      return true;
    }
    if (part.type === "finish") this.summary.finished = true;
    if (part.type === "error") this.summary.error ??= String(part.errorText ?? "error");
    return false;
  }
}

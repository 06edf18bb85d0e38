import { describe, expect, it } from "vitest";
import { percentile } from "@/bench/lib/stats";
import { UiStreamReader } from "@/bench/lib/ui-stream";

const event = (part: unknown) => `data: ${JSON.stringify(part)}\n\n`;

describe("the benchmark's UI message stream reader", () => {
  it("counts text deltas across chunk boundaries and sees the end", () => {
    const stream =
      event({ type: "start", messageId: "m" }) +
      event({ type: "text-start", id: "t" }) +
      event({ type: "text-delta", id: "t", delta: "Hel" }) +
      event({ type: "text-delta", id: "t", delta: "lo" }) +
      event({ type: "finish", finishReason: "stop" }) +
      "data: [DONE]\n\n";
    const reader = new UiStreamReader();
    const completed: number[] = [];
    // Split mid-event, as TCP may deliver it.
    for (let index = 0; index < stream.length; index += 7) completed.push(reader.push(stream.slice(index, index + 7)));
    expect(completed.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(reader.summary).toEqual({ textDeltas: 2, finished: true, done: true, error: null });
  });

  it("reports the stream's error event", () => {
    const reader = new UiStreamReader();
    reader.push(event({ type: "error", errorText: "The model failed." }));
    expect(reader.summary.error).toBe("The model failed.");
    expect(reader.summary.finished).toBe(false);
  });
});

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([3], 95)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });
});

import { describe, expect, it } from "vitest";
import { createSseBody } from "@/lib/chat/sse-body";

async function readAll(stream: ReadableStream<Uint8Array | string>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    text += typeof next.value === "string" ? next.value : decoder.decode(next.value, { stream: true });
  }
  return text;
}

const event = (chunk: object) => `data: ${JSON.stringify(chunk)}\n\n`;
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("the answer's event stream", () => {
  it("gives every reader the whole stream, however late it attaches, and ends each with [DONE]", async () => {
    const body = createSseBody();
    const first = body.attach();
    body.send({ type: "start" });
    await turn();
    body.send({ type: "text-delta", id: "0", delta: "Hel" });
    // Attached between a send and its flush: gets that chunk once, not twice.
    const second = body.attach();
    await turn();
    const third = body.attachText();
    body.send({ type: "text-delta", id: "0", delta: "lo" });
    body.end();
    const expected = [{ type: "start" }, { type: "text-delta", id: "0", delta: "Hel" }, { type: "text-delta", id: "0", delta: "lo" }].map(event).join("") + "data: [DONE]\n\n";
    expect(await readAll(first)).toBe(expected);
    expect(await readAll(second)).toBe(expected);
    expect(await readAll(third)).toBe(expected);
    // After the end: all of it at once, closed.
    expect(await readAll(body.attach())).toBe(expected);
    expect(body.isEnded).toBe(true);
  });

  it("a reader that goes away leaves the others and the sending alone", async () => {
    const body = createSseBody();
    const leaving = body.attach();
    const staying = body.attach();
    body.send({ type: "start" });
    await turn();
    await leaving.cancel();
    body.send({ type: "text-delta", id: "0", delta: "still here" });
    let ended = 0;
    body.whenEnded(() => (ended += 1));
    body.end();
    body.whenEnded(() => (ended += 1));
    expect(await readAll(staying)).toContain("still here");
    expect(ended).toBe(2);
  });
});

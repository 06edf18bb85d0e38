import { describe, expect, it } from "vitest";
import { QueryGate } from "@/lib/db/query-gate";

/** A query that runs until the test lets it end. */
function heldQuery<T>(value: T) {
  let release: () => void = () => {};
  const started: { count: number } = { count: 0 };
  const query = () => {
    started.count += 1;
    return new Promise<T>((resolve) => {
      release = () => resolve(value);
    });
  };
  return { query, started, release: () => release() };
}

const unavailable = { code: "database_unavailable", status: 503, headers: { "Retry-After": expect.any(String) } };

describe("QueryGate", () => {
  it("runs as many calls at once as it has slots, and the next one when a slot frees", async () => {
    const gate = new QueryGate({ slots: 2, timeoutMs: 5_000 });
    const [a, b, c] = [heldQuery("a"), heldQuery("b"), heldQuery("c")];
    const results = [gate.run(a.query), gate.run(b.query), gate.run(c.query)];
    expect([a.started.count, b.started.count, c.started.count]).toEqual([1, 1, 0]);
    a.release();
    await expect(results[0]).resolves.toBe("a");
    expect(c.started.count).toBe(1);
    b.release();
    c.release();
    await expect(Promise.all(results)).resolves.toEqual(["a", "b", "c"]);
  });

  it("passes a query's own error through", async () => {
    const gate = new QueryGate({ slots: 1, timeoutMs: 5_000 });
    await expect(gate.run(() => Promise.reject(new Error("syntax error")))).rejects.toThrow("syntax error");
    await expect(gate.run(async () => "next")).resolves.toBe("next");
  });

  it("answers database_unavailable to a call that waited too long for a slot, and never starts it", async () => {
    const gate = new QueryGate({ slots: 1, timeoutMs: 30 });
    const hung = heldQuery("hung");
    const waiting = heldQuery("waiting");
    await Promise.all([
      expect(gate.run(hung.query)).rejects.toMatchObject(unavailable),
      expect(gate.run(waiting.query)).rejects.toMatchObject(unavailable),
    ]);
    hung.release();
    await expect.poll(() => gate.run(async () => "after").catch(() => "refused")).toBe("after");
    expect(waiting.started.count).toBe(0);
  });

  it("fails at once while every connection is stuck on a timed-out query, and recovers when they end", async () => {
    const gate = new QueryGate({ slots: 2, timeoutMs: 30 });
    const [a, b] = [heldQuery(1), heldQuery(2)];
    await Promise.all([expect(gate.run(a.query)).rejects.toMatchObject(unavailable), expect(gate.run(b.query)).rejects.toMatchObject(unavailable)]);
    const refused = heldQuery(3);
    await expect(gate.run(refused.query)).rejects.toMatchObject(unavailable);
    expect(refused.started.count).toBe(0);

    a.release();
    b.release();
    await expect.poll(() => gate.run(async () => "back").catch(() => "refused")).toBe("back");
  });
});

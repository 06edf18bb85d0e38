import { afterEach, describe, expect, it, vi } from "vitest";
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
    const gate = new QueryGate({ slots: 2, timeoutMs: 5_000, maxWaitMs: 10 * 5_000 });
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
    const gate = new QueryGate({ slots: 1, timeoutMs: 5_000, maxWaitMs: 10 * 5_000 });
    await expect(gate.run(() => Promise.reject(new Error("syntax error")))).rejects.toThrow("syntax error");
    await expect(gate.run(async () => "next")).resolves.toBe("next");
  });

  it("answers database_unavailable to a call that waited too long for a slot, and never starts it", async () => {
    const gate = new QueryGate({ slots: 1, timeoutMs: 30, maxWaitMs: 10 * 30 });
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
    const gate = new QueryGate({ slots: 2, timeoutMs: 30, maxWaitMs: 10 * 30 });
    const [a, b] = [heldQuery(1), heldQuery(2)];
    await Promise.all([expect(gate.run(a.query)).rejects.toMatchObject(unavailable), expect(gate.run(b.query)).rejects.toMatchObject(unavailable)]);
    const refused = heldQuery(3);
    await expect(gate.run(refused.query)).rejects.toMatchObject(unavailable);
    expect(refused.started.count).toBe(0);

    a.release();
    b.release();
    await expect.poll(() => gate.run(async () => "back").catch(() => "refused")).toBe("back");
  });

  describe("waiting behind calls the database answers", () => {
    // The clock is V8's and the timers are faked: what is asserted is the rule, not this machine's speed.
    const useClock = () => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate", "performance"] });
    afterEach(() => {
      vi.useRealTimers();
    });
    /** A query that answers `value` after `ms` of the faked clock. */
    const answersAfter = <T>(ms: number, value: T) => () => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

    it("keeps a call waiting past timeoutMs while the calls ahead of it are answered", async () => {
      useClock();
      const gate = new QueryGate({ slots: 1, timeoutMs: 100, maxWaitMs: 1_000 });
      const outcomes: string[] = [];
      const calls = [gate.run(answersAfter(80, "a")), gate.run(answersAfter(80, "b")), gate.run(answersAfter(80, "c"))].map((call) =>
        call.then((value) => outcomes.push(value), () => outcomes.push("refused")),
      );
      await vi.advanceTimersByTimeAsync(300);
      await Promise.all(calls);
      // "c" waited 160 ms for its slot, longer than timeoutMs, and was served: the database answered every 80 ms.
      expect(outcomes).toEqual(["a", "b", "c"]);
    });

    it("gives up on a waiting call timeoutMs after the database last answered anything", async () => {
      useClock();
      const gate = new QueryGate({ slots: 1, timeoutMs: 100, maxWaitMs: 1_000 });
      const hung = heldQuery("hung");
      const first = gate.run(answersAfter(60, "answered"));
      const stalled = expect(gate.run(hung.query)).rejects.toMatchObject(unavailable);
      const waiting = heldQuery("waiting");
      let refusal: unknown = null;
      const last = gate.run(waiting.query).catch((error: unknown) => {
        refusal = error;
      });
      await vi.advanceTimersByTimeAsync(60);
      await expect(first).resolves.toBe("answered");
      // The last answer came at 60 ms: the waiting call still waits at 150 ms, and is refused once 160 ms have passed.
      await vi.advanceTimersByTimeAsync(90);
      expect(refusal).toBeNull();
      await vi.advanceTimersByTimeAsync(20);
      await last;
      expect(refusal).toMatchObject(unavailable);
      await stalled;
      expect(waiting.started.count).toBe(0);
      hung.release();
    });

    it("refuses a call that has waited maxWaitMs, however busily the calls ahead of it are answered", async () => {
      useClock();
      const gate = new QueryGate({ slots: 1, timeoutMs: 100, maxWaitMs: 300 });
      const ahead = Array.from({ length: 10 }, (_, index) => gate.run(answersAfter(50, index)).catch(() => "refused"));
      const behind = heldQuery("behind");
      const last = gate.run(behind.query);
      const refused = expect(last).rejects.toMatchObject({ ...unavailable, cause: expect.stringContaining("300 ms") });
      await vi.advanceTimersByTimeAsync(400);
      await refused;
      expect(behind.started.count).toBe(0);
      // The calls that got their slot within maxWaitMs were answered; the rest were refused the same way.
      const results = await Promise.all(ahead);
      expect(results.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
      expect(results.slice(7)).toEqual(["refused", "refused", "refused"]);
    });
  });
});

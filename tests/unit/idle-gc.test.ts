import { describe, expect, it } from "vitest";
import { createIdleGc } from "@/lib/runtime/idle-gc";

const MIB = 1024 * 1024;

/** The decision of lib/runtime/idle-gc.ts on a hand-driven clock, heap and answer count. */
function setUp() {
  const state = { now: 0, rss: 100 * MIB, busy: 0, collections: 0 };
  const idle = createIdleGc({
    collect: () => {
      state.collections++;
      state.rss = 60 * MIB;
    },
    residentBytes: () => state.rss,
    isBusy: () => state.busy > 0,
    now: () => state.now,
    quietMs: 2_000,
    minGrowthBytes: 32 * MIB,
  });
  /** Ticks every 500 ms for `ms`, as the module's interval does while armed. */
  const pass = (ms: number) => {
    for (let elapsed = 0; elapsed < ms; elapsed += 500) {
      state.now += 500;
      idle.check();
    }
  };
  return { state, idle, pass };
}

describe("idle GC", () => {
  it("collects once after requests stop, and not again until a new busy period", () => {
    const { state, idle, pass } = setUp();
    expect(idle.noteRequest()).toBe(true);
    state.rss = 300 * MIB;
    pass(1_000);
    expect(state.collections).toBe(0);
    pass(2_000);
    expect(state.collections).toBe(1);
    expect(idle.isArmed()).toBe(false);
    pass(10_000);
    expect(state.collections).toBe(1);

    expect(idle.noteRequest()).toBe(true);
    state.rss = 200 * MIB;
    pass(3_000);
    expect(state.collections).toBe(2);
  });

  it("never collects while requests keep arriving", () => {
    const { state, idle, pass } = setUp();
    idle.noteRequest();
    state.rss = 400 * MIB;
    for (let second = 0; second < 60; second++) {
      idle.noteRequest();
      pass(1_000);
    }
    expect(state.collections).toBe(0);
    pass(2_500);
    expect(state.collections).toBe(1);
  });

  it("waits for the open responses and active answers to end, however long they stream", () => {
    const { state, idle, pass } = setUp();
    idle.noteRequest();
    state.rss = 400 * MIB;
    state.busy = 3;
    pass(30_000);
    expect(state.collections).toBe(0);
    state.busy = 0;
    pass(1_500);
    expect(state.collections).toBe(0);
    pass(1_000);
    expect(state.collections).toBe(1);
  });

  it("skips the pause when the process has not grown enough since the last collection", () => {
    const { state, idle, pass } = setUp();
    idle.noteRequest();
    state.rss = 300 * MIB;
    pass(3_000);
    expect(state.collections).toBe(1);
    // A health probe's worth of allocation: disarmed without collecting.
    idle.noteRequest();
    state.rss = 61 * MIB;
    pass(3_000);
    expect(state.collections).toBe(1);
    expect(idle.isArmed()).toBe(false);
  });

  it("a request arriving while armed does not arm a second timer", () => {
    const { idle } = setUp();
    expect(idle.noteRequest()).toBe(true);
    expect(idle.noteRequest()).toBe(false);
  });
});

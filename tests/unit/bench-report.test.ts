import { describe, expect, it } from "vitest";
import { verdict } from "@/bench/lib/report";

const atMost = (limit: number) => (value: number) => value <= limit;
const atLeast = (limit: number) => (value: number) => value >= limit;

describe("the benchmark's meets column", () => {
  it("says yes when ours meets the target, whatever the floors", () => {
    expect(verdict({ meets: atMost(5), floor: [9], nextFloor: [9], aiSdkFloor: [9], app: [4] })).toBe("yes");
  });

  it("stays NO when every floor meets a target ours misses", () => {
    expect(verdict({ meets: atMost(5), floor: [1], nextFloor: [3], aiSdkFloor: [4], app: [19] })).toBe("NO");
    expect(verdict({ meets: atMost(5), app: [19] })).toBe("NO");
  });

  it("names the lowest floor that misses the target and gives ours against the AI SDK floor", () => {
    expect(verdict({ meets: atMost(5), floor: [2], nextFloor: [8], aiSdkFloor: [10], app: [20] })).toBe(
      "below the Next.js floor (ours = 2.00× AI SDK floor)",
    );
    expect(verdict({ meets: atMost(0.05), floor: [0.053], nextFloor: [0.15], aiSdkFloor: [0.2], app: [0.3] })).toBe(
      "below the bare node:http floor (ours = 1.50× AI SDK floor)",
    );
    expect(verdict({ meets: atMost(5), floor: [2], nextFloor: [4], aiSdkFloor: [10], app: [20] })).toBe(
      "below the AI SDK floor (ours = 2.00× that floor)",
    );
  });

  it("works for a target that is a minimum, and without the AI SDK floor in the run", () => {
    expect(verdict({ meets: atLeast(300), floor: [776], nextFloor: [479], aiSdkFloor: [200], app: [100] })).toBe(
      "below the AI SDK floor (ours = 0.500× that floor)",
    );
    expect(verdict({ meets: atLeast(300), floor: [776], nextFloor: [250], app: [100] })).toBe(
      "below the Next.js floor (ours = 0.400× that floor)",
    );
  });

  it("judges the median of repeated measurements", () => {
    expect(verdict({ meets: atMost(5), aiSdkFloor: [4, 6, 7], app: [4, 9, 9] })).toBe("below the AI SDK floor (ours = 1.50× that floor)");
  });
});

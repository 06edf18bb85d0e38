import { vi } from "vitest";

/**
 * Holds the JS clock at `ms` (timers stay real) until the next call or `vi.useRealTimers()`. Every store takes the
 * times it writes (createdAt, updatedAt, lastActiveAt) from JS Dates, so a test orders rows by explicit moments
 * instead of sleeping until the clock has moved on.
 */
export function setStoreClock(ms: number): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(ms);
}

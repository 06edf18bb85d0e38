import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/limits/client-ip";
import { MemoryRateLimiter } from "@/lib/limits/rate-limiter";

describe("MemoryRateLimiter", () => {
  it("allows `limit` hits per window, then refuses with the seconds until the window resets", async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit("k", 3, 60_000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]!.retryAfterSeconds).toBe(60);

    now += 45_000;
    expect((await limiter.hit("k", 3, 60_000)).retryAfterSeconds).toBe(15);
    now += 15_000;
    expect((await limiter.hit("k", 3, 60_000)).allowed).toBe(true);
  });

  it("counts keys separately", async () => {
    const limiter = new MemoryRateLimiter(() => 0);
    await limiter.hit("a", 1, 1_000);
    expect((await limiter.hit("a", 1, 1_000)).allowed).toBe(false);
    expect((await limiter.hit("b", 1, 1_000)).allowed).toBe(true);
  });
});

describe("clientIp", () => {
  const cases: { name: string; headers: Record<string, string>; expected: string }[] = [
    { name: "the address the nearest proxy appended", headers: { "x-forwarded-for": "1.1.1.1, 10.0.0.2" }, expected: "10.0.0.2" },
    { name: "a single forwarded address", headers: { "x-forwarded-for": "203.0.113.9" }, expected: "203.0.113.9" },
    { name: "x-real-ip without x-forwarded-for", headers: { "x-real-ip": "198.51.100.1" }, expected: "198.51.100.1" },
    { name: "no address at all", headers: {}, expected: "unknown" },
  ];
  for (const testCase of cases) {
    it(`uses ${testCase.name}`, () => {
      expect(clientIp(new Headers(testCase.headers))).toBe(testCase.expected);
    });
  }
});

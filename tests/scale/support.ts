import http from "node:http";
import { expect } from "@playwright/test";
import { UPSTREAM_HEADER } from "../support/nginx";
import type { ScaleHarness } from "../support/scale-harness";

export type PlainResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * An HTTP request from a given loopback address (127.0.0.2, 127.0.0.3, ...): nginx sees it as that client's address
 * and appends it to X-Forwarded-For, so each test has a per-IP limit of its own.
 */
export function requestFrom(sourceAddress: string, url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? "GET", headers: init.headers, localAddress: sourceAddress }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

/**
 * Sends API requests through nginx from one client address until the per-IP limit answers 429, and checks that the
 * limit is hit at exactly the count one instance would allow, with both instances serving.
 */
export async function expectSharedApiLimit(scale: ScaleHarness, sourceAddress: string): Promise<void> {
  const limit = Number(scale.env.API_REQUESTS_PER_MINUTE);
  const servedBy = new Map<string, number>();
  const statuses: number[] = [];
  // GET /api/chats without a session: 401, but counted like any API request, and cheap for the instances.
  for (let i = 0; i <= limit; i++) {
    const response = await requestFrom(sourceAddress, `${scale.url}/api/chats`);
    statuses.push(response.status);
    const upstream = String(response.headers[UPSTREAM_HEADER]);
    servedBy.set(upstream, (servedBy.get(upstream) ?? 0) + 1);
    if (response.status === 429) {
      expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
      expect((JSON.parse(response.body) as { error: { code: string } }).error.code).toBe("rate_limited");
    }
  }
  expect(statuses.slice(0, limit).every((status) => status === 401), `the first ${limit} requests are within the limit`).toBe(true);
  expect(statuses[limit], `request ${limit + 1} is refused`).toBe(429);
  // Round robin: both instances counted into the same Redis key.
  expect(new Set(servedBy.keys())).toEqual(new Set(scale.instances.map((instance) => `127.0.0.1:${instance.port}`)));
  for (const count of servedBy.values()) expect(count).toBeGreaterThan(limit / 4);
}

/** How often `text` appears in an instance's output (log lines are checked for once-per-outage logging). */
export function countInOutput(output: string, text: string): number {
  return output.split("\n").filter((line) => line.includes(text)).length;
}

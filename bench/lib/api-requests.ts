import http from "node:http";
import { performance } from "node:perf_hooks";
import { BROWSER_ACCEPT_ENCODING, decodedBody } from "./chat-client";
import { readCpuMs } from "./process-stats";
import { median, percentile } from "./stats";

export type ApiFigures = { path: string; cpuPerRequestMs: number[]; latencyP50Ms: number; latencyP95Ms: number; failures: number };

function get(agent: http.Agent, url: string, cookie: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(url, { agent, headers: { cookie, accept: "application/json", "accept-encoding": BROWSER_ACCEPT_ENCODING } }, (response) => {
        const body = decodedBody(response);
        body.resume();
        body.on("end", () => resolve(response.statusCode ?? 0));
        body.on("error", () => resolve(0));
      })
      .on("error", () => resolve(0));
  });
}

/**
 * The cost of one small authenticated API request, what every route pays before its own work (proxy, routing,
 * session, rate limit, the route wrapper): sequential GETs of `path` in rounds, server CPU per request per round.
 */
export async function benchApiRequests(input: {
  agent: http.Agent;
  baseUrl: string;
  pid: number;
  cookie: string;
  path: string;
  rounds: number;
  perRound: number;
}): Promise<ApiFigures> {
  const { agent, baseUrl, pid, cookie, path } = input;
  for (let index = 0; index < 100; index++) await get(agent, `${baseUrl}${path}`, cookie);
  const cpuPerRequestMs: number[] = [];
  const latencies: number[] = [];
  let failures = 0;
  for (let round = 0; round < input.rounds; round++) {
    const before = readCpuMs(pid);
    for (let index = 0; index < input.perRound; index++) {
      const started = performance.now();
      const status = await get(agent, `${baseUrl}${path}`, cookie);
      latencies.push(performance.now() - started);
      if (status !== 200) failures++;
    }
    cpuPerRequestMs.push((readCpuMs(pid) - before) / input.perRound);
  }
  return { path, cpuPerRequestMs, latencyP50Ms: median(latencies), latencyP95Ms: percentile(latencies, 95), failures };
}

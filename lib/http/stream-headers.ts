/**
 * Headers for the routes that answer with server-sent events (the chat's answer stream), sent from next.config.ts.
 * Headers set there take precedence over a route's own, which is what makes this work: Next.js compresses every
 * response a browser accepts gzip for, and an answer stream compressed costs a deflate flush per token — about a
 * quarter of a millisecond of CPU per streamed delta in `npm run bench` — to save a few bytes per event.
 * `no-transform` switches that compression off, and tells proxies and CDNs not to buffer or re-encode the stream.
 */
export const STREAM_ROUTE_SOURCES = ["/api/chat", "/api/chat/:id/stream"] as const;

export const STREAM_CACHE_CONTROL = "no-cache, no-transform";

export function getStreamRouteHeaders(): { source: string; headers: { key: string; value: string }[] }[] {
  return STREAM_ROUTE_SOURCES.map((source) => ({ source, headers: [{ key: "Cache-Control", value: STREAM_CACHE_CONTROL }] }));
}

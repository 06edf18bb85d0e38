/**
 * Request ids: one per request, chosen in proxy.ts, sent back in `X-Request-Id` and written on every log line of
 * the request. An id a reverse proxy already gave the request is kept when it looks like one, so the proxy's logs
 * and ours share it; anything else (too long, or characters that could forge log fields) is replaced.
 * Pure (Web Crypto only): proxy.ts and route handlers both use it.
 */
export const REQUEST_ID_HEADER = "x-request-id";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:+=@/-]{1,128}$/;

export function isSaneRequestId(value: string | null | undefined): value is string {
  return typeof value === "string" && SANE_REQUEST_ID.test(value);
}

/** The request's id: the one it arrived with when sane, else a new UUID. */
export function requestIdOf(headers: Headers): string {
  const incoming = headers.get(REQUEST_ID_HEADER)?.trim();
  return isSaneRequestId(incoming) ? incoming : crypto.randomUUID();
}

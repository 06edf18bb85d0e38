/**
 * Origin checks shared by CORS and the CSRF rule. Pure functions of header values: they run in proxy.ts, in
 * next.config.ts and in unit tests, so nothing here reads the environment or marks itself server-only.
 */

/**
 * `scheme://host[:port]` as a browser sends it in the Origin header, or null when the value is not exactly an
 * http(s) origin (a path, query, fragment or credentials make it something else). A trailing slash is forgiven.
 */
export function normalizeOrigin(value: string): string | null {
  const trimmed = value.trim();
  const url = parseHttpUrl(trimmed);
  if (!url) return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") return null;
  // `new URL` accepts `https:example.com` and backslashes; an origin must be spelled the way browsers send it.
  if (!/^https?:\/\/[^/\\?#]+\/?$/i.test(trimmed)) return null;
  return url.origin;
}

/** An absolute http(s) URL, or null. */
function parseHttpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * The hosts a request was addressed to: the first X-Forwarded-Host value (set by a reverse proxy) and the Host
 * header. Auth.js with `trustHost` builds its URLs from the same headers. A browser cannot forge either on a
 * cross-site request: Host is forbidden to scripts, and X-Forwarded-Host is not CORS-safelisted, so setting it
 * forces a preflight that only CORS_ALLOWED_ORIGINS pass.
 */
export function getRequestHosts(headers: Headers): string[] {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim().toLowerCase();
  const host = headers.get("host")?.trim().toLowerCase();
  return [forwarded, host].filter((value): value is string => Boolean(value));
}

/** True when the origin is one of the configured CORS origins (compared exactly, after normalisation). */
export function isAllowedOrigin(origin: string | null | undefined, allowedOrigins: readonly string[]): origin is string {
  if (!origin) return false;
  const normalized = normalizeOrigin(origin);
  return normalized !== null && allowedOrigins.includes(normalized);
}

export type OriginVerdict =
  | { allowed: true; basis: "origin" | "sec-fetch-site" | "referer" | "no-browser-headers" }
  | { allowed: false; reason: string };

/**
 * Whether a state-changing request may come from where it says it comes from: the page that sent it must be on
 * this host (any scheme, as in Next's own Server Actions check) or be an allowed CORS origin.
 *
 * Evidence is read in order of strength: Origin (every current browser sends it on POST, PUT, PATCH and DELETE),
 * then Sec-Fetch-Site, then Referer. A request that carries none of them did not come from a browser (curl, a
 * server, a script): it cannot carry a victim's cookies, so it is allowed and the route's own auth applies.
 */
export function checkRequestOrigin(headers: Headers, allowedOrigins: readonly string[]): OriginVerdict {
  const hosts = getRequestHosts(headers);
  const isOwnHost = (url: URL | null) => url !== null && hosts.includes(url.host);

  const origin = headers.get("origin");
  if (origin !== null) {
    if (isAllowedOrigin(origin, allowedOrigins)) return { allowed: true, basis: "origin" };
    if (isOwnHost(parseHttpUrl(origin))) return { allowed: true, basis: "origin" };
    return { allowed: false, reason: "the request's Origin is not this site" };
  }

  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null) {
    if (fetchSite === "same-origin" || fetchSite === "none") return { allowed: true, basis: "sec-fetch-site" };
    return { allowed: false, reason: `the request was sent from another site (Sec-Fetch-Site: ${fetchSite})` };
  }

  const referer = headers.get("referer");
  if (referer !== null) {
    const refererUrl = parseHttpUrl(referer);
    if (isOwnHost(refererUrl) || isAllowedOrigin(refererUrl?.origin, allowedOrigins)) {
      return { allowed: true, basis: "referer" };
    }
    return { allowed: false, reason: "the request's Referer is not this site" };
  }

  return { allowed: true, basis: "no-browser-headers" };
}

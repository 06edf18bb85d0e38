/** Auth.js's session cookie names: plain over http, __Secure- prefixed over https. */
export const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"] as const;

/** Pages that need a user; a visitor without one becomes a guest first. */
const PAGES_NEEDING_A_USER = /^\/($|chat\/[^/]+$|settings$)/;

export function guestSignInPath(returnTo: string): string {
  return `/api/auth/guest?redirectUrl=${encodeURIComponent(returnTo)}`;
}

/**
 * True for a browser's first page load without any session cookie: the proxy then sends it straight to guest
 * sign-in, one redirect, before any page renders. Client-side (RSC) navigations are left to the page.
 */
export function needsGuestSession(request: { method: string; pathname: string; headers: Headers; cookieNames: string[] }): boolean {
  if (request.method !== "GET" || !PAGES_NEEDING_A_USER.test(request.pathname)) return false;
  // Only a browser loading a document (Accept: text/html): not client-side RSC navigations, and not the fetch
  // Next.js makes of a server action's redirect target, which follows redirects without keeping cookies and
  // would create a guest on every hop.
  if (!request.headers.get("accept")?.includes("text/html")) return false;
  if (request.headers.get("rsc") === "1" || request.headers.has("next-action")) return false;
  return !request.cookieNames.some((name) => SESSION_COOKIES.some((cookie) => name === cookie || name.startsWith(`${cookie}.`)));
}

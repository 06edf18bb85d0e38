/**
 * Content-Security-Policy values. Pages get a per-request nonce: Next.js reads it from the request's CSP header
 * and puts it on its own scripts, so no inline script runs without it ('strict-dynamic' then trusts the chunks
 * those scripts load). API responses are data, never documents, and get a policy that allows nothing.
 */

export type PageCspOptions = {
  nonce: string;
  /** React's development tooling evaluates code (server error stacks); production never needs eval. */
  allowEval: boolean;
  /** Only over https: on plain http (localhost, a LAN) it would rewrite our own asset URLs to https and break them. */
  upgradeInsecureRequests: boolean;
  /**
   * Origins a form on our pages may end up at through redirects: the OAuth providers' authorize pages (sign-in
   * posts to this origin, which redirects there, and CSP level 3 checks form-action on that redirect too).
   */
  formActionOrigins?: readonly string[];
};

/** 16 random bytes, base64: unguessable, and a valid CSP nonce-source. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function buildPageCsp({ nonce, allowEval, upgradeInsecureRequests, formActionOrigins = [] }: PageCspOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(allowEval ? ["'unsafe-eval'"] : [])],
    // Next's font loader, React and UI libraries insert <style> tags and style attributes without a nonce; a nonce
    // here would switch 'unsafe-inline' off. Styles cannot run code, and img-src/font-src/connect-src limit
    // where injected CSS could send anything.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    // The chat streams from this origin; in development 'self' also covers the HMR websocket.
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", ...formActionOrigins],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(" ")}`);
  if (upgradeInsecureRequests) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** For JSON and streams: nothing may load, and no one may frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

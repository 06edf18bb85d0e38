/**
 * Headers every response carries, static assets included; next.config.ts sends them. The Content-Security-Policy
 * is not here: it needs a fresh nonce per page, so proxy.ts sets it.
 */

/** Two years, the value HSTS preload lists ask for. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Browser features the app never uses, switched off for it and anything it might embed. */
export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

export type SecurityHeader = { key: string; value: string };

export function getStaticSecurityHeaders({ isProduction }: { isProduction: boolean }): SecurityHeader[] {
  const headers: SecurityHeader[] = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  // Browsers ignore HSTS over plain http, so sending it from a production build served on http is harmless;
  // development on localhost must never pin https.
  if (isProduction) {
    headers.push({ key: "Strict-Transport-Security", value: `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` });
  }
  return headers;
}

import "server-only";
import { NextRequest } from "next/server";

const firstValue = (header: string | null) => header?.split(",")[0]?.trim() || null;

/**
 * The request with the URL the browser used. `next start` hands route handlers a URL on its own bind address
 * (http://localhost:3000) whatever Host the browser sent, while Auth.js's sign-in from a server action builds its
 * URLs from the Host / X-Forwarded-* headers. OAuth needs both to agree: the redirect_uri sent with the token request
 * must equal the one given to the provider's authorize page, and the state and PKCE cookies must be read on the host
 * that set them. AUTH_URL, when set, still wins (next-auth applies it afterwards).
 */
export function withPublicUrl(request: NextRequest): NextRequest {
  const host = firstValue(request.headers.get("x-forwarded-host")) ?? request.headers.get("host");
  if (!host) return request;
  const protocol = (firstValue(request.headers.get("x-forwarded-proto")) ?? request.nextUrl.protocol).replace(/:$/, "");
  let publicUrl: URL;
  try {
    publicUrl = new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, `${protocol}://${host}`);
  } catch {
    return request;
  }
  const rewritten = new NextRequest(publicUrl, request);
  // NextRequest reports loopback hosts (127.0.0.1, [::1]) as localhost; Auth.js must see the host the browser used.
  Object.defineProperty(rewritten, "url", { value: publicUrl.href });
  return rewritten;
}

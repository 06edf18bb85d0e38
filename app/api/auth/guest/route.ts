import { signIn } from "@/lib/auth/auth";
import { getSessionUser, safeRedirectPath } from "@/lib/auth/session";

// GET /api/auth/guest — start a guest session (no signup), then go back to where the visitor was going
export async function GET(request: Request) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectUrl"));
  // A relative Location keeps the visitor on the host they used, whatever proxy sits in front.
  if (await getSessionUser()) return new Response(null, { status: 303, headers: { Location: redirectTo } });
  // signIn sets the session cookie and throws Next's redirect, which the framework turns into a redirect response.
  return signIn("guest", { redirectTo });
}

import { cookies, headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { signInNewGuest } from "@/lib/auth/guest-session";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/db";
import { enforceRateLimit } from "@/lib/limits";
import { clientIp } from "@/lib/limits/client-ip";
import { getSessionUser } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/security/safe-redirect";
import { errorToResponse } from "@/lib/http/error-response";
import { observe } from "@/lib/http/observe";

const HOUR_MS = 60 * 60 * 1000;

// GET /api/auth/guest — start a guest session (no signup), then go back to where the visitor was going
export const GET = observe(startGuestSession);

async function startGuestSession(request: Request): Promise<Response> {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectUrl"));
  try {
    // A relative Location keeps the visitor on the host they used, whatever proxy sits in front.
    if (await getSessionUser()) return new Response(null, { status: 303, headers: { Location: redirectTo } });
    await limitGuestCreation(request);
    // The cookies and the redirect next-auth's signIn("guest") made, set the way it sets them (see signInNewGuest).
    const { auth, authUrl } = getConfig();
    const jar = await cookies();
    const signIn = await signInNewGuest({
      headers: await headers(),
      requestCookies: jar.getAll(),
      secret: auth.secret,
      authUrl,
      redirectTo,
      createUser: async () => (await getStore()).createUser({ isGuest: true }),
    });
    for (const cookie of signIn.cookies) jar.set(cookie.name, cookie.value, cookie.options);
    redirect(signIn.redirectUrl);
  } catch (error) {
    unstable_rethrow(error);
    return errorToResponse(error, { method: "GET", path: "/api/auth/guest" });
  }
}

/** A script looping on this endpoint must not fill the users table: per client IP, and for the whole instance. */
async function limitGuestCreation(request: Request): Promise<void> {
  const { limits } = getConfig();
  const message = "Too many new sessions were started from your network. Try again later.";
  await enforceRateLimit({ key: `guest:${clientIp(request.headers)}`, limit: limits.guestCreationsPerIpPerHour, windowMs: HOUR_MS, message });
  await enforceRateLimit({ key: "guest:all", limit: limits.guestCreationsPerHour, windowMs: HOUR_MS, message });
}

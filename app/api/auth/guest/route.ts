import { unstable_rethrow } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { getConfig } from "@/lib/config";
import { enforceRateLimit } from "@/lib/limits";
import { clientIp } from "@/lib/limits/client-ip";
import { getSessionUser } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/security/safe-redirect";
import { isAppError } from "@/lib/errors";
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
    // signIn sets the session cookie and throws Next's redirect, which the framework turns into a redirect response.
    return await signIn("guest", { redirectTo });
  } catch (error) {
    unstable_rethrow(error);
    return errorToResponse(findAppError(error) ?? error, { method: "GET", path: "/api/auth/guest" });
  }
}

/** A script looping on this endpoint must not fill the users table: per client IP, and for the whole instance. */
async function limitGuestCreation(request: Request): Promise<void> {
  const { limits } = getConfig();
  const message = "Too many new sessions were started from your network. Try again later.";
  await enforceRateLimit({ key: `guest:${clientIp(request.headers)}`, limit: limits.guestCreationsPerIpPerHour, windowMs: HOUR_MS, message });
  await enforceRateLimit({ key: "guest:all", limit: limits.guestCreationsPerHour, windowMs: HOUR_MS, message });
}

/** Auth.js wraps what authorize() threw (e.g. database_unavailable) in errors of its own. */
function findAppError(error: unknown): unknown {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (isAppError(current)) return current;
    const inner = current as { cause?: unknown & { err?: unknown } };
    current = inner.cause?.err ?? inner.cause;
  }
  return undefined;
}

import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { withPublicUrl } from "@/lib/auth/public-request";
import { jsonError } from "@/lib/http/error-response";
import { observe } from "@/lib/http/observe";

// GET/POST /api/auth/* — Auth.js: CSRF token, session, sign-in and the OAuth callbacks
export const GET = observe(async (request: NextRequest) => withErrorShape(await handlers.GET(withPublicUrl(request))));
export const POST = observe(async (request: NextRequest) => withErrorShape(await handlers.POST(withPublicUrl(request))));

/**
 * Auth.js answers what it cannot handle (an unknown action such as /api/auth/nothing, a session update without its
 * CSRF token) with bodies of its own shape, `"Bad request."` or `null`; every /api error here has ours. A 5xx from
 * Auth.js only comes from a configuration it refused at start, which its log line names.
 */
function withErrorShape(response: Response): Response {
  if (response.status < 400) return response;
  if (response.status >= 500) {
    return jsonError("server_misconfigured", "Sign-in is not configured correctly. The operator has been told.");
  }
  return jsonError("bad_request", "This is not a sign-in request the server understands.");
}

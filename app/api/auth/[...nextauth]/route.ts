import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { withPublicUrl } from "@/lib/auth/public-request";
import { observe } from "@/lib/http/observe";

// GET/POST /api/auth/* — Auth.js: CSRF token, session, sign-in and the OAuth callbacks
export const GET = observe((request: NextRequest) => handlers.GET(withPublicUrl(request)));
export const POST = observe((request: NextRequest) => handlers.POST(withPublicUrl(request)));

import { Auth, createActionURL, raw, skipCSRFCheck } from "@auth/core";
import { decode } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { beforeAll, describe, expect, it } from "vitest";
import { authConfig } from "@/lib/auth/auth-config";
import { signInNewGuest } from "@/lib/auth/guest-session";
import type { AuthCookie } from "@/lib/auth/session-cookies";
import { readSessionUserId } from "@/lib/auth/session-token";
import { keepParsedConfig } from "@/lib/config/current";
import { getStore } from "@/lib/db";
import { loadTestConfig } from "../support/config";

const SECRET = "a-session-secret-for-the-guest-session-tests";

type Situation = { name: string; headers: Record<string, string>; authUrl: string | null; cookie?: string; redirectTo?: string };

// What a guest's first request can look like: plain http, behind a TLS proxy, without X-Forwarded-Proto (Auth.js
// then assumes https), with AUTH_URL saying either scheme, and carrying an older session split into chunks.
const situations: Situation[] = [
  { name: "plain http", headers: { host: "localhost:3000", "x-forwarded-proto": "http" }, authUrl: null },
  { name: "X-Forwarded-Proto: https", headers: { host: "chat.example.com", "x-forwarded-proto": "https" }, authUrl: null },
  { name: "X-Forwarded-Proto in capitals", headers: { host: "chat.example.com", "x-forwarded-proto": "HTTPS" }, authUrl: null },
  { name: "no X-Forwarded-Proto", headers: { host: "chat.example.com" }, authUrl: null },
  { name: "X-Forwarded-Host", headers: { host: "127.0.0.1:3000", "x-forwarded-host": "chat.example.com", "x-forwarded-proto": "https" }, authUrl: null },
  { name: "AUTH_URL https behind an http hop", headers: { host: "127.0.0.1:3000", "x-forwarded-proto": "http" }, authUrl: "https://chat.example.com" },
  { name: "AUTH_URL http with a path", headers: { host: "127.0.0.1:3000", "x-forwarded-proto": "https" }, authUrl: "http://localhost:4000/api/auth" },
  {
    name: "an older chunked session and the callback URL already remembered",
    headers: { host: "localhost:3000", "x-forwarded-proto": "http" },
    authUrl: null,
    cookie: "authjs.session-token.0=stale; authjs.session-token.1=stale; authjs.callback-url=http%3A%2F%2Flocalhost%3A3000%2Fchat%2Fabc; theme=dark",
    redirectTo: "/chat/abc",
  },
  { name: "a stale unchunked session", headers: { host: "localhost:3000", "x-forwarded-proto": "http" }, authUrl: null, cookie: "authjs.session-token=garbage" },
];

beforeAll(() => {
  keepParsedConfig(loadTestConfig({ AUTH_SECRET: SECRET }));
});

/** The app's Auth.js config as next-auth runs it (its setEnvDefaults: basePath /api/auth), with `AUTH_URL` applied. */
function appAuthConfig(authUrl: string | null) {
  return { ...authConfig(undefined), basePath: authUrl && new URL(authUrl).pathname !== "/" ? new URL(authUrl).pathname : "/api/auth" };
}

/**
 * The reference: next-auth's `signIn("guest", { redirectTo })` as it ran before, with the credentials provider the app
 * had for guests, through Auth.js's own callback (next-auth's lib/actions.ts builds this request and these options).
 */
async function signInThroughAuthJs(situation: Situation, redirectTo: string) {
  const headers = requestHeaders(situation);
  const config = appAuthConfig(situation.authUrl);
  const guest = Credentials({
    id: "guest",
    name: "Guest",
    credentials: {},
    async authorize() {
      const user = await (await getStore()).createUser({ isGuest: true });
      return { id: user.id, name: null, email: null };
    },
  });
  const env = situation.authUrl ? { AUTH_URL: situation.authUrl } : {};
  const url = `${createActionURL("signin", headers.get("x-forwarded-proto") ?? "https", headers, env, config)}/guest?`.replace("signin", "callback");
  headers.set("content-type", "application/x-www-form-urlencoded");
  const request = new Request(url, { method: "POST", headers, body: new URLSearchParams({ callbackUrl: redirectTo }) });
  const result = (await Auth(request, { ...config, providers: [guest, ...config.providers], raw, skipCSRFCheck })) as unknown as { redirect: string; cookies: AuthCookie[] };
  return { redirectUrl: result.redirect, cookies: result.cookies };
}

async function signInOurWay(situation: Situation, redirectTo: string) {
  return signInNewGuest({
    headers: requestHeaders(situation),
    requestCookies: parseCookies(situation.cookie ?? ""),
    secret: SECRET,
    authUrl: situation.authUrl,
    redirectTo,
    createUser: async () => (await getStore()).createUser({ isGuest: true }),
  });
}

function requestHeaders(situation: Situation): Headers {
  return new Headers({ ...situation.headers, ...(situation.cookie ? { cookie: situation.cookie } : {}) });
}

function parseCookies(header: string) {
  return header
    .split(";")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: decodeURIComponent(pair.slice(pair.indexOf("=") + 1)) }));
}

/** Everything about a cookie but what differs between two sign-ins (the token, and an expiry a few ms apart). */
function shapeOf(cookie: AuthCookie) {
  const { expires, ...options } = cookie.options;
  return { name: cookie.name, value: cookie.name.includes("session-token") && cookie.value ? "<token>" : cookie.value, options, expires: expires !== undefined };
}

const sessionCookieOf = (cookies: AuthCookie[]) => cookies.find((cookie) => cookie.name.endsWith("session-token"))!;

/** What Auth.js's own session endpoint (the one `auth()` and /api/auth/session use) answers for a session cookie. */
async function sessionFromAuthJs(situation: Situation, cookie: AuthCookie) {
  const config = appAuthConfig(situation.authUrl);
  const env = situation.authUrl ? { AUTH_URL: situation.authUrl } : {};
  const headers = new Headers(situation.headers);
  headers.set("cookie", `${cookie.name}=${cookie.value}`);
  const url = createActionURL("session", headers.get("x-forwarded-proto") ?? "https", headers, env, config);
  const response = await Auth(new Request(url, { headers }), config);
  return { body: (await response.json()) as { user?: { id?: string; name?: unknown; email?: unknown }; expires?: string } | null, setCookies: response.headers.getSetCookie() };
}

describe("a new guest's session (signInNewGuest) against next-auth's signIn(\"guest\") through Auth.js", () => {
  it.each(situations)("sets the same cookies and redirects to the same URL: $name", async (situation) => {
    const redirectTo = situation.redirectTo ?? "/chat/abc?q=1";
    const reference = await signInThroughAuthJs(situation, redirectTo);
    const ours = await signInOurWay(situation, redirectTo);

    expect(ours.redirectUrl).toBe(reference.redirectUrl);
    const byName = (cookies: AuthCookie[]) => cookies.map(shapeOf).sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(ours.cookies)).toEqual(byName(reference.cookies));
    const expiry = (cookies: AuthCookie[]) => sessionCookieOf(cookies).options.expires!.getTime();
    expect(Math.abs(expiry(ours.cookies) - expiry(reference.cookies))).toBeLessThan(60_000);
    // Over https (AUTH_URL or the forwarded scheme) the cookie is __Secure- prefixed and Secure; over http neither.
    const session = sessionCookieOf(ours.cookies);
    expect(session.name.startsWith("__Secure-")).toBe(session.options.secure);
  });

  it.each(situations)("carries the same claims, and every reader takes it as Auth.js's own: $name", async (situation) => {
    const redirectTo = situation.redirectTo ?? "/";
    const reference = sessionCookieOf((await signInThroughAuthJs(situation, redirectTo)).cookies);
    const ours = sessionCookieOf((await signInOurWay(situation, redirectTo)).cookies);

    const claims = async (cookie: AuthCookie) => (await decode({ token: cookie.value, secret: SECRET, salt: cookie.name }))!;
    const [theirs, mine] = [await claims(reference), await claims(ours)];
    const { id: theirId, sub: theirSub, jti: theirJti, iat: theirIat, exp: theirExp, ...theirRest } = theirs;
    const { id: myId, sub: mySub, jti: myJti, iat: myIat, exp: myExp, ...myRest } = mine;
    expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
    expect(myRest).toEqual(theirRest);
    expect([typeof myId, mySub]).toEqual(["string", myId]);
    expect([typeof theirId, theirSub]).toEqual(["string", theirId]);
    expect(myJti).not.toBe(theirJti);
    expect(Math.abs(myExp! - myIat! - (theirExp! - theirIat!))).toBeLessThanOrEqual(1);

    // Auth.js's session endpoint: the same session for both but the user's id, and both renewed the same way.
    const [theirSession, mySession] = [await sessionFromAuthJs(situation, reference), await sessionFromAuthJs(situation, ours)];
    expect(theirSession.body?.user?.id).toBe(theirId);
    expect(mySession.body?.user?.id).toBe(myId);
    const withoutIdentity = (body: typeof mySession.body) => ({ ...body, user: { ...body?.user, id: "<id>" }, expires: typeof body?.expires });
    expect(withoutIdentity(mySession.body)).toEqual(withoutIdentity(theirSession.body));
    const renewal = (setCookies: string[]) => setCookies.map((header) => header.split("=")[0]);
    expect(renewal(mySession.setCookies)).toEqual(renewal(theirSession.setCookies));

    // And ours: the reader every route and page uses.
    const headers = new Headers(situation.headers);
    headers.set("cookie", `${ours.name}=${ours.value}`);
    expect(await readSessionUserId(headers, { secret: SECRET, authUrl: situation.authUrl })).toBe(myId);
  });

  it("creates the user only once the request URL is known to be valid, as Auth.js does", async () => {
    let created = 0;
    const attempt = signInNewGuest({
      headers: new Headers({ host: "chat.example.com", "x-forwarded-proto": "not a scheme" }),
      requestCookies: [],
      secret: SECRET,
      authUrl: null,
      redirectTo: "/",
      createUser: async () => ({ id: `user-${++created}` }),
    });
    await expect(attempt).rejects.toThrow(TypeError);
    expect(created).toBe(0);
  });

  it("is no longer an Auth.js provider, so POST /api/auth/callback/guest cannot create users past the rate limits", () => {
    const ids = appAuthConfig(null).providers.map((provider) => {
      const { id, options } = typeof provider === "function" ? provider() : provider;
      return (options as { id?: string } | undefined)?.id ?? id;
    });
    expect(ids).not.toContain("guest");
    expect(ids).toContain("password");
  });
});

import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** A GitHub account as the fake GitHub knows it; `emails` is what /user/emails answers. */
export type FakeGitHubUser = {
  id: number;
  login: string;
  name?: string | null;
  /** The public profile email (GitHub only shows a verified one there). */
  publicEmail?: string | null;
  emails: { email: string; primary: boolean; verified: boolean }[];
};

/** A Google account: what goes into the id_token. */
export type FakeGoogleUser = { sub: string; email: string; emailVerified: boolean; name?: string };

export type FakeOAuthClient = { clientId: string; clientSecret: string };

export type FakeOAuthServer = {
  url: string;
  /** GitHub Enterprise-style base URL for AUTH_GITHUB_URL (authorize and token under it, the API at /api/v3). */
  githubUrl: string;
  /** OpenID Connect issuer for AUTH_GOOGLE_ISSUER. */
  googleIssuer: string;
  github: FakeOAuthClient;
  google: FakeOAuthClient;
  /** Users to sign in as: an authorize request names one with `?login_as=<key>`. */
  addGitHubUser(key: string, user: FakeGitHubUser): void;
  addGoogleUser(key: string, user: FakeGoogleUser): void;
  /** Every request the app (or a browser) made, as "METHOD /path". */
  requests: string[];
  stop(): Promise<void>;
};

export type FakeOAuthServerOptions = {
  /** Default: a free port. */
  port?: number;
  github?: FakeOAuthClient;
  google?: FakeOAuthClient;
};

type Grant = {
  provider: "github" | "google";
  userKey: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  nonce: string | null;
};

/**
 * A local stand-in for GitHub (OAuth 2 + REST API) and Google (OpenID Connect), speaking exactly what Auth.js's
 * providers call: authorize (redirects back with code and state, or `error=access_denied` for `?deny=1`), token
 * (checks client secret, redirect_uri and PKCE), GitHub's /user and /user/emails, and Google's discovery document,
 * JWKS and an RS256-signed id_token. Plain http: Auth.js allows insecure requests to providers.
 * An authorize request that names no user (no `login_as`) gets a page with one
 * "Authorize as <login>" link per user, for a browser test to click.
 */
export async function startFakeOAuthServer(options: FakeOAuthServerOptions = {}): Promise<FakeOAuthServer> {
  const github: FakeOAuthClient = options.github ?? {
    clientId: "fake-github-client",
    clientSecret: `gh-secret-${randomBytes(8).toString("hex")}`,
  };
  const google: FakeOAuthClient = options.google ?? {
    clientId: "fake-google-client",
    clientSecret: `go-secret-${randomBytes(8).toString("hex")}`,
  };
  const githubUsers = new Map<string, FakeGitHubUser>();
  const googleUsers = new Map<string, FakeGoogleUser>();
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, string>();
  const requests: string[] = [];
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  let baseUrl = "";

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, { error: "server_error", error_description: String(error) });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", baseUrl);
    requests.push(`${request.method} ${url.pathname}`);
    const route = `${request.method} ${url.pathname}`;
    switch (route) {
      case "GET /github/login/oauth/authorize":
        return authorize("github", url, response);
      case "POST /github/login/oauth/access_token":
        return token("github", request, response);
      case "GET /github/api/v3/user":
        return withGitHubUser(request, response, (user) =>
          send(response, 200, {
            id: user.id,
            login: user.login,
            name: user.name ?? null,
            email: user.publicEmail ?? null,
            avatar_url: `${baseUrl}/avatars/${user.id}`,
          }),
        );
      case "GET /github/api/v3/user/emails":
        return withGitHubUser(request, response, (user) =>
          send(
            response,
            200,
            user.emails.map((entry) => ({ ...entry, visibility: entry.primary ? "private" : null })),
          ),
        );
      case "GET /google/.well-known/openid-configuration":
        return send(response, 200, {
          issuer: `${baseUrl}/google`,
          authorization_endpoint: `${baseUrl}/google/authorize`,
          token_endpoint: `${baseUrl}/google/token`,
          userinfo_endpoint: `${baseUrl}/google/userinfo`,
          jwks_uri: `${baseUrl}/google/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        });
      case "GET /google/jwks":
        return send(response, 200, { keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] });
      case "GET /google/authorize":
        return authorize("google", url, response);
      case "POST /google/token":
        return token("google", request, response);
      default:
        return send(response, 404, { message: "Not Found" });
    }
  }

  function authorize(provider: Grant["provider"], url: URL, response: ServerResponse): void {
    const params = url.searchParams;
    const client = provider === "github" ? github : google;
    const redirectUri = params.get("redirect_uri");
    if (params.get("client_id") !== client.clientId || !redirectUri || params.get("response_type") !== "code") {
      return send(response, 400, { error: "invalid_request" });
    }
    const back = new URL(redirectUri);
    const state = params.get("state");
    if (state) back.searchParams.set("state", state);
    if (params.get("deny") === "1") {
      back.searchParams.set("error", "access_denied");
      return redirect(response, back);
    }
    const userKey = params.get("login_as");
    const users: Map<string, unknown> = provider === "github" ? githubUsers : googleUsers;
    if (!userKey) return sendLoginPage(response, url, [...users.keys()]);
    if (!userKey || !users.has(userKey)) return send(response, 400, { error: "no_such_test_user", userKey });
    const code = randomBytes(16).toString("hex");
    grants.set(code, {
      provider,
      userKey,
      clientId: client.clientId,
      redirectUri,
      codeChallenge: params.get("code_challenge_method") === "S256" ? params.get("code_challenge") : null,
      nonce: params.get("nonce"),
    });
    back.searchParams.set("code", code);
    if (provider === "google") back.searchParams.set("iss", `${baseUrl}/google`);
    redirect(response, back);
  }

  async function token(provider: Grant["provider"], request: IncomingMessage, response: ServerResponse): Promise<void> {
    const client = provider === "github" ? github : google;
    const body = new URLSearchParams(await readBody(request));
    if (!hasClientCredentials(request, body, client)) return send(response, 401, { error: "invalid_client" });
    const code = body.get("code") ?? "";
    const grant = grants.get(code);
    grants.delete(code);
    if (!grant || grant.provider !== provider || grant.clientId !== client.clientId) {
      return send(response, 400, { error: "invalid_grant", error_description: "unknown or used code" });
    }
    if (body.get("grant_type") !== "authorization_code" || body.get("redirect_uri") !== grant.redirectUri) {
      return send(response, 400, { error: "invalid_grant", error_description: "redirect_uri mismatch" });
    }
    if (grant.codeChallenge && s256(body.get("code_verifier") ?? "") !== grant.codeChallenge) {
      return send(response, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
    }
    const accessToken = randomBytes(16).toString("hex");
    accessTokens.set(accessToken, grant.userKey);
    if (provider === "github") {
      return send(response, 200, { access_token: accessToken, token_type: "bearer", scope: "read:user,user:email" });
    }
    const user = googleUsers.get(grant.userKey);
    if (!user) return send(response, 400, { error: "invalid_grant" });
    const now = Math.floor(Date.now() / 1000);
    const idToken = signJwt(privateKey, kid, {
      iss: `${baseUrl}/google`,
      aud: client.clientId,
      azp: client.clientId,
      sub: user.sub,
      email: user.email,
      email_verified: user.emailVerified,
      name: user.name,
      iat: now,
      exp: now + 3600,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    });
    send(response, 200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: 3600,
      scope: "openid email profile",
      id_token: idToken,
    });
  }

  function withGitHubUser(request: IncomingMessage, response: ServerResponse, answer: (user: FakeGitHubUser) => void): void {
    const accessToken = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const user = accessToken ? githubUsers.get(accessTokens.get(accessToken) ?? "") : undefined;
    if (!user) return send(response, 401, { message: "Bad credentials" });
    answer(user);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake OAuth server has no port");
  baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    url: baseUrl,
    githubUrl: `${baseUrl}/github`,
    googleIssuer: `${baseUrl}/google`,
    github,
    google,
    requests,
    addGitHubUser: (key, user) => githubUsers.set(key, user),
    addGoogleUser: (key, user) => googleUsers.set(key, user),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** client_secret_basic (what Auth.js sends by default) or client_secret_post. */
function hasClientCredentials(request: IncomingMessage, body: URLSearchParams, client: FakeOAuthClient): boolean {
  const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, "base64").toString("utf8").split(":").map((part) => decodeURIComponent(part.replace(/\+/g, " ")));
    return id === client.clientId && secret === client.clientSecret;
  }
  return body.get("client_id") === client.clientId && body.get("client_secret") === client.clientSecret;
}

function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

function signJwt(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg: "RS256", typ: "JWT", kid })}.${encode(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function sendLoginPage(response: ServerResponse, authorizeUrl: URL, userKeys: string[]): void {
  const links = userKeys.map((key) => {
    const target = new URL(authorizeUrl);
    target.searchParams.set("login_as", key);
    const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
    return `<li><a href="${escaped(target.toString())}">Authorize as ${escaped(key)}</a></li>`;
  });
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><title>Fake provider</title><h1>Sign in to the fake provider</h1><ul>${links.join("")}</ul>`);
}

function redirect(response: ServerResponse, location: URL): void {
  response.writeHead(302, { location: location.toString() });
  response.end();
}

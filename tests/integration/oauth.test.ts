import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { createPostgresStore, type PostgresStore } from "@/lib/db/drizzle-store";
import {
  chatWithAnswer,
  eventually,
  getChat,
  type Guest,
  newGuest,
  postChat,
  readUIStream,
  signInWithPassword,
  type StoredChat,
  userMessage,
} from "../support/api-client";
import { type AppServer, runAppServerExpectingExit, startAppServer } from "../support/app-server";
import { type FakeOAuthServer, startFakeOAuthServer } from "../support/fake-oauth-server";
import { CookieJar, signInWithOAuth } from "../support/oauth-flow";
import { createScratchDatabase, type ScratchDatabase } from "../support/test-database";

let database: ScratchDatabase;
let store: PostgresStore;
let sql: postgres.Sql;
let provider: FakeOAuthServer;
let server: AppServer;
let plainServer: AppServer;

const githubIds = { next: 1_000 };
/** A GitHub account on the fake GitHub whose primary email is `email`, verified or not. */
function githubUser(email: string, verified = true): { key: string; id: number } {
  const id = ++githubIds.next;
  const key = `gh-${id}`;
  provider.addGitHubUser(key, {
    id,
    login: `octo${id}`,
    name: `Octo ${id}`,
    emails: [
      { email: `noreply+${id}@users.noreply.example.com`, primary: false, verified: true },
      { email, primary: true, verified },
    ],
  });
  return { key, id };
}

const uniqueEmail = (tag: string) => `${tag}.${randomUUID()}@example.com`;

function sessionOf(jar: CookieJar): Guest {
  const session = jar.session();
  if (!session) throw new Error("no session cookie after sign-in");
  return session;
}

beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresUrl"), "oauth");
  store = createPostgresStore({ url: database.url, poolMax: 2, connectTimeoutMs: 5_000 });
  await store.migrate();
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  provider = await startFakeOAuthServer();
  [server, plainServer] = await Promise.all([
    startAppServer({
      POSTGRES_URL: database.url,
      AUTH_GITHUB_ID: provider.github.clientId,
      AUTH_GITHUB_SECRET: provider.github.clientSecret,
      AUTH_GITHUB_URL: provider.githubUrl,
      AUTH_GOOGLE_ID: provider.google.clientId,
      AUTH_GOOGLE_SECRET: provider.google.clientSecret,
      AUTH_GOOGLE_ISSUER: provider.googleIssuer,
    }),
    startAppServer({ POSTGRES_URL: database.url }),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.stop(), plainServer?.stop()]);
  await provider?.stop();
  await sql?.end();
  await store?.close();
  await database?.drop();
});

describe("sign-in buttons", () => {
  it.each(["/login", "/register"])("%s offers GitHub and Google when they are configured", async (path) => {
    const response = await fetch(`${server.url}${path}`);
    const html = await response.text();
    expect(html).toContain("Continue with <!-- -->GitHub");
    expect(html).toContain("Continue with <!-- -->Google");
    // The sign-in form's redirect to the provider must not be blocked by CSP (form-action covers redirects).
    expect(response.headers.get("content-security-policy")).toMatch(/form-action 'self' http:\/\/127\.0\.0\.1:\d+;/);
    expect(response.headers.get("content-security-policy")).toContain(`form-action 'self' ${provider.url};`);
  });

  it.each(["/login", "/register"])("%s offers no provider when none is configured", async (path) => {
    const response = await fetch(`${plainServer.url}${path}`);
    const html = await response.text();
    expect(html).toContain('name="password"');
    expect(html).not.toContain("Continue with");
    expect(response.headers.get("content-security-policy")).toContain("form-action 'self';");
  });
});

describe("configuration", () => {
  it("refuses to boot with a GitHub id but no secret, naming the missing variable", async () => {
    const { code, output } = await runAppServerExpectingExit({ AUTH_SECRET: "x".repeat(32), AUTH_GITHUB_ID: "an-id" });
    expect(code).not.toBe(0);
    expect(output).toContain("Invalid environment variable AUTH_GITHUB_SECRET: required when AUTH_GITHUB_ID is set");
  });
});

describe("GitHub sign-in", () => {
  it("creates an account for a new GitHub user, and the session works for the API", async () => {
    const email = uniqueEmail("New.Octo");
    const github = githubUser(email);
    const { jar, finalLocation, authorizeUrl } = await signInWithOAuth(server.url, {
      provider: "github",
      loginAs: github.key,
      redirectTo: "/settings",
    });
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${provider.githubUrl}/login/oauth/authorize`);
    expect(finalLocation).toBe(`${server.url}/settings`);
    expect(provider.requests).toEqual(expect.arrayContaining(["GET /github/api/v3/user", "GET /github/api/v3/user/emails"]));

    const session = sessionOf(jar);
    const chatId = await chatWithAnswer(server.url, session, "hello from GitHub");
    const user = await store.getUserByAccount({ provider: "github", providerAccountId: String(github.id) });
    expect(user).toMatchObject({ isGuest: false, email: email.toLowerCase(), passwordHash: null });
    expect((await store.getChatById({ id: chatId }))?.userId).toBe(user?.id);

    const settings = await (await fetch(`${server.url}/settings`, { headers: { cookie: session.cookie } })).text();
    expect(settings).toContain("This account has no password: you sign in with <!-- -->GitHub");
    expect(settings).not.toContain('name="currentPassword"');
  });

  it("signs the same GitHub account in to the same user the second time", async () => {
    const github = githubUser(uniqueEmail("twice"));
    const first = sessionOf((await signInWithOAuth(server.url, { provider: "github", loginAs: github.key })).jar);
    const chatId = await chatWithAnswer(server.url, first, "remember me");

    const usersBefore = await countRegisteredUsers();
    const second = sessionOf((await signInWithOAuth(server.url, { provider: "github", loginAs: github.key })).jar);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await getChat(server.url, second, chatId)).status).toBe(200);
    expect(await countRegisteredUsers()).toBe(usersBefore);
  });

  it("moves a guest's chats into the account when the guest signs in with GitHub", async () => {
    const guest = await newGuest(server.url);
    const guestId = await userIdOfSession(guest);
    const chatId = await chatWithAnswer(server.url, guest, "a guest's question");
    const github = githubUser(uniqueEmail("from-guest"));

    const { jar } = await signInWithOAuth(server.url, { provider: "github", loginAs: github.key, jar: new CookieJar(guest.cookie) });
    const account = sessionOf(jar);
    expect(account.cookie).not.toBe(guest.cookie);
    const response = await getChat(server.url, account, chatId);
    expect(response.status).toBe(200);
    expect(((await response.json()) as StoredChat).messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    const user = await store.getUserByAccount({ provider: "github", providerAccountId: String(github.id) });
    expect((await store.getChatById({ id: chatId }))?.userId).toBe(user?.id);
    expect(await store.getUserById({ id: guestId })).toBeNull();
  });

  it("refuses, without linking, a GitHub sign-in whose verified email belongs to a password account", async () => {
    const email = uniqueEmail("password.user");
    const registered = await store.createUser({ isGuest: false, email, passwordHash: await hashPassword("a long password") });
    const passwordSession = (await signInWithPassword(server.url, email, "a long password"))!;
    const chatId = await chatWithAnswer(server.url, passwordSession, "written with a password");
    const github = githubUser(email.toUpperCase());

    const usersBefore = await countRegisteredUsers();
    const { jar, finalLocation } = await signInWithOAuth(server.url, { provider: "github", loginAs: github.key });
    const location = new URL(finalLocation);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("error")).toBe("OAuthAccountNotLinked");
    expect(jar.session()).toBeNull();
    expect(await countRegisteredUsers()).toBe(usersBefore);
    expect(await store.getUserByAccount({ provider: "github", providerAccountId: String(github.id) })).toBeNull();
    expect(await store.listAccountsByUserId({ userId: registered.id })).toEqual([]);
    expect(await (await fetch(finalLocation)).text()).toContain("Sign in with your email and password.");
    // The password account and its chat are untouched.
    const again = (await signInWithPassword(server.url, email, "a long password"))!;
    expect((await getChat(server.url, again, chatId)).status).toBe(200);
  });

  it("does not link by an email GitHub has not verified: that sign-in gets an account of its own, without the email", async () => {
    const email = uniqueEmail("victim");
    const registered = await store.createUser({ isGuest: false, email, passwordHash: await hashPassword("a long password") });
    const passwordSession = (await signInWithPassword(server.url, email, "a long password"))!;
    const chatId = await chatWithAnswer(server.url, passwordSession, "private to the victim");
    const github = githubUser(email, false);

    const session = sessionOf((await signInWithOAuth(server.url, { provider: "github", loginAs: github.key })).jar);
    const user = await store.getUserByAccount({ provider: "github", providerAccountId: String(github.id) });
    expect(user?.id).not.toBe(registered.id);
    expect(user).toMatchObject({ isGuest: false, email: null });
    expect((await getChat(server.url, session, chatId)).status).toBe(404);
    expect(await store.listAccountsByUserId({ userId: registered.id })).toEqual([]);
  });

  it("does not let an account made with GitHub sign in with a password", async () => {
    const email = uniqueEmail("oauth.only");
    const github = githubUser(email);
    await signInWithOAuth(server.url, { provider: "github", loginAs: github.key });
    expect((await store.getUserByEmail({ email }))?.passwordHash).toBeNull();
    for (const password of ["", "a long password", "null", "undefined"]) {
      expect(await signInWithPassword(server.url, email, password)).toBeNull();
    }
  });

  it("sends a refused authorization back to /login with an explanation, and signs no one in", async () => {
    const github = githubUser(uniqueEmail("refuses"));
    const { jar, finalLocation } = await signInWithOAuth(server.url, { provider: "github", loginAs: github.key, deny: true });
    const location = new URL(finalLocation);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("error")).toBe("OAuthCallbackError");
    expect(jar.session()).toBeNull();
    expect(await store.getUserByAccount({ provider: "github", providerAccountId: String(github.id) })).toBeNull();

    const page = await (await fetch(finalLocation)).text();
    expect(page).toContain("Sign-in was cancelled or refused.");
  });
});

describe("Google sign-in (OpenID Connect)", () => {
  it("creates an account from the id_token, signs the same Google account in to it again, and links by email_verified", async () => {
    const email = uniqueEmail("google.user");
    // A passwordless account, as another provider makes one: two providers vouching for one address may share it.
    const registered = await store.createUser({ isGuest: false, email, passwordHash: null });
    const sub = `google-${randomUUID()}`;
    provider.addGoogleUser(sub, { sub, email, emailVerified: true, name: "G User" });

    const { jar, authorizeUrl } = await signInWithOAuth(server.url, { provider: "google", loginAs: sub });
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${provider.googleIssuer}/authorize`);
    expect(authorizeUrl.searchParams.get("scope")).toBe("openid profile email");
    const chatId = await chatWithAnswer(server.url, sessionOf(jar), "hello from Google");
    expect((await store.getUserByAccount({ provider: "google", providerAccountId: sub }))?.id).toBe(registered.id);

    const again = sessionOf((await signInWithOAuth(server.url, { provider: "google", loginAs: sub })).jar);
    expect((await getChat(server.url, again, chatId)).status).toBe(200);
  });

  it("gives a Google account with an unverified email an account of its own", async () => {
    const email = uniqueEmail("unverified.google");
    const registered = await store.createUser({ isGuest: false, email, passwordHash: null });
    const sub = `google-${randomUUID()}`;
    provider.addGoogleUser(sub, { sub, email, emailVerified: false });
    await signInWithOAuth(server.url, { provider: "google", loginAs: sub });
    const user = await store.getUserByAccount({ provider: "google", providerAccountId: sub });
    expect(user).toMatchObject({ isGuest: false, email: null });
    expect(user?.id).not.toBe(registered.id);
  });
});

async function countRegisteredUsers(): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from users where not is_guest`;
  return row?.count ?? 0;
}

/** The user id behind a session, read the way the app does: from a chat it creates. */
async function userIdOfSession(session: Guest): Promise<string> {
  const chatId = randomUUID();
  await readUIStream(await postChat(server.url, session, { id: chatId, message: userMessage("who am I") }));
  const chat = await eventually(async () => (await store.getChatById({ id: chatId })) ?? undefined);
  return chat.userId;
}

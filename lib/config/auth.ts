import path from "node:path";

import { z } from "zod";

import { dataDirEnvSchema, dataDirOf } from "./data-dir";
import { readOrCreateDevSecret } from "./dev-secret";
import { invalidVariable } from "./error";
import { optionalSecret, optionalString, optionalUrl } from "./fields";

export const authEnvSchema = z.object({
  /** Secret that signs session tokens. Required in production; generated into CHATBOT_DATA_DIR otherwise. */
  AUTH_SECRET: optionalSecret("openssl rand -base64 32"),
  /**
   * The app's public URL, when neither Host/X-Forwarded-Host nor X-Forwarded-Proto can be trusted to say it. Auth.js
   * reads it itself; the session reader needs its scheme to pick the cookie Auth.js uses. NEXTAUTH_URL: an alias.
   */
  AUTH_URL: optionalUrl,
  NEXTAUTH_URL: optionalUrl,
});

export const oauthEnvSchema = z.object({
  /** GitHub OAuth app (or GitHub Enterprise): both or neither. */
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  /** GitHub Enterprise Server base URL (its API is at /api/v3); unset = github.com. */
  AUTH_GITHUB_URL: optionalUrl,
  /** Google OAuth client (OpenID Connect): both or neither. */
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  /** OpenID Connect issuer to discover instead of https://accounts.google.com; kept exactly as given (it must match `iss`). */
  AUTH_GOOGLE_ISSUER: optionalUrl,
});

/** An OAuth app registered at a provider; `baseUrl` / `issuer` replace the provider's public endpoints. */
export type GitHubOAuthConfig = { clientId: string; clientSecret: string; baseUrl: string | null };
export type GoogleOAuthConfig = { clientId: string; clientSecret: string; issuer: string | null };

export type AuthSettings = Readonly<{
  auth: Readonly<{ secret: string; secretSource: "env" | "generated" }>;
  /** AUTH_URL (or NEXTAUTH_URL): the app's public URL as Auth.js is told it; null when unset. */
  authUrl: string | null;
  /** OAuth sign-in providers; null = not configured, no button. */
  oauth: Readonly<{ github: Readonly<GitHubOAuthConfig> | null; google: Readonly<GoogleOAuthConfig> | null }>;
}>;

export type AuthParseContext = {
  isProduction: boolean;
  /** `next build` runs with NODE_ENV=production but serves nobody; the real check happens when the server boots. */
  isBuild: boolean;
  /** Supplies the development AUTH_SECRET; the default keeps a generated one in a git-ignored file. */
  readDevSecret?: (dataDir: string) => string;
};

type AuthEnv = z.infer<typeof authEnvSchema> & z.infer<typeof oauthEnvSchema> & z.infer<typeof dataDirEnvSchema>;

export function parseAuth(e: AuthEnv, context: AuthParseContext): AuthSettings {
  let auth: AuthSettings["auth"];
  if (e.AUTH_SECRET) {
    auth = { secret: e.AUTH_SECRET, secretSource: "env" };
  } else if (context.isProduction && !context.isBuild) {
    throw invalidVariable("AUTH_SECRET", "required in production (generate one with: openssl rand -base64 32)");
  } else {
    const dataDir = path.resolve(/*turbopackIgnore: true*/ dataDirOf(e));
    auth = { secret: (context.readDevSecret ?? readOrCreateDevSecret)(dataDir), secretSource: "generated" };
  }

  const github = parseOAuthClient("GITHUB", e.AUTH_GITHUB_ID, e.AUTH_GITHUB_SECRET, {
    variable: "AUTH_GITHUB_URL",
    value: e.AUTH_GITHUB_URL,
  });
  const google = parseOAuthClient("GOOGLE", e.AUTH_GOOGLE_ID, e.AUTH_GOOGLE_SECRET, {
    variable: "AUTH_GOOGLE_ISSUER",
    value: e.AUTH_GOOGLE_ISSUER,
  });

  return {
    auth,
    authUrl: e.AUTH_URL ?? e.NEXTAUTH_URL ?? null,
    oauth: {
      github: github && { ...github, baseUrl: e.AUTH_GITHUB_URL ? withoutTrailingSlash(e.AUTH_GITHUB_URL) : null },
      google: google && { ...google, issuer: e.AUTH_GOOGLE_ISSUER ?? null },
    },
  };
}

/** An id and a secret come as a pair; an endpoint override without them would be silently ignored. */
function parseOAuthClient(
  name: "GITHUB" | "GOOGLE",
  id: string | undefined,
  secret: string | undefined,
  override: { variable: string; value: string | undefined },
): { clientId: string; clientSecret: string } | null {
  if (!id && !secret) {
    if (override.value) throw invalidVariable(`AUTH_${name}_ID`, `required when ${override.variable} is set`);
    return null;
  }
  if (!id) throw invalidVariable(`AUTH_${name}_ID`, `required when AUTH_${name}_SECRET is set`);
  if (!secret) throw invalidVariable(`AUTH_${name}_SECRET`, `required when AUTH_${name}_ID is set`);
  return { clientId: id, clientSecret: secret };
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");

import type { Config } from "@/lib/config";

/** The OAuth providers the app knows; each appears on /login and /register only when its env is set. */
export type OAuthProviderId = "github" | "google";

export type OAuthProviderOption = { id: OAuthProviderId; label: string };

export const GITHUB_DEFAULT_URL = "https://github.com";
export const GOOGLE_DEFAULT_ISSUER = "https://accounts.google.com";

export const OAUTH_PROVIDER_LABELS: Record<OAuthProviderId, string> = { github: "GitHub", google: "Google" };

export function isOAuthProviderId(value: unknown): value is OAuthProviderId {
  return value === "github" || value === "google";
}

/** The configured providers, in the order their buttons appear. */
export function listEnabledOAuthProviders(oauth: Config["oauth"]): OAuthProviderOption[] {
  const ids = (["github", "google"] as const).filter((id) => oauth[id] !== null);
  return ids.map((id) => ({ id, label: OAUTH_PROVIDER_LABELS[id] }));
}

/**
 * Origins the browser is redirected to when sign-in starts. CSP level 3 applies form-action to the redirects that
 * follow a form submission, and our sign-in form posts to this origin, which answers with a redirect to the
 * provider's authorize page; without these origins the browser would block it.
 */
export function getOAuthAuthorizeOrigins(oauth: Config["oauth"]): string[] {
  const origins: string[] = [];
  if (oauth.github) origins.push(new URL(oauth.github.baseUrl ?? GITHUB_DEFAULT_URL).origin);
  // Google's authorize endpoint comes from discovery; for Google and usual OIDC servers it shares the issuer's origin.
  if (oauth.google) origins.push(new URL(oauth.google.issuer ?? GOOGLE_DEFAULT_ISSUER).origin);
  return [...new Set(origins)];
}

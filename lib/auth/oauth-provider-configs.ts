import "server-only";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Config } from "@/lib/config";
import { fetchGitHubProfile } from "./github-profile";

/** Auth.js providers for the configured OAuth apps; endpoint overrides serve GitHub Enterprise, other OIDC issuers and tests. */
export function buildOAuthProviders(oauth: Config["oauth"]): Provider[] {
  const providers: Provider[] = [];
  if (oauth.github) {
    const { clientId, clientSecret, baseUrl } = oauth.github;
    const apiBaseUrl = baseUrl ? `${baseUrl}/api/v3` : "https://api.github.com";
    providers.push(
      GitHub({
        clientId,
        clientSecret,
        ...(baseUrl ? { enterprise: { baseUrl } } : {}),
        userinfo: {
          url: `${apiBaseUrl}/user`,
          request: ({ tokens }: { tokens: { access_token?: string } }) => fetchGitHubProfile(apiBaseUrl, tokens.access_token ?? ""),
        },
      }),
    );
  }
  if (oauth.google) {
    const { clientId, clientSecret, issuer } = oauth.google;
    providers.push(Google({ clientId, clientSecret, ...(issuer ? { issuer } : {}) }));
  }
  return providers;
}

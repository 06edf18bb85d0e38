import { describe, expect, it } from "vitest";
import { getOAuthAuthorizeOrigins, listEnabledOAuthProviders } from "@/lib/auth/oauth-providers";
import { configErrorOf, loadTestConfig as load } from "../support/config";
import { buildPageCsp } from "@/lib/security/csp";

describe("loadConfig: OAuth providers", () => {
  it("configures no provider by default, and treats empty values as unset", () => {
    expect(load({}).oauth).toEqual({ github: null, google: null });
    expect(load({ AUTH_GITHUB_ID: "", AUTH_GITHUB_SECRET: "", AUTH_GOOGLE_ISSUER: "" }).oauth).toEqual({ github: null, google: null });
  });

  it("configures GitHub and Google from their id and secret", () => {
    const config = load({ AUTH_GITHUB_ID: "gh-id", AUTH_GITHUB_SECRET: "gh-secret", AUTH_GOOGLE_ID: "go-id", AUTH_GOOGLE_SECRET: "go-secret" });
    expect(config.oauth).toEqual({
      github: { clientId: "gh-id", clientSecret: "gh-secret", baseUrl: null },
      google: { clientId: "go-id", clientSecret: "go-secret", issuer: null },
    });
  });

  it("takes a GitHub Enterprise base URL without its trailing slash, and an OIDC issuer exactly as given", () => {
    const config = load({
      AUTH_GITHUB_ID: "id",
      AUTH_GITHUB_SECRET: "secret",
      AUTH_GITHUB_URL: "https://github.example.com/",
      AUTH_GOOGLE_ID: "id",
      AUTH_GOOGLE_SECRET: "secret",
      AUTH_GOOGLE_ISSUER: "https://sso.example.com/realms/main/",
    });
    expect(config.oauth.github?.baseUrl).toBe("https://github.example.com");
    expect(config.oauth.google?.issuer).toBe("https://sso.example.com/realms/main/");
  });

  it.each([
    { name: "a GitHub id without its secret", env: { AUTH_GITHUB_ID: "id" }, variable: "AUTH_GITHUB_SECRET" },
    { name: "a GitHub secret without its id", env: { AUTH_GITHUB_SECRET: "secret" }, variable: "AUTH_GITHUB_ID" },
    { name: "a GitHub URL without the app", env: { AUTH_GITHUB_URL: "https://github.example.com" }, variable: "AUTH_GITHUB_ID" },
    { name: "a Google id without its secret", env: { AUTH_GOOGLE_ID: "id" }, variable: "AUTH_GOOGLE_SECRET" },
    { name: "a Google secret without its id", env: { AUTH_GOOGLE_SECRET: "secret" }, variable: "AUTH_GOOGLE_ID" },
    { name: "a Google issuer without the client", env: { AUTH_GOOGLE_ISSUER: "https://sso.example.com" }, variable: "AUTH_GOOGLE_ID" },
    {
      name: "a GitHub URL that is not an http(s) URL",
      env: { AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret", AUTH_GITHUB_URL: "github.example.com" },
      variable: "AUTH_GITHUB_URL",
    },
    {
      name: "a Google issuer that is not an http(s) URL",
      env: { AUTH_GOOGLE_ID: "id", AUTH_GOOGLE_SECRET: "secret", AUTH_GOOGLE_ISSUER: "ftp://sso.example.com" },
      variable: "AUTH_GOOGLE_ISSUER",
    },
  ])("rejects $name with one line naming $variable", ({ env, variable }) => {
    const error = configErrorOf(env);
    expect(error.message).toMatch(new RegExp(`^Invalid environment variable ${variable}: `));
    expect(error.message).not.toContain("\n");
  });
});

describe("OAuth providers for the sign-in page and the CSP", () => {
  const both = load({
    AUTH_GITHUB_ID: "id",
    AUTH_GITHUB_SECRET: "secret",
    AUTH_GOOGLE_ID: "id",
    AUTH_GOOGLE_SECRET: "secret",
  }).oauth;

  it("lists only the configured providers, GitHub first", () => {
    expect(listEnabledOAuthProviders(load({}).oauth)).toEqual([]);
    expect(listEnabledOAuthProviders(load({ AUTH_GOOGLE_ID: "id", AUTH_GOOGLE_SECRET: "s" }).oauth)).toEqual([
      { id: "google", label: "Google" },
    ]);
    expect(listEnabledOAuthProviders(both)).toEqual([
      { id: "github", label: "GitHub" },
      { id: "google", label: "Google" },
    ]);
  });

  it("names the origins of the providers' authorize pages", () => {
    expect(getOAuthAuthorizeOrigins(load({}).oauth)).toEqual([]);
    expect(getOAuthAuthorizeOrigins(both)).toEqual(["https://github.com", "https://accounts.google.com"]);
    const overridden = load({
      AUTH_GITHUB_ID: "id",
      AUTH_GITHUB_SECRET: "secret",
      AUTH_GITHUB_URL: "https://github.example.com:8443/",
      AUTH_GOOGLE_ID: "id",
      AUTH_GOOGLE_SECRET: "secret",
      AUTH_GOOGLE_ISSUER: "https://github.example.com:8443/oidc",
    }).oauth;
    expect(getOAuthAuthorizeOrigins(overridden)).toEqual(["https://github.example.com:8443"]);
  });

  it("lets sign-in forms redirect to those origins and nowhere else", () => {
    const formAction = (origins?: string[]) =>
      buildPageCsp({ nonce: "n", allowEval: false, upgradeInsecureRequests: false, formActionOrigins: origins })
        .split("; ")
        .find((directive) => directive.startsWith("form-action "));
    expect(formAction()).toBe("form-action 'self'");
    expect(formAction(getOAuthAuthorizeOrigins(both))).toBe("form-action 'self' https://github.com https://accounts.google.com");
  });
});

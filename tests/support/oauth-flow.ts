/** A browser's cookie store for one host, enough for Auth.js's cookies (set, replace, clear). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  constructor(header = "") {
    for (const pair of header.split(";")) {
      const [name, ...value] = pair.trim().split("=");
      if (name) this.cookies.set(name, value.join("="));
    }
  }

  store(response: Response): void {
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = setCookie.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const isExpired = attributes.some((attribute) => {
        const [key = "", raw = ""] = attribute.trim().split("=");
        if (key.toLowerCase() === "max-age") return Number(raw) <= 0;
        if (key.toLowerCase() === "expires") return Date.parse(raw) <= Date.now();
        return false;
      });
      if (isExpired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** The session cookies only, as api-client's helpers take them. */
  session(): { cookie: string } | null {
    const pairs = [...this.cookies].filter(([name]) => name.includes("session-token"));
    return pairs.length > 0 ? { cookie: pairs.map(([name, value]) => `${name}=${value}`).join("; ") } : null;
  }
}

export type OAuthSignInOptions = {
  provider: "github" | "google";
  /** Which fake-provider user signs in (the fake server's `login_as`). */
  loginAs: string;
  jar?: CookieJar;
  redirectTo?: string;
  /** The user refuses at the provider. */
  deny?: boolean;
};

export type OAuthSignInResult = {
  jar: CookieJar;
  /** Where the app sent the browser after the callback. */
  finalLocation: string;
  /** The authorize URL the app sent the browser to. */
  authorizeUrl: URL;
};

/**
 * Does what a browser without JavaScript does: submits the "Continue with …" form on /login (our server action),
 * follows the redirect to the provider, lets the fake provider redirect back, and lets the app's callback finish.
 */
export async function signInWithOAuth(baseUrl: string, options: OAuthSignInOptions): Promise<OAuthSignInResult> {
  const jar = options.jar ?? new CookieJar();
  const redirectTo = options.redirectTo ?? "/";
  const page = await fetch(`${baseUrl}/login?redirectTo=${encodeURIComponent(redirectTo)}`, { headers: { cookie: jar.header() } });
  const html = await page.text();
  const form = findProviderForm(html, options.provider);

  const body = new FormData();
  body.set(form.actionField, "");
  body.set("provider", options.provider);
  body.set("redirectTo", redirectTo);
  const submitted = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), origin: baseUrl },
    body,
  });
  await submitted.body?.cancel();
  jar.store(submitted);
  const authorizeUrl = new URL(locationOf(submitted, "the sign-in form"));

  const atProvider = new URL(authorizeUrl);
  atProvider.searchParams.set("login_as", options.loginAs);
  if (options.deny) atProvider.searchParams.set("deny", "1");
  const provider = await fetch(atProvider, { redirect: "manual" });
  const providerBody = await provider.text();
  if (provider.status !== 302) throw new Error(`the fake provider answered ${provider.status}: ${providerBody}`);
  const callbackUrl = locationOf(provider, "the provider");

  const callback = await fetch(callbackUrl, { redirect: "manual", headers: { cookie: jar.header() } });
  await callback.body?.cancel();
  jar.store(callback);
  return { jar, finalLocation: locationOf(callback, "the callback"), authorizeUrl };
}

/** The `$ACTION_ID_…` field of the provider's form: how Next.js runs a server action from a plain form post. */
function findProviderForm(html: string, provider: string): { actionField: string } {
  const forms = html.match(/<form[^>]*>[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((candidate) => candidate.includes(`name="provider" value="${provider}"`));
  const actionField = form?.match(/name="(\$ACTION_ID_[0-9a-f]+)"/)?.[1];
  if (!actionField) throw new Error(`no "Continue with ${provider}" form on /login`);
  return { actionField };
}

function locationOf(response: Response, what: string): string {
  const location = response.headers.get("location");
  if (response.status < 300 || response.status >= 400 || !location) {
    throw new Error(`${what} answered ${response.status} without a redirect`);
  }
  return new URL(location, response.url).toString();
}

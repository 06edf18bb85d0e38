import "server-only";

/** What GitHub's /user answers, with `email` and `email_verified` replaced as described at fetchGitHubProfile. */
export type GitHubProfile = {
  id: number;
  login: string;
  name: string | null;
  avatar_url?: string;
  email: string | null;
  email_verified: boolean;
};

type GitHubEmail = { email: string; primary: boolean; verified: boolean };

/**
 * The signed-in GitHub user. `email` is their primary email, and `email_verified` whether GitHub verified it (from
 * /user/emails, which the `user:email` scope allows): the profile's public email says nothing about verification, and
 * only a verified email may link to an existing account.
 */
export async function fetchGitHubProfile(apiBaseUrl: string, accessToken: string): Promise<GitHubProfile> {
  const headers = {
    Authorization: `Bearer ${accessToken}`,
    Accept: "application/vnd.github+json",
    "User-Agent": "chatbot",
  };
  const userResponse = await fetch(`${apiBaseUrl}/user`, { headers });
  if (!userResponse.ok) throw new Error(`GitHub /user answered ${userResponse.status}`);
  const user = (await userResponse.json()) as Omit<GitHubProfile, "email" | "email_verified">;

  const emailsResponse = await fetch(`${apiBaseUrl}/user/emails`, { headers });
  const emails = emailsResponse.ok ? ((await emailsResponse.json()) as GitHubEmail[]) : [];
  const primary = Array.isArray(emails) ? emails.find((entry) => entry.primary) : undefined;
  return { ...user, email: primary?.email ?? null, email_verified: primary?.verified === true };
}

/**
 * What /login shows for `?error=<type>`: Auth.js sends a failed sign-in there (pages.error), with its error type.
 * The type comes from the URL, so it only selects one of these fixed messages.
 */
export function getSignInErrorMessage(type: string | undefined): string | undefined {
  if (!type) return undefined;
  switch (type) {
    case "OAuthCallbackError":
    case "AccessDenied":
      return "Sign-in was cancelled or refused. Try again, or sign in another way.";
    case "OAuthAccountNotLinked":
      return "An account with this email already exists. Sign in with your email and password.";
    case "CredentialsSignin":
      return "Wrong email or password.";
    default:
      return "Sign-in did not work. Try again, or sign in another way.";
  }
}

import type { OAuthProviderOption } from "@/lib/auth/oauth-providers";

export type OAuthButtonsProps = {
  providers: OAuthProviderOption[];
  action: (formData: FormData) => Promise<void>;
  redirectTo: string;
};

/** "Continue with GitHub / Google": one small form per configured provider, so they work before hydration too. */
export function OAuthButtons({ providers, action, redirectTo }: OAuthButtonsProps) {
  if (providers.length === 0) return null;
  return (
    <div className="mb-6 flex flex-col gap-3">
      {providers.map((provider) => (
        <form key={provider.id} action={action}>
          <input type="hidden" name="provider" value={provider.id} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <button
            type="submit"
            className="h-10 w-full rounded-full border border-zinc-300 bg-white text-sm font-medium hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
          >
            Continue with {provider.label}
          </button>
        </form>
      ))}
      <div className="flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
        or
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
    </div>
  );
}

import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export const emailSchema = z
  .string({ error: "Enter your email." })
  .trim()
  .min(1, { error: "Enter your email." })
  .max(254, { error: "That email is too long." })
  .pipe(z.email({ error: "Enter a valid email address." }))
  .transform((email) => email.toLowerCase());

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters.` })
  .max(MAX_PASSWORD_LENGTH, { error: `Use at most ${MAX_PASSWORD_LENGTH} characters.` });

export const registerSchema = z.object({ email: emailSchema, password: newPasswordSchema });

/** Sign-in does not apply the length rules: it only asks whether the password matches. */
export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(1024),
});

export type FieldErrors = Partial<Record<"email" | "password" | "currentPassword" | "newPassword" | "form", string>>;

/** What an account form's server action answers: errors to show next to fields, and the email to refill. */
export type AuthFormState = { errors: FieldErrors; email: string };

/** The first message for each field, for showing next to it. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form") as keyof FieldErrors;
    errors[field] ??= issue.message;
  }
  return errors;
}

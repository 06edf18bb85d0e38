import { z } from "zod";

import { normalizeOrigin } from "../security/origin";
import { isUnset } from "./env";

export const securityEnvSchema = z.object({
  /** Origins (scheme://host[:port]) that may call the API from a browser with the user's cookies; comma-separated. */
  CORS_ALLOWED_ORIGINS: z.preprocess(
    (value) => (isUnset(value) ? undefined : value),
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        const origins: string[] = [];
        for (const entry of (raw ?? "").split(",").map((item) => item.trim()).filter(Boolean)) {
          const origin = normalizeOrigin(entry);
          if (!origin) {
            ctx.addIssue({ code: "custom", input: entry, message: `"${entry}" is not an origin like https://app.example.com (no path, no *)` });
            return z.NEVER;
          }
          if (!origins.includes(origin)) origins.push(origin);
        }
        return origins;
      }),
  ),
});

/** Origins allowed to call the API cross-origin with credentials (CORS); empty = same-origin only. */
export type SecurityConfig = Readonly<{ corsAllowedOrigins: readonly string[] }>;

export const parseSecurity = (e: z.infer<typeof securityEnvSchema>): SecurityConfig => ({
  corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS,
});

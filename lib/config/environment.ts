import { z } from "zod";

import { isOn, optionalString, truthy } from "./fields";

export type Environment = "production" | "development" | "test";

export const environmentEnvSchema = z.object({
  NODE_ENV: optionalString,
  PLAYWRIGHT: truthy,
});

export type EnvironmentSettings = Readonly<{
  env: Environment;
  isProduction: boolean;
  isDevelopment: boolean;
  isTest: boolean;
  /** As /api/health reports them: development and test can both be true (NODE_ENV=development with PLAYWRIGHT). */
  environmentFlags: Readonly<{ production: boolean; development: boolean; test: boolean }>;
}>;

export function resolveEnvironment(nodeEnv: string | undefined, playwright: string | undefined): Environment {
  if (nodeEnv === "production") return "production";
  if (nodeEnv === "test" || isOn(playwright)) return "test";
  return "development";
}

export function parseEnvironment(e: z.infer<typeof environmentEnvSchema>): EnvironmentSettings {
  const env = resolveEnvironment(e.NODE_ENV, e.PLAYWRIGHT);
  const isProduction = env === "production";
  return {
    env,
    isProduction,
    isDevelopment: env === "development",
    isTest: env === "test",
    environmentFlags: {
      production: isProduction,
      development: !isProduction && e.NODE_ENV !== "test",
      test: env === "test" || isOn(e.PLAYWRIGHT),
    },
  };
}

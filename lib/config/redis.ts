import { z } from "zod";

import { optionalMatching } from "./fields";

export const redisEnvSchema = z.object({
  REDIS_URL: optionalMatching(/^rediss?:\/\//, "must start with redis:// or rediss://"),
});

export type RedisConfig = Readonly<{ url: string | null }>;

export const parseRedis = (e: z.infer<typeof redisEnvSchema>): RedisConfig => ({ url: e.REDIS_URL ?? null });

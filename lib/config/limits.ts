import { z } from "zod";

import { intInRange } from "./fields";

export const limitsEnvSchema = z.object({
  /** Messages a guest may send per UTC day. */
  GUEST_MESSAGES_PER_DAY: intInRange(0, 1_000_000, 20),
  /** Messages a registered user may send per UTC day. */
  USER_MESSAGES_PER_DAY: intInRange(0, 1_000_000, 200),
  /** API requests per client IP per minute. */
  API_REQUESTS_PER_MINUTE: intInRange(1, 1_000_000, 120),
  /** New guest sessions per client IP per hour. */
  GUEST_CREATIONS_PER_IP_PER_HOUR: intInRange(1, 1_000_000, 20),
  /** New guest sessions per hour for the whole instance: the backstop when client IPs cannot be trusted. */
  GUEST_CREATIONS_PER_HOUR: intInRange(1, 10_000_000, 1_000),
  /** `npm run db:prune` deletes guests idle for this many days. */
  GUEST_RETENTION_DAYS: intInRange(1, 3650, 30),
});

export type LimitsConfig = Readonly<{
  guestMessagesPerDay: number;
  userMessagesPerDay: number;
  apiRequestsPerMinute: number;
  guestCreationsPerIpPerHour: number;
  guestCreationsPerHour: number;
  guestRetentionDays: number;
}>;

export function parseLimits(e: z.infer<typeof limitsEnvSchema>): LimitsConfig {
  return {
    guestMessagesPerDay: e.GUEST_MESSAGES_PER_DAY,
    userMessagesPerDay: e.USER_MESSAGES_PER_DAY,
    apiRequestsPerMinute: e.API_REQUESTS_PER_MINUTE,
    guestCreationsPerIpPerHour: e.GUEST_CREATIONS_PER_IP_PER_HOUR,
    guestCreationsPerHour: e.GUEST_CREATIONS_PER_HOUR,
    guestRetentionDays: e.GUEST_RETENTION_DAYS,
  };
}

import os from "node:os";
import path from "node:path";
import { PRODUCTION_ENV } from "./production-runtime";
import { LONG, SHORT } from "./server-bench";

/**
 * The app's environment in every benchmark: PostgreSQL, the custom provider on the bench AI server, limits out of
 * the way (never a 429), and the runtime settings `npm start` and the Docker image use unless told otherwise.
 */
export function benchAppEnv(input: { databaseUrl: string; aiPort: number; productionRuntime?: boolean }): Record<string, string> {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "benchmark-secret-not-for-production",
    POSTGRES_URL: input.databaseUrl,
    CUSTOM_AI_BASE_URL: `http://127.0.0.1:${input.aiPort}/v1`,
    CUSTOM_AI_MODELS: "bench-7=Bench 7,bench-300=Bench 300",
    GUEST_MODELS: `${SHORT.model},${LONG.model}`,
    API_REQUESTS_PER_MINUTE: "1000000",
    GUEST_CREATIONS_PER_IP_PER_HOUR: "1000000",
    GUEST_CREATIONS_PER_HOUR: "10000000",
    GUEST_MESSAGES_PER_DAY: "1000000",
    USER_MESSAGES_PER_DAY: "1000000",
    CHATBOT_DATA_DIR: path.join(os.tmpdir(), "chatbot-bench-data"),
    ...((input.productionRuntime ?? true) ? PRODUCTION_ENV : {}),
  };
}

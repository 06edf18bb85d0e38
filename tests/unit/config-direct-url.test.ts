import { describe, expect, it } from "vitest";

import { configErrorOf, loadTestConfig as load } from "../support/config";

const POOLED = "postgres://app:pw@db-pooler.example.com:6543/chatbot";
const DIRECT = "postgres://app:pw@db.example.com:5432/chatbot";

describe("loadConfig: a direct PostgreSQL connection for migrations", () => {
  it.each([
    { name: "POSTGRES_URL_NON_POOLING", env: { POSTGRES_URL: POOLED, POSTGRES_URL_NON_POOLING: DIRECT } },
    { name: "DATABASE_URL_UNPOOLED", env: { DATABASE_URL: POOLED, DATABASE_URL_UNPOOLED: DIRECT } },
  ])("takes it from $name, beside the pooled URL the app uses", ({ env }) => {
    expect(load(env).database).toMatchObject({ kind: "postgres", url: POOLED, directUrl: DIRECT });
  });

  it("has none when only POSTGRES_URL is set (migrations use it)", () => {
    expect(load({ POSTGRES_URL: POOLED }).database).not.toHaveProperty("directUrl");
  });

  it("names the variable when it is not a PostgreSQL URL", () => {
    expect(configErrorOf({ POSTGRES_URL: POOLED, POSTGRES_URL_NON_POOLING: "mysql://db" }).message).toBe(
      "Invalid environment variable POSTGRES_URL_NON_POOLING: must start with postgres:// or postgresql://",
    );
  });
});

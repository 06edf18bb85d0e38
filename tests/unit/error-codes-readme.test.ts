import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "@/lib/errors";

describe("the README's error code table", () => {
  it("lists every code a client may see, each with its status, and no other", () => {
    const readme = readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])]);
    expect(Object.fromEntries(rows)).toEqual(ERROR_STATUS);
    expect(rows).toHaveLength(Object.keys(ERROR_STATUS).length);
  });
});

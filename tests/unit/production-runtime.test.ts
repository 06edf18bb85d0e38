import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS, productionServerCommand } from "../../bench/lib/production-runtime";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The benchmark measures the app as production runs it: the three places that say how must agree. */
describe("production's runtime settings", () => {
  it("npm start runs scripts/start.sh, which passes the same Node.js flags and environment", () => {
    const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe("bash scripts/start.sh");
    const script = read("scripts/start.sh");
    const command = script.split("\n").find((line) => line.startsWith("exec "));
    expect(command).toContain(`node ${PRODUCTION_NODE_FLAGS.join(" ")} scripts/server.cjs "$@"`);
    // The benchmark starts this checkout's builds the same way.
    expect(productionServerCommand(ROOT)).toEqual([path.join(ROOT, "scripts/server.cjs")]);
    for (const [name, value] of Object.entries(PRODUCTION_ENV)) expect(script).toContain(`export ${name}="\${${name}:-${value}}"`);
  });

  it("the Docker image's runner has the same ENV and starts node with the same flags", () => {
    const dockerfile = read("Dockerfile");
    const runner = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    for (const [name, value] of Object.entries(PRODUCTION_ENV)) expect(runner).toMatch(new RegExp(`^ENV ${name}=${value.replace(/[.]/g, "\\.")}$`, "m"));
    const cmd = runner.split("\n").findLast((line) => line.startsWith("CMD "));
    expect(JSON.parse(cmd!.slice(4))).toEqual(["node", ...PRODUCTION_NODE_FLAGS, "scripts/server.cjs"]);
  });

  it("next.config.ts sets neither compression nor the trusted Host header, which scripts/server.cjs sets to Next's defaults", async () => {
    const { default: nextConfig } = await import("../../next.config");
    const config = nextConfig("phase-production-server");
    expect(config).not.toHaveProperty("compress");
    expect(config.experimental).not.toHaveProperty("trustHostHeader");
    const server = read("scripts/server.cjs");
    expect(server).toContain("compress: true,");
    expect(server).toContain("trustHostHeader: false,");
  });
});

/** Runs once when a server instance starts (Node.js runtime only; nothing here runs on the edge). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before lib/boot loads the AI SDK providers, some of which read (and reject) empty variables on import.
    const { unsetEmptyEnvironmentVariables } = await import("./lib/config");
    unsetEmptyEnvironmentVariables();
    const { bootServer } = await import("./lib/boot");
    await bootServer();
  }
}

/** Runs once when a server instance starts (Node.js runtime only; nothing here runs on the edge). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootServer } = await import("./lib/boot");
    await bootServer();
  }
}

import type { Instrumentation } from "next";

/** Runs once when a server instance starts (Node.js runtime only; nothing here runs on the edge). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before anything loads an AI SDK provider package (on a model's first call), some of which read (and reject)
    // empty variables on import.
    const { unsetEmptyEnvironmentVariables } = await import("./lib/config/env");
    unsetEmptyEnvironmentVariables();
    const { bootServer } = await import("./lib/boot");
    await bootServer();
    (await import("./lib/runtime/idle-gc")).startIdleGc();
  }
}

/** Errors no handler caught reach the log as one JSON line with their cause and the request's id. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logUncaughtRequestError } = await import("./lib/http/request-error");
  logUncaughtRequestError(error, request, context);
};

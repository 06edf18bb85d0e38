import "server-only";
import { getActiveAnswers } from "@/lib/chat/active-answers";
import { getAnswerQueue } from "@/lib/chat/answer-queue";
import { getConfig } from "@/lib/config";
import { bootStore } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { withTimeout } from "@/lib/health/with-timeout";
import { log } from "@/lib/log";
import { closeRedis } from "@/lib/redis/client";

/** After the answers are cut off: how long their last saves (and the bytes of their streams) may take. */
const FINAL_SAVES_GRACE_MS = 5_000;
/** How long Next's own handler may take to see the last connections close once every answer is done. */
const CONNECTIONS_GRACE_MS = 3_000;

type ShutdownState = { isShuttingDown: boolean; isInstalled: boolean };
const globalForShutdown = globalThis as unknown as { __chatbotShutdown?: ShutdownState };
const state = (globalForShutdown.__chatbotShutdown ??= { isShuttingDown: false, isInstalled: false });

export function isShuttingDown(): boolean {
  return state.isShuttingDown;
}

/** New answers are refused while the instance drains: the client's Retry (or the load balancer) finds another one. */
export function throwIfShuttingDown(): void {
  if (!state.isShuttingDown) return;
  throw new AppError("shutting_down", "This server is restarting. Send your message again in a moment.", { headers: { "Retry-After": "1" } });
}

/**
 * Graceful shutdown on SIGTERM (and SIGINT): stop taking new answers (health turns unhealthy, POST /api/chat answers
 * 503 shutting_down), let the answers being written finish for up to SHUTDOWN_TIMEOUT_MS, stop the rest as
 * `interrupted` (saved with what they hold), close the database pool and the Redis connections, and exit 0.
 *
 * Next's own handler (installed by `next start` and the standalone server.js unless NEXT_MANUAL_SIG_HANDLE is set)
 * runs beside this one: it closes the listening socket, so a load balancer's new connections go elsewhere, waits
 * for open responses, then calls process.exit(143). That call is held until the answers are saved and the pools
 * closed, and the process exits 0: a drain that did its job is a clean exit.
 */
export function installShutdownHandlers(): void {
  if (state.isInstalled) return;
  state.isInstalled = true;
  const hasNextHandler = process.listenerCount("SIGTERM") > 0;
  const exit = process.exit.bind(process);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (!state.isShuttingDown) return void shutDown(signal, hasNextHandler, exit);
      // A second Ctrl-C (or a supervisor's second signal) means now: the answers still open are left as saved so far.
      log.warn("shutdown: second signal; exiting without waiting", { signal });
      exit(1);
    });
  }
}

async function shutDown(signal: NodeJS.Signals, hasNextHandler: boolean, exit: (code: number) => never): Promise<void> {
  state.isShuttingDown = true;
  let nextClosed!: () => void;
  const nextIsDone = new Promise<void>((resolve) => {
    nextClosed = resolve;
  });
  // Next's handler ends with process.exit once its connections are closed: noted, not obeyed, until we are done.
  process.exit = (() => nextClosed()) as unknown as typeof process.exit;

  let code = 0;
  try {
    code = await drainAnswers(signal);
    if (hasNextHandler) await waitAtMost(nextIsDone, CONNECTIONS_GRACE_MS);
    await closePools();
    log.info("shutdown: done", { exitCode: code });
  } catch (error) {
    log.error("shutdown: failed", { err: error });
    code = 1;
  }
  exit(code);
}

/** Resolves to the exit code: 0 once every answer is stored (or queued where another instance will store it). */
async function drainAnswers(signal: NodeJS.Signals): Promise<number> {
  const answers = getActiveAnswers();
  const { timeoutMs } = getConfig().shutdown;
  log.info("shutdown: signal received; finishing the answers being written", { signal, answers: answers.list().length, timeoutMs });
  const allDone = () => Promise.all(answers.list().map((answer) => answer.done));

  if (!(await waitAtMost(allDone(), timeoutMs))) {
    const cutOff = answers.list().filter((answer) => answer.phase === "writing");
    log.warn("shutdown: answers still being written are saved as interrupted", { answers: cutOff.length });
    for (const chatId of new Set(cutOff.map((answer) => answer.chatId))) await answers.stop(chatId, "interrupted");
    await waitAtMost(allDone(), FINAL_SAVES_GRACE_MS);
  }

  const unsaved = answers.list();
  if (unsaved.length === 0) return 0;
  // The store is away: answers the queue holds in Redis are saved by another instance; others are lost.
  const handedOver = await getAnswerQueue().handOver();
  if (handedOver >= unsaved.length) {
    log.warn("shutdown: answers the database did not take are left in Redis for another instance to save", { answers: unsaved.length });
    return 0;
  }
  log.error("shutdown: answers could not be saved before exiting", {
    answers: unsaved.map((answer) => ({ chatId: answer.chatId, messageId: answer.id, phase: answer.phase })),
  });
  return 1;
}

async function closePools(): Promise<void> {
  // A store still connecting at boot has no pool worth waiting for.
  const booted = await withTimeout(bootStore(), 1_000).catch(() => null);
  await Promise.allSettled([booted?.store.close(), closeRedis()]);
}

/** Whether the promise settled within ms. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

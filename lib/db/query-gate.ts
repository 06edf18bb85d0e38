import { databaseUnavailable } from "./connection-errors";

export type QueryGateOptions = {
  /** Calls that may run at once: the pool's size, so a call that gets in has a connection to itself. */
  slots: number;
  /**
   * How long the database may go without answering before a call gives up with database_unavailable: a running call
   * gets this long for its query; a waiting call this long since it came or since the database last answered a call.
   */
  timeoutMs: number;
  /** The longest a call may wait for a slot, however busily the database answers the calls ahead of it. */
  maxWaitMs: number;
};

type Waiter = { start: () => void; isCancelled: boolean };

/**
 * Bounds every database call in time and in number. A call waits for one of `slots` (the pool's connections), then
 * its query has `timeoutMs`; past either bound the caller gets AppError `database_unavailable` at once.
 *
 * Waiting is bounded by the database's silence, not by the queue's length: a call behind others waits while the
 * database keeps answering them (a burst of chats on a busy machine is served, not shed), and gives up `timeoutMs`
 * after the database last answered anything (an outage still fails every waiting call within about `timeoutMs`),
 * and after `maxWaitMs` in any case. A call that timed out keeps its slot until its query really ends (a hung server
 * holds its connection), so the gate knows how many connections are stuck: once all of them are, new calls fail
 * immediately instead of queueing behind them.
 */
export class QueryGate {
  private free: number;
  private stuck = 0;
  private readonly waiting: Waiter[] = [];
  /** performance.now() when a query last succeeded: the database was answering then. */
  private lastAnsweredAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: QueryGateOptions) {
    this.free = options.slots;
  }

  run<T>(query: () => Promise<T>): Promise<T> {
    if (this.stuck >= this.options.slots) {
      return Promise.reject(databaseUnavailable("every database connection is waiting on a query that timed out"));
    }
    const { timeoutMs, maxWaitMs } = this.options;
    return new Promise<T>((resolve, reject) => {
      const queuedAt = performance.now();
      let isSettled = false;
      let isRunning = false;
      let hasTimedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = { start: () => begin(), isCancelled: false };

      const expire = (reason: string) => {
        if (isSettled) return;
        isSettled = true;
        hasTimedOut = true;
        if (isRunning) this.stuck += 1;
        else waiter.isCancelled = true;
        reject(databaseUnavailable(reason));
      };
      // Deadlines are checked after pending I/O has been read (setImmediate runs after the poll phase): an event loop
      // that was blocked past a deadline must not fail a call whose answer, or an answer ahead of it, is waiting on a
      // socket.
      const arm = (delayMs: number, check: () => void) => {
        timer = setTimeout(() => setImmediate(check), Math.max(0, delayMs));
      };
      const checkWait = () => {
        if (isSettled || isRunning) return;
        const now = performance.now();
        const until = Math.min(Math.max(queuedAt, this.lastAnsweredAt) + timeoutMs, queuedAt + maxWaitMs);
        if (now < until) arm(until - now, checkWait);
        else expire(now - queuedAt >= maxWaitMs ? `no free database connection within ${maxWaitMs} ms` : `no answer within ${timeoutMs} ms`);
      };

      const end = (outcome: { value: T } | { error: unknown }) => {
        clearTimeout(timer);
        if (hasTimedOut) this.stuck -= 1;
        if ("value" in outcome) this.lastAnsweredAt = performance.now();
        this.release();
        if (isSettled) return;
        isSettled = true;
        if ("error" in outcome) reject(outcome.error);
        else resolve(outcome.value);
      };
      const begin = () => {
        clearTimeout(timer);
        isRunning = true;
        arm(timeoutMs, () => expire(`no answer within ${timeoutMs} ms`));
        let running: Promise<T>;
        try {
          running = query();
        } catch (error) {
          running = Promise.reject(error);
        }
        running.then(
          (value) => end({ value }),
          (error: unknown) => end({ error }),
        );
      };

      if (this.free > 0) {
        this.free -= 1;
        begin();
      } else {
        this.waiting.push(waiter);
        arm(timeoutMs, checkWait);
      }
    });
  }

  private release(): void {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      if (!next.isCancelled) {
        next.start();
        return;
      }
    }
    this.free += 1;
  }
}

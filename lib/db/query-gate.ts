import { databaseUnavailable } from "./connection-errors";

export type QueryGateOptions = {
  /** Calls that may run at once: the pool's size, so a call that gets in has a connection to itself. */
  slots: number;
  /** The longest a call may take, waiting for a slot included, before it answers database_unavailable. */
  timeoutMs: number;
};

type Waiter = { start: () => void; isCancelled: boolean };

/**
 * Bounds every database call in time and in number. A call waits for one of `slots` (the pool's connections) and
 * then runs, all within `timeoutMs`; past it the caller gets AppError `database_unavailable` at once. A call that
 * timed out keeps its slot until its query really ends (a hung server holds its connection), so the gate knows how
 * many connections are stuck: once all of them are, new calls fail immediately instead of queueing behind them.
 */
export class QueryGate {
  private free: number;
  private stuck = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: QueryGateOptions) {
    this.free = options.slots;
  }

  run<T>(query: () => Promise<T>): Promise<T> {
    if (this.stuck >= this.options.slots) {
      return Promise.reject(databaseUnavailable("every database connection is waiting on a query that timed out"));
    }
    return new Promise<T>((resolve, reject) => {
      let isSettled = false;
      let isRunning = false;
      let hasTimedOut = false;
      const waiter: Waiter = { start: () => begin(), isCancelled: false };

      const expire = () => {
        if (isSettled) return;
        isSettled = true;
        hasTimedOut = true;
        if (isRunning) this.stuck += 1;
        else waiter.isCancelled = true;
        reject(databaseUnavailable(`no answer within ${this.options.timeoutMs} ms`));
      };
      // The deadline is checked after pending I/O has been read (setImmediate runs after the poll phase): an event
      // loop that was blocked past the deadline must not fail a query whose answer is already waiting on the socket.
      const timer = setTimeout(() => setImmediate(expire), this.options.timeoutMs);

      const end = (outcome: { value: T } | { error: unknown }) => {
        clearTimeout(timer);
        if (hasTimedOut) this.stuck -= 1;
        this.release();
        if (isSettled) return;
        isSettled = true;
        if ("error" in outcome) reject(outcome.error);
        else resolve(outcome.value);
      };
      const begin = () => {
        isRunning = true;
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

import type { EventEmitter } from "node:events";
import { log } from "@/lib/log";

type State = "connecting" | "up" | "down";

/**
 * Logs Redis outages from the client's connection events: one warning when it goes away, one line when it is back,
 * however many requests fall back to per-instance state meanwhile (the client reconnects every second or two and
 * emits an error each time).
 */
export function watchRedisAvailability(client: EventEmitter, isClosing: () => boolean): void {
  let state: State = "connecting";
  let downSince = 0;

  const markDown = (error?: unknown) => {
    if (state === "down" || isClosing()) return;
    state = "down";
    downSince = Date.now();
    log.warn("redis: unreachable; rate limits are counted by each instance on its own until it is back", {
      err: error,
    });
  };

  client.on("ready", () => {
    if (state === "down") {
      log.info("redis: reachable again; rate limits are shared by all instances again", {
        downForMs: Date.now() - downSince,
      });
    } else if (state === "connecting") {
      log.info("redis: connected");
    }
    state = "up";
  });
  client.on("error", markDown);
  // A connection that ends without an error event (the server closed it, a socket timeout) is an outage too.
  client.on("close", () => markDown());
}

export type SseBody = {
  /** Sends one chunk; written to every reader attached now and kept for the ones that attach later. */
  send(chunk: object): void;
  /** Ends the stream the way the protocol does (`[DONE]`) and closes every reader. */
  end(): void;
  /** Whether `end` has been called. */
  readonly isEnded: boolean;
  /** Runs `callback` once the stream has ended (at once if it has). */
  whenEnded(callback: () => void): void;
  /**
   * A reader of the events as bytes, for a response: everything sent so far in one piece, then each event as it is
   * sent. Its going away (cancel) detaches it alone, never the model, the save or the other readers.
   */
  attach(): ReadableStream<Uint8Array>;
  /** The same as text, for resumable-stream (the Redis path, which publishes strings). */
  attachText(): ReadableStream<string>;
};

type Reader = { enqueue(bytes: Uint8Array, text: string): void; close(): void };

const encoder = new TextEncoder();
const DONE_EVENT = "data: [DONE]\n\n";

/**
 * The answer's server-sent events, as the AI SDK's UI message stream protocol has them. Each chunk is serialised and
 * encoded once, here, and enqueued directly into the response's stream and into any follower's (a reload on this
 * instance): no pipe, tee, encoder stream or pub/sub hop per chunk. Chunks sent in the same turn of the event loop
 * leave in one write. The events are kept until the end, for readers that attach late.
 */
export function createSseBody(): SseBody {
  const sent: string[] = [];
  const readers = new Set<Reader>();
  let pending = "";
  let isEnded = false;
  let isFlushScheduled = false;
  const endCallbacks: (() => void)[] = [];

  const flush = () => {
    isFlushScheduled = false;
    if (!pending) return;
    const text = pending;
    pending = "";
    sent.push(text);
    if (readers.size === 0) return;
    const bytes = encoder.encode(text);
    for (const reader of readers) {
      try {
        reader.enqueue(bytes, text);
      } catch {
        // Its stream was errored by whoever read it: it is gone, the others go on.
        readers.delete(reader);
      }
    }
  };

  function attachReader<T>(encode: (text: string, bytes: Uint8Array | null) => T): ReadableStream<T> {
    let reader: Reader | null = null;
    return new ReadableStream<T>({
      start(controller) {
        // What was sent before this reader came, in one piece (what waits for this turn's flush reaches it then).
        const sofar = sent.join("");
        if (sent.length > 1) sent.splice(0, sent.length, sofar);
        if (sofar) controller.enqueue(encode(sofar, null));
        if (isEnded) {
          controller.close();
          return;
        }
        reader = {
          enqueue: (bytes, text) => controller.enqueue(encode(text, bytes)),
          close: () => controller.close(),
        };
        readers.add(reader);
      },
      cancel() {
        if (reader) readers.delete(reader);
      },
    });
  }

  return {
    get isEnded() {
      return isEnded;
    },
    send(chunk) {
      if (isEnded) return;
      if (!isFlushScheduled) {
        isFlushScheduled = true;
        setImmediate(flush);
      }
      pending += `data: ${JSON.stringify(chunk)}\n\n`;
    },
    end() {
      if (isEnded) return;
      pending += DONE_EVENT;
      flush();
      isEnded = true;
      for (const reader of readers) {
        try {
          reader.close();
        } catch {
          // Already errored by its reader.
        }
      }
      readers.clear();
      for (const callback of endCallbacks.splice(0)) callback();
    },
    whenEnded(callback) {
      if (isEnded) callback();
      else endCallbacks.push(callback);
    },
    attach: () => attachReader((text, bytes) => bytes ?? encoder.encode(text)),
    attachText: () => attachReader((text) => text),
  };
}

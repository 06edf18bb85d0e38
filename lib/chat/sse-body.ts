export type SseBody = {
  /** Server-sent events, one JSON chunk each, as the AI SDK's UI message stream protocol has it (text: see LiveStreams). */
  readable: ReadableStream<string>;
  /** Sends one chunk; dropped once the browser has gone (the answer goes on regardless). */
  send(chunk: object): void;
  /** Ends the stream the way the protocol does (`[DONE]`). */
  end(): void;
};

/**
 * The event stream the answer writes into. It is not a pipe: whoever reads it going away (cancel) only stops the
 * sending, never the model or the save, which is why the answer needs no tee to reach the store (the live stream
 * that reads it keeps reading after the browser has gone). Each chunk is serialised once, here; chunks sent in the
 * same turn of the event loop leave in one write.
 */
export function createSseBody(): SseBody {
  let controller: ReadableStreamDefaultController<string> | null = null;
  let isOpen = true;
  let pending = "";
  const flush = () => {
    if (!isOpen || !pending) return;
    controller?.enqueue(pending);
    pending = "";
  };
  const readable = new ReadableStream<string>({
    start(started) {
      controller = started;
    },
    cancel() {
      isOpen = false;
      pending = "";
    },
  });
  return {
    readable,
    send(chunk) {
      if (!isOpen) return;
      if (!pending) setImmediate(flush);
      pending += `data: ${JSON.stringify(chunk)}\n\n`;
    },
    end() {
      if (!isOpen) return;
      pending += "data: [DONE]\n\n";
      flush();
      isOpen = false;
      controller?.close();
    },
  };
}

import { createWriteStream } from "node:fs";

/**
 * A client of the V8 inspector of a process started with `--inspect=127.0.0.1:<port>`: CPU profiles of exactly the
 * phase being measured (not start-up and warm-up), garbage collection on demand and heap snapshots to a file.
 */
export type Inspector = {
  startProfiling(): Promise<void>;
  /** Stops the profiler and returns the profile (the .cpuprofile JSON). */
  stopProfiling(): Promise<string>;
  collectGarbage(): Promise<void>;
  /**
   * Samples allocations (one per ~32 KiB), those later collected by a scavenge or a full GC included: where the
   * garbage the collector pays for comes from, not only what survives.
   */
  startAllocationSampling(): Promise<void>;
  /** Stops it and returns the sampling heap profile (the .heapprofile JSON DevTools opens). */
  stopAllocationSampling(): Promise<string>;
  writeHeapSnapshot(file: string): Promise<void>;
  /** process.memoryUsage() of the process, in bytes. */
  memoryUsage(): Promise<NodeJS.MemoryUsage>;
  close(): void;
};

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string } };

export async function connectInspector(port: number): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error("the inspector lists no target");
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error("could not connect to the inspector")), { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  const listeners = new Map<string, (params: Record<string, unknown>) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as Message;
    if (message.id !== undefined) {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error.message));
      else waiting?.resolve(message.result ?? {});
    } else if (message.method) {
      listeners.get(message.method)?.(message.params ?? {});
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });

  await send("Profiler.enable");
  await send("HeapProfiler.enable");
  return {
    async startProfiling() {
      await send("Profiler.setSamplingInterval", { interval: 200 });
      await send("Profiler.start");
    },
    async stopProfiling() {
      const { profile } = await send("Profiler.stop");
      return JSON.stringify(profile);
    },
    async startAllocationSampling() {
      await send("HeapProfiler.startSampling", { samplingInterval: 32_768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    },
    async stopAllocationSampling() {
      const { profile } = await send("HeapProfiler.stopSampling");
      return JSON.stringify(profile);
    },
    async collectGarbage() {
      await send("HeapProfiler.collectGarbage");
    },
    async writeHeapSnapshot(file) {
      const out = createWriteStream(file);
      listeners.set("HeapProfiler.addHeapSnapshotChunk", (params) => out.write(String(params.chunk)));
      await send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      listeners.delete("HeapProfiler.addHeapSnapshotChunk");
      await new Promise<void>((resolve) => out.end(resolve));
    },
    async memoryUsage() {
      const { result } = (await send("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true })) as {
        result?: { value?: string };
      };
      return JSON.parse(result?.value ?? "{}") as NodeJS.MemoryUsage;
    },
    close: () => socket.close(),
  };
}

/**
 * Why a collection at idle costs the next load CPU, reproduced in one small process (bench/HOTSPOTS.md, "Memory,
 * round 4"): requests made of the objects a chat's answer path is made of (web streams piped through a transform,
 * Headers, a URL), a load, an idle collection of each kind, a second load. A full GC that runs while no request is
 * in flight frees the last object of every per-request shape, so V8 drops those hidden classes and deoptimises all
 * optimised code that embeds them ("weak objects"); the second load runs unoptimised code and compiles it again.
 * The same GC with requests in flight does not: they still hold each shape. Usage:
 *
 *   bash scripts/node22.sh npx tsx bench/idle-gc-deopt.ts [--requests=20000] [--rounds=3]
 *
 * Each variant runs in a child process (`--expose-gc --trace-deopt`); printed per variant: the deoptimisations the
 * idle collection caused and the second load's CPU (median of the rounds).
 */
import { spawnSync } from "node:child_process";

const VARIANTS = ["none", "regular", "last-resort", "regular, requests in flight"] as const;
type Variant = (typeof VARIANTS)[number];
const IDLE_MARK = "[idle-gc-deopt] idle";

type Gc = (options: { type: "major"; execution: "sync"; flavor?: "last-resort" }) => void;

/** The child: two loads with an idle collection between them; prints the second load's CPU (ms). */
async function child(variant: Variant, requests: number): Promise<void> {
  const request = async (index: number) => {
    const source = new ReadableStream({
      start(controller) {
        for (let delta = 0; delta < 7; delta++) controller.enqueue({ type: "text-delta", id: String(index), delta: `word ${delta}` });
        controller.close();
      },
    });
    const encode = new TransformStream({ transform: (chunk, controller) => controller.enqueue(`data: ${JSON.stringify(chunk)}\n\n`) });
    const headers = new Headers({ "content-type": "text/event-stream", "x-chat": String(index) });
    const url = new URL(`http://127.0.0.1/api/chat?id=${index}`);
    const reader = source.pipeThrough(encode).getReader();
    let bytes = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.length;
    return bytes + (headers.get("x-chat")?.length ?? 0) + (url.searchParams.get("id")?.length ?? 0);
  };
  const load = async (count: number) => {
    let next = 0;
    await Promise.all(Array.from({ length: 50 }, async () => { while (next < count) await request(next++); }));
  };
  await load(requests);
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.stdout.write(`${IDLE_MARK}\n`);
  const gc = (globalThis as { gc?: Gc }).gc!;
  if (variant === "last-resort") gc({ type: "major", execution: "sync", flavor: "last-resort" });
  else if (variant === "regular") gc({ type: "major", execution: "sync" });
  const before = process.cpuUsage();
  // The same collection, but with the second load's first requests in flight (as V8's own GCs during a load).
  if (variant === "regular, requests in flight") setTimeout(() => gc({ type: "major", execution: "sync" }), 5);
  await load(Math.round(requests / 4));
  const cpu = process.cpuUsage(before);
  process.stdout.write(`[idle-gc-deopt] cpu ${(cpu.user + cpu.system) / 1000}\n`);
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
  const childVariant = args.find((arg) => arg.startsWith("--child="))?.slice(8);
  if (childVariant) {
    void child(childVariant as Variant, option("requests", 20_000));
    return;
  }
  const requests = option("requests", 20_000);
  const rounds = option("rounds", 3);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  process.stdout.write(`variant                      deopts at the idle GC   second load CPU (ms, median of ${rounds})\n`);
  for (const variant of VARIANTS) {
    const deopts: number[] = [];
    const cpus: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const run = spawnSync(
        process.execPath,
        [...process.execArgv, "--expose-gc", "--trace-deopt", process.argv[1]!, `--child=${variant}`, `--requests=${requests}`],
        { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
      );
      if (run.status !== 0) throw new Error(`${variant}: exit ${run.status}: ${run.stderr}`);
      const afterIdle = run.stdout.slice(run.stdout.indexOf(IDLE_MARK));
      deopts.push(afterIdle.split("\n").filter((line) => line.includes("reason: weak objects")).length);
      cpus.push(Number(/\[idle-gc-deopt\] cpu ([\d.]+)/.exec(afterIdle)![1]));
    }
    process.stdout.write(`${variant.padEnd(29)}${String(median(deopts)).padStart(21)}   ${median(cpus).toFixed(0).padStart(10)}\n`);
  }
}

main();

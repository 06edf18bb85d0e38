/**
 * Reads what `npm run bench -- --profile` wrote: CPU profiles, mapped back through the production build's source
 * maps to our files and packages, and heap snapshots, summarised and compared. Usage:
 *
 *   npm run bench:report -- bench/profiles/<run> [--top=<n>] [--focus=<file:line or text>] [--chats=<n>]
 *
 * `--focus` lists the stacks through the frames whose `file:line text` contains the given text (callers view).
 *
 * Times are per chat when the run's meta.json says how many chats the profile covered (or `--chats=<n>`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Where a frame's code comes from, as a reader of this repository names it. */
type Place = { file: string; line: number; text: string; group: string };

const sourceMaps = new Map<string, { map: SourceMap; dir: string; contents: Map<string, string[]> } | null>();

function sourceMapFor(url: string) {
  if (sourceMaps.has(url)) return sourceMaps.get(url)!;
  let entry = null;
  try {
    const file = url.startsWith("file://") ? fileURLToPath(url) : url;
    const payload = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources?: string[]; sourcesContent?: (string | null)[] };
    const contents = new Map<string, string[]>();
    payload.sources?.forEach((source, index) => contents.set(source, (payload.sourcesContent?.[index] ?? "").split("\n")));
    entry = { map: new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), dir: path.dirname(file), contents };
  } catch {
    entry = null;
  }
  sourceMaps.set(url, entry);
  return entry;
}

/** `node_modules/<package>` for dependencies, the project-relative path for our code, `node:` internals as such. */
function groupOf(file: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (inModules) return inModules[1]!;
  if (file.startsWith("node:")) return file.startsWith("node:internal/webstreams") ? "node: web streams" : `node: ${file.split("/")[1] ?? file}`;
  if (!file) return "(native / vm)";
  return file;
}

function placeOf(frame: CallFrame): Place {
  if (!frame.url) return { file: "", line: 0, text: frame.functionName || "(anonymous)", group: frame.functionName.startsWith("(") ? frame.functionName : "(native / vm)" };
  const map = frame.url.includes("/.next/") ? sourceMapFor(frame.url) : null;
  const entry = map?.map.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string; originalLine?: number; originalColumn?: number }
    | undefined;
  if (map && entry?.originalSource) {
    const line = entry.originalLine ?? 0;
    const text = map.contents.get(entry.originalSource)?.[line]?.trim().slice(0, 70) ?? "";
    const file = path.relative(process.cwd(), path.resolve(map.dir, entry.originalSource.replace(/^turbopack:\/\/\/\[project\]\//, "")));
    return { file, line: line + 1, text, group: groupOf(file) };
  }
  const file = frame.url.startsWith("file://") ? path.relative(process.cwd(), fileURLToPath(frame.url)) : frame.url;
  return { file, line: frame.lineNumber + 1, text: frame.functionName || "(anonymous)", group: groupOf(file) };
}

/** Our code: a project file, not a dependency or Node.js itself. */
const isOurs = (file: string) => Boolean(file) && !file.includes("node_modules/") && !file.startsWith("node:") && !file.startsWith("wasm:") && !file.startsWith(".next/");

const IGNORED = new Set(["(idle)", "(program)"]);

function reportCpu(file: string, chats: number | null, top: number, focus: string | null): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const places = new Map<number, Place>();
  const place = (id: number) => {
    let known = places.get(id);
    if (!known) places.set(id, (known = placeOf(byId.get(id)!.callFrame)));
    return known;
  };

  const selfByFunction = new Map<string, number>();
  const selfByGroup = new Map<string, number>();
  const totalByGroup = new Map<string, number>();
  const totalByFunction = new Map<string, number>();
  let busy = 0;
  let all = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    all += micros;
    const leaf = byId.get(id)!;
    if (IGNORED.has(leaf.callFrame.functionName)) return;
    busy += micros;
    const own = place(id);
    const functionKey = `${own.file}:${own.line}  ${own.text}`;
    selfByFunction.set(functionKey, (selfByFunction.get(functionKey) ?? 0) + micros);
    selfByGroup.set(own.group, (selfByGroup.get(own.group) ?? 0) + micros);
    const groups = new Set<string>();
    const functions = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
      const each = place(current);
      groups.add(each.group);
      if (isOurs(each.file)) functions.add(`${each.file}:${each.line}  ${each.text}`);
    }
    for (const group of groups) totalByGroup.set(group, (totalByGroup.get(group) ?? 0) + micros);
    for (const key of functions) totalByFunction.set(key, (totalByFunction.get(key) ?? 0) + micros);
  });

  const unit = chats ? "ms/chat" : "ms";
  const show = (micros: number) => (chats ? (micros / 1000 / chats).toFixed(3) : (micros / 1000).toFixed(0)).padStart(9);
  const share = (micros: number) => `${((100 * micros) / busy).toFixed(1)}%`.padStart(6);
  const list = (title: string, entries: Map<string, number>, count: number) => {
    process.stdout.write(`\n${title} (${unit}, share of busy time)\n`);
    for (const [key, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      process.stdout.write(`${show(micros)} ${share(micros)}  ${key}\n`);
    }
  };
  process.stdout.write(`\n== ${path.basename(file)}: ${(all / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy${chats ? `, ${chats} chats` : ""}\n`);
  if (focus) {
    list(`Stacks through "${focus}" (from it outwards, 10 frames)`, stacksThrough(profile, byId, parentOf, place, focus), top);
    return;
  }
  list("Self time by package or file", selfByGroup, top);
  list("Total time (inclusive) by package or file", totalByGroup, top);
  list("Self time by function", selfByFunction, top);
  list("Total time (inclusive) of our own functions", totalByFunction, top);
}

/** Time of the samples whose stack has a frame matching `focus`, by the stack from that frame outwards. */
function stacksThrough(
  profile: CpuProfile,
  byId: Map<number, ProfileNode>,
  parentOf: Map<number, number>,
  place: (id: number) => Place,
  focus: string,
): Map<string, number> {
  const stacks = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    if (IGNORED.has(byId.get(id)!.callFrame.functionName)) return;
    const frames: string[] = [];
    let matched = false;
    for (let current: number | undefined = id; current !== undefined && frames.length < 10; current = parentOf.get(current)) {
      const each = place(current);
      const label = `${each.file}:${each.line} ${each.text}`;
      if (!matched && label.includes(focus)) matched = true;
      if (matched) frames.push(label.slice(0, 110));
    }
    if (!matched) return;
    const key = `\n            ${frames.join("\n              < ")}`;
    stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return stacks;
}

type SamplingNode = { callFrame: CallFrame; selfSize: number; children?: SamplingNode[] };

/** A sampling heap profile (--profile-alloc): bytes allocated per chat by package or file, by function, and by our functions inclusive. */
function reportAllocations(file: string, chats: number | null, top: number): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { head: SamplingNode };
  const selfByGroup = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalOurs = new Map<string, number>();
  let all = 0;
  const walk = (node: SamplingNode, ours: string[]) => {
    const own = placeOf(node.callFrame);
    const key = `${own.file}:${own.line}  ${own.text}`;
    const path_ = isOurs(own.file) && !ours.includes(key) ? [...ours, key] : ours;
    if (node.selfSize) {
      all += node.selfSize;
      selfByGroup.set(own.group, (selfByGroup.get(own.group) ?? 0) + node.selfSize);
      selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + node.selfSize);
      for (const each of path_) totalOurs.set(each, (totalOurs.get(each) ?? 0) + node.selfSize);
    }
    for (const child of node.children ?? []) walk(child, path_);
  };
  walk(profile.head, []);
  const show = (bytes: number) => (chats ? (bytes / 1024 / chats).toFixed(1) : (bytes / 1024 / 1024).toFixed(1)).padStart(9);
  const share = (bytes: number) => `${((100 * bytes) / all).toFixed(1)}%`.padStart(6);
  const list = (title: string, entries: Map<string, number>) => {
    process.stdout.write(`\n${title} (${chats ? "KiB/chat" : "MiB"}, share of all allocated)\n`);
    for (const [key, bytes] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${show(bytes)} ${share(bytes)}  ${key}\n`);
  };
  process.stdout.write(`\n== ${path.basename(file)}: ${show(all)} ${chats ? "KiB per chat" : "MiB"} allocated (sampled)\n`);
  list("Allocated by package or file (self)", selfByGroup);
  list("Allocated by function (self)", selfByFunction);
  list("Allocated under our own functions (inclusive)", totalOurs);
}

type HeapSnapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
};

/** Self size and count by constructor (or node type), like the Summary view of DevTools. */
function summariseHeap(file: string): Map<string, { count: number; bytes: number }> {
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((field) => fields.indexOf(field));
  const summary = new Map<string, { count: number; bytes: number }>();
  for (let index = 0; index < snapshot.nodes.length; index += fields.length) {
    const type = types[snapshot.nodes[index + typeAt!]!]!;
    const name = snapshot.strings[snapshot.nodes[index + nameAt!]!]!;
    const key = type === "object" || type === "closure" ? `${type} ${name.slice(0, 60)}` : `(${type})`;
    const entry = summary.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[index + sizeAt!]!;
    summary.set(key, entry);
  }
  return summary;
}

function reportHeaps(files: string[], top: number): void {
  const summaries = files.map((file) => ({ file, summary: summariseHeap(file) }));
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2).padStart(8);
  for (const { file, summary } of summaries) {
    const total = [...summary.values()].reduce((sum, entry) => sum + entry.bytes, 0);
    process.stdout.write(`\n== ${path.basename(file)}: ${mib(total)} MiB reachable\n`);
  }
  if (summaries.length < 2) return;
  const first = summaries[0]!.summary;
  const last = summaries.at(-1)!.summary;
  const keys = new Set([...first.keys(), ...last.keys()]);
  const growth = [...keys]
    .map((key) => ({ key, bytes: (last.get(key)?.bytes ?? 0) - (first.get(key)?.bytes ?? 0), count: (last.get(key)?.count ?? 0) - (first.get(key)?.count ?? 0) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  process.stdout.write(`\nGrowth from the first snapshot to the last (MiB, objects)\n`);
  for (const { key, bytes, count } of growth) process.stdout.write(`${mib(bytes)} ${String(count).padStart(9)}  ${key}\n`);
}

function main(): void {
  const args = process.argv.slice(2);
  const dir = args.find((arg) => !arg.startsWith("--"));
  if (!dir) throw new Error("usage: npm run bench:report -- bench/profiles/<run> [--chats=<n>] [--top=<n>]");
  let chats = Number(args.find((arg) => arg.startsWith("--chats="))?.slice(8)) || null;
  try {
    chats ??= (JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as { chats?: number }).chats ?? null;
  } catch {
    // No meta.json: times stay totals.
  }
  const top = Number(args.find((arg) => arg.startsWith("--top="))?.slice(6)) || 30;
  const files = readdirSync(dir).sort();
  const focus = args.find((arg) => arg.startsWith("--focus="))?.slice(8) ?? null;
  for (const name of files.filter((each) => each.endsWith(".cpuprofile"))) reportCpu(path.join(dir, name), chats, top, focus);
  if (focus) return;
  if (files.includes("alloc.heapprofile")) {
    let allocChats: number | null = null;
    try {
      allocChats = (JSON.parse(readFileSync(path.join(dir, "alloc-meta.json"), "utf8")) as { chats?: number }).chats ?? null;
    } catch {
      // No count: totals.
    }
    reportAllocations(path.join(dir, "alloc.heapprofile"), allocChats, top);
  }
  const heaps = files.filter((each) => each.endsWith(".heapsnapshot")).map((name) => path.join(dir, name));
  if (heaps.length) reportHeaps(heaps, top);
}

main();

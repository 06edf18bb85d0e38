import type { ApiFigures } from "./api-requests";
import type { ChatPageResult } from "./chat-page";
import type { LayerFigures } from "./layers";
import type { MachineInfo } from "./machine";
import type { PageWeight } from "./page-weight";
import type { ServerFigures } from "./server-bench";
import { formatNumber, median, range } from "./stats";

export type BenchReport = {
  command: string;
  commit: string;
  date: string;
  machine: MachineInfo;
  loadAfter: string;
  durationS: number;
  floor: ServerFigures | null;
  /** The smallest Next.js app answering the same (bench/lib/next-floor.ts). */
  nextFloor: ServerFigures | null;
  nextFloorBareApi: ApiFigures | null;
  /** That app answering through the AI SDK and the real provider client, nothing of ours (bench/lib/next-floor.ts). */
  aiSdkFloor: ServerFigures | null;
  app: ServerFigures | null;
  pageWeight: PageWeight | null;
  chatPage: ChatPageResult | null;
  layers: LayerFigures[] | null;
  notes: string[];
};

type Row = {
  figure: string;
  target: string;
  /** One value per repeat; the median is shown, and ours' spread when there are several. */
  floor?: number[];
  nextFloor?: number[];
  aiSdkFloor?: number[];
  app?: number[];
  meets?: (value: number) => boolean;
};

const spread = (values: number[]) => {
  if (values.length < 2) return "";
  const { min, max } = range(values);
  return `${formatNumber(min)}–${formatNumber(max)}`;
};

/** A figure measured on each server. */
type ServerRow = { figure: string; target: string; pick: (figures: ServerFigures) => number[]; meets?: (value: number) => boolean };

const SERVER_ROWS: ServerRow[] = [
  { figure: "server CPU per chat, 7 deltas (ms)", target: "≤ 5", pick: (f) => f.cpuPerChatMs, meets: (v) => v <= 5 },
  { figure: "server CPU per chat, 300 deltas (ms)", target: "", pick: (f) => f.cpuPerLongChatMs },
  { figure: "server CPU per additional delta (ms)", target: "≤ 0.05", pick: (f) => f.cpuPerExtraDeltaMs, meets: (v) => v <= 0.05 },
  { figure: "server CPU per authenticated GET /api/models (ms)", target: "", pick: (f) => f.api.cpuPerRequestMs },
  { figure: "GET /api/models latency p50, sequential (ms)", target: "", pick: (f) => [f.api.latencyP50Ms] },
  { figure: "first token p50, sequential new chats (ms)", target: "≤ 5", pick: (f) => [f.firstTokenP50SequentialMs], meets: (v) => v <= 5 },
  { figure: "chats/s, 10 concurrent streams", target: "", pick: (f) => f.chatsPerSecond10 },
  { figure: "first token p95, 10 concurrent (ms)", target: "", pick: (f) => f.firstTokenP95At10Ms },
  { figure: "chats/s, 50 concurrent streams", target: "≥ 300", pick: (f) => f.chatsPerSecond50, meets: (v) => v >= 300 },
  { figure: "first token p95, 50 concurrent (ms)", target: "≤ 50", pick: (f) => f.firstTokenP95At50Ms, meets: (v) => v <= 50 },
  { figure: "RSS idle after load (MiB)", target: "≤ 250", pick: (f) => f.rssIdleAfterLoadMiB.slice(0, 1), meets: (v) => v <= 250 },
  {
    figure: "RSS growth over the repeated loads, idle to idle (MiB)",
    target: "≈ 0",
    pick: (f) => [f.rssIdleAfterLoadMiB.at(-1)! - f.rssIdleAfterLoadMiB[0]!],
    meets: (v) => v <= 10,
  },
  { figure: "RSS peak under load (MiB)", target: "", pick: (f) => [f.rssPeakMiB] },
  { figure: "process start → first completed chat, first start of the build (ms)", target: "≤ 800", pick: (f) => [f.startToFirstChatMs], meets: (v) => v <= 800 },
  { figure: "process start → first completed chat, restarts (ms)", target: "≤ 800", pick: (f) => f.restartToFirstChatMs, meets: (v) => v <= 800 },
];

function rows(report: BenchReport): Row[] {
  const { floor, nextFloor, aiSdkFloor, app, pageWeight, chatPage } = report;
  const result: Row[] = SERVER_ROWS.map(({ figure, target, pick, meets }) => ({
    figure,
    target,
    floor: floor ? pick(floor) : undefined,
    nextFloor: nextFloor ? pick(nextFloor) : undefined,
    aiSdkFloor: aiSdkFloor ? pick(aiSdkFloor) : undefined,
    app: app ? pick(app) : undefined,
    meets,
  }));
  if (report.nextFloorBareApi) {
    result.splice(4, 0, { figure: "… the same outside the proxy's matcher (ms)", target: "", nextFloor: report.nextFloorBareApi.cpuPerRequestMs });
  }
  if (pageWeight) {
    result.push({
      figure: `chat page first-load JS, gzip (KiB, ${pageWeight.files} files)`,
      target: "≤ 200",
      app: [pageWeight.gzipBytes / 1024],
      meets: (v) => v <= 200,
    });
  }
  if (chatPage) {
    const label = `page of 50 chats, user with ${chatPage.chatsOfUser.toLocaleString("en-US")}`;
    result.push(
      { figure: `${label}, PostgreSQL, p95 (ms)`, target: "≤ 5", app: [chatPage.postgres.first.p95Ms], meets: (v) => v <= 5 },
      { figure: `${label}, PostgreSQL, p50 (ms)`, target: "", app: [chatPage.postgres.first.p50Ms] },
      { figure: `${label}, PostgreSQL, 5,000 deep, p95 (ms)`, target: "≤ 5", app: [chatPage.postgres.deep.p95Ms], meets: (v) => v <= 5 },
      { figure: `${label}, in-memory store, p95 (ms)`, target: "≤ 5", app: [chatPage.memory.first.p95Ms], meets: (v) => v <= 5 },
      { figure: `${label}, in-memory store, p50 (ms)`, target: "", app: [chatPage.memory.first.p50Ms] },
      { figure: `${label}, in-memory store, 5,000 deep, p95 (ms)`, target: "≤ 5", app: [chatPage.memory.deep.p95Ms], meets: (v) => v <= 5 },
    );
  }
  return result.filter((row) => row.floor?.length || row.nextFloor?.length || row.aiSdkFloor?.length || row.app?.length);
}

const HEADER = [
  "figure",
  "target",
  "floor",
  "Next.js floor",
  "AI SDK floor",
  "ours",
  "ours / floor",
  "ours / Next.js floor",
  "ours / AI SDK floor",
  "ours, spread",
  "meets",
];

const middle = (values: number[] | undefined) => (values?.length ? median(values) : undefined);
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b !== 0 ? `${formatNumber(a / b)}×` : "");
const shown = (value: number | undefined) => (value === undefined ? "" : formatNumber(value));

/** The floors from the lowest (least in the way) to the one that carries everything ours must use. */
const FLOORS = [
  { key: "floor", name: "bare node:http floor" },
  { key: "nextFloor", name: "Next.js floor" },
  { key: "aiSdkFloor", name: "AI SDK floor" },
] as const;

/**
 * Whether ours meets the target. A miss where a floor of the same run misses too is not a bare NO: the target sits
 * below what that floor costs on this machine, and what counts is how close ours comes to the AI SDK floor (the one
 * that does only what the libraries we must use do). A miss that every floor measured meets stays NO.
 */
export function verdict(row: Pick<Row, "meets" | "floor" | "nextFloor" | "aiSdkFloor" | "app">): string {
  const app = middle(row.app);
  if (!row.meets || app === undefined) return "";
  if (row.meets(app)) return "yes";
  const missed = FLOORS.find(({ key }) => {
    const value = middle(row[key]);
    return value !== undefined && !row.meets!(value);
  });
  if (!missed) return "NO";
  const aiSdkFloor = middle(row.aiSdkFloor);
  const [reference, referenceName] = aiSdkFloor !== undefined ? [aiSdkFloor, "AI SDK floor"] : [middle(row[missed.key])!, missed.name];
  const times = ratio(app, reference);
  return `below the ${missed.name} (ours = ${times || "–"} ${referenceName === missed.name ? "that floor" : referenceName})`;
}

function cells(row: Row): string[] {
  const [floor, nextFloor, aiSdkFloor, app] = [middle(row.floor), middle(row.nextFloor), middle(row.aiSdkFloor), middle(row.app)];
  return [
    row.figure,
    row.target,
    shown(floor),
    shown(nextFloor),
    shown(aiSdkFloor),
    shown(app),
    ratio(app, floor),
    ratio(app, nextFloor),
    ratio(app, aiSdkFloor),
    row.app ? spread(row.app) : "",
    verdict(row),
  ];
}

/** The figures as a plain-text table for the terminal. */
export function formatTable(report: BenchReport): string {
  const table = [HEADER, ...rows(report).map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((line) => [...line[column]!].length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join("  ").trimEnd();
  return [line(table[0]!), widths.map((width) => "-".repeat(width)).join("  "), ...table.slice(1).map(line)].join("\n");
}

/** Each layer of the answer path with what it adds to the one above. */
export function formatLayers(layers: LayerFigures[], markdown = false): string {
  const lines = layers.map((layer, index) => {
    const previous = layers[index - 1];
    const added = (value: number, before: number | undefined) =>
      before === undefined ? "" : `${value >= before ? "+" : "−"}${formatNumber(Math.abs(value - before))}`;
    return [
      layer.layer,
      formatNumber(layer.perChatMs),
      added(layer.perChatMs, previous?.perChatMs),
      formatNumber(layer.perDeltaMs),
      added(layer.perDeltaMs, previous?.perDeltaMs),
    ];
  });
  const header = ["answer path, cumulative (plain Node, no Next.js, no database)", "CPU per 7-delta chat (ms)", "added", "CPU per delta (ms)", "added"];
  if (markdown) return [header, header.map(() => "---"), ...lines].map((line) => `| ${line.join(" | ")} |`).join("\n");
  const table = [header, ...lines];
  const widths = header.map((_, column) => Math.max(...table.map((line) => [...line[column]!].length)));
  return table.map((line) => line.map((value, column) => value.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

function failureLines(name: string, figures: ServerFigures | null): string[] {
  if (!figures) return [];
  const total = [...figures.failures.values()].reduce((sum, count) => sum + count, 0);
  const lines = [`- ${name}: ${figures.chats} chats measured, ${total} failed.`];
  for (const [failure, count] of figures.failures) lines.push(`  - ${count} × ${failure}`);
  return lines;
}

/** bench/RESULTS.md */
export function formatMarkdown(report: BenchReport): string {
  const { machine } = report;
  const table = [HEADER, HEADER.map(() => "---"), ...rows(report).map(cells)].map((line) => `| ${line.join(" | ")} |`).join("\n");
  const sections = [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (bench/run.ts); the issue's targets are from issue #9. Numbers from a shared or busy",
    "machine are noisy: compare ours with the floors of the same run (the ratios), and read the spread. \"meets\" says",
    "\"below the … floor\" where a floor of the same run misses the target too: the target is under what that floor",
    "costs here, and the figure to judge is ours / AI SDK floor (what our own code adds to the libraries we must use).",
    "",
    `- Command: \`${report.command}\``,
    `- Commit: ${report.commit}`,
    `- Date: ${report.date} (took ${report.durationS.toFixed(0)} s)`,
    `- Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
    `- Load average before / after: ${machine.loadAverage} / ${report.loadAfter}`,
    "",
    table,
    "",
    "## How it is measured",
    "",
    "- **Shape**: every chat is a new chat of a guest session (a pool of sessions made beforehand), answered with 7",
    "  text deltas 10 ms apart, the first at once. Ours: the production build as `npm start` runs it on a throwaway",
    "  PostgreSQL 15, its `custom` provider (the real @ai-sdk/openai-compatible client) pointed at",
    "  bench/servers/ai-server.ts. Floor: bench/servers/floor-server.ts, a bare node:http server sending the same",
    "  deltas in the same UI message stream SSE. The client (node:http, keep-alive) parses the stream and times",
    "  the first text delta from the start of the request; a chat counts only when every delta and `finish` arrived.",
    "  Next.js floor: the smallest Next.js app (same Next.js, a proxy that sets one header) answering the same from",
    "  route handlers (bench/lib/next-floor.ts), not gzipped (ours' SSE headers): between it and the floor is what",
    "  Next.js costs.",
    "  AI SDK floor: the same app (same proxy) whose chat route answers through the libraries our chat must use: the",
    "  real @ai-sdk/openai-compatible client pointed at its own bench/servers/ai-server.ts, `streamText` and",
    "  `toUIMessageStreamResponse` with ours' SSE headers (`no-transform`, not gzipped), the user message through",
    "  `convertToModelMessages`; no session, quota, database, saving, title or live stream, and ours' runtime",
    "  settings and start (scripts/server.cjs). Between it and the Next.js floor is what the AI SDK path costs;",
    "  between it and ours, our own code.",
    "- **Server CPU**: utime + stime of the server process (/proc/<pid>/stat) before and after a run, divided by its",
    "  chats; sequential rounds of 7-delta chats (spread = rounds). Per additional delta: 300- minus 7-delta chats,",
    "  both at 10 lanes (300 deltas take 3 s each), divided by 293.",
    "- **API request**: sequential `GET /api/models` with a session (proxy, routing, session, rate limit, route",
    "  wrapper: what every route pays), server CPU per request in rounds of 300.",
    "- **Load**: 10 then 50 lanes sending chats back to back for a fixed time, repeated; chats/s counts completed chats.",
    "- **RSS**: VmRSS once each load has ended and the server sat idle 4 s (no forced GC); growth is the last idle",
    "  reading minus the first.",
    "- **Start**: from spawning the process to the end of the first chat of a new guest (migrations already applied):",
    "  the server's first start in the run (before its loads), then each of its restarts once the loads are done",
    "  (median shown, spread = restarts): one start is one sample, and this machine's speed moves between minutes.",
    "- **First-load JS**: the scripts the chat page's HTML loads, fetched with Accept-Encoding: gzip, bytes on the wire",
    "  (the budget test's measure).",
    "- **Page of chats**: `listChatsByUserId({ limit: 50 })` through the Store, after a bulk insert of the user's chats",
    "  and as many of 50 other users'; the first page and one 5,000 chats down (by cursor).",
    "",
  ];
  if (report.layers) {
    sections.push(
      "## Layers of the answer path",
      "",
      "The same provider client and bench AI server (deltas 1 ms apart, so each arrives in a read of its own, as",
      "tokens do) in the benchmark's own process, adding one layer at a time (bench/lib/layers.ts): where the CPU per",
      "chat and per delta above goes before Next.js and the database. A negative step is noise.",
      "",
      formatLayers(report.layers, true),
      "",
    );
  }
  if (report.chatPage) {
    sections.push("## PostgreSQL's plan for the first page of chats", "", "```", report.chatPage.postgres.plan, "```", "");
  }
  sections.push(
    "## Failures",
    "",
    ...failureLines("floor", report.floor),
    ...failureLines("Next.js floor", report.nextFloor),
    ...failureLines("AI SDK floor", report.aiSdkFloor),
    ...failureLines("ours", report.app),
    "",
  );
  if (report.notes.length) sections.push("## Notes", "", ...report.notes.map((note) => `- ${note}`), "");
  return sections.join("\n");
}

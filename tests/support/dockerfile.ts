/**
 * Reads a Dockerfile into its stages and instructions, so tests can run what the image runs (its runner stage's
 * files, environment and command) on a machine without a Docker engine. Covers the syntax our Dockerfile uses:
 * line continuations, comments, JSON (exec) and shell forms, `KEY=value` ENV, COPY flags and HEALTHCHECK options.
 */

export type Instruction = { keyword: string; args: string; line: number };
export type Stage = { name: string | null; image: string; instructions: Instruction[] };
export type CopyInstruction = { from: string | null; chown: string | null; sources: string[]; destination: string };
export type HealthCheck = { options: Record<string, string>; command: string[] };

export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = "";
  let startLine = 0;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith("#") || (line === "" && pending === "")) return;
    if (pending === "") startLine = index + 1;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const full = (pending + line).trim();
    pending = "";
    if (full === "") return;
    const keyword = full.split(/\s+/)[0] ?? "";
    instructions.push({ keyword: keyword.toUpperCase(), args: full.slice(keyword.length).trim(), line: startLine });
  });

  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const match = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match?.[1]) throw new Error(`line ${instruction.line}: cannot read FROM ${instruction.args}`);
      stages.push({ image: match[1], name: match[2] ?? null, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** Exec form (`["node", "server.js"]`) as given; shell form as Docker runs it, through /bin/sh -c. */
export function commandOf(args: string): string[] {
  if (args.startsWith("[")) {
    const parsed: unknown = JSON.parse(args);
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) throw new Error(`not a command: ${args}`);
    return parsed;
  }
  return ["/bin/sh", "-c", args];
}

/** `ENV A=1 B="two words"` (and the legacy `ENV A 1`). */
export function parseEnv(args: string): Record<string, string> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [name = "", ...value] = args.split(/\s+/);
    return { [name]: value.join(" ") };
  }
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const [, name = "", value = ""] = match;
    env[name] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return env;
}

export function parseCopy(args: string): CopyInstruction {
  const words = args.startsWith("[") ? commandOf(args) : args.split(/\s+/);
  const flags: Record<string, string> = {};
  while (words[0]?.startsWith("--")) {
    const [name = "", value = ""] = (words.shift() ?? "").slice(2).split("=");
    flags[name] = value;
  }
  const destination = words.pop();
  if (!destination || words.length === 0) throw new Error(`COPY needs a source and a destination: ${args}`);
  return { from: flags.from ?? null, chown: flags.chown ?? null, sources: words, destination };
}

export function parseHealthCheck(args: string): HealthCheck {
  const match = /^((?:--[a-z-]+=\S+\s+)*)CMD\s+(.+)$/.exec(args);
  if (!match) throw new Error(`HEALTHCHECK without CMD: ${args}`);
  const options: Record<string, string> = {};
  for (const option of (match[1] ?? "").trim().split(/\s+/).filter(Boolean)) {
    const [name = "", value = ""] = option.slice(2).split("=");
    options[name] = value;
  }
  return { options, command: commandOf(match[2] ?? "") };
}

/** The values the stage's instructions of one kind set, last one winning (WORKDIR, USER, CMD...). */
export function lastArgs(stage: Stage, keyword: string): string | null {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1)?.args ?? null;
}

export function stageEnv(stage: Stage): Record<string, string> {
  return Object.assign({}, ...stage.instructions.filter((i) => i.keyword === "ENV").map((i) => parseEnv(i.args))) as Record<string, string>;
}

/**
 * The variables `docker run --env-file` reads from a file: KEY=value lines taken literally (no quotes removed, no
 * inline comments), comment and blank lines skipped. Compose's env_file reads such a file the same way.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const separator = trimmed.indexOf("=");
    if (separator === -1) continue;
    env[trimmed.slice(0, separator)] = trimmed.slice(separator + 1);
  }
  return env;
}

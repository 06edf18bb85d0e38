import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { ROOT } from "./processes";

export type MachineInfo = { cores: number; cpuModel: string; memoryGiB: number; node: string; os: string; loadAverage: string };

export function describeMachine(): MachineInfo {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) osName = `${pretty} (${os.release()})`;
  } catch {
    // Not Linux or no os-release: the kernel name will do.
  }
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: osName,
    loadAverage: os.loadavg().map((value) => value.toFixed(2)).join(" "),
  };
}

/** The commit measured, with `+dirty` when the working tree has changes to tracked files. */
export function describeCommit(): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  try {
    const commit = git("rev-parse", "--short=12", "HEAD");
    const branch = git("rev-parse", "--abbrev-ref", "HEAD");
    const dirty = git("status", "--porcelain", "--untracked-files=no") ? "+dirty" : "";
    return `${commit}${dirty} (${branch})`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

/**
 * What a benchmark result must say about where it was measured: the CPU
 * model and core count, and the versions of node, rustc and clang. Only
 * version strings are recorded, never the paths of the tools.
 */
import { spawnSync } from "node:child_process";
import { cpus, loadavg, release } from "node:os";
import { findLLVMTools } from "../native/toolchain.js";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly os: string;
  readonly node: string;
  /** 1-minute load average when the run started: on a shared machine, how much else was running. */
  readonly loadAverage: number;
  /** `rustc -V`, or null when rustc is not installed. */
  readonly rustc: string | null;
  /** First line of `clang --version` (the clang that builds the LLVM column and the C baseline). */
  readonly clang: string;
}

/** The first line a tool prints for `args`, or null when it cannot run. */
function firstLine(exe: string, args: readonly string[]): string | null {
  const r = spawnSync(exe, args, { encoding: "utf8" });
  if (r.error || r.status !== 0) return null;
  return r.stdout.split("\n")[0]!.trim() || null;
}

/** `rustc` from PATH (or `$RUSTC`), when it runs. */
export function findRustc(env: NodeJS.ProcessEnv = process.env): string | null {
  const exe = env["RUSTC"] || "rustc";
  return firstLine(exe, ["-V"]) ? exe : null;
}

export function describeMachine(): Machine {
  const rustc = findRustc();
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? "unknown",
    cores: cpuList.length,
    os: `${process.platform} ${release()} ${process.arch}`,
    node: process.version,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    rustc: rustc ? firstLine(rustc, ["-V"]) : null,
    clang: firstLine(findLLVMTools().clang, ["--version"]) ?? "unknown",
  };
}

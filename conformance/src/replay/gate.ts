/**
 * The replay gate: every host-calling module of conformance/replay is
 * lowered with traced host calls, built for both backends in all three
 * fast-path modes, run natively with FZ_RECORD, then run again with
 * FZ_REPLAY against its own trace. Every run of an input must give the
 * interpreter's result, and every trace must equal, byte for byte, the
 * trace the interpreter's host calls give (so the six recorded traces are
 * identical too): the fast paths must not change what a program asks of
 * its host. The C host is conformance/replay/host.c, the interpreter's
 * conformance/src/replay/host.ts.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Backend, lowerText, type Mode, recordInterpreterImports, serializeTrace } from "@fzy/lower";
import { interpret, parseModule, Trap } from "@fzy/ir";
import { buildNative } from "../native/build.js";
import { CONFORMANCE_DIR, REPO_ROOT, scratchDir } from "../native/toolchain.js";
import { makeHost } from "./host.js";

export const REPLAY_DIR = join(CONFORMANCE_DIR, "replay");

export interface ReplayCase {
  readonly name: string;
  readonly file: string;
  readonly inputs: readonly number[];
}

/** conformance/replay/*.fzir; each names its inputs in a `; inputs: 0 1 5` line. */
export function replayCases(): ReplayCase[] {
  return readdirSync(REPLAY_DIR).filter((f) => f.endsWith(".fzir")).sort().map((f) => {
    const text = readFileSync(join(REPLAY_DIR, f), "utf8");
    const m = /^;\s*inputs:\s*([-\d\s]+)$/m.exec(text);
    return { name: f.replace(/\.fzir$/, ""), file: join(REPLAY_DIR, f), inputs: m ? m[1]!.trim().split(/\s+/).map(Number) : [0, 1, 7] };
  });
}

/** What a run showed: its result line (or panic/exit line) and, when recorded, its trace. */
export interface Observed {
  readonly outcome: string;
  readonly trace: string;
}

/** The interpreter's result of kernel(n) with a fresh host, and the trace of its host calls. */
export function interpreterRun(source: string, n: number): Observed {
  const m = parseModule(source);
  const rec = recordInterpreterImports(m.imports, makeHost());
  let outcome: string;
  try {
    outcome = String(interpret(m, "kernel", [n], { imports: rec.imports }));
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    outcome = `panic: ${e.message}`;
  }
  return { outcome, trace: serializeTrace(rec.calls) };
}

let hostObject: string | undefined;

/** host.c compiled once per process. */
export function hostObjectFile(): string {
  if (hostObject) return hostObject;
  const out = join(scratchDir("replay-host"), "host.o");
  const cc = (process.env["CC"] || "cc").trim().split(/\s+/);
  const r = spawnSync(cc[0]!, [...cc.slice(1), "-std=c11", "-O2", "-Wall", "-Werror", "-I", join(REPO_ROOT, "packages/runtime-c/include"), "-c", join(REPLAY_DIR, "host.c"), "-o", out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cc host.c failed: ${r.stderr}${r.error?.message ?? ""}`);
  hostObject = out;
  return out;
}

/** A native executable of `c` with traced host calls, linked with the C host. */
export function buildTraced(c: ReplayCase, backend: Backend, mode: Mode, sanitize = false): string {
  const r = lowerText(readFileSync(c.file, "utf8"), backend, { perfFastpath: mode, file: c.file, hostCalls: "traced" });
  return buildNative(backend, r, join(scratchDir(`replay-${c.name}-${backend}-${mode}`), "prog"), { extraObjects: [hostObjectFile()], sanitize });
}

/** Runs exe on n with extra environment; the outcome is stdout's line, or the exit status and stderr's first line. */
export function runWith(exe: string, n: number, env: Record<string, string>): { readonly outcome: string; readonly status: number | null; readonly stderr: string } {
  const clean = { ...process.env };
  delete clean["FZ_RECORD"];
  delete clean["FZ_REPLAY"];
  const r = spawnSync(exe, [String(n)], { encoding: "utf8", env: { ...clean, ...env }, timeout: 60_000 });
  if (r.error) throw new Error(`cannot run ${exe}: ${r.error.message}`);
  const line = r.stderr.trim();
  const outcome = r.status === 0 ? r.stdout.trim() : r.status === 101 && line.startsWith("panic: ") ? line : `exit ${r.status ?? r.signal}: ${line.split("\n")[0] ?? ""}`;
  return { outcome, status: r.status, stderr: r.stderr };
}

/** Records kernel(n), then replays it from its own trace. */
export function recordAndReplay(exe: string, n: number, traceFile: string): { readonly recorded: Observed; readonly replayed: string } {
  const rec = runWith(exe, n, { FZ_RECORD: traceFile });
  const trace = readFileSync(traceFile, "utf8");
  const rep = runWith(exe, n, { FZ_REPLAY: traceFile });
  return { recorded: { outcome: rec.outcome, trace }, replayed: rep.outcome };
}

export const REPLAY_BACKENDS: readonly Backend[] = ["llvm", "cranelift"];
export const REPLAY_MODES: readonly Mode[] = ["off", "on", "force"];

/** Every backend and mode of one case; returns one message per disagreement (empty: the case passes). */
export function checkReplayCase(c: ReplayCase): string[] {
  const source = readFileSync(c.file, "utf8");
  const want = new Map(c.inputs.map((n) => [n, interpreterRun(source, n)]));
  const failures: string[] = [];
  for (const backend of REPLAY_BACKENDS) {
    for (const mode of REPLAY_MODES) {
      const where = `${c.name} ${backend} ${mode}`;
      let exe: string;
      try {
        exe = buildTraced(c, backend, mode);
      } catch (e) {
        failures.push(`${where}: build failed: ${(e as Error).message.split("\n")[0]}`);
        continue;
      }
      const dir = join(exe, "..");
      for (const n of c.inputs) {
        const ref = want.get(n)!;
        const { recorded, replayed } = recordAndReplay(exe, n, join(dir, `n${n}.fzt`));
        if (recorded.outcome !== ref.outcome) failures.push(`${where} n=${n}: recorded run gives ${recorded.outcome}, the interpreter ${ref.outcome}`);
        if (recorded.trace !== ref.trace) failures.push(`${where} n=${n}: the trace differs from the interpreter's host calls`);
        if (replayed !== recorded.outcome) failures.push(`${where} n=${n}: replay gives ${replayed}, the recorded run ${recorded.outcome}`);
      }
    }
  }
  return failures;
}

/**
 * Native runs under AddressSanitizer + LeakSanitizer (and UBSan): a case is
 * lowered, linked with runtime-c's sanitizer variant and run with leak
 * detection on; any sanitizer report or a result other than the
 * interpreter's fails it. The emitted code itself is not instrumented (its
 * allocations all go through the runtime, which is), so a leak here is an
 * object the ownership model failed to free.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Backend, lowerText, type Mode } from "@fzy/lower";
import { buildNative } from "./build.js";
import { scratchDir } from "./toolchain.js";
import { type Outcome, type ParityCase, showOutcome } from "../parity.js";

/** Leak detection on, a sanitizer report ends the run with a status no program uses. */
export const SANITIZER_ENV = "detect_leaks=1:exitcode=86:abort_on_error=0";

export interface LeakRow {
  readonly case: string;
  readonly backend: Backend;
  readonly mode: Mode;
  readonly ok: boolean;
  readonly detail: string;
}

/** The sanitizer's first report line (leak or error), or undefined when the run was clean. */
export function sanitizerReport(stderr: string): string | undefined {
  const line = stderr.split("\n").find((l) => /(LeakSanitizer|AddressSanitizer|runtime error:|UndefinedBehaviorSanitizer)/.test(l));
  if (!line) return undefined;
  const total = /SUMMARY: AddressSanitizer: (\d+) byte\(s\) leaked in (\d+) allocation/.exec(stderr);
  return total ? `${line.trim()} (${total[1]} bytes in ${total[2]} allocations)` : line.trim();
}

/** Build `c` for one backend and mode with the sanitizers and run every input whose expected outcome is known. */
export function runLeakCase(c: ParityCase, backend: Backend, mode: Mode, expected: ReadonlyMap<number, Outcome>, inputs: readonly number[]): LeakRow {
  const row = (ok: boolean, detail: string): LeakRow => ({ case: c.name, backend, mode, ok, detail });
  const source = readFileSync(c.file, "utf8");
  let exe: string;
  try {
    const r = lowerText(source, backend, { perfFastpath: mode, file: c.file });
    exe = buildNative(backend, r, join(scratchDir(`leaks-${c.name}-${backend}-${mode}`), "prog"), { sanitize: true });
  } catch (e) {
    return row(false, `build failed: ${(e as Error).message.split("\n")[0]}`);
  }
  for (const n of inputs) {
    const want = expected.get(n);
    if (!want) continue;
    const r = spawnSync(exe, [String(n)], {
      encoding: "utf8", timeout: 120_000, maxBuffer: 64 << 20,
      env: { ...process.env, ASAN_OPTIONS: SANITIZER_ENV, UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1" },
    });
    const report = sanitizerReport(r.stderr);
    if (report) return row(false, `n=${n}: ${report}`);
    const got = r.status === 0 ? r.stdout.trim() : r.status === 101 ? r.stderr.trim() : `status ${r.status ?? r.signal}: ${r.stderr.split("\n")[0]}`;
    if (got !== showOutcome(want)) return row(false, `n=${n}: got ${got}, want ${showOutcome(want)}`);
  }
  return row(true, "clean");
}

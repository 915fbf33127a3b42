/**
 * Native runs under AddressSanitizer + LeakSanitizer (and UBSan), as parity
 * and the fuzzer use them: a program linked with runtime-c's sanitizer
 * variant runs with leak detection on, and any report (a leak, a memory
 * error, undefined behaviour) is found in its stderr. LLVM code itself is
 * not instrumented (its allocations all go through the runtime, which is),
 * so a leak is an object the ownership model failed to free.
 */
import { spawnSync } from "node:child_process";

/** Leak detection on, a sanitizer report ends the run with a status no program uses. */
export const SANITIZER_ENV = "detect_leaks=1:exitcode=86:abort_on_error=0";

/** The sanitizer's first report line (leak or error), or undefined when the run was clean. */
export function sanitizerReport(stderr: string): string | undefined {
  const line = stderr.split("\n").find((l) => /(LeakSanitizer|AddressSanitizer|runtime error:|UndefinedBehaviorSanitizer)/.test(l));
  if (!line) return undefined;
  const total = /SUMMARY: AddressSanitizer: (\d+) byte\(s\) leaked in (\d+) allocation/.exec(stderr);
  return total ? `${line.trim()} (${total[1]} bytes in ${total[2]} allocations)` : line.trim();
}

/** Run a sanitizer build with leak detection on. */
export function runSanitized(exe: string, n: number): { stdout: string; stderr: string; status: number | null; signal: NodeJS.Signals | null } {
  const r = spawnSync(exe, [String(n)], {
    encoding: "utf8", timeout: 300_000, maxBuffer: 64 << 20,
    env: { ...process.env, ASAN_OPTIONS: SANITIZER_ENV, UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1" },
  });
  if (r.error) throw new Error(`cannot run ${exe}: ${r.error.message}`);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}

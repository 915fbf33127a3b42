/**
 * The backend-parity runner: every kernel and every conformance module,
 * through the three backends and all three fast-path modes, compared with
 * the reference interpreter (results, and panics with their exact message).
 * LLVM goes through clang; CLIF through the CLIF executor, or through a real
 * Cranelift when FZ_CLIF_TOOL is set; both run natively, under ASan +
 * LeakSanitizer + UBSan (the kernels' benchmark size in a plain build).
 * WebAssembly runs in-process (wasm-outcome.ts) with the WebAssembly build
 * of runtime-c.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Backend, type FastPath, lowerText, type Mode } from "@fzy/lower";
import { interpret, parseModule, Trap } from "@fzy/ir";
import { buildNative, clifEngineName } from "./native/build.js";
import { runSanitized, sanitizerReport } from "./native/leaks.js";
import { CONFORMANCE_DIR, runExecutable, scratchDir } from "./native/toolchain.js";
import { BENCH_N, EXPECTED, KERNEL_NAMES, kernelPath } from "./kernels.js";
import { compileWasm, wasmOutcome } from "./wasm-outcome.js";

export const MODES: readonly Mode[] = ["off", "on", "force"];
export const PARITY_BACKENDS: readonly Backend[] = ["llvm", "cranelift", "wasm"];

export interface ParityCase {
  readonly name: string;
  readonly file: string;
  /** Inputs n for `kernel(n)`. */
  readonly inputs: readonly number[];
  /** Known results that do not come from the interpreter (the 8,000,000 column of KERNELS.md). */
  readonly table: Readonly<Record<number, number>>;
}

/** A run's observable outcome. */
export type Outcome = { kind: "value"; text: string } | { kind: "panic"; message: string } | { kind: "crash"; detail: string };

export interface ParityRow {
  readonly case: string;
  readonly backend: Backend;
  readonly mode: Mode;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

/** The interpreter is the reference for inputs up to this size. */
const INTERPRETER_MAX_N = 100_000;

export function kernelCases(withBenchSize = true): ParityCase[] {
  return KERNEL_NAMES.map((k) => ({
    name: k,
    file: kernelPath(k),
    inputs: [0, 1, 7, 1000, ...(withBenchSize ? [BENCH_N] : [])],
    table: EXPECTED[k],
  }));
}

/** conformance/modules/*.fzir and conformance/regressions/*.fzir; each names its inputs in a `; inputs: 0 1 5` line. */
export function moduleCases(): ParityCase[] {
  const cases: ParityCase[] = [];
  for (const sub of ["modules", "regressions"]) {
    const dir = join(CONFORMANCE_DIR, sub);
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".fzir")).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const text = readFileSync(join(dir, f), "utf8");
      const m = /^;\s*inputs:\s*([-\d\s]+)$/m.exec(text);
      // A module says what it is run with; a missing line is a mistake, not a reason to guess.
      if (!m) throw new Error(`${join(dir, f)}: no '; inputs: N N ...' line (parity runs kernel(n) for each input it lists)`);
      const inputs = m[1]!.trim().split(/\s+/).map(Number);
      cases.push({ name: f.replace(/\.fzir$/, ""), file: join(dir, f), inputs, table: {} });
    }
  }
  return cases;
}

/** The interpreter's outcome of `kernel(n)`. */
export function referenceOutcome(source: string, n: number): Outcome {
  const m = parseModule(source);
  try {
    const v = interpret(m, "kernel", [n]);
    return { kind: "value", text: String(v) };
  } catch (e) {
    if (e instanceof Trap) return { kind: "panic", message: e.message };
    throw e;
  }
}

/**
 * Run `exe n`. A sanitizer build (`sanitized`) runs with leak detection on;
 * a leak or a memory error is a crash naming the sanitizer's report.
 */
export function nativeOutcome(exe: string, n: number, sanitized = false): Outcome {
  const r = sanitized ? runSanitized(exe, n) : runExecutable(exe, [String(n)], 300_000);
  const report = sanitized ? sanitizerReport(r.stderr) : undefined;
  if (report) return { kind: "crash", detail: report };
  if (r.status === 0) return { kind: "value", text: r.stdout.trim() };
  const line = r.stderr.trim();
  if (r.status === 101 && line.startsWith("panic: ") && !line.includes("\n")) return { kind: "panic", message: line.slice(7) };
  return { kind: "crash", detail: `status ${r.status ?? r.signal}: ${line.split("\n")[0] ?? ""}` };
}

export function showOutcome(o: Outcome): string {
  return o.kind === "value" ? o.text : o.kind === "panic" ? `panic: ${o.message}` : `crash (${o.detail})`;
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return showOutcome(a) === showOutcome(b);
}

/** Run one case through one backend and mode (and fast paths switched off); compare every input. */
export function runParityCase(c: ParityCase, backend: Backend, mode: Mode, expected: Map<number, Outcome>, fastPaths: Partial<Record<FastPath, boolean>> = {}): ParityRow {
  const t0 = Date.now();
  const source = readFileSync(c.file, "utf8");
  const row = (ok: boolean, detail: string): ParityRow => ({ case: c.name, backend, mode, ok, detail, ms: Date.now() - t0 });
  const off = Object.keys(fastPaths).filter((k) => fastPaths[k as FastPath] === false).map((k) => `-no-${k}`).join("");
  // Native builds: inputs the interpreter checks run under ASan + LeakSanitizer (zero leaks, zero
  // errors); the kernels' benchmark size runs in a plain build.
  let run: (n: number) => Outcome;
  try {
    const r = lowerText(source, backend, { perfFastpath: mode, file: c.file, verifyLowered: true, fastPaths });
    if (backend === "wasm") {
      const module = compileWasm(r.binary);
      run = (n) => wasmOutcome(module, n);
    } else {
      const dir = scratchDir(`parity-${c.name}-${backend}-${mode}${off}`);
      const checked = buildNative(backend, r, join(dir, "prog-sanitized"), { sanitize: true });
      const plain = c.inputs.some((n) => n > INTERPRETER_MAX_N) ? buildNative(backend, r, join(dir, "prog")) : undefined;
      run = (n) => (n > INTERPRETER_MAX_N && plain ? nativeOutcome(plain, n) : nativeOutcome(checked, n, true));
    }
  } catch (e) {
    return row(false, `build failed: ${(e as Error).message.split("\n")[0]}`);
  }
  for (const n of c.inputs) {
    const want = expected.get(n);
    if (!want) continue;
    const got = run(n);
    if (!sameOutcome(got, want)) return row(false, `n=${n}: got ${showOutcome(got)}, want ${showOutcome(want)}`);
  }
  return row(true, c.inputs.filter((n) => expected.has(n)).map((n) => `${n}->${showOutcome(expected.get(n)!)}`).join(" "));
}

/** Expected outcomes per input: the table where it speaks, the interpreter otherwise. */
export function expectedOutcomes(c: ParityCase): Map<number, Outcome> {
  const source = readFileSync(c.file, "utf8");
  const out = new Map<number, Outcome>();
  for (const n of c.inputs) {
    const fromTable = c.table[n];
    // Modules are written to run quickly for any input; only the kernels' benchmark size is left to the table.
    if (n <= INTERPRETER_MAX_N || fromTable === undefined) {
      const ref = referenceOutcome(source, n);
      if (fromTable !== undefined && !(ref.kind === "value" && ref.text === String(fromTable))) {
        throw new Error(`${c.name}: the interpreter gives ${showOutcome(ref)} for n=${n}, KERNELS.md says ${fromTable}`);
      }
      out.set(n, ref);
    } else if (fromTable !== undefined) {
      out.set(n, { kind: "value", text: String(fromTable) });
    }
  }
  return out;
}

export function formatRow(r: ParityRow): string {
  return `${r.ok ? "ok  " : "FAIL"} ${r.case.padEnd(24)} ${r.backend.padEnd(9)} ${r.mode.padEnd(5)} ${String(r.ms).padStart(6)} ms  ${r.detail}`;
}

export { clifEngineName };

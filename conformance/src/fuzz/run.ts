/**
 * Differential runs: one module, the reference interpreter against native
 * executables of the LLVM and CLIF backends and the wasm backend's module
 * run in-process, in all three fast-path modes. A module is lowered and
 * built once per backend and mode; then one process runs every probe that
 * returns a value, and every probe that panics gets a process of its own
 * (starting a process costs about 15 ms here, so this matters; a wasm run is
 * a fresh instance instead, well under a millisecond). The outcomes (value, `panic: MESSAGE`, or a crash) must
 * be identical, byte for byte, to the interpreter's.
 *
 * A case whose interpretation runs out of fuel or stack is skipped (the
 * generator bounds loops, so that would be a generator bug, reported as
 * such), never compared.
 */
import { join } from "node:path";
import { type Backend, type FastPath, lower, type Mode } from "@fzy/lower";
import { FzError, Interpreter, isInterpreterLimit, type Module, Trap } from "@fzy/ir";
import { buildNative } from "../native/build.js";
import { scratchDir } from "../native/toolchain.js";
import { nativeOutcome, type Outcome, showOutcome } from "../parity.js";
import { compileWasm, wasmOutcome } from "../wasm-outcome.js";

export const FUZZ_BACKENDS: readonly Backend[] = ["llvm", "cranelift", "wasm"];
export const FUZZ_MODES: readonly Mode[] = ["off", "on", "force"];
/**
 * binaryen's optimizer level for the wasm configurations: the default of
 * lower(), so the fuzzer checks the code users get. (Level 0 halves the
 * fuzzer's time per case; see conformance/README.md.)
 */
export const WASM_OPTIMIZE = 2;
/** Instruction budget per interpreted call; far above what a generated case needs. */
const FUEL = 5_000_000;

/** One run to compare: `fn(arg)` in the interpreter, `kernel(nativeArg)` natively. */
export interface Probe {
  readonly fn: string;
  readonly arg: number;
  readonly nativeArg: number;
}

/** A configuration whose outcome differs from the interpreter's, or that failed to lower or build. */
export interface Mismatch {
  readonly backend: Backend;
  readonly mode: Mode;
  /** The fast paths switched off in that configuration. */
  readonly fastPaths?: Partial<Record<FastPath, boolean>>;
  /** The probe, or null when lowering or building the module failed. */
  readonly probe: Probe | null;
  readonly got: string;
  readonly want: string;
}

/** The interpreter's outcome; null when it met one of its own limits (fuel, stack, memory, a missing import). */
export function interpretProbe(it: Interpreter, p: Probe): Outcome | null {
  try {
    return { kind: "value", text: String(it.call(p.fn, [p.arg])) };
  } catch (e) {
    if (e instanceof Trap) return isInterpreterLimit(e.kind) ? null : { kind: "panic", message: e.message };
    throw e;
  }
}

/**
 * Reference outcomes of every probe (null: skipped). One interpreter serves
 * them all (compiling a batch module is not free); its fuel is shared, so a
 * fresh one takes over after a probe that ran out.
 */
export function referenceOutcomes(m: Module, probes: readonly Probe[]): (Outcome | null)[] {
  const fresh = () => new Interpreter(m, { fuel: FUEL * probes.length, verify: false });
  let it = fresh();
  return probes.map((p) => {
    const o = interpretProbe(it, p);
    if (o === null) it = fresh();
    return o;
  });
}

/**
 * How the fuzzer's native builds for `backend` are sanitized: every native
 * configuration runs with LeakSanitizer on and runtime-c's ASan + UBSan
 * variant. The module's own code is not instrumented (LLVM text carries no
 * sanitizer attributes; the CLIF executor's C is compiled plainly, since
 * instrumenting it doubled a case's time), so what is checked is what the
 * ownership model decides: every object the runtime allocates is freed,
 * and never used after it was.
 */
export function sanitizedFuzz(backend: Backend): "runtime" | false {
  return backend === "wasm" ? false : "runtime";
}

/** A built configuration: runs `kernel(arg)` (a native process, or a fresh wasm instance). */
export interface Built {
  readonly run: (arg: number) => Outcome;
}

/** Lower and build `m` for one configuration; how to run it, or why it failed. */
export function buildConfig(m: Module, backend: Backend, mode: Mode, stem: string, fastPaths: Partial<Record<FastPath, boolean>> = {}, wasmOptimize = WASM_OPTIMIZE): Built | { error: string } {
  let r;
  const off = Object.keys(fastPaths).map((k) => `-no-${k}`).join("");
  try {
    r = lower(m, backend, { perfFastpath: mode, verifyLowered: true, fastPaths, wasmOptimize });
  } catch (e) {
    const what = e instanceof FzError ? `lowering rejected the module: ${e.format()}` : `lowering crashed: ${(e as Error).stack?.split("\n").slice(0, 3).join(" | ")}`;
    return { error: what };
  }
  if (backend === "wasm") {
    try {
      const module = compileWasm(r.binary);
      return { run: (arg) => wasmOutcome(module, arg) };
    } catch (e) {
      return { error: `wasm compile failed: ${(e as Error).message.split("\n")[0]}` };
    }
  }
  try {
    // Native builds link the sanitizer runtimes: every case also runs with leak detection on (zero
    // leaks, zero memory errors in the runtime), in every native configuration.
    const sanitized = sanitizedFuzz(backend);
    const exe = buildNative(backend, r, join(scratchDir(`fuzz-${stem}-${backend}-${mode}${off}`), "prog"), { sanitize: sanitized });
    return { run: (arg) => nativeOutcome(exe, arg, sanitized !== false) };
  } catch (e) {
    return { error: `native build failed: ${(e as Error).message.split("\n").slice(0, 4).join(" | ")}` };
  }
}

/**
 * A probe that runs many value-returning probes in one process (see
 * batchModule's combined path): when its outcome is the reference's, the
 * probes it covers need no run of their own.
 */
export interface Combined {
  readonly nativeArg: number;
  readonly want: Outcome;
  /** Indices into the probe list. */
  readonly covers: readonly number[];
}

/** Compare every probe in every configuration (or only in `configs`): the mismatches found and the processes run. */
export function compareModule(
  m: Module, probes: readonly Probe[], expected: readonly (Outcome | null)[], stem: string,
  configs: readonly FuzzConfig[] = allConfigs(), combined: Combined | null = null,
): { mismatches: Mismatch[]; runs: number } {
  const out: Mismatch[] = [];
  let runs = 0;
  for (const { backend, mode, fastPaths } of configs) {
    const built = buildConfig(m, backend, mode, stem, fastPaths);
    if ("error" in built) {
      out.push({ backend, mode, fastPaths, probe: null, got: built.error, want: "a build" });
      continue;
    }
    const skip = new Set<number>();
    let combinedGot: string | null = null;
    if (combined) {
      combinedGot = showOutcome(built.run(combined.nativeArg));
      runs++;
      if (combinedGot === showOutcome(combined.want)) for (const i of combined.covers) skip.add(i);
    }
    const before = out.length;
    probes.forEach((p, i) => {
      const want = expected[i];
      if (!want || skip.has(i)) return;
      const got = showOutcome(built.run(p.nativeArg));
      runs++;
      if (got !== showOutcome(want)) out.push({ backend, mode, fastPaths, probe: p, got, want: showOutcome(want) });
    });
    // Every probe agrees alone but not in sequence: state leaks from one call into the next.
    if (combined && combinedGot !== null && skip.size === 0 && out.length === before) {
      out.push({ backend, mode, fastPaths, probe: { fn: "kernel", arg: combined.nativeArg, nativeArg: combined.nativeArg }, got: combinedGot, want: showOutcome(combined.want) });
    }
  }
  return { mismatches: out, runs };
}

/** A backend, a mode and the fast paths switched off (none by default). */
export interface FuzzConfig {
  readonly backend: Backend;
  readonly mode: Mode;
  readonly fastPaths?: Partial<Record<FastPath, boolean>>;
}

export function allConfigs(): FuzzConfig[] {
  return FUZZ_BACKENDS.flatMap((backend) => FUZZ_MODES.map((mode) => ({ backend, mode })));
}

export function formatMismatch(x: Mismatch): string {
  const at = x.probe ? `kernel(${x.probe.arg})` : "build";
  return `${x.backend}/${x.mode} ${at}: got ${x.got}, want ${x.want}`;
}

/**
 * The public entry: `lower(module, backend, options)` takes a verified IR
 * module through the shared lowering and one backend printer, and returns
 * the text, the data objects an embedder defines beside it, the lowering
 * report and diagnostics. `lowerText` parses .fzir text first. The wasm
 * backend also returns the module binary; `instantiate` links it with the
 * WebAssembly build of runtime-c and gives its exports. The wasm backend
 * (binaryen) is loaded only when asked for, by `await loadWasmBackend()`
 * (wasm-backend.ts), so the other two backends start without it.
 *
 * The pipeline reads as a list: parse, verify, lower (inline, scalarize,
 * matrix decisions, SSA), verify the lowered form (when asked), print. Same input and options, same bytes out.
 */
import { activeClock, FzError, inPass, type Module, PASS, type PassClock, parseModule, runWithClock, verifyModule } from "@fzy/ir";
import { ClifLimitError, ClifModuleWriter, printCLIF } from "@fzy/lower-cranelift";
import { DEFAULT_TARGET, LlvmModuleWriter, type LLVMTarget, printLLVM, SUPPORTED_TARGETS } from "@fzy/lower-llvm";
import { type LData, type LModule, type LSourceLoc, plainBlocks, verifyLIR } from "@fzy/lir";
import type { HostFunctions, WasmProgram, WasmSource } from "@fzy/lower-wasm";
import { type FastPath, type FunctionSink, lowerModule, lowerModuleEach, type LowerModuleOptions, type LoweringReport, type Mode } from "@fzy/passes";
import { HOST_CALLS, type HostCalls, traceHostCalls } from "./host-calls.js";
import { importWasmModule, loadWasmBackend, type WasmBackend, wasmBackend } from "./wasm-backend.js";

export type Backend = "cranelift" | "llvm" | "wasm";
export const BACKENDS: readonly Backend[] = ["cranelift", "llvm", "wasm"];
/** An LLVM target; its one home is @fzy/lower-llvm's targets.ts. */
export type Target = LLVMTarget;

export interface LowerOptions {
  /** off: runtime handles everywhere (legacy baseline); on: the eligibility matrix decides (default); force: every legal fast path. */
  readonly perfFastpath?: Mode;
  /** Switch single fast paths off to measure each one's gain. */
  readonly fastPaths?: Partial<Record<FastPath, boolean>>;
  /** LLVM target (default x86_64-linux). */
  readonly target?: Target;
  /** LLVM: state the proven facts (`nuw`/`nsw`, load `!range`; default true): off to measure them (lower-llvm PrintLLVMOptions.facts). */
  readonly llvmFacts?: boolean;
  /**
   * Run `verifyLIR` on the lowered form before printing (default false): a
   * broken lowering then fails as an FzError naming the function, block and
   * instruction, instead of as odd text in one backend. Costs a linear pass
   * plus dominators; every test that lowers turns it on.
   */
  readonly verifyLowered?: boolean;
  /** direct (default): imports are called as they are; traced: through the runtime's record/replay layer (runtime-c TRACE.md). */
  readonly hostCalls?: HostCalls;
  /** wasm backend: binaryen's optimizer level 0..4 (default 2; 0 emits the module as built). */
  readonly wasmOptimize?: number;
  /** Write each IR instruction's text as a `; ...` comment before the code it became (default false). */
  readonly annotate?: boolean;
  /**
   * A clock to charge each pass's time to (PassClock, @fzy/ir pass-clock.ts): `clock.times()` then tells
   * how long verification, inlining, emission, range analysis, optimization and printing took. One clock
   * may serve several calls (and `clock.time("parse", ...)`): the times add up. Default: none.
   */
  readonly passClock?: PassClock;
}

/**
 * A data object (string literals, constant arrays) to define next to the
 * emitted functions: the lowered form's `LData` (bytes, alignment, writable,
 * pointer-sized relocations `&symbol + addend` at `offset`).
 */
export type DataObject = LData;

export interface Diagnostic {
  readonly severity: "note" | "warning";
  readonly function: string;
  readonly message: string;
}

export interface LowerResult {
  readonly backend: Backend;
  /** CLIF or LLVM IR text, or the WebAssembly text form of `binary`. */
  readonly text: string;
  /** wasm backend: the module binary (imports the runtime as `fzrt`, host functions as `host`). */
  readonly binary?: Uint8Array;
  /** Data objects; for LLVM they are also defined inside `text`. */
  readonly data: readonly DataObject[];
  /**
   * The lowered form both printers read (`printLIR` spells it as `.lir` text), its blocks plain objects a caller may spread or copy.
   * For LLVM and CLIF it is made at its first read, from the module passed to `lower()` (the printers stream each function and keep
   * none): read it before editing that module in place, or it describes the edited module, not `text`.
   */
  readonly lowered: LModule;
  /** What the matrix decided and what the lowering emitted, per function (its `functions` are made when first read). */
  readonly report: LoweringReport;
  /** Notes where the runtime path was kept while fast paths were on, and warnings for handle calls in loops. */
  readonly diagnostics: readonly Diagnostic[];
  /** CLIF only: the source locations `@XXXX` in the text stands for (entry XXXX - 1); empty for LLVM, whose text holds debug info. */
  readonly srclocs: readonly LSourceLoc[];
}

function checkBackend(backend: string): asserts backend is Backend {
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new FzError("option", `unknown backend '${backend}' (expected ${BACKENDS.join(" or ")})`);
  }
}

/** Every option `lower()` reads, and whether it is a boolean (the compiler checks that each key of LowerOptions is here). */
const OPTION_KINDS: Readonly<Record<keyof LowerOptions, "boolean" | "other">> = {
  perfFastpath: "other", fastPaths: "other", target: "other", llvmFacts: "boolean", verifyLowered: "boolean",
  hostCalls: "other", wasmOptimize: "other", annotate: "boolean", passClock: "other",
};

/**
 * An options object is a plain object of known keys (a misspelt key from
 * JavaScript, where nothing checks it, would otherwise be ignored), its
 * flags booleans.
 */
function checkOptionKeys(options: LowerOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new FzError("option", `options must be an object, not ${options === null ? "null" : typeof options}`);
  }
  const known = Object.keys(OPTION_KINDS) as (keyof LowerOptions)[];
  for (const k of Object.keys(options)) {
    if (Object.hasOwn(OPTION_KINDS, k)) continue;
    const like = known.find((x) => x.toLowerCase() === k.toLowerCase());
    throw new FzError("option", `unknown option '${k}'${like ? ` (did you mean '${like}'?)` : ""}; lower() takes ${known.join(", ")}`);
  }
  for (const k of known) {
    const v = options[k];
    if (OPTION_KINDS[k] === "boolean" && v !== undefined && typeof v !== "boolean") throw new FzError("option", `option ${k} is ${JSON.stringify(v)} (expected true or false)`);
  }
}

function checkOptions(backend: string, options: LowerOptions): asserts backend is Backend {
  checkBackend(backend);
  checkOptionKeys(options);
  if (options.target !== undefined && !SUPPORTED_TARGETS.includes(options.target)) {
    throw new FzError("option", `unknown target '${String(options.target)}' (expected ${SUPPORTED_TARGETS.join(" or ")})`);
  }
  if (options.wasmOptimize !== undefined && !(Number.isInteger(options.wasmOptimize) && options.wasmOptimize >= 0 && options.wasmOptimize <= 4)) {
    throw new FzError("option", `unknown wasmOptimize '${String(options.wasmOptimize)}' (expected 0, 1, 2, 3 or 4)`);
  }
  if (options.hostCalls !== undefined && !HOST_CALLS.includes(options.hostCalls)) {
    throw new FzError("option", `unknown hostCalls '${String(options.hostCalls)}' (expected ${HOST_CALLS.join(" or ")})`);
  }
}

function howOf(backend: Backend, options: LowerOptions): LowerModuleOptions {
  return { backend, mode: options.perfFastpath ?? "on", fastPaths: options.fastPaths, annotate: options.annotate };
}

export function lower(module: Module, backend: Backend, options: LowerOptions = {}): LowerResult {
  checkOptions(backend, options);
  try {
    return options.passClock === undefined ? lowerChecking(module, backend, options) : runWithClock(options.passClock, () => lowerChecking(module, backend, options));
  } catch (e) {
    // A function CLIF text cannot hold (more blocks than cranelift-reader numbers) is bad input for this backend.
    if (e instanceof ClifLimitError) throw new FzError("limit", e.message, { kind: "ir", func: e.func });
    throw e;
  }
}

function lowerChecking(module: Module, backend: Backend, options: LowerOptions): LowerResult {
  const wasm = backend === "wasm" ? wasmBackend() : undefined;
  if (backend !== "wasm" && !options.verifyLowered && options.hostCalls !== "traced") {
    inPass(PASS.verify, () => verifyModule(module));
    return lowerPrinting(module, backend, howOf(backend, options), options);
  }
  const { lowered: lm, report } = lowerChecked(module, backend, options);
  const common = { backend, data: lm.data, lowered: plainBlocks(lm), report, diagnostics: diagnose(report) };
  return inPass(PASS.print, () => {
    if (wasm) {
      const w = wasmOf(wasm, lm, options.wasmOptimize);
      return { ...common, text: w.text, binary: w.binary, srclocs: [] };
    }
    const clif = backend === "cranelift" ? printCLIF(lm) : undefined;
    const text = clif ? clif.text : printLLVM(lm, { target: options.target ?? DEFAULT_TARGET, facts: options.llvmFacts ?? true });
    return { ...common, text, srclocs: clif?.srclocs ?? [] };
  });
}

/**
 * The lowered form `lower()` would print for `backend`, and its report,
 * without printing it: what `fzlower --emit lir` shows. The same options
 * apply (traced host calls wrap the imports; `verifyLowered` checks it).
 */
export function lowerToLIR(module: Module, backend: Backend, options: LowerOptions = {}): { readonly lowered: LModule; readonly report: LoweringReport } {
  checkOptions(backend, options);
  const { lowered, report } = runWithClock(options.passClock, () => lowerChecked(module, backend, options));
  return { lowered: plainBlocks(lowered), report };
}

function lowerChecked(module: Module, backend: Backend, options: LowerOptions): { lowered: LModule; report: LoweringReport } {
  inPass(PASS.verify, () => verifyModule(module));
  const { module: lowered, report } = lowerModule(module, howOf(backend, options));
  const lm = options.hostCalls === "traced" ? traceHostCalls(lowered, module) : lowered;
  if (options.verifyLowered) inPass(PASS.verify, () => verifyLIR(lm));
  return { lowered: lm, report };
}

/**
 * lower() for a printing backend when nothing needs the whole lowered module
 * first (no lowered-form verification, no traced host calls): each function
 * is printed as soon as it is lowered, so it dies young instead of living to
 * the end and being promoted with the whole module. `lowered` is lowered
 * again when first read (the same module: lowering is deterministic); the
 * diagnostics are made from the report when first read, as the report's
 * function entries are (report.ts FunctionReports).
 */
function lowerPrinting(module: Module, backend: "cranelift" | "llvm", how: LowerModuleOptions, options: LowerOptions): LowerResult {
  let text: () => { text: string; srclocs: readonly LSourceLoc[] };
  const clock = activeClock;
  const rest = lowerModuleEach(module, how, (m) => {
    let add: FunctionSink;
    if (backend === "llvm") {
      const w = new LlvmModuleWriter(m, { target: options.target ?? DEFAULT_TARGET, facts: options.llvmFacts ?? true });
      text = () => ({ text: w.finish(rest), srclocs: [] });
      add = (fn) => w.add(fn);
    } else {
      const w = new ClifModuleWriter(m);
      text = () => w.finish(rest);
      add = (fn, k) => w.add(fn, k);
    }
    // Each function's printing is the print pass's (a wrapper only when a clock asks).
    return clock ? (fn, k) => { clock.enter(PASS.print); add(fn, k); clock.leave(); } : add;
  });
  const out = inPass(PASS.print, () => text!());
  let lowered: LModule | undefined, diagnostics: Diagnostic[] | undefined;
  const { report, data } = rest;
  return {
    backend, data,
    get lowered(): LModule {
      return (lowered ??= plainBlocks(lowerModule(module, how).module));
    },
    report,
    get diagnostics(): Diagnostic[] {
      return (diagnostics ??= diagnose(report));
    },
    text: out.text, srclocs: out.srclocs,
  };
}

/** The wasm module of `lm`; a module over the wasm layout's limits is bad input (FzError "limit"). */
function wasmOf(wasm: WasmBackend, lm: LModule, optimize: number | undefined) {
  try {
    return wasm.lowerToWasm(lm, { optimize });
  } catch (e) {
    if (e instanceof wasm.WasmLimitError) throw new FzError("limit", e.message);
    throw e;
  }
}

/**
 * Links a wasm lowering result with a fresh instance of the WebAssembly
 * runtime and returns its exports. In Node the runtime is the one built into
 * @fzy/lower-wasm; a browser passes its bytes or compiled module (`runtime`).
 * A panic surfaces as a thrown `WasmExit` with status 101 and the message.
 */
export async function instantiate(
  result: Pick<LowerResult, "backend" | "binary">,
  options: { runtime?: WasmSource; host?: HostFunctions } = {},
): Promise<WasmProgram> {
  if (result.backend !== "wasm" || !result.binary) throw new FzError("option", `instantiate needs a result of the wasm backend, not ${result.backend}`);
  const runtime = options.runtime ?? (await importWasmModule("@fzy/lower-wasm/node")).runtimeModule();
  return (await loadWasmBackend()).link(result.binary as WasmSource, runtime, options.host);
}

export function lowerText(source: string | Uint8Array, backend: Backend, options: LowerOptions & { file?: string } = {}): LowerResult {
  checkBackend(backend);
  const { file, ...lowerOptions } = options;
  return lower(parseModule(source, file), backend, lowerOptions);
}

/** Notes for every place the matrix kept the runtime path while fast paths were on. */
function diagnose(report: LoweringReport): Diagnostic[] {
  if (report.mode === "off") return [];
  const out: Diagnostic[] = [];
  for (const f of report.functions) {
    for (const d of f.decisions) {
      if (d.policy === "B") out.push({ severity: "note", function: f.name, message: `${d.subject}: runtime path (${d.form}): ${d.reason}` });
    }
    if (f.loop.handleCalls > 0) out.push({ severity: "warning", function: f.name, message: `${f.loop.handleCalls} runtime handle call(s) inside loops` });
  }
  return out;
}

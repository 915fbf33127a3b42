/**
 * A whole lowered module as a binaryen module, validated, optimized at the
 * level asked, and written as a binary plus its text form.
 *
 * Imports: the memory (`fzrt.memory`), runtime functions (`fzrt.fz_*`, the
 * runtime-c ABI, linked to the WebAssembly build of runtime-c at
 * instantiation) and host functions (`host.NAME`, the module's own imports).
 * Exports: the lowered form's exported functions under their names. Data
 * objects are active segments at the constant addresses of layout.ts, with
 * relocations already resolved into their bytes. Functions whose address
 * is taken (`func_addr`) sit in one function table, `FUNCTION_TABLE`, in
 * order of name, at index 1 and up (0 stays empty, so a zeroed reference
 * traps when called); a function reference is its table index and
 * `call_indirect` goes through the table, which checks the signature.
 */
import binaryen from "binaryen";
import { isStackOverflow, isStringTooLong, type LData, type LModule, type LType, POINTER_SIZE } from "@fzy/lir";
import { SHARED_LOCALS_FROM, translateFunction, type WasmModuleScope } from "./function.js";
import { DATA_BASE, type DataLayout, MIN_STACK_BYTES, PAGE_BYTES, placeData, RUNTIME_GLOBAL_BASE, WasmLimitError } from "./layout.js";
import { HOST_IMPORT, RUNTIME_IMPORT } from "./imports.js";
import { tupleType } from "./types.js";

const STACK_POINTER = "__fz_sp";
const FUNCTION_TABLE = "__fz_functions";

/** The functions whose address the module takes, in name order (deterministic), each with its table index. */
function tableOf(lm: LModule): Map<string, number> {
  const names = new Set<string>();
  for (const f of lm.functions) for (const b of f.blocks) for (const i of b.insts) if (i.op === "func_addr") names.add(i.symbol);
  return new Map([...names].sort().map((n, k) => [n, k + 1]));
}

/** Options of `lowerToWasm`. */
export interface WasmOptions {
  /** binaryen optimizer level 0..4 (0: none). Default 2. */
  readonly optimize?: number;
  /** binaryen shrink level 0..2. Default 0. */
  readonly shrink?: number;
  /** Use 128-bit SIMD where byte-map.ts recognizes a loop (default true; every engine this package targets has it). */
  readonly simd?: boolean;
  /**
   * Functions with more lowered values than this share locals and are
   * optimized without binaryen's passes that are slow on large functions
   * (function.ts SHARED_LOCALS_FROM, the default). Tests set 0 to send
   * every function that way.
   */
  readonly sharedLocalsFrom?: number;
}

export interface WasmOutput {
  /** The module binary. */
  readonly binary: Uint8Array;
  /** The same module in WebAssembly text format, for reading. */
  readonly text: string;
  /** Names of the exported functions. */
  readonly exports: readonly string[];
}

const FEATURES = binaryen.Features.MVP | binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt | binaryen.Features.MutableGlobals;

/** Bytes of a data object with every relocation written as a little-endian 8-byte address. */
function dataBytes(d: LData, layout: DataLayout): Uint8Array {
  const bytes = Uint8Array.from(d.bytes);
  const view = new DataView(bytes.buffer);
  for (const r of d.relocs) {
    const target = layout.address.get(r.symbol);
    if (target === undefined) throw new Error(`lower-wasm: data object ${d.name} refers to unknown symbol ${r.symbol}`);
    if (r.offset < 0 || r.offset + POINTER_SIZE > bytes.length) throw new Error(`lower-wasm: data object ${d.name}: relocation at ${r.offset} leaves the object`);
    view.setBigUint64(r.offset, BigInt(target + r.addend), true);
  }
  return bytes;
}

/** The binaryen module of `lm` (not yet validated or optimized; the caller disposes it), and the names of its large functions (function.ts isLarge). */
export function buildModule(lm: LModule, simd = true, sharedLocalsFrom = SHARED_LOCALS_FROM): { m: binaryen.Module; large: Set<string> } {
  const m = new binaryen.Module();
  try {
    m.setFeatures(simd ? FEATURES | binaryen.Features.SIMD128 : FEATURES);
    const layout = placeData(lm.data);
    if (layout.end > RUNTIME_GLOBAL_BASE - MIN_STACK_BYTES) {
      throw new WasmLimitError(`wasm: the data objects take ${layout.end - DATA_BASE} bytes; at most ${RUNTIME_GLOBAL_BASE - MIN_STACK_BYTES - DATA_BASE} fit below the runtime`);
    }
    const segments = lm.data.filter((d) => d.bytes.length > 0).map((d) => ({
      name: `data_${d.name}`,
      offset: m.i32.const(layout.address.get(d.name)!),
      data: dataBytes(d, layout),
      passive: false,
    }));
    m.setMemory(RUNTIME_GLOBAL_BASE / PAGE_BYTES, -1, null, segments);
    m.addMemoryImport("0", RUNTIME_IMPORT, "memory");
    m.addGlobal(STACK_POINTER, binaryen.i32, true, m.i32.const(RUNTIME_GLOBAL_BASE));

    const results = new Map<string, readonly LType[]>();
    for (const e of lm.externs) {
      const from = e.name.startsWith("fz_") ? RUNTIME_IMPORT : HOST_IMPORT;
      m.addFunctionImport(e.name, from, e.name, tupleType(e.params), tupleType(e.results));
      results.set(e.name, e.results);
    }
    for (const f of lm.functions) results.set(f.name, f.results);
    const table = tableOf(lm);

    const scope: WasmModuleScope = {
      m,
      stackPointer: STACK_POINTER,
      stackLimit: layout.end,
      simd,
      sharedLocalsFrom,
      dataAddr: (s) => {
        const a = layout.address.get(s);
        if (a === undefined) throw new Error(`lower-wasm: address of unknown data object ${s}`);
        return a;
      },
      table: FUNCTION_TABLE,
      tableIndex: (c) => {
        const k = table.get(c);
        if (k === undefined) throw new Error(`lower-wasm: table index of unknown function ${c}`);
        return k;
      },
      resultsOf: (c) => {
        const r = results.get(c);
        if (!r) throw new Error(`lower-wasm: call to unknown function ${c}`);
        return r;
      },
    };
    const large = new Set<string>();
    for (const f of lm.functions) if (translateFunction(scope, f)) large.add(f.name);
    if (table.size > 0) {
      // After the functions: binaryen resolves the segment's names when it is added.
      m.addTable(FUNCTION_TABLE, table.size + 1, table.size + 1);
      m.addActiveElementSegment(FUNCTION_TABLE, `${FUNCTION_TABLE}_elems`, [...table.keys()], m.i32.const(1));
    }
    return { m, large };
  } catch (e) {
    m.dispose();
    throw e;
  }
}

/** Validates, optimizes and emits `lm`. Same input and options, same bytes out. */
export function lowerToWasm(lm: LModule, options: WasmOptions = {}): WasmOutput {
  const level = options.optimize ?? 2;
  const shrink = options.shrink ?? 0;
  if (!Number.isInteger(level) || level < 0 || level > 4) throw new RangeError(`wasm optimize level ${level} (expected 0..4)`);
  if (!Number.isInteger(shrink) || shrink < 0 || shrink > 2) throw new RangeError(`wasm shrink level ${shrink} (expected 0..2)`);
  const sharedFrom = options.sharedLocalsFrom ?? SHARED_LOCALS_FROM;
  const { m, large } = withLimits(lm, "building", () => buildModule(lm, options.simd ?? true, sharedFrom));
  try {
    if (!withLimits(lm, "validating", () => m.validate())) throw new Error(`lower-wasm: binaryen rejects the module built from ${lm.name}`);
    if (level > 0) {
      binaryen.setOptimizeLevel(level);
      binaryen.setShrinkLevel(shrink);
      withLimits(lm, "optimizing", () => optimize(m, lm, large));
    }
    return withLimits(lm, "writing", () => ({ binary: m.emitBinary(), text: m.emitText(), exports: lm.functions.filter((f) => f.exported).map((f) => f.name) }));
  } finally {
    m.dispose();
  }
}

/**
 * binaryen's passes whose time grows with the square of a function's size:
 * - those that sink a local's value into its reader fold a block of
 *   dependent operations into one expression as deep as the block (a block
 *   of 10,000 operations took 12 s, 40,000 took 176 s, and writing the
 *   expression then overflowed the stack binaryen recurses on);
 * - code-pushing rescans the rest of a sequence at each conditional exit
 *   (a chain of 2,000 overflow checks: 3.5 s);
 * - coalesce-locals and rse (redundant set elimination) work in time that
 *   grows with locals times blocks (4,000 string concatenations, 28,000
 *   locals in 5,000 blocks: 5 minutes);
 * - merge-blocks on a long sequence of blocks (20,000 diamonds in a row:
 *   61 s).
 */
const SLOW_ON_LARGE_FUNCTIONS = [
  "simplify-locals", "simplify-locals-nostructure", "simplify-locals-notee", "simplify-locals-nonesting", "simplify-locals-notee-nostructure",
  "code-pushing", "coalesce-locals", "coalesce-locals-learning", "rse", "merge-blocks",
];

/**
 * binaryen's passes never run. Its inliner: our passes have already
 * inlined what the eligibility matrix allows (inline-small-functions), so
 * binaryen's found nothing more in the kernels (their binaries are the same
 * with and without it, byte for byte in size, and run at the same speed),
 * yet it took half the optimizer's time on modules of many small functions
 * (100 fuzz-generated functions: 1.9 s with it, 0.9 s without; a ring of
 * 4,000 recursive functions: 3.1 s and 0.7 s).
 */
const NEVER_RUN = ["inlining-optimizing"];

/**
 * binaryen's optimizer on `m` at the level set, without NEVER_RUN. When a
 * function of `lm` is large (`large`: function.ts isLarge, as built),
 * the module is optimized without SLOW_ON_LARGE_FUNCTIONS either, and each
 * other function is then given the function pipeline again, those passes
 * included.
 */
function optimize(m: binaryen.Module, lm: LModule, large: ReadonlySet<string>): void {
  if (large.size === 0) return skipping(NEVER_RUN, () => m.optimize());
  skipping([...NEVER_RUN, ...SLOW_ON_LARGE_FUNCTIONS], () => m.optimize());
  // (A function nothing calls was removed: it is not there to optimize.)
  skipping(NEVER_RUN, () => {
    for (const f of lm.functions) if (!large.has(f.name) && m.getFunction(f.name) !== 0) m.optimizeFunction(f.name);
  });
}

/** Runs `run` with binaryen told to skip `passes` (a setting of the whole library, cleared after). */
function skipping(passes: readonly string[], run: () => void): void {
  try {
    for (const p of passes) binaryen.addPassToSkip(p);
    run();
  } finally {
    binaryen.clearPassesToSkip();
  }
}

/**
 * Runs one step of binaryen on `lm`, turning what the engine cannot hold into
 * a WasmLimitError:
 * - a JavaScript stack overflow: binaryen's optimizer and its writers
 *   recurse once per level of nested code, on the JavaScript stack its
 *   WebAssembly build runs on: a chain of a few thousand blocks, deeply
 *   nested conditionals or a long dependent chain of arithmetic that the
 *   optimizer folds into one expression go deeper than that stack (about
 *   1 MB by default);
 * - a text form longer than the engine's longest string (2^29 - 24
 *   characters): binaryen's text indents each line by its depth, so the
 *   text of a deep nest grows with its depth times its size (a nest of
 *   2,000 loops with 40 additions at each level: over 536 million
 *   characters, for a binary of about 1 MB).
 * The other backends have no such limits.
 */
export function withLimits<T>(lm: LModule, step: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    const blocks = lm.functions.reduce((n, f) => n + f.blocks.length, 0);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
    const size = `${count(lm.functions.length, "function")}, ${count(blocks, "block")}`;
    if (isStackOverflow(e)) {
      throw new WasmLimitError(
        `wasm: binaryen ran out of stack ${step} module ${lm.name} (${size}): its code nests too deeply for binaryen's WebAssembly build, which recurses once per level of nesting; lower it with the LLVM or Cranelift backend, or run node with a larger --stack-size`,
      );
    }
    if (isStringTooLong(e)) {
      throw new WasmLimitError(
        `wasm: the text form of module ${lm.name} (${size}) is longer than the longest string the JavaScript engine holds: binaryen indents each line by its depth, and its code nests too deeply; lower it with the LLVM or Cranelift backend`,
      );
    }
    throw e;
  }
}


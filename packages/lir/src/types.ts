/**
 * The lowered form: the backend-neutral, machine-level program that the shared
 * lowering produces and that both backends print.
 *
 * It is deliberately close to CLIF: functions of basic blocks with block
 * parameters (SSA), machine types, explicit memory, explicit checks. Every
 * policy decision (what lives in memory, which checks exist, how a match is
 * dispatched) has already been taken when a program reaches this form, so a
 * backend only spells it. Invariants (checked by `verifyLIR`, verifier.ts,
 * whose header lists every check):
 *
 * - values are dense ids per function; each is defined exactly once, by an
 *   entry/block parameter or an instruction, and every use is dominated by its
 *   definition;
 * - blocks[0] is the entry; its parameters are the function parameters;
 * - every edge passes exactly the target block's parameter count and types;
 * - `bool` is a truth value: produced by comparisons, consumed by brif/select
 *   and the boolean bit operations; it never goes to memory and is widened to
 *   an integer only with `uext` to i16/i32/i64 (never to i8, which CLIF would
 *   spell as a same-width extension);
 * - a block whose last instruction calls a `noreturn` extern ends in `trap`.
 */

/** Machine types. `ptr` is an address (i64 in CLIF, `ptr` in LLVM). */
export type LType = "bool" | "i8" | "i16" | "i32" | "i64" | "f32" | "f64" | "ptr";

/** The float types: IEEE binary32 and binary64. */
export type LFloatType = "f32" | "f64";
export function isFloatType(t: LType | undefined): t is LFloatType {
  return t === "f32" || t === "f64";
}

/** Integer types in increasing width. */
export const INT_TYPES = ["i8", "i16", "i32", "i64"] as const;
export type LIntType = (typeof INT_TYPES)[number];

/**
 * The values an integer load may read: the unsigned half-open interval
 * [lo, hi), 0 <= lo < hi <= 2^width, as LLVM's `!range` states it (LangRef).
 */
export interface LLoadRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Bit width of an integer type (and of `ptr`). */
export function bitWidth(t: LType): number {
  switch (t) {
    case "bool": return 1;
    case "i8": return 8;
    case "i16": return 16;
    case "i32": case "f32": return 32;
    case "i64": case "ptr": case "f64": return 64;
  }
}

/** Integer binary operations; both operands and the result share one type. */
export type LIntBinOp =
  | "iadd" | "isub" | "imul"
  | "sdiv" | "srem" | "udiv" | "urem" // divisor is known non-zero (and not MIN/-1 for signed): checks are explicit
  | "band" | "bor" | "bxor"          // also on bool
  | "ishl" | "ushr" | "sshr"         // amount already masked to the width by the lowering
  | "rotl" | "rotr"                  // i32 and i64 only (narrow rotates are lowered to shifts); amount taken modulo the width
  | "smin" | "smax" | "umin" | "umax";
/** fmin/fmax: NaN when either operand is NaN, -0.0 < +0.0 (wasm, Cranelift, LLVM's minimum/maximum). */
export type LFloatBinOp = "fadd" | "fsub" | "fmul" | "fdiv" | "fmin" | "fmax" | "fcopysign";
/**
 * One-operand operations. Float (f64): sqrt, fabs, floor, ceil, ftrunc
 * (toward zero), nearest (ties to even). Integer: popcnt, clz, ctz, bswap on
 * i32 and i64 only (the lowering widens narrow operands), iabs (wrapping) on
 * every width.
 */
export type LUnOp = "sqrt" | "fabs" | "floor" | "ceil" | "ftrunc" | "nearest" | "popcnt" | "clz" | "ctz" | "bswap" | "iabs";
export const FLOAT_UNARY: ReadonlySet<LUnOp> = new Set(["sqrt", "fabs", "floor", "ceil", "ftrunc", "nearest"]);
export type LBinOp = LIntBinOp | LFloatBinOp;

/** Integer comparison codes, spelled as in CLIF. */
export type LIntCC = "eq" | "ne" | "slt" | "sle" | "sgt" | "sge" | "ult" | "ule" | "ugt" | "uge";
/**
 * Float comparison codes: eq lt le gt ge are ordered (false on NaN), ne is
 * unordered-or-not-equal (true on NaN), matching Rust's `!=`.
 */
export type LFloatCC = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

/**
 * Conversions. `sext`/`uext` widen (from bool only `uext`), `trunc` narrows,
 * `sitofp` is signed int to f64, `fptosi_sat` is f64 to int saturating with NaN
 * to 0 (Rust `as`), `bitcast` reinterprets between i64 and f64.
 */
export type LConvKind = "sext" | "uext" | "trunc" | "sitofp" | "fptosi_sat" | "bitcast" | "ptr_to_int" | "int_to_ptr" | "uitofp" | "fptoui_sat" | "fpromote" | "fdemote";
// `uitofp` (unsigned i32/i64 to f64) and `fptoui_sat` (f64 to i32/i64, saturating,
// NaN to 0) take only the widths every backend has natively; narrow ones are widened first.
// `ptr_to_int` (ptr -> i64) and `int_to_ptr` (i64 -> ptr) move handles through
// the runtime's 8-byte array slots; in CLIF both sides are i64, so a printer
// spells them as an identity (for example `bor vX, vX`).

/** Value id, dense per function. */
export type LValue = number & { readonly __brand: "LValue" };
/** Block index in LFunction.blocks. */
export type LBlockId = number & { readonly __brand: "LBlock" };

export interface LEdge {
  readonly block: LBlockId;
  readonly args: readonly LValue[];
}

export type LInst =
  | { readonly op: "iconst"; readonly dst: LValue; readonly type: LIntType | "bool"; readonly value: bigint }
  /** A float constant; its type is the result's (f32 constants hold a value exact in binary32). */
  | { readonly op: "fconst"; readonly dst: LValue; readonly value: number }
  | { readonly op: "binary"; readonly kind: LBinOp; readonly dst: LValue; readonly a: LValue; readonly b: LValue }
  | { readonly op: "icmp"; readonly cc: LIntCC; readonly dst: LValue; readonly a: LValue; readonly b: LValue }
  | { readonly op: "fcmp"; readonly cc: LFloatCC; readonly dst: LValue; readonly a: LValue; readonly b: LValue }
  | { readonly op: "select"; readonly dst: LValue; readonly cond: LValue; readonly a: LValue; readonly b: LValue }
  | { readonly op: "convert"; readonly kind: LConvKind; readonly dst: LValue; readonly src: LValue }
  /** A one-operand operation (LUnOp); the result has the operand's type. */
  | { readonly op: "unary"; readonly kind: LUnOp; readonly dst: LValue; readonly src: LValue }
  /**
   * Load `type` from `addr + offset`; the access is known valid and naturally
   * aligned, unless `unaligned` (wide loads of string bytes: any address).
   * `range`, when present, is a promise that the loaded integer is always in
   * it (an enum cell's discriminant: whatever stored it stored a valid tag);
   * a printer may state it (LLVM `!range`) or ignore it.
   */
  | { readonly op: "load"; readonly dst: LValue; readonly type: Exclude<LType, "bool">; readonly addr: LValue; readonly offset: number; readonly readonly: boolean; readonly unaligned?: true; readonly range?: LLoadRange }
  /** Store `value` at `addr + offset`; known valid and naturally aligned, unless `unaligned`. */
  | { readonly op: "store"; readonly addr: LValue; readonly offset: number; readonly value: LValue; readonly unaligned?: true }
  /** Address of `offset` bytes into stack slot `slot`. */
  | { readonly op: "stack_addr"; readonly dst: LValue; readonly slot: number; readonly offset: number }
  /** Address of a data object of the module (by name). */
  | { readonly op: "symbol_addr"; readonly dst: LValue; readonly symbol: string }
  /** `base + offset` where offset is an i64 byte count. */
  | { readonly op: "ptr_add"; readonly dst: LValue; readonly base: LValue; readonly offset: LValue }
  /**
   * Identity that no optimizer may see through (Rust's black_box): the result
   * equals `src` but must be treated as unknown. LLVM: an empty inline asm
   * that ties its output to its input; CLIF: whatever the backend can spell
   * that Cranelift cannot fold (documented in the backend README).
   */
  | { readonly op: "opaque"; readonly dst: LValue; readonly src: LValue }
  /** Direct call of a module function or a declared extern. */
  | { readonly op: "call"; readonly dsts: readonly LValue[]; readonly callee: string; readonly args: readonly LValue[] }
  /** Address of a module function or a declared extern (a function reference; `ptr`). */
  | { readonly op: "func_addr"; readonly dst: LValue; readonly symbol: string }
  /**
   * Call through a function address. The signature is the types of `args`
   * and of `dsts` (every result is defined), so caller and callee agree by
   * construction of the lowering, which computes both from one IR type.
   */
  | { readonly op: "call_indirect"; readonly dsts: readonly LValue[]; readonly callee: LValue; readonly args: readonly LValue[] };

export type LTerm =
  | { readonly op: "jump"; readonly target: LEdge }
  | { readonly op: "brif"; readonly cond: LValue; readonly then: LEdge; readonly else: LEdge }
  /** Dense dispatch: index (i32) in 0..targets.length-1 goes to targets[index], anything else to default. */
  | { readonly op: "br_table"; readonly index: LValue; readonly default: LEdge; readonly targets: readonly LEdge[] }
  /**
   * Sparse dispatch (LLVM's `switch`): `value` (an integer) equal to `cases[k]` goes to
   * `targets[k]`, anything else to `default`. The cases are the signed values of the
   * value's type, strictly increasing (so distinct); only a backend with a sparse switch
   * (BackendCapabilities.sparseSwitch) is given one.
   */
  | { readonly op: "switch"; readonly value: LValue; readonly default: LEdge; readonly cases: readonly bigint[]; readonly targets: readonly LEdge[] }
  | { readonly op: "return"; readonly values: readonly LValue[] }
  /** Never reached: follows a call to a noreturn extern, or marks impossible code. */
  | { readonly op: "trap" };

/**
 * A block of the lowered form. Inside the pipeline it may be a CompareBlock
 * (compare-block.ts), whose fields are read through getters: copy a block by
 * naming its four fields, never by spreading it (a spread copies own fields
 * only). The lowered form `lower()` hands to callers holds plain blocks only
 * (`plainBlocks`).
 */
export interface LBlock {
  readonly params: readonly LValue[];
  readonly insts: readonly LInst[];
  readonly term: LTerm;
  /** Rarely executed (panic paths): backends may place it out of line and weight branches. */
  readonly cold: boolean;
}

export interface LStackSlot {
  readonly size: number;
  readonly align: number;
}

export interface LFunction {
  /** Symbol name, [A-Za-z0-9_]+, unique in the module. */
  readonly name: string;
  readonly params: readonly LType[];
  /** Zero or one result. */
  readonly results: readonly LType[];
  /** Visible outside the module (the IR's exported functions); others are internal. */
  readonly exported: boolean;
  readonly slots: readonly LStackSlot[];
  readonly blocks: readonly LBlock[];
  /** Type of every value id. */
  readonly valueTypes: readonly LType[];
  /** Names for readers of the output (absent when nothing is named). */
  readonly names?: LNames;
  /** Where each instruction came from (absent when nothing records an origin). */
  readonly origins?: LOrigins;
}

/**
 * The names a function's values and blocks had in the program it was lowered
 * from (IR `%acc`, `loop_head`). A side table, not part of the program:
 * nothing but the printers reads it. Names are free text and need not be
 * unique: one IR value may become several lowered values, and a variable
 * becomes a parameter of many blocks, so each printer makes them unique and
 * spells them the way its format allows.
 */
export interface LNames {
  /** Name of each value id; undefined (or a hole) where a value has none. */
  readonly values: readonly (string | undefined)[];
  /** Name of each block index; undefined where a block has none. */
  readonly blocks: readonly (string | undefined)[];
}

/** A position in a source file the program was compiled from (1-based line and column; column 0: unknown). */
export interface LSourceLoc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** Where lowered code came from: the text of the instruction it was lowered from, its source location, or both. */
export interface LOrigin {
  readonly text?: string;
  readonly loc?: LSourceLoc;
}

/**
 * The origin of every instruction and terminator, as indices into `table`.
 * `at[b][i]` is the origin of instruction i of block b and
 * `at[b][insts.length]` the terminator's; -1, or an entry past the end of
 * `at[b]`, means none.
 */
export interface LOrigins {
  readonly table: readonly LOrigin[];
  readonly at: readonly (readonly number[])[];
}

/** The values an instruction reads. */
export function instUses(inst: LInst): readonly LValue[] {
  switch (inst.op) {
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr": return [];
    case "binary": case "icmp": case "fcmp": return [inst.a, inst.b];
    case "select": return [inst.cond, inst.a, inst.b];
    case "convert": case "opaque": case "unary": return [inst.src];
    case "load": return [inst.addr];
    case "store": return [inst.addr, inst.value];
    case "ptr_add": return [inst.base, inst.offset];
    case "call": return inst.args;
    case "call_indirect": return [inst.callee, ...inst.args];
  }
}

/** The values an instruction defines. */
export function instDefs(inst: LInst): readonly LValue[] {
  return inst.op === "call" || inst.op === "call_indirect" ? inst.dsts : inst.op === "store" ? [] : [inst.dst];
}

/** The values a terminator reads besides its edge arguments. */
export function termOwnUses(t: LTerm): readonly LValue[] {
  switch (t.op) {
    case "brif": return [t.cond];
    case "br_table": case "switch": return [t.op === "br_table" ? t.index : t.value];
    case "return": return t.values;
    case "jump": case "trap": return [];
  }
}

/** The origin index of instruction `i` of block `b` (`i === insts.length`: the terminator), or -1. */
export function originIndex(fn: LFunction, b: number, i: number): number {
  const row = fn.origins?.at[b];
  return row === undefined || i >= row.length ? -1 : row[i]!;
}

/** A function provided by runtime-c or the host, with its C ABI signature. */
export interface LExtern {
  readonly name: string;
  readonly params: readonly LType[];
  readonly results: readonly LType[];
  /** Never returns (panics). */
  readonly noreturn: boolean;
  /** Reads only memory reachable from its pointer arguments and writes none (pure helpers). */
  readonly pure: boolean;
}

/** A pointer-sized relocation inside a data object: `*(ptr*)(bytes+offset) = &symbol + addend`. */
export interface LReloc {
  readonly offset: number;
  readonly symbol: string;
  readonly addend: number;
}

/** A data object the embedder defines next to the functions (string literals, constant arrays). */
export interface LData {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly align: number;
  readonly relocs: readonly LReloc[];
  readonly writable: boolean;
}

export interface LModule {
  readonly name: string;
  readonly functions: readonly LFunction[];
  readonly externs: readonly LExtern[];
  readonly data: readonly LData[];
}

/** A function as the rest of its module sees it (callers, symbol tables): known before its body is lowered. */
export type LFunctionHead = Pick<LFunction, "name" | "params" | "results" | "exported">;

/**
 * A module whose functions are lowered one at a time, each printed as soon
 * as it is done (so no lowered function outlives its printing): every
 * function's head, and the externs and data objects of the functions lowered
 * so far. `externs` (in first-use order) and `data` only grow. A whole
 * LModule is one too, with every function done.
 */
export interface LModuleInProgress {
  readonly name: string;
  readonly functions: readonly LFunctionHead[];
  readonly externs: readonly LExtern[];
  readonly data: readonly LData[];
}

/**
 * Size in bytes of a `ptr` and of a relocated pointer slot in a data object:
 * every target the printers support (x86_64 and aarch64 Linux, and CLIF's
 * 64-bit ISAs) has 8-byte pointers. The one home of this fact.
 */
export const POINTER_SIZE = 8;

/** Byte size of a machine type in memory (bool never goes to memory). */
export function byteSize(t: Exclude<LType, "bool">): number {
  return bitWidth(t) / 8;
}

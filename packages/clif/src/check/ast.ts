/**
 * The parsed form of CLIF text, as the checker and the executor read it.
 * Entities keep the numbers the text gives them (`v3`, `block2`, `ss0`);
 * every declaration and instruction keeps its line number and source text
 * so that errors can point at it.
 */
import type { Opcode } from "./opcodes.js";

/** The scalar types of Cranelift 0.135 (the boolean `b1` family is gone). */
export type ScalarType = "i8" | "i16" | "i32" | "i64" | "i128" | "f16" | "f32" | "f64" | "f128";
export const SCALAR_TYPES: readonly ScalarType[] = ["i8", "i16", "i32", "i64", "i128", "f16", "f32", "f64", "f128"];
/** A SIMD vector type: a scalar lane type times a power-of-two lane count (`i32x4`). */
export type VectorType = `${ScalarType}x${number}`;
export type ValueType = ScalarType | VectorType;

/** The type named by `w`, or undefined: scalars, and vectors of 2..256 lanes of at most 2048 bits in all. */
export function parseValueType(w: string): ValueType | undefined {
  if ((SCALAR_TYPES as readonly string[]).includes(w)) return w as ScalarType;
  const m = /^(i8|i16|i32|i64|i128|f16|f32|f64|f128)x([1-9][0-9]*)$/.exec(w);
  if (!m) return undefined;
  const lanes = Number(m[2]);
  if (lanes < 2 || (lanes & (lanes - 1)) !== 0 || lanes * scalarBits(m[1] as ScalarType) > 2048) return undefined;
  return w as VectorType;
}

function scalarBits(t: ScalarType): number {
  return Number(t.slice(1));
}

/** The lane type (the type itself for a scalar). */
export function laneType(t: ValueType): ScalarType {
  const x = t.indexOf("x");
  return (x < 0 ? t : t.slice(0, x)) as ScalarType;
}

/** Lanes of a vector, 1 for a scalar. */
export function laneCount(t: ValueType): number {
  const x = t.indexOf("x");
  return x < 0 ? 1 : Number(t.slice(x + 1));
}

export function isVector(t: ValueType): t is VectorType {
  return t.includes("x");
}

/** Bits of a value type (all lanes). */
export function typeBits(t: ValueType): number {
  return scalarBits(laneType(t)) * laneCount(t);
}

/** A scalar integer. */
export function isInt(t: ValueType): boolean {
  return t.startsWith("i") && !isVector(t);
}

/** A scalar float. */
export function isFloat(t: ValueType): boolean {
  return t.startsWith("f") && !isVector(t);
}

export interface Signature {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  /** The calling convention, written or the target's default. */
  readonly cc?: string;
}

/** `ssN = explicit_slot SIZE, align = A`. */
export interface SlotDecl { readonly id: number; readonly size: number; readonly align: number; readonly line: number }
/** `gvN = symbol [colocated] %name[+offset]`. */
export interface GlobalDecl { readonly id: number; readonly symbol: string; readonly colocated: boolean; readonly offset: bigint; readonly line: number }
/** `sigN = (...) -> ... system_v`. */
export interface SigDecl { readonly id: number; readonly sig: Signature; readonly line: number }
/** `fnN = [colocated] %name sigM` (or an inline signature). */
export interface FnDecl { readonly id: number; readonly name: string; readonly colocated: boolean; readonly sig: Signature; readonly line: number }

/** A branch target with the arguments for its block parameters. */
export interface BlockCall { readonly block: number; readonly args: readonly number[] }

/** Operands by instruction format. */
export type Operands =
  | { readonly format: "unary_imm"; readonly imm: bigint }
  | { readonly format: "unary_ieee"; readonly bits: bigint; readonly type: ValueType }
  | { readonly format: "unary_const"; readonly imm: string }
  | { readonly format: "binary_imm8"; readonly arg: number; readonly imm: number }
  | { readonly format: "ternary_imm8"; readonly args: readonly [number, number]; readonly imm: number }
  | { readonly format: "shuffle"; readonly args: readonly [number, number]; readonly imm: string }
  | { readonly format: "store_no_offset"; readonly flags: readonly string[]; readonly value: number; readonly addr: number }
  | { readonly format: "nullary" }
  | { readonly format: "int_add_trap"; readonly args: readonly [number, number]; readonly code: string }
  | { readonly format: "atomic_rmw"; readonly flags: readonly string[]; readonly op: string; readonly addr: number; readonly value: number }
  | { readonly format: "atomic_cas"; readonly flags: readonly string[]; readonly addr: number; readonly args: readonly [number, number] }
  | { readonly format: "opaque"; readonly uses: readonly number[]; readonly why: string }
  | { readonly format: "unary"; readonly arg: number }
  | { readonly format: "load_no_offset"; readonly flags: readonly string[]; readonly arg: number }
  | { readonly format: "binary"; readonly args: readonly [number, number] }
  | { readonly format: "int_compare" | "float_compare"; readonly cc: string; readonly args: readonly [number, number] }
  | { readonly format: "ternary"; readonly args: readonly [number, number, number] }
  | { readonly format: "load"; readonly flags: readonly string[]; readonly addr: number; readonly offset: number }
  | { readonly format: "store"; readonly flags: readonly string[]; readonly value: number; readonly addr: number; readonly offset: number }
  | { readonly format: "stack_addr"; readonly slot: number; readonly offset: number }
  | { readonly format: "global_value"; readonly gv: number }
  | { readonly format: "func_addr"; readonly fn: number }
  | { readonly format: "call"; readonly fn: number; readonly args: readonly number[] }
  | { readonly format: "call_indirect"; readonly sig: number; readonly callee: number; readonly args: readonly number[] }
  | { readonly format: "jump"; readonly dest: BlockCall }
  | { readonly format: "brif"; readonly cond: number; readonly then: BlockCall; readonly else: BlockCall }
  | { readonly format: "br_table"; readonly index: number; readonly default: BlockCall; readonly table: readonly BlockCall[] }
  | { readonly format: "multi_ary"; readonly args: readonly number[] }
  | { readonly format: "trap"; readonly code: string }
  | { readonly format: "cond_trap"; readonly arg: number; readonly code: string };

/** One instruction: results, opcode, optional controlling type (`.i32`), operands. */
export type Inst = {
  readonly line: number;
  /** 1-based column of the instruction's first token. */
  readonly col: number;
  /** The source line, trimmed, without its comment. */
  readonly text: string;
  readonly opcode: Opcode;
  readonly ctrl: ValueType | undefined;
  readonly results: readonly number[];
} & Operands;

export interface BlockAst {
  readonly id: number;
  readonly params: readonly { readonly value: number; readonly type: ValueType }[];
  readonly cold: boolean;
  readonly line: number;
  readonly insts: Inst[];
}

/** Something valid this checker does not check, at a line and column. */
export interface NotCovered { readonly line: number; readonly col: number; readonly what: string }

/** A `; run:` or `; print:` comment after a function, as written. */
export interface RunComment { readonly line: number; readonly col: number; readonly kind: "run" | "print"; readonly text: string }

export interface FunctionAst {
  readonly name: string;
  readonly sig: Signature;
  readonly line: number;
  /** `vA -> vB` lines: uses of A mean B. */
  readonly aliases: ReadonlyMap<number, { readonly target: number; readonly line: number }>;
  readonly notCovered: readonly NotCovered[];
  /** True when a line of the function did not parse (its errors are in the file's). */
  readonly broken: boolean;
  readonly runs: RunComment[];
  readonly slots: ReadonlyMap<number, SlotDecl>;
  readonly globals: ReadonlyMap<number, GlobalDecl>;
  readonly sigs: ReadonlyMap<number, SigDecl>;
  readonly fns: ReadonlyMap<number, FnDecl>;
  /** In layout order; the first is the entry block. */
  readonly blocks: readonly BlockAst[];
  /** Each block's position in `blocks`, by block id: the one table every check of a branch target reads. */
  readonly blockPos: ReadonlyMap<number, number>;
}

/**
 * The value `v` stands for in `f`: its alias target (`v3 -> v2`), followed
 * through chains of aliases; `v` itself when it is no alias. On a cycle of
 * aliases it stops after as many steps as there are aliases, at a value of
 * the cycle (which no instruction defines: a use of it is an undefined value).
 */
export function aliasTarget(f: FunctionAst, v: number): number {
  let x = v;
  for (let n = 0; n <= f.aliases.size && f.aliases.has(x); n++) x = f.aliases.get(x)!.target;
  return x;
}

/** One problem, at a 1-based line and column (0: the whole line). */
export interface CheckError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export interface ClifFile {
  readonly functions: readonly FunctionAst[];
  /** `test`, `target`, `set` lines as written. */
  readonly headers: readonly string[];
  /** Syntax errors, one per line that failed to parse. */
  readonly errors: readonly CheckError[];
}

/** `(i64, i32) -> i8`, for messages and comparisons. */
export function signatureKey(s: Signature): string {
  return `(${s.params.join(", ")})${s.results.length ? ` -> ${s.results.join(", ")}` : ""}`;
}

/** Branch targets of a terminator, in operand order. */
export function blockCalls(inst: Inst): readonly BlockCall[] {
  switch (inst.format) {
    case "jump": return [inst.dest];
    case "brif": return [inst.then, inst.else];
    case "br_table": return [inst.default, ...inst.table];
    default: return [];
  }
}

/** Values an instruction reads, including branch arguments. */
export function instUses(inst: Inst): number[] {
  const calls = blockCalls(inst).flatMap((c) => c.args);
  switch (inst.format) {
    case "unary_imm": case "unary_ieee": case "unary_const": case "stack_addr": case "global_value": case "func_addr": case "trap": case "nullary": return [];
    case "unary": case "load_no_offset": case "binary_imm8": return [inst.arg];
    case "binary": case "int_compare": case "float_compare": case "ternary": case "ternary_imm8": case "shuffle": case "int_add_trap": return [...inst.args];
    case "store_no_offset": return [inst.value, inst.addr];
    case "atomic_rmw": return [inst.addr, inst.value];
    case "atomic_cas": return [inst.addr, ...inst.args];
    case "opaque": return [...inst.uses];
    case "load": return [inst.addr];
    case "store": return [inst.value, inst.addr];
    case "call": return [...inst.args];
    case "call_indirect": return [inst.callee, ...inst.args];
    case "jump": return calls;
    case "brif": return [inst.cond, ...calls];
    case "br_table": return [inst.index, ...calls];
    case "multi_ary": return [...inst.args];
    case "cond_trap": return [inst.arg];
  }
}

/**
 * The parsed form of CLIF text, as the checker and the executor read it.
 * Entities keep the numbers the text gives them (`v3`, `block2`, `ss0`);
 * every declaration and instruction keeps its line number and source text
 * so that errors can point at it.
 */
import type { Opcode } from "./opcodes.js";

/** The value types of the checked subset (no f32, vectors, i128 or the removed `b1`). */
export type ValueType = "i8" | "i16" | "i32" | "i64" | "f64";
export const VALUE_TYPES: readonly ValueType[] = ["i8", "i16", "i32", "i64", "f64"];

/** Bits of a value type. */
export function typeBits(t: ValueType): number {
  return t === "f64" ? 64 : Number(t.slice(1));
}

export function isInt(t: ValueType): boolean {
  return t !== "f64";
}

export interface Signature {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
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
  | { readonly format: "unary_ieee64"; readonly bits: bigint }
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

export interface FunctionAst {
  readonly name: string;
  readonly sig: Signature;
  readonly line: number;
  readonly slots: ReadonlyMap<number, SlotDecl>;
  readonly globals: ReadonlyMap<number, GlobalDecl>;
  readonly sigs: ReadonlyMap<number, SigDecl>;
  readonly fns: ReadonlyMap<number, FnDecl>;
  /** In layout order; the first is the entry block. */
  readonly blocks: readonly BlockAst[];
}

export interface ClifFile {
  readonly functions: readonly FunctionAst[];
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
    case "unary_imm": case "unary_ieee64": case "stack_addr": case "global_value": case "func_addr": case "trap": return [];
    case "unary": case "load_no_offset": return [inst.arg];
    case "binary": case "int_compare": case "float_compare": case "ternary": return [...inst.args];
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

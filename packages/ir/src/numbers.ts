/**
 * The number operations of SPEC.md's "Numbers" section, grouped by the shape
 * of their typing rule: float unary and binary operations, integer unary and
 * binary operations, checked arithmetic (traps on overflow), overflow flags,
 * and the unsigned conversions. The groups are the one list every layer
 * (typing, interpreter, lowering, fuzz generator) reads, so adding an
 * operation to a group gives it its typing rule everywhere at once.
 */
import type { Opcode } from "./opcodes.js";
import { BOOL, type Type, isInt, typeEq, typeToString } from "./types.js";

export const FLOAT_UNARY_OPS = ["sqrt", "fabs", "floor", "ceil", "ftrunc", "nearest"] as const satisfies readonly Opcode[];
export const FLOAT_BINARY_OPS = ["fmin", "fmax", "fcopysign"] as const satisfies readonly Opcode[];
export const INT_UNARY_OPS = ["popcnt", "clz", "ctz", "bswap", "iabs"] as const satisfies readonly Opcode[];
export const INT_BINARY_OPS = ["rotl", "rotr", "smin", "smax", "umin", "umax"] as const satisfies readonly Opcode[];
export const CHECKED_OPS = ["sadd.checked", "ssub.checked", "smul.checked", "uadd.checked", "usub.checked", "umul.checked"] as const satisfies readonly Opcode[];
export const OVERFLOW_OPS = ["sadd.overflows", "ssub.overflows", "smul.overflows", "uadd.overflows", "usub.overflows", "umul.overflows"] as const satisfies readonly Opcode[];
export const UNSIGNED_CONVERSIONS = ["uitofp", "fptoui"] as const satisfies readonly Opcode[];
export const FLOAT_CONVERSIONS = ["fpext", "fptrunc"] as const satisfies readonly Opcode[];

export type FloatUnaryOp = (typeof FLOAT_UNARY_OPS)[number];
export type FloatBinaryOp = (typeof FLOAT_BINARY_OPS)[number];
export type IntUnaryOp = (typeof INT_UNARY_OPS)[number];
export type IntBinaryOp = (typeof INT_BINARY_OPS)[number];
export type CheckedOp = (typeof CHECKED_OPS)[number];
export type OverflowOp = (typeof OVERFLOW_OPS)[number];
/** Every opcode of this file. */
export type NumberOp = FloatUnaryOp | FloatBinaryOp | IntUnaryOp | IntBinaryOp | CheckedOp | OverflowOp | (typeof UNSIGNED_CONVERSIONS)[number] | (typeof FLOAT_CONVERSIONS)[number];

const ALL: ReadonlySet<string> = new Set<string>([
  ...FLOAT_UNARY_OPS, ...FLOAT_BINARY_OPS, ...INT_UNARY_OPS, ...INT_BINARY_OPS, ...CHECKED_OPS, ...OVERFLOW_OPS, ...UNSIGNED_CONVERSIONS, ...FLOAT_CONVERSIONS,
]);

/** Whether `op` is one of the number operations of this file. */
export function isNumberOp(op: Opcode): op is NumberOp {
  return ALL.has(op);
}

/** The arithmetic a checked or overflow-flag opcode performs, and whether it reads its operands as unsigned. */
export function overflowKind(op: CheckedOp | OverflowOp): { arith: "add" | "sub" | "mul"; unsigned: boolean } {
  return { arith: op.slice(1, 4) as "add" | "sub" | "mul", unsigned: op.startsWith("u") };
}

/** Whether a type is a float type of the IR. */
export function isFloatType(t: Type): boolean {
  return t.kind === "f64" || t.kind === "f32";
}

/** The result type of number operation `op`, or why it is ill-typed. */
export function numberType(op: NumberOp, a: Type, b: Type | undefined, to: Type | null): { ok: true; type: Type } | { ok: false; reason: string } {
  const r = numberAnswer(op, a, b, to);
  return typeof r === "string" ? { ok: false, reason: r } : { ok: true, type: r };
}

/** `numberType` as the typing rules answer (typing.ts dispatches here): the result type, or the reason as a string (no record per instruction). */
export function numberAnswer(op: NumberOp, a: Type, b: Type | undefined, to: Type | null): Type | string {
  const show = typeToString;
  const bad = (reason: string) => reason;
  const good = (type: Type) => type;
  switch (op) {
    case "uitofp":
      if (!to || !isFloatType(to)) return bad("uitofp converts to a float type");
      return isInt(a) ? good(to) : bad(`uitofp needs an integer operand, got ${show(a)}`);
    case "fptoui":
      if (!to || !isInt(to)) return bad("fptoui needs an integer target type");
      return isFloatType(a) ? good(to) : bad(`fptoui needs a float operand, got ${show(a)}`);
    case "fpext": return a.kind === "f32" && to?.kind === "f64" ? good(to) : bad(`fpext converts f32 to f64, got ${show(a)}${to ? ` to ${show(to)}` : ""}`);
    case "fptrunc": return a.kind === "f64" && to?.kind === "f32" ? good(to) : bad(`fptrunc converts f64 to f32, got ${show(a)}${to ? ` to ${show(to)}` : ""}`);
    case "sqrt": case "fabs": case "floor": case "ceil": case "ftrunc": case "nearest":
      return isFloatType(a) ? good(a) : bad(`${op} needs a float operand, got ${show(a)}`);
    case "fmin": case "fmax": case "fcopysign":
      return isFloatType(a) && b && typeEq(a, b) ? good(a) : bad(`${op} needs two operands of one float type, got ${show(a)} and ${b ? show(b) : "nothing"}`);
    case "popcnt": case "clz": case "ctz": case "bswap": case "iabs":
      return isInt(a) ? good(a) : bad(`${op} needs an integer operand, got ${show(a)}`);
    default: {
      if (!isInt(a) || !b || !typeEq(a, b)) return bad(`${op} needs two operands of one integer type, got ${show(a)} and ${b ? show(b) : "nothing"}`);
      return good((OVERFLOW_OPS as readonly string[]).includes(op) ? BOOL : a);
    }
  }
}

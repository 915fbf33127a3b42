/**
 * Lowering of scalar instructions: constants, integer and float arithmetic,
 * comparisons, select and conversions. The IR's checks become guards on a
 * cold panic path: division by zero, and signed MIN / -1 unless range
 * analysis rules it out. Shift amounts are masked to the width, as the IR
 * defines them. `const.i8 255` is -1: constants are normalized to the signed
 * value of their type.
 */
import { type Inst, type NumberOp, type ValueId } from "@fzy/ir";
import type { LFloatCC, LIntCC, LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { intTypeOf } from "./layout.js";
import { lowerNumber } from "./lower-numbers.js";

/** The scalar opcodes this file lowers. */
export type ScalarOp =
  | "const" | "opaque" | "add" | "sub" | "mul" | "and" | "or" | "xor" | "shl" | "lshr" | "ashr" | "not" | "neg"
  | "sdiv" | "srem" | "udiv" | "urem" | "fadd" | "fsub" | "fmul" | "fdiv" | "icmp" | "fcmp" | "select"
  | "sext" | "zext" | "trunc" | "sitofp" | "fptosi" | NumberOp;

const INT_BINARY = { add: "iadd", sub: "isub", mul: "imul", and: "band", or: "bor", xor: "bxor" } as const;

const intType = intTypeOf;
const bitsOf = (e: FunctionEmitter, v: ValueId) => (e.typeOf(v) as { bits: number }).bits;

/**
 * Lower one scalar instruction. No closure here or in the cases: one that
 * captured a local would make every call allocate a context for it (the
 * multi-part cases have functions of their own).
 */
export function lowerScalar(e: FunctionEmitter, inst: Inst & { op: ScalarOp }): void {
  const b = e.b;
  const a = inst.args;
  switch (inst.op) {
    case "const": return constant(e, inst);
    case "opaque": return e.define(inst, opaqueParts(e, a[0]!));
    case "add": case "sub": case "mul": case "and": case "or": case "xor":
      return e.defineOne(inst, b.binary(INT_BINARY[inst.op], e.one(a[0]!), e.one(a[1]!)));
    case "shl": case "lshr": case "ashr": return e.defineOne(inst, shift(e, inst.op, a[0]!, a[1]!));
    case "not": return e.defineOne(inst, not(e, a[0]!));
    case "neg": return e.defineOne(inst, neg(e, a[0]!));
    case "sdiv": case "srem": case "udiv": case "urem": return e.defineOne(inst, division(e, inst.op, a[0]!, a[1]!));
    case "fadd": case "fsub": case "fmul": case "fdiv": return e.defineOne(inst, b.binary(inst.op, e.one(a[0]!), e.one(a[1]!)));
    case "icmp": return e.defineOne(inst, b.icmp((inst.imm as { cc: string }).cc as LIntCC, e.one(a[0]!), e.one(a[1]!)));
    case "fcmp": return e.defineOne(inst, b.fcmp((inst.imm as { cc: string }).cc as LFloatCC, e.one(a[0]!), e.one(a[1]!)));
    case "select": return e.define(inst, select(e, a[0]!, a[1]!, a[2]!));
    case "sext": case "zext": case "trunc": return e.defineOne(inst, extend(e, inst));
    case "sitofp": return e.defineOne(inst, b.convert("sitofp", e.one(a[0]!), inst.type!.kind === "f32" ? "f32" : "f64"));
    case "fptosi": return e.defineOne(inst, floatToInt(e, e.one(a[0]!), (inst.type as { bits: number }).bits));
    default: return lowerNumber(e, inst as Inst & { op: NumberOp }); // lower-numbers.ts
  }
}

function constant(e: FunctionEmitter, inst: Inst): void {
  const b = e.b;
  const t = inst.type!;
  if (inst.imm.kind === "int") {
    const bits = (t as { bits: number }).bits;
    const v = signedIn(bits, inst.imm.value);
    e.constInt.set(inst.dst!, v);
    e.defineOne(inst, b.iconst(intType(bits), v));
  } else if (inst.imm.kind === "bool") e.defineOne(inst, b.iconst("bool", inst.imm.value ? 1 : 0));
  else if (inst.imm.kind === "f64") e.defineOne(inst, b.fconst(inst.imm.value, t.kind === "f32" ? "f32" : "f64"));
}

/**
 * Each part of `x` through an opaque (one per part, in order). Lists of
 * parts are literals or pushed, never `new Array(n)`: packed, as map made
 * them (lists of parts become edge and return values, and the printers'
 * loops run slower over lists of two elements kinds).
 */
function opaqueParts(e: FunctionEmitter, x: ValueId): LValue[] {
  const xs = e.value(x);
  if (xs.length === 1) return [e.b.opaque(xs[0]!)];
  const out: LValue[] = [];
  for (let i = 0; i < xs.length; i++) out.push(e.b.opaque(xs[i]!));
  return out;
}

/** `cond ? x : y`, part by part (a packed list, as opaqueParts'). */
function select(e: FunctionEmitter, cond: ValueId, x: ValueId, y: ValueId): LValue[] {
  const c = e.one(cond), xs = e.value(x), ys = e.value(y);
  if (xs.length === 1) return [e.b.select(c, xs[0]!, ys[0]!)];
  const out: LValue[] = [];
  for (let i = 0; i < xs.length; i++) out.push(e.b.select(c, xs[i]!, ys[i]!));
  return out;
}

/** The least and greatest signed values of each integer width. */
const SIGNED: Readonly<Record<number, { readonly lo: bigint; readonly hi: bigint }>> = Object.fromEntries(
  [8, 16, 32, 64].map((n) => [n, { lo: -(1n << BigInt(n - 1)), hi: (1n << BigInt(n - 1)) - 1n }]),
);

/** BigInt.asIntN(bits, v), without a new BigInt when v is already in range (most constants). */
function signedIn(bits: number, v: bigint): bigint {
  const r = SIGNED[bits]!;
  return v >= r.lo && v <= r.hi ? v : BigInt.asIntN(bits, v);
}

/** Shift with the amount masked to the width (constant amounts are masked here). */
function shift(e: FunctionEmitter, op: "shl" | "lshr" | "ashr", x: ValueId, y: ValueId): LValue {
  const b = e.b;
  const xv = e.one(x);
  const bits = bitsOf(e, x);
  const t = intType(bits);
  const c = e.constInt.get(y);
  const amt = c !== undefined ? b.iconst(t, BigInt.asUintN(bits, c) & BigInt(bits - 1)) : b.binary("band", e.one(y), b.iconst(t, bits - 1));
  return b.binary(op === "shl" ? "ishl" : op === "lshr" ? "ushr" : "sshr", xv, amt);
}

function not(e: FunctionEmitter, x: ValueId): LValue {
  const b = e.b;
  const xv = e.one(x);
  const t = e.typeOf(x);
  return b.binary("bxor", xv, t.kind === "bool" ? b.iconst("bool", 1) : b.iconst(intType((t as { bits: number }).bits), -1));
}

function neg(e: FunctionEmitter, x: ValueId): LValue {
  const b = e.b;
  const t = e.typeOf(x);
  if (t.kind === "f64" || t.kind === "f32") return b.binary("fsub", b.fconst(-0, t.kind), e.one(x));
  return b.binary("isub", b.iconst(intType((t as { bits: number }).bits), 0), e.one(x));
}

/** Integer division and remainder with the IR's checks; constant divisors need none. */
function division(e: FunctionEmitter, op: "sdiv" | "srem" | "udiv" | "urem", x: ValueId, y: ValueId): LValue {
  const b = e.b;
  const bits = bitsOf(e, x);
  const t = intType(bits);
  const xv = e.one(x), yv = e.one(y);
  const c = e.constInt.get(y);
  const signed = op === "sdiv" || op === "srem";
  const zeroPanic = op === "sdiv" || op === "udiv" ? "fz_panic_div_zero" : "fz_panic_rem_zero";
  if (c === undefined || c === 0n) e.guard(b.icmp("eq", yv, b.iconst(t, 0)), zeroPanic);
  if (signed && (c === undefined || c === -1n)) {
    // The divisor's range is asked only when the dividend may be MIN (an answer may cost the range fixpoint).
    const rx = e.rangeOf(x);
    const min = -(1n << BigInt(bits - 1));
    const mayMin = !rx || rx.lo <= min;
    if (mayMin && (c === -1n || mayBeMinusOne(e.rangeOf(y)))) {
      const ov = b.binary("band", b.icmp("eq", xv, b.iconst(t, min)), b.icmp("eq", yv, b.iconst(t, -1)));
      e.guard(ov, op === "sdiv" ? "fz_panic_div_overflow" : "fz_panic_rem_overflow");
    }
  }
  return b.binary(signed ? strengthReduced(e, op as "sdiv" | "srem", x, c) : op, xv, yv);
}

/** Whether a divisor of range `r` (undefined: unknown) may be -1. */
function mayBeMinusOne(r: { lo: bigint; hi: bigint } | undefined): boolean {
  return !r || (r.lo <= -1n && r.hi >= -1n);
}

/**
 * Strength reduction, as the matrix decides: a non-negative dividend and a
 * positive constant divisor make the signed operation unsigned, which needs
 * no sign fix-up after the multiply by the divisor's reciprocal. The matrix
 * is asked what a proof would give: its division rules make a division
 * unsigned only on a proof (division-unsigned), so where even a proof gives
 * the signed form (mode off, strength reduction switched off, any other
 * divisor) the range is not asked, and elsewhere the proof decides. Asking
 * may cost the function's range fixpoint.
 */
function strengthReduced(e: FunctionEmitter, op: "sdiv" | "srem", x: ValueId, divisor: bigint | undefined): "sdiv" | "srem" | "udiv" | "urem" {
  const withProof = e.askUnreported({
    kind: "division", enabled: e.mod.opts.fast.strength, escape: "none", mutability: "immutable", constant: divisor !== undefined && divisor > 0n, proven: true,
  });
  if (withProof.form !== "unsigned-division" || !e.provenNonNegative(x)) return op;
  return op === "sdiv" ? "udiv" : "urem";
}

function extend(e: FunctionEmitter, inst: Inst): LValue {
  const b = e.b;
  const to = intType((inst.type as { bits: number }).bits);
  const x = e.one(inst.args[0]!);
  if (e.typeOf(inst.args[0]!).kind === "bool") {
    // LIR never widens bool to i8 (CLIF would spell a same-width extend).
    return to === "i8" ? b.select(x, b.iconst("i8", 1), b.iconst("i8", 0)) : b.convert("uext", x, to);
  }
  return b.convert(inst.op === "zext" ? "uext" : (inst.op as "sext" | "trunc"), x, to);
}

/**
 * Saturating float to int. Narrow targets saturate to i32, clamp to the
 * narrow range and truncate: the same result (NaN gives 0), and Cranelift's
 * x64 backend has no narrow fcvt_to_sint_sat.
 */
function floatToInt(e: FunctionEmitter, x: LValue, bits: number): LValue {
  const b = e.b;
  if (bits >= 32) return b.convert("fptosi_sat", x, intType(bits));
  const w = b.convert("fptosi_sat", x, "i32");
  const lo = b.iconst("i32", -(1n << BigInt(bits - 1))), hi = b.iconst("i32", (1n << BigInt(bits - 1)) - 1n);
  const low = b.select(b.icmp("slt", w, lo), lo, w);
  const clamped = b.select(b.icmp("sgt", low, hi), hi, low);
  return b.convert("trunc", clamped, intType(bits));
}

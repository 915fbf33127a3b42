/**
 * Lowering of SPEC.md's "Numbers" operations (numbers.ts in @fzy/ir).
 *
 * The lowered form has float unary/binary operations, min/max, iabs and the
 * unsigned conversions on every width a backend has natively; popcnt, clz,
 * ctz, bswap, rotates and the unsigned conversions exist there only for i32
 * and i64, so narrow operands are widened here, once for all backends
 * (popcnt of the zero-extension, clz minus the extra bits, ctz with a stop
 * bit at the width, rotates as two shifts of the zero-extension).
 *
 * Overflow: the flag is computed with plain operations, the way Hacker's
 * Delight (Warren, 2nd ed., 2-13) gives it: a signed add overflows when both
 * operands' signs differ from the result's, a signed subtract when the
 * operands' signs differ and the result's differs from the minuend's; an
 * unsigned add when the sum is below an operand, a subtract when it borrows.
 * Narrow multiplies are exact in i64 (checked by widening the truncated
 * product back); an i64 multiply is checked by dividing the product back.
 * A checked operation branches to a cold block that panics with Rust's
 * message (TRAP_MESSAGES, through fz_panic_msg).
 */
import {
  type CheckedOp, type FloatBinaryOp, type FloatUnaryOp, type Inst, type IntBits, type NumberOp, overflowKind, type OverflowOp,
  TRAP_MESSAGES, type ValueId,
} from "@fzy/ir";
import type { LUnOp, LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { intTypeOf } from "./layout.js";
import { NO_ARGS } from "./block-variables.js";

/** The one UTF-8 encoder of literals (stateless, so shared). */
const UTF8 = new TextEncoder();

const intType = intTypeOf;
const bitsOf = (e: FunctionEmitter, v: ValueId) => (e.typeOf(v) as { bits: IntBits }).bits;

/** Lower one number operation. */
export function lowerNumber(e: FunctionEmitter, inst: Inst & { op: NumberOp }): void {
  const b = e.b;
  const [x, y] = inst.args as [ValueId, ValueId];
  switch (inst.op) {
    case "uitofp": return e.defineOne(inst, uitofp(e, x, inst.type!.kind === "f32" ? "f32" : "f64"));
    case "fpext": return e.defineOne(inst, b.convert("fpromote", e.one(x), "f64"));
    case "fptrunc": return e.defineOne(inst, b.convert("fdemote", e.one(x), "f32"));
    case "fptoui": return e.defineOne(inst, fptoui(e, e.one(x), (inst.type as { bits: IntBits }).bits));
    case "sqrt": case "fabs": case "floor": case "ceil": case "ftrunc": case "nearest":
      return e.defineOne(inst, b.unary(inst.op satisfies FloatUnaryOp, e.one(x)));
    case "fmin": case "fmax": case "fcopysign":
      return e.defineOne(inst, b.binary(inst.op satisfies FloatBinaryOp, e.one(x), e.one(y)));
    case "iabs": return e.defineOne(inst, b.unary("iabs", e.one(x)));
    case "popcnt": case "clz": case "ctz": case "bswap": return e.defineOne(inst, bitCount(e, inst.op, x));
    case "smin": case "smax": case "umin": case "umax": return e.defineOne(inst, b.binary(inst.op, e.one(x), e.one(y)));
    case "rotl": case "rotr": return e.defineOne(inst, rotate(e, inst.op, x, y));
    default: {
      const op = inst.op as CheckedOp | OverflowOp;
      const r = withOverflow(e, op, x, y);
      if (op.endsWith(".overflows")) return e.defineOne(inst, r.overflow);
      panicIf(e, r.overflow, TRAP_MESSAGES[`${overflowKind(op).arith}_overflow`]);
      return e.defineOne(inst, r.result);
    }
  }
}

/** Unsigned to f64: the backends convert i32 and i64; narrow values are zero-extended to i32 first. */
function uitofp(e: FunctionEmitter, x: ValueId, to: "f32" | "f64"): LValue {
  const b = e.b;
  const bits = bitsOf(e, x);
  const v = bits < 32 ? b.convert("uext", e.one(x), "i32") : e.one(x);
  return b.convert("uitofp", v, to);
}

/** Saturating float to unsigned; narrow targets saturate to i32 (signed) and clamp to 0..2^bits-1 (NaN is already 0). */
function fptoui(e: FunctionEmitter, x: LValue, bits: IntBits): LValue {
  const b = e.b;
  if (bits >= 32) return b.convert("fptoui_sat", x, intType(bits));
  const w = b.convert("fptosi_sat", x, "i32");
  const clamped = b.binary("smin", b.binary("smax", w, b.iconst("i32", 0)), b.iconst("i32", (1n << BigInt(bits)) - 1n));
  return b.convert("trunc", clamped, intType(bits));
}

/** popcnt, clz, ctz, bswap: native on i32/i64; narrow operands go through i32. */
function bitCount(e: FunctionEmitter, op: "popcnt" | "clz" | "ctz" | "bswap", x: ValueId): LValue {
  const b = e.b;
  const bits = bitsOf(e, x);
  const xv = e.one(x);
  if (bits >= 32) return b.unary(op satisfies LUnOp, xv);
  if (op === "bswap" && bits === 8) return xv; // one byte: nothing to swap
  const t = intType(bits);
  if (op === "bswap") {
    // The i16's bytes end up in the top half of the swapped i32; an arithmetic shift brings them down.
    const swapped = b.unary("bswap", b.convert("sext", xv, "i32"));
    return b.convert("trunc", b.binary("sshr", swapped, b.iconst("i32", 16)), t);
  }
  const wide = b.convert("uext", xv, "i32");
  let r: LValue;
  if (op === "popcnt") r = b.unary("popcnt", wide);
  else if (op === "clz") r = b.binary("isub", b.unary("clz", wide), b.iconst("i32", 32 - bits));
  else r = b.unary("ctz", b.binary("bor", wide, b.iconst("i32", 1n << BigInt(bits)))); // ctz(0) is the width
  return b.convert("trunc", r, t);
}

/** Rotates: native on i32/i64 (amount modulo the width); narrow ones are two shifts of the zero-extended value. */
function rotate(e: FunctionEmitter, op: "rotl" | "rotr", x: ValueId, y: ValueId): LValue {
  const b = e.b;
  const bits = bitsOf(e, x);
  if (bits >= 32) return b.binary(op, e.one(x), e.one(y));
  const wide = b.convert("uext", e.one(x), "i32");
  const k = b.binary("band", b.convert("uext", e.one(y), "i32"), b.iconst("i32", bits - 1));
  const rest = b.binary("isub", b.iconst("i32", bits), k); // 1..bits: below 32, so no masking needed
  const [toHigh, toLow] = op === "rotl" ? [k, rest] : [rest, k];
  const r = b.binary("bor", b.binary("ishl", wide, toHigh), b.binary("ushr", wide, toLow));
  return b.convert("trunc", r, intType(bits));
}

/** The wrapping result of a checked/overflow-flag operation and whether it overflowed. */
function withOverflow(e: FunctionEmitter, op: CheckedOp | OverflowOp, x: ValueId, y: ValueId): { result: LValue; overflow: LValue } {
  const b = e.b;
  const { arith, unsigned } = overflowKind(op);
  const bits = bitsOf(e, x);
  const t = intType(bits);
  const xv = e.one(x), yv = e.one(y);
  const zero = () => b.iconst(t, 0);
  switch (arith) {
    case "add": {
      const r = b.binary("iadd", xv, yv);
      if (unsigned) return { result: r, overflow: b.icmp("ult", r, xv) };
      const both = b.binary("band", b.binary("bxor", xv, r), b.binary("bxor", yv, r));
      return { result: r, overflow: b.icmp("slt", both, zero()) };
    }
    case "sub": {
      const r = b.binary("isub", xv, yv);
      if (unsigned) return { result: r, overflow: b.icmp("ult", xv, yv) };
      const both = b.binary("band", b.binary("bxor", xv, yv), b.binary("bxor", xv, r));
      return { result: r, overflow: b.icmp("slt", both, zero()) };
    }
    case "mul": return bits < 64 ? narrowMul(e, unsigned, bits, xv, yv) : wideMul(e, unsigned, xv, yv);
  }
}

/** A narrow product is exact in i64: it overflows when truncating and widening it back changes it. */
function narrowMul(e: FunctionEmitter, unsigned: boolean, bits: IntBits, x: LValue, y: LValue): { result: LValue; overflow: LValue } {
  const b = e.b;
  const ext = unsigned ? "uext" : "sext";
  const p = b.binary("imul", b.convert(ext, x, "i64"), b.convert(ext, y, "i64"));
  const r = b.convert("trunc", p, intType(bits));
  return { result: r, overflow: b.icmp("ne", b.convert(ext, r, "i64"), p) };
}

/**
 * An i64 product overflows when dividing it by a non-zero x does not give y
 * back. x = -1 is apart (the division could be MIN / -1): -1 * y overflows
 * exactly when y is MIN.
 */
function wideMul(e: FunctionEmitter, unsigned: boolean, x: LValue, y: LValue): { result: LValue; overflow: LValue } {
  const b = e.b;
  const k = (v: bigint) => b.iconst("i64", v);
  const r = b.binary("imul", x, y);
  const xZero = b.icmp("eq", x, k(0n));
  if (unsigned) {
    const d = b.select(xZero, k(1n), x);
    const back = b.binary("udiv", r, d);
    return { result: r, overflow: b.binary("band", b.icmp("ne", x, k(0n)), b.icmp("ne", back, y)) };
  }
  const xNeg1 = b.icmp("eq", x, k(-1n));
  const d = b.select(b.binary("bor", xZero, xNeg1), k(1n), x);
  const divOverflow = b.binary("band", b.icmp("ne", x, k(0n)), b.icmp("ne", b.binary("sdiv", r, d), y));
  return { result: r, overflow: b.select(xNeg1, b.icmp("eq", y, k(-(1n << 63n))), divOverflow) };
}

/** Branch to a cold block that panics with `message` when `bad` holds. */
function panicIf(e: FunctionEmitter, bad: LValue, message: string): void {
  const b = e.b;
  const cold = b.newBlock([], true);
  const cont = b.newBlock();
  b.brif(bad, { block: cold, args: NO_ARGS }, { block: cont, args: NO_ARGS });
  b.switchTo(cold);
  const bytes = UTF8.encode(message);
  e.rt("fz_panic_msg", [b.symbolAddr(e.mod.addData(bytes, 1)), b.iconst("i64", bytes.length)]);
  b.trap();
  b.switchTo(cont);
}

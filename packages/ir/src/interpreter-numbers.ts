/**
 * Interpreter semantics of SPEC.md's "Numbers" operations: the definition the
 * backends are checked against. Same value representation as
 * interpreter-ops.ts (i8/i16/i32 as sign-extended numbers, i64 as bigint,
 * floats as numbers); every operation is computed on the unsigned view of its
 * width where bits matter, then wrapped back to the signed representation.
 *
 * Floats: JS numbers are IEEE binary64, so sqrt, abs, floor, ceil and trunc
 * are exact through Math; `nearest` (round half to even, IEEE
 * roundToIntegralTiesToEven) is built from Math.round, which rounds halves
 * up. fmin/fmax are Math.min/Math.max: NaN when either operand is NaN and
 * -0.0 < +0.0, the rule of wasm's f64.min and Cranelift's fmin.
 */
import type { Inst } from "./module.js";
import type { NumberOp } from "./numbers.js";
import { overflowKind } from "./numbers.js";
import { trap } from "./trap.js";
import type { IntBits, Type } from "./types.js";
import type { IValue } from "./values.js";

type Regs = IValue[];
type Op = (r: Regs) => void;

const bitsOf = (t: Type): IntBits => (t.kind === "int" ? t.bits : 32);

/** An integer register value as the bigint of its signed value. */
const big = (v: IValue): bigint => (typeof v === "bigint" ? v : BigInt(v as number));
/** A signed bigint back to the representation of width `bits`. */
const back = (v: bigint, bits: IntBits): IValue => (bits === 64 ? BigInt.asIntN(64, v) : Number(BigInt.asIntN(bits, v)));

/** Compile number operation `inst` (its operands typed `from`, result `to`). */
export function compileNumberOp(inst: Inst & { op: NumberOp }, from: Type, d: number, a: number, b: number): Op {
  const to = inst.type ?? from;
  const f = compile(inst, from, to, d, a, b);
  // f32: every result is rounded to binary32. Computing in binary64 first and rounding once is exact for
  // + - * / and sqrt (binary64 has more than twice binary32's precision plus two bits); the rest are exact.
  if (to.kind !== "f32" || inst.op === "uitofp") return f;
  return (r) => { f(r); r[d] = Math.fround(r[d] as number); };
}

function compile(inst: Inst & { op: NumberOp }, from: Type, to: Type, d: number, a: number, b: number): Op {
  const op = inst.op;
  switch (op) {
    case "uitofp": {
      const bits = bitsOf(from);
      // Number(bigint) rounds to nearest, ties to even; to f32 without double rounding.
      if (to.kind === "f32") return (r) => { r[d] = bigToF32(BigInt.asUintN(bits, big(r[a]!))); };
      return (r) => { r[d] = Number(BigInt.asUintN(bits, big(r[a]!))); };
    }
    case "fpext": return (r) => { r[d] = r[a]; };
    case "fptrunc": return (r) => { r[d] = Math.fround(r[a] as number); };
    case "fptoui": return fptoui(bitsOf(to), d, a);
    case "sqrt": return (r) => { r[d] = Math.sqrt(r[a] as number); };
    case "fabs": return (r) => { r[d] = Math.abs(r[a] as number); };
    case "floor": return (r) => { r[d] = Math.floor(r[a] as number); };
    case "ceil": return (r) => { r[d] = Math.ceil(r[a] as number); };
    case "ftrunc": return (r) => { r[d] = Math.trunc(r[a] as number); };
    case "nearest": return (r) => { r[d] = nearest(r[a] as number); };
    case "fmin": return (r) => { r[d] = Math.min(r[a] as number, r[b] as number); };
    case "fmax": return (r) => { r[d] = Math.max(r[a] as number, r[b] as number); };
    case "fcopysign": return (r) => { r[d] = copysign(r[a] as number, r[b] as number); };
    default: return intOp(op, bitsOf(from), d, a, b);
  }
}

/**
 * An integer rounded to binary32, to nearest with ties to even. Going through
 * a binary64 could round twice; rounding the top 53 bits to odd (any lost bit
 * sets the lowest kept one) first makes the second rounding exact (Boldo and
 * Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms
 * using rounding to odd", 2008).
 */
export function bigToF32(x: bigint): number {
  const neg = x < 0n;
  let m = neg ? -x : x;
  const len = m.toString(2).length;
  let scale = 1;
  if (len > 53) {
    const sh = BigInt(len - 53);
    const lost = m & ((1n << sh) - 1n);
    m = (m >> sh) | (lost !== 0n ? 1n : 0n);
    scale = 2 ** (len - 53);
  }
  const v = Number(m) * scale;
  return Math.fround(neg ? -v : v);
}

/** IEEE roundToIntegralTiesToEven. Math.round rounds halves toward +inf; a half goes to the even neighbour instead. */
export function nearest(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 52) return x; // already integral (or NaN/inf)
  if (Math.abs(x - Math.trunc(x)) === 0.5) return 2 * Math.round(x / 2);
  return Math.round(x);
}

/** The magnitude of `x` with the sign bit of `y` (-0.0 counts as negative; a NaN's sign is unspecified, SPEC.md). */
function copysign(x: number, y: number): number {
  const neg = y < 0 || Object.is(y, -0);
  return neg ? -Math.abs(x) : Math.abs(x);
}

/** Saturating float to unsigned: NaN and negatives give 0, too large gives the maximum (Rust `as`). */
function fptoui(bits: IntBits, d: number, a: number): Op {
  const max = (1n << BigInt(bits)) - 1n;
  const maxF = 2 ** bits;
  return (r) => {
    const x = r[a] as number;
    const u = Number.isNaN(x) || x <= 0 ? 0n : x >= maxF ? max : BigInt(Math.trunc(x));
    r[d] = back(u, bits);
  };
}

type IntNumberOp = Exclude<NumberOp, "uitofp" | "fptoui" | "fpext" | "fptrunc" | "sqrt" | "fabs" | "floor" | "ceil" | "ftrunc" | "nearest" | "fmin" | "fmax" | "fcopysign">;

/** Integer operations on bigints of the unsigned (u) or signed (s) view; one path for every width. */
function intOp(op: IntNumberOp, bits: IntBits, d: number, a: number, b: number): Op {
  const n = BigInt(bits);
  const u = (v: IValue) => BigInt.asUintN(bits, big(v));
  const s = (v: IValue) => BigInt.asIntN(bits, big(v));
  const un = (f: (x: bigint) => bigint): Op => (r) => { r[d] = back(f(u(r[a]!)), bits); };
  const bin = (f: (x: bigint, y: bigint) => bigint, view: (v: IValue) => bigint): Op => (r) => { r[d] = back(f(view(r[a]!), view(r[b]!)), bits); };
  switch (op) {
    case "popcnt": return un((x) => BigInt(x.toString(2).replace(/0/g, "").length));
    case "clz": return un((x) => (x === 0n ? n : n - BigInt(x.toString(2).length)));
    case "ctz": return un((x) => (x === 0n ? n : BigInt(x.toString(2).length - 1 - x.toString(2).lastIndexOf("1"))));
    case "bswap": return un((x) => {
      let out = 0n;
      for (let i = 0n; i < n; i += 8n) out = (out << 8n) | ((x >> i) & 0xffn);
      return out;
    });
    case "iabs": return (r) => { const x = s(r[a]!); r[d] = back(x < 0n ? -x : x, bits); };
    case "rotl": case "rotr": return bin((x, y) => {
      const k = BigInt.asUintN(bits, y) % n;
      const left = op === "rotl" ? k : (n - k) % n;
      return (x << left) | (x >> (n - left)); // back() drops the bits shifted past the width
    }, u);
    case "smin": return bin((x, y) => (x < y ? x : y), s);
    case "smax": return bin((x, y) => (x > y ? x : y), s);
    case "umin": return bin((x, y) => (x < y ? x : y), u);
    case "umax": return bin((x, y) => (x > y ? x : y), u);
    default: return overflowOp(op, bits, d, a, b);
  }
}

/** Exact result of the arithmetic, and whether it leaves the range of the width. */
function exact(arith: "add" | "sub" | "mul", unsigned: boolean, bits: IntBits, x: IValue, y: IValue): { value: bigint; overflows: boolean } {
  const view = (v: IValue) => (unsigned ? BigInt.asUintN(bits, big(v)) : BigInt.asIntN(bits, big(v)));
  const p = view(x), q = view(y);
  const value = arith === "add" ? p + q : arith === "sub" ? p - q : p * q;
  const fits = unsigned ? BigInt.asUintN(bits, value) === value : BigInt.asIntN(bits, value) === value;
  return { value, overflows: !fits };
}

function overflowOp(op: Extract<NumberOp, `${string}.${string}`>, bits: IntBits, d: number, a: number, b: number): Op {
  const { arith, unsigned } = overflowKind(op);
  if (op.endsWith(".overflows")) return (r) => { r[d] = exact(arith, unsigned, bits, r[a]!, r[b]!).overflows; };
  const kind = `${arith}_overflow` as const;
  return (r) => {
    const e = exact(arith, unsigned, bits, r[a]!, r[b]!);
    if (e.overflows) throw trap(kind);
    r[d] = back(e.value, bits);
  };
}

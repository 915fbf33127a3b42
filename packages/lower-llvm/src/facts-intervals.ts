/**
 * The interval arithmetic of llvm-facts.ts: unsigned intervals [lo, hi] of
 * one machine type and their transfer functions, twice: in plain numbers for
 * the types of at most 32 bits, and in BigInts for the 64-bit ones (a
 * BigInt is a heap object per operation; a number is not).
 *
 * The two give the same intervals and flags. Numbers are exact here: every
 * bound of a type of at most 32 bits is below 2^32, so a sum, a difference,
 * a quotient (floored: both sides are non-negative) and a bound shifted by
 * less than 32 bits are integers below 2^64 that a double holds exactly
 * (those above 2^53 have at most 32 significant bits). A product of two
 * bounds may round, but it is only kept when it is at most the type's
 * largest value, which is below 2^53: rounding is monotone and every
 * integer up to 2^53 is a double, so a product rounds to at most that bound
 * exactly when it is at most that bound.
 */
import { type LBinOp, type LIntType, type LType } from "@fzy/lir";

/** An unsigned interval [lo, hi] of a 64-bit type. */
export type Range = readonly [bigint, bigint];

/** The types whose intervals are numbers (at most 32 bits wide). */
export const NUMERIC: Readonly<Record<LType, boolean>> = {
  bool: true, i8: true, i16: true, i32: true, f32: true, i64: false, f64: false, ptr: false,
};

export const UMAX: Readonly<Record<LType, bigint>> = {
  bool: 1n, i8: 0xffn, i16: 0xffffn, i32: 0xffff_ffffn, i64: 0xffff_ffff_ffff_ffffn,
  f32: 0xffff_ffffn, f64: 0xffff_ffff_ffff_ffffn, ptr: 0xffff_ffff_ffff_ffffn,
};
export const FULL: Readonly<Record<LType, Range>> = {
  bool: [0n, 1n], i8: [0n, UMAX.i8], i16: [0n, UMAX.i16], i32: [0n, UMAX.i32], i64: [0n, UMAX.i64],
  f32: [0n, UMAX.f32], f64: [0n, UMAX.f64], ptr: [0n, UMAX.ptr],
};
export const SMAX: Readonly<Record<LType, bigint>> = {
  bool: 0n, i8: 0x7fn, i16: 0x7fffn, i32: 0x7fff_ffffn, i64: 0x7fff_ffff_ffff_ffffn,
  f32: 0x7fff_ffffn, f64: 0x7fff_ffff_ffff_ffffn, ptr: 0x7fff_ffff_ffff_ffffn,
};
/** Bit width of each type as a bigint (shift amounts are compared with it). */
const WIDTH: Readonly<Record<LType, bigint>> = { bool: 1n, i8: 8n, i16: 16n, i32: 32n, i64: 64n, f32: 32n, f64: 64n, ptr: 64n };

/**
 * The index of type t in the tables by index (UMAXN, SMAXN, WIDTHN), the
 * commonest types first: a few comparisons of interned strings. Reading a
 * record by a type name that varies from one read to the next is a
 * megamorphic keyed load, and the solver reads these tables for most rows
 * it visits (by index, solving measured 3% faster).
 */
export function typeIndex(t: LType): number {
  switch (t) {
    case "i32": return 0;
    case "i64": return 1;
    case "bool": return 2;
    case "ptr": return 3;
    case "i8": return 4;
    case "i16": return 5;
    case "f64": return 6;
    case "f32": return 7;
    default: {
      const never: never = t;
      throw new Error(`lower-llvm: unknown type ${String(never)}`);
    }
  }
}

/** A number per type, at each type's typeIndex. */
function byIndex(value: (t: LType) => bigint): readonly number[] {
  const out: number[] = [];
  for (const t of Object.keys(UMAX) as LType[]) out[typeIndex(t)] = Number(value(t));
  return out;
}

/** The largest value, largest signed value and width of the numeric types, as numbers, by typeIndex (the 64-bit ones unused). */
export const UMAXN = byIndex((t) => UMAX[t]);
const SMAXN = byIndex((t) => SMAX[t]);
const WIDTHN = byIndex((t) => WIDTH[t]);
/** ONES[k] = 2^k - 1. */
const ONES: readonly bigint[] = Array.from({ length: 65 }, (_, k) => (1n << BigInt(k)) - 1n);

/** The smallest all-ones value at least x (0 for 0), for 0 <= x < 2^64 without leaving numbers for strings. */
function ones(x: bigint): bigint {
  if (x >= 0n && x <= 0xffff_ffffn) return ONES[32 - Math.clz32(Number(x))]!;
  if (x >= 0n && x <= UMAX.i64) return ONES[64 - Math.clz32(Number(x >> 32n))]!;
  return (1n << BigInt(x.toString(2).length)) - 1n;
}

/** `ones` for 0 <= x < 2^32. */
const onesN = (x: number): number => 2 ** (32 - Math.clz32(x)) - 1;

export const union = (a: Range, b: Range): Range => [a[0] < b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1]];
export const isInt = (t: LType): t is LIntType => t === "i8" || t === "i16" || t === "i32" || t === "i64";

/** Where the number transfers put their interval. */
export interface NumberInterval {
  lo: number;
  hi: number;
}

/** Sets `out` to [lo, hi]. */
function put(out: NumberInterval, lo: number, hi: number): void {
  out.lo = lo;
  out.hi = hi;
}

/**
 * The interval of `a kind b` of numeric type `t` into `out`, from the
 * operands' intervals and b's value when it is a constant (NaN otherwise).
 */
export function binaryN(kind: LBinOp, t: LType, alo: number, ahi: number, blo: number, bhi: number, c: number, out: NumberInterval): void {
  const k = typeIndex(t), umax = UMAXN[k]!, smax = SMAXN[k]!;
  const nonNeg = ahi <= smax;
  switch (kind) {
    case "iadd": return ahi + bhi <= umax ? put(out, alo + blo, ahi + bhi) : put(out, 0, umax);
    case "isub": return alo >= bhi ? put(out, alo - bhi, ahi - blo) : put(out, 0, umax);
    case "imul": return ahi * bhi <= umax ? put(out, alo * blo, ahi * bhi) : put(out, 0, umax);
    case "urem": return bhi > 0 && blo > 0 ? put(out, 0, ahi < bhi - 1 ? ahi : bhi - 1) : put(out, 0, umax);
    case "udiv": return blo > 0 ? put(out, Math.floor(alo / bhi), Math.floor(ahi / blo)) : put(out, 0, umax);
    case "srem": return nonNeg && blo > 0 && bhi <= smax ? put(out, 0, ahi < bhi - 1 ? ahi : bhi - 1) : put(out, 0, umax);
    case "sdiv": return nonNeg && blo > 0 && bhi <= smax ? put(out, Math.floor(alo / bhi), Math.floor(ahi / blo)) : put(out, 0, umax);
    case "band": return put(out, 0, ahi < bhi ? ahi : bhi);
    case "bor": case "bxor": return put(out, 0, onesN(ahi > bhi ? ahi : bhi));
    case "ushr": return c < WIDTHN[k]! ? put(out, Math.floor(alo / 2 ** c), Math.floor(ahi / 2 ** c)) : put(out, 0, ahi);
    case "sshr": return nonNeg && c < WIDTHN[k]! ? put(out, Math.floor(alo / 2 ** c), Math.floor(ahi / 2 ** c)) : put(out, 0, umax);
    case "ishl": return c < WIDTHN[k]! && ahi * 2 ** c <= umax ? put(out, alo * 2 ** c, ahi * 2 ** c) : put(out, 0, umax);
    default: return put(out, 0, umax);
  }
}

/** The interval of `a kind b` of 64-bit type `t`, with b's value when it is a constant. */
export function binaryB(kind: LBinOp, t: LType, a: Range, b: Range, c: bigint | undefined): Range {
  const [alo, ahi] = a, [blo, bhi] = b;
  const umax = UMAX[t], smax = SMAX[t], full = FULL[t];
  const nonNeg = ahi <= smax;
  switch (kind) {
    case "iadd": return ahi + bhi <= umax ? [alo + blo, ahi + bhi] : full;
    case "isub": return alo >= bhi ? [alo - bhi, ahi - blo] : full;
    case "imul": return ahi * bhi <= umax ? [alo * blo, ahi * bhi] : full;
    case "urem": return bhi > 0n && blo > 0n ? [0n, ahi < bhi - 1n ? ahi : bhi - 1n] : full;
    case "udiv": return blo > 0n ? [alo / bhi, ahi / blo] : full;
    case "srem": return nonNeg && blo > 0n && bhi <= smax ? [0n, ahi < bhi - 1n ? ahi : bhi - 1n] : full;
    case "sdiv": return nonNeg && blo > 0n && bhi <= smax ? [alo / bhi, ahi / blo] : full;
    case "band": return [0n, ahi < bhi ? ahi : bhi];
    case "bor": case "bxor": return [0n, ones(ahi > bhi ? ahi : bhi)];
    case "ushr": return c !== undefined && c < WIDTH[t] ? [alo >> c, ahi >> c] : [0n, ahi];
    case "sshr": return nonNeg && c !== undefined && c < WIDTH[t] ? [alo >> c, ahi >> c] : full;
    case "ishl": return c !== undefined && c < WIDTH[t] && ahi << c <= umax ? [alo << c, ahi << c] : full;
    default: return full;
  }
}

/** The flag text of a flaggable operation (see wrapFlags) of numeric type `t`; c is b's constant value or NaN. */
export function wrapFlagsN(kind: LBinOp, t: LType, alo: number, ahi: number, bhi: number, c: number): string {
  const k = typeIndex(t), umax = UMAXN[k]!, smax = SMAXN[k]!;
  const signedOk = ahi <= smax && bhi <= smax; // both operands non-negative as signed values
  let nuw = false, nsw = false;
  switch (kind) {
    case "iadd": nuw = ahi + bhi <= umax; nsw = signedOk && ahi + bhi <= smax; break;
    case "isub": nuw = alo >= bhi; nsw = signedOk; break; // two non-negatives differ by less than 2^(w-1)
    case "imul": nuw = ahi * bhi <= umax; nsw = signedOk && ahi * bhi <= smax; break;
    case "ishl": {
      if (!(c < WIDTHN[k]!)) return "";
      nuw = ahi * 2 ** c <= umax;
      nsw = ahi * 2 ** c <= smax; // every bit shifted out and the sign bit are zero
      break;
    }
    default: return "";
  }
  return FLAG_TEXT[(nuw ? 1 : 0) + (nsw ? 2 : 0)]!;
}

/** The flag text of a flaggable operation of 64-bit type `t`; c is b's constant value. */
export function wrapFlagsB(kind: LBinOp, t: LType, alo: bigint, ahi: bigint, bhi: bigint, c: bigint | undefined): string {
  const umax = UMAX[t], smax = SMAX[t];
  const signedOk = ahi <= smax && bhi <= smax;
  let nuw = false, nsw = false;
  switch (kind) {
    case "iadd": nuw = ahi + bhi <= umax; nsw = signedOk && ahi + bhi <= smax; break;
    case "isub": nuw = alo >= bhi; nsw = signedOk; break;
    case "imul": nuw = ahi * bhi <= umax; nsw = signedOk && ahi * bhi <= smax; break;
    case "ishl": {
      if (c === undefined || c >= WIDTH[t]) return "";
      nuw = ahi << c <= umax;
      nsw = ahi << c <= smax;
      break;
    }
    default: return "";
  }
  return FLAG_TEXT[(nuw ? 1 : 0) + (nsw ? 2 : 0)]!;
}

/** The flag text by nuw (1) + nsw (2). */
const FLAG_TEXT = ["", " nuw", " nsw", " nuw nsw"] as const;

/** Every flag text wrapFlagsN and wrapFlagsB give (the printer spells each operation with each once). */
export const FLAG_TEXTS: readonly string[] = FLAG_TEXT;

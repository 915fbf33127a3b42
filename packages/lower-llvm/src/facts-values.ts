/**
 * The intervals of one function's values while llvm-facts.ts solves them:
 * numeric values (types of at most 32 bits) as two numbers in one typed
 * array, 64-bit values as BigInt pairs (facts-intervals.ts), known or not
 * yet, plus the integer constants; and the stores and joins the solver
 * makes, each telling whether it changed anything.
 *
 * Invariant: an interval is read only where `has` says it is known (a
 * value not known yet reads as its whole type).
 */
import { bitWidth, type LIntType, type LType, type LValue } from "@fzy/lir";
import { FULL, type NumberInterval, type Range, typeIndex, UMAX, UMAXN, union } from "./facts-intervals.js";
import type { FactsScratch } from "./facts-scratch.js";

/** Growths of a block parameter's interval before it is widened to its type. */
export const WIDEN_AFTER = 3;

/** Slots of the reused arrays (facts-scratch.ts) taken here. */
const U8_NUMERIC = 0, U8_KNOWN = 1;
const F64_INTERVALS = 0, F64_CONSTS = 1;

/** The shared empty array a function without 64-bit values or big constants reads those from (made at the first write). */
const NONE: never[] = [];

/** The intervals of one function's values. */
export class FactsValues {
  protected readonly types: readonly LType[];
  /** By value id: 1 when its type's intervals are numbers (facts-intervals.ts NUMERIC). */
  protected readonly num: Uint8Array;
  /** By value id: 1 once its interval is known. */
  protected readonly has: Uint8Array;
  /** The interval of numeric value v at [2v, 2v + 1]. */
  protected readonly iv: Float64Array;
  /** The interval of each 64-bit value. */
  protected big: (Range | undefined)[] = NONE;
  /** By value id: the unsigned value of an integer constant (as a number for numeric types, NaN for none; as a bigint for the others). */
  protected readonly constN: Float64Array;
  protected constB: (bigint | undefined)[] = NONE;
  /** The base of each ptr_add (-1: none) and the symbol each symbol_addr names. */
  /** Where transfer puts the interval of a numeric result, and of a 64-bit one. */
  protected readonly out: NumberInterval = { lo: 0, hi: 0 };
  protected outBig: Range = FULL.i64;

  constructor(types: readonly LType[], scratch: FactsScratch) {
    const nv = types.length;
    this.types = types;
    const num = (this.num = scratch.u8(U8_NUMERIC, nv));
    // A switch on the spelling: a lookup by string key (facts-intervals.ts NUMERIC) costs several times more per value.
    for (let v = 0; v < nv; v++) {
      const t = types[v];
      num[v] = t === "i32" || t === "bool" || t === "i8" || t === "i16" || t === "f32" ? 1 : 0;
    }
    this.has = scratch.u8(U8_KNOWN, nv, 0);
    // Read only where `has` says it is set.
    this.iv = scratch.f64(F64_INTERVALS, 2 * nv);
    this.constN = scratch.f64(F64_CONSTS, nv, NaN);
  }

  /** Forgets every interval (every value reads as its whole type). */
  protected forget(): void {
    this.has.fill(0, 0, this.types.length);
    this.big = NONE;
  }

  /** Records integer constant v (most are already in [0, 2^w): no new bigint for them). */
  constant(v: LValue, value: bigint, type: LIntType): void {
    const u = value >= 0n && value <= UMAX[type] ? value : BigInt.asUintN(bitWidth(type), value);
    if (this.num[v]) this.constN[v] = Number(u);
    else (this.constB === NONE ? (this.constB = new Array(this.types.length)) : this.constB)[v] = u;
  }

  /** The lower bound of v's unsigned interval, as a number (its whole type when unknown). */
  protected lo(v: LValue): number {
    if (!this.has[v]) return 0;
    return this.num[v] ? this.iv[2 * v]! : Number(this.big[v]![0]);
  }

  /** The upper bound of v's unsigned interval, as a number (its whole type when unknown). */
  protected hi(v: LValue): number {
    if (!this.has[v]) return UMAXN[typeIndex(this.types[v]!)]!;
    return this.num[v] ? this.iv[2 * v + 1]! : Number(this.big[v]![1]);
  }

  /** The unsigned interval of `v` as BigInts (its whole type when unknown). */
  protected range(v: LValue): Range {
    if (!this.has[v]) return FULL[this.types[v]!];
    return this.num[v] ? [BigInt(this.iv[2 * v]!), BigInt(this.iv[2 * v + 1]!)] : this.big[v]!;
  }

  /** v's value when it is an integer constant, as a number (NaN otherwise) or a bigint (undefined otherwise). */
  protected constNumber(v: LValue): number {
    if (this.num[v]) return this.constN[v]!;
    const c = this.constB[v];
    return c === undefined ? NaN : Number(c);
  }

  protected constBig(v: LValue): bigint | undefined {
    if (!this.num[v]) return this.constB[v];
    const c = this.constN[v]!;
    return Number.isNaN(c) ? undefined : BigInt(c);
  }

  /** Sets v's interval to [lo, hi] (numeric v); whether that changed it. */
  protected storeN(v: LValue, lo: number, hi: number): boolean {
    const iv = this.iv;
    if (this.has[v] && iv[2 * v] === lo && iv[2 * v + 1] === hi) return false;
    this.has[v] = 1;
    iv[2 * v] = lo;
    iv[2 * v + 1] = hi;
    return true;
  }

  /** Sets v's interval to r (64-bit v); whether that changed it. */
  protected storeB(v: LValue, r: Range): boolean {
    const old = this.big[v];
    if (old && sameRange(old, r)) return false;
    (this.big === NONE ? (this.big = new Array(this.types.length)) : this.big)[v] = r;
    this.has[v] = 1;
    return true;
  }

  /** Sets v's interval to its whole type; whether that changed it. */
  protected storeFull(v: LValue): boolean {
    const t = this.types[v]!;
    return this.num[v] ? this.storeN(v, 0, UMAXN[typeIndex(t)]!) : this.storeB(v, FULL[t]);
  }

  /** Sets v's interval to what transfer computed; whether that changed it. */
  protected storeOut(v: LValue): boolean {
    return this.num[v] ? this.storeN(v, this.out.lo, this.out.hi) : this.storeB(v, this.outBig);
  }

  /**
   * Sets parameter p to its interval joined with arg's (the first join sets
   * it), widened to its whole type when that makes it grow more than
   * WIDEN_AFTER times; whether that changed it.
   */
  protected join(p: LValue, arg: LValue, growths: Uint8Array): boolean {
    if (this.num[p]) {
      const alo = this.lo(arg), ahi = this.hi(arg);
      if (!this.has[p]) return this.storeN(p, alo, ahi);
      const olo = this.iv[2 * p]!, ohi = this.iv[2 * p + 1]!;
      const lo = olo < alo ? olo : alo, hi = ohi > ahi ? ohi : ahi;
      if ((lo !== olo || hi !== ohi) && ++growths[p]! > WIDEN_AFTER) return this.storeN(p, 0, UMAXN[typeIndex(this.types[p]!)]!);
      return this.storeN(p, lo, hi);
    }
    const a = this.range(arg), old = this.big[p];
    let next = old ? union(old, a) : a;
    if (old && !sameRange(next, old) && ++growths[p]! > WIDEN_AFTER) next = FULL[this.types[p]!];
    return this.storeB(p, next);
  }

  protected setNumber(lo: number, hi: number): true {
    this.out.lo = lo;
    this.out.hi = hi;
    return true;
  }

  protected setBig(r: Range): true {
    this.outBig = r;
    return true;
  }

  /** The whole type `t` of value v as transfer's result. */
  protected full(v: LValue, t: LType): true {
    return this.num[v] ? this.setNumber(0, UMAXN[typeIndex(t)]!) : this.setBig(FULL[t]);
  }

  /** Whether v's (known) upper bound is at most `bound`. */
  protected hiAtMost(v: LValue, bound: bigint): boolean {
    return this.num[v] ? this.iv[2 * v + 1]! <= Number(bound) : this.big[v]![1] <= bound;
  }
}

/** Whether two intervals are equal. */
export function sameRange(a: Range, b: Range): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

import test from "ava";
import type { LBinOp, LType } from "@fzy/lir";
import { binaryB, binaryN, type NumberInterval, UMAX, wrapFlagsB, wrapFlagsN } from "./facts-intervals.js";

const KINDS: readonly LBinOp[] = ["iadd", "isub", "imul", "urem", "udiv", "srem", "sdiv", "band", "bor", "bxor", "ushr", "sshr", "ishl"];
const FLAGGED: readonly LBinOp[] = ["iadd", "isub", "imul", "ishl"];
const TYPES: readonly LType[] = ["bool", "i8", "i16", "i32"];

/** A deterministic pseudo-random generator (xorshift32), so a failure reproduces. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** A bound of type t, biased to the edges (0, 1, small, the signed and unsigned maxima) where the rules change. */
function bound(t: LType, r: () => number): number {
  const max = Number(UMAX[t]);
  const pick = r();
  if (pick < 0.15) return 0;
  if (pick < 0.25) return Math.min(1, max);
  if (pick < 0.4) return Math.floor(r() * Math.min(40, max + 1));
  if (pick < 0.5) return max;
  if (pick < 0.6) return Math.min(max, Math.floor(max / 2) + Math.floor(r() * 3)); // around the signed maximum
  return Math.floor(r() * (max + 1));
}

function interval(t: LType, r: () => number): [number, number] {
  const a = bound(t, r), b = bound(t, r);
  return a <= b ? [a, b] : [b, a];
}

test("the number intervals of the types up to 32 bits are exactly the BigInt ones", (t) => {
  const r = random(0x2545f491);
  const out: NumberInterval = { lo: 0, hi: 0 };
  let checked = 0;
  for (let n = 0; n < 20000; n++) {
    const type = TYPES[Math.floor(r() * TYPES.length)]!;
    const kind = KINDS[Math.floor(r() * KINDS.length)]!;
    const [alo, ahi] = interval(type, r), [blo, bhi] = interval(type, r);
    const c = r() < 0.5 ? Math.floor(r() * 40) : NaN;
    binaryN(kind, type, alo, ahi, blo, bhi, c, out);
    const big = binaryB(kind, type, [BigInt(alo), BigInt(ahi)], [BigInt(blo), BigInt(bhi)], Number.isNaN(c) ? undefined : BigInt(c));
    if (out.lo !== Number(big[0]) || out.hi !== Number(big[1])) {
      t.fail(`${kind} ${type} [${alo}, ${ahi}] [${blo}, ${bhi}] c=${c}: numbers [${out.lo}, ${out.hi}], BigInts [${big[0]}, ${big[1]}]`);
      return;
    }
    if (FLAGGED.includes(kind)) {
      const flags = wrapFlagsN(kind, type, alo, ahi, bhi, c);
      const bigFlags = wrapFlagsB(kind, type, BigInt(alo), BigInt(ahi), BigInt(bhi), Number.isNaN(c) ? undefined : BigInt(c));
      t.is(flags, bigFlags, `${kind} ${type} [${alo}, ${ahi}] [${blo}, ${bhi}] c=${c}`);
    }
    checked++;
  }
  t.is(checked, 20000);
});

test("a product beyond 2^53 is still judged exactly against the 32-bit maximum", (t) => {
  const out: NumberInterval = { lo: 0, hi: 0 };
  const max = 0xffff_ffff;
  binaryN("imul", "i32", max, max, max, max, NaN, out);
  t.deepEqual([out.lo, out.hi], [0, max], "wraps: the whole type");
  t.is(wrapFlagsN("imul", "i32", 0, 0xffff, 0x1_0001, NaN), " nuw", "0xffff * 0x10001 = 0xffffffff fits unsigned, not signed");
  t.is(wrapFlagsN("imul", "i32", 0, 0x1_0000, 0x1_0000, NaN), "", "2^32 does not fit");
});

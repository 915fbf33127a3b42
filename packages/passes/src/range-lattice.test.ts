/**
 * The lattice's number paths against BigInt arithmetic on seeded random
 * cases: bounds are numbers while they are safe integers and BigInts beyond,
 * so every operation is checked near the edges where the representation
 * switches (2^31, 2^53, 2^63) as well as on small values.
 */
import test from "ava";
import type { Inst } from "@fzy/ir";
import { thresholdsOf } from "./range-graph.js";
import { big, canon, clamp, clampAs, full, type Iv, join, meet, widenTo, type Z, zadd, zmul, zsub } from "./range-lattice.js";

/** A seeded generator (mulberry32), so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDGES = [0n, 1n, 2n ** 31n, 2n ** 32n, 2n ** 52n, 2n ** 53n, 2n ** 62n, 2n ** 63n];

/** An integer within i64 (or a little beyond, as sums are), mostly near an edge where the representation changes. */
function anInt(r: () => number): bigint {
  const edge = EDGES[Math.floor(r() * EDGES.length)]!;
  const offset = BigInt(Math.floor(r() * 7) - 3);
  const small = BigInt(Math.floor(r() * 2001) - 1000);
  const x = r() < 0.3 ? small : edge + offset;
  return r() < 0.5 ? -x : x;
}

const z = (b: bigint): Z => canon(b);
const bigIv = (x: Iv) => [big(x.lo), big(x.hi)] as const;
const BITS = [8, 16, 32, 64];

test("lattice: add, sub and mul in numbers agree with BigInt, canonical, on random cases", (t) => {
  const r = rng(11);
  for (let k = 0; k < 5000; k++) {
    const a = anInt(r), b = anInt(r);
    t.is(zadd(z(a), z(b)), canon(a + b), `${a} + ${b}`);
    t.is(zsub(z(a), z(b)), canon(a - b), `${a} - ${b}`);
    t.is(zmul(z(a), z(b)), canon(a * b), `${a} * ${b}`);
  }
});

test("lattice: meet, join and clamp agree with BigInt bounds; clampAs is clamp, as the previous object when equal", (t) => {
  const r = rng(12);
  for (let k = 0; k < 3000; k++) {
    const [a1, a2, b1, b2] = [anInt(r), anInt(r), anInt(r), anInt(r)];
    const x: Iv = { lo: z(a1 < a2 ? a1 : a2), hi: z(a1 < a2 ? a2 : a1) }, y: Iv = { lo: z(b1 < b2 ? b1 : b2), hi: z(b1 < b2 ? b2 : b1) };
    const [xl, xh] = bigIv(x), [yl, yh] = bigIv(y);
    t.deepEqual(bigIv(meet(x, y)), [xl > yl ? xl : yl, xh < yh ? xh : yh], "meet");
    t.deepEqual(bigIv(join(x, y)), [xl < yl ? xl : yl, xh > yh ? xh : yh], "join");
    const bits = BITS[k % BITS.length]!;
    const lim = 1n << BigInt(bits - 1);
    const fits = xl >= -lim && xh <= lim - 1n;
    t.deepEqual(bigIv(clamp(x.lo, x.hi, bits)), fits ? [xl, xh] : [-lim, lim - 1n], `clamp to i${bits}`);
    const again = clampAs(x.lo, x.hi, bits, clamp(x.lo, x.hi, bits));
    t.deepEqual(again, clamp(x.lo, x.hi, bits));
    if (fits) t.is(clampAs(x.lo, x.hi, bits, x), x, "the previous object when it is the result");
  }
});

/** widenTo in BigInts: a moved bound goes to the next step within the limits, else to the limit. */
function widenRef(o: readonly [bigint, bigint], n: readonly [bigint, bigint], steps: readonly bigint[], lim: readonly [bigint, bigint]) {
  const jlo = n[0] < o[0] ? n[0] : o[0], jhi = n[1] > o[1] ? n[1] : o[1];
  const up = steps.find((s) => s >= jhi), down = [...steps].reverse().find((s) => s <= jlo);
  const hi = jhi > o[1] ? (up !== undefined && up <= lim[1] ? up : lim[1]) : o[1];
  const lo = jlo < o[0] ? (down !== undefined && down >= lim[0] ? down : lim[0]) : o[0];
  return [lo, hi];
}

test("lattice: thresholds and widening agree with BigInt on random constants and intervals", (t) => {
  const r = rng(13);
  for (let k = 0; k < 300; k++) {
    const consts = Array.from({ length: 1 + Math.floor(r() * 12) }, () => anInt(r));
    const insts = consts.map((value) => ({ op: "const", imm: { kind: "int", value } }) as unknown as Inst);
    const expected = [...new Set(consts.flatMap((c) => [c - 1n, c, c + 1n]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const steps = thresholdsOf(insts);
    t.deepEqual(steps.map(big), expected, `thresholds of ${consts.join(", ")}`);
    t.true(steps.every((s) => s === canon(big(s))), "canonical");
    const f = full(64), [a, b, c, d] = [anInt(r), anInt(r), anInt(r), anInt(r)];
    const o: Iv = { lo: z(a < b ? a : b), hi: z(a < b ? b : a) }, n: Iv = { lo: z(c < d ? c : d), hi: z(c < d ? d : c) };
    const lim = [big(f.lo), big(f.hi)] as const;
    t.deepEqual(bigIv(widenTo(o, n, steps, f)), widenRef(bigIv(o), bigIv(n), expected, lim), "widen within i64");
    t.deepEqual(bigIv(widenTo(o, n, steps, undefined)), widenRef(bigIv(o), bigIv(n), expected, bigIv(join(o, n))), "widen within the join");
  }
});

test("lattice: thresholds of repeated constants, few distinct (insertion) and many (typed sort), with and without BigInts", (t) => {
  const r = rng(29);
  for (const [count, spread] of [[0, 40], [1, 40], [5, 40], [40, 40], [64, 40], [65, 40], [300, 40], [64, 1000], [65, 1000], [300, 1000], [300, 100]]) {
    for (const withBig of [false, true]) {
      const consts = Array.from({ length: count }, () => BigInt(Math.floor(r() * spread) - spread / 2));
      if (withBig && count) consts.push(2n ** 60n);
      const insts = consts.map((value) => ({ op: "const", imm: { kind: "int", value } }) as unknown as Inst);
      const expected = [...new Set(consts.flatMap((c) => [c - 1n, c, c + 1n]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      t.deepEqual(thresholdsOf(insts).map((s) => BigInt(s)), expected, `${count} constants${withBig ? " and a BigInt" : ""}`);
    }
  }
});

import test from "ava";
import type { Iv } from "./range-lattice.js";
import { prng } from "./range-random.js";
import { type PMap, PMapShape } from "./range-var-map.js";

const iv = (lo: number, hi: number): Iv => ({ lo, hi });

function build(shape: PMapShape, entries: [number, Iv][]): PMap<Iv> {
  let m: PMap<Iv>;
  for (const [k, v] of entries) m = shape.set(m, k, v);
  return m;
}

function entries(shape: PMapShape, m: PMap<Iv>, size: number): string {
  const out: string[] = [];
  for (let k = 0; k < size; k++) {
    const v = shape.get(m, k);
    if (v) out.push(`${k}:${v.lo}..${v.hi}`);
  }
  return out.join(" ");
}

test("set and get across several trie levels; updates are persistent", (t) => {
  const shape = new PMapShape(5000);
  const a = build(shape, [[0, iv(1, 1)], [17, iv(2, 3)], [4095, iv(4, 4)], [4999, iv(5, 6)]]);
  const b = shape.set(a, 17, iv(9, 9));
  t.is(entries(shape, a, 5000), "0:1..1 17:2..3 4095:4..4 4999:5..6");
  t.is(entries(shape, b, 5000), "0:1..1 17:9..9 4095:4..4 4999:5..6");
  t.is(shape.set(a, 0, shape.get(a, 0)), a, "setting the same object changes nothing");
});

test("removing the last key gives the empty map", (t) => {
  const shape = new PMapShape(300);
  const a = build(shape, [[250, iv(0, 1)]]);
  t.is(shape.set(a, 250, undefined), undefined);
  t.true(shape.sameIntervals(shape.set(build(shape, [[1, iv(0, 0)], [250, iv(0, 1)]]), 250, undefined), build(shape, [[1, iv(0, 0)]])));
});

test("joinAll keeps the keys bound in every map, joined, and shares what the inputs share", (t) => {
  const shape = new PMapShape(100);
  const common = build(shape, [[3, iv(0, 0)], [40, iv(7, 7)]]);
  const x = shape.set(shape.set(common, 5, iv(0, 2)), 90, iv(1, 1));
  const y = shape.set(common, 5, iv(4, 6));
  const j = shape.joinAll([x, y], 2, undefined);
  t.is(entries(shape, j, 100), "3:0..0 5:0..6 40:7..7", "90 is bound in one input only");
  t.is(shape.get(j, 40), shape.get(common, 40), "a shared interval stays the same object");
  const hint = build(shape, [[3, iv(0, 0)], [5, iv(0, 6)], [40, iv(7, 7)]]);
  t.is(shape.get(shape.joinAll([x, y], 2, hint), 5), shape.get(hint, 5), "an equal interval of the hint is reused");
});

test("mergeChanged replaces exactly the intervals that differ, and keeps the objects of the unchanged", (t) => {
  const shape = new PMapShape(1000);
  const a = build(shape, [[1, iv(0, 0)], [500, iv(1, 2)], [999, iv(3, 3)]]);
  const b = shape.set(shape.set(shape.set(a, 500, iv(1, 3)), 999, undefined), 7, iv(0, 0));
  const seen: string[] = [];
  const m = shape.mergeChanged(a, b, 0, (k, x, y) => {
    seen.push(`${k}:${x.lo}..${x.hi}/${y.lo}..${y.hi}`);
    return iv(9, 9);
  });
  t.deepEqual(seen, ["500:1..2/1..3"], "only keys both bind, to unequal intervals");
  t.is(entries(shape, m, 1000), "1:0..0 500:9..9 999:3..3");
  t.is(shape.get(m, 1), shape.get(a, 1));
  t.is(shape.mergeChanged(a, shape.set(a, 1, iv(0, 0)), 0, () => iv(9, 9)), a, "an equal interval (another object) is not replaced");
  t.false(shape.sameIntervals(a, b));
  t.true(shape.sameIntervals(a, shape.set(a, 1, iv(0, 0))));
});

test("joinAll agrees with joining key by key, on maps that share subtrees and joins repeated with other hints", (t) => {
  const r = prng(7);
  for (const size of [5, 40, 300, 5000]) {
    const shape = new PMapShape(size);
    // A family of maps, each one a few updates away from an earlier one (so they share subtrees).
    const maps: PMap<Iv>[] = [undefined];
    for (let i = 0; i < 60; i++) {
      let m = maps[r(maps.length)];
      for (let j = 0, n = 1 + r(4); j < n; j++) m = shape.set(m, r(size), r(5) === 0 ? undefined : iv(r(4), 4 + r(4)));
      maps.push(m);
    }
    for (let i = 0; i < 400; i++) {
      const n = 2 + (r(4) === 0 ? 1 : 0);
      const ins = Array.from({ length: n }, () => maps[r(maps.length)]);
      const hint = maps[r(maps.length)];
      const j = shape.joinAll(ins, n, hint);
      for (let k = 0; k < size; k++) {
        const xs = ins.map((m) => shape.get(m, k));
        const want = xs.every((x) => x) ? `${Math.min(...xs.map((x) => Number(x!.lo)))}..${Math.max(...xs.map((x) => Number(x!.hi)))}` : "-";
        const got = shape.get(j, k);
        if ((got ? `${got.lo}..${got.hi}` : "-") !== want) return t.fail(`size ${size}, join ${i}, key ${k}: ${got?.lo}..${got?.hi}, want ${want}`);
      }
    }
  }
  t.pass();
});

/**
 * The persistent id sets against plain Sets: random updates and unions at
 * sizes that make tries of every depth, the inputs never changed by what is
 * made from them, and the sharing the liveness counts on (an update or a
 * union that adds nothing returns its input itself).
 */
import test from "ava";
import { type IdSet, IdSets } from "./id-sets.js";

function members(sets: IdSets, s: IdSet): number[] {
  const ids: number[] = [];
  sets.pushMinus(s, 0, ids);
  return ids;
}

for (const size of [1, 32, 33, 512, 513, 9000]) test(`random updates and unions over ${size} ids agree with plain sets`, (t) => {
  let seed = size;
  const below = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % k;
  const sets = new IdSets(size);
  const made: { s: IdSet; want: Set<number>; snapshot: number[] }[] = [{ s: 0, want: new Set(), snapshot: [] }];
  for (let step = 0; step < 3000; step++) {
    const from = made[below(2) ? made.length - 1 : below(made.length)]!, other = made[below(made.length)]!, id = below(size);
    const op = below(4);
    let s: IdSet, want: Set<number>;
    if (op === 0) { s = sets.add(from.s, id); want = new Set(from.want).add(id); } else if (op === 1) {
      s = sets.remove(from.s, id);
      want = new Set(from.want);
      want.delete(id);
    } else if (op === 2) { s = sets.union(from.s, other.s); want = new Set([...from.want, ...other.want]); } else {
      const ids: number[] = [];
      sets.pushMinus(from.s, other.s, ids);
      t.deepEqual(ids, [...from.want].filter((x) => !other.want.has(x)).sort((x, y) => x - y), `step ${step}: difference`);
      continue;
    }
    t.deepEqual(members(sets, s), [...want].sort((x, y) => x - y), `step ${step}: members`);
    for (let k = 0; k < 5; k++) { const x = below(size); t.is(sets.has(s, x), want.has(x), `step ${step}: has ${x}`); }
    made.push({ s, want, snapshot: members(sets, s) });
  }
  for (const m of made) t.deepEqual(members(sets, m.s), m.snapshot, "a set changed after it was made");
  t.true(made.some((m) => m.want.size >= Math.min(size, 20)), "the sets stayed small");
});

test("an update or a union that adds nothing returns its input; removing every member gives the empty set 0", (t) => {
  const sets = new IdSets(5000);
  let s: IdSet = 0;
  for (const id of [3, 40, 700, 4999]) s = sets.add(s, id);
  t.is(sets.add(s, 700), s);
  t.is(sets.remove(s, 701), s);
  const sub = sets.remove(s, 40);
  t.is(sets.union(s, sub), s, "a subset adds nothing");
  t.is(sets.union(sub, s), s, "the superset itself when the first adds nothing to it");
  t.is(sets.union(s, 0), s);
  t.is(sets.union(0, s), s);
  let e = s;
  for (const id of [4999, 3, 700, 40]) e = sets.remove(e, id);
  t.is(e, 0, "the empty set is 0 however it was made");
  const made = sets.nodesMade;
  sets.union(s, s);
  sets.union(s, sub);
  t.is(sets.nodesMade, made, "unions that add nothing make no node");
});

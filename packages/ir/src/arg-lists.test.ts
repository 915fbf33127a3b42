/** ArgLists: one array per distinct list of small value ids, a fresh one per list holding a larger id; each of exactly its ids, packed and writable. */
import test from "ava";
import { ArgLists, SHARED_BELOW } from "./arg-lists.js";
import type { ValueId } from "./module.js";

const ids = (...xs: number[]) => xs as ValueId[];

test("equal lists of any length are one array; different lists are different arrays", (t) => {
  const l = new ArgLists();
  t.is(l.of(ids(), 0), l.none);
  t.is(l.one(5 as ValueId), l.of(ids(5), 1));
  t.not(l.one(5 as ValueId), l.one(6 as ValueId));
  t.is(l.two(1 as ValueId, 2 as ValueId), l.of(ids(1, 2, 99), 2));
  t.not(l.two(1 as ValueId, 2 as ValueId), l.two(2 as ValueId, 1 as ValueId));
  t.is(l.of(ids(1, 2, 3), 3), l.of(ids(1, 2, 3, 4), 3));
  t.not(l.of(ids(1, 2, 3), 3), l.of(ids(1, 23), 2));
  t.not(l.of(ids(12, 3, 4), 3), l.of(ids(1, 23, 4), 3));
});

test("a list holds exactly its ids, at its own length, and is not frozen", (t) => {
  const l = new ArgLists();
  const scratch = ids(7, 8, 9, 10);
  const made = l.of(scratch, 3);
  scratch[0] = 0 as ValueId;
  t.deepEqual(made, [7, 8, 9]);
  t.deepEqual(l.one(3 as ValueId), [3]);
  t.deepEqual(l.two(0 as ValueId, 4 as ValueId), [0, 4]);
  for (const a of [made, l.none, l.one(3 as ValueId), l.two(0 as ValueId, 4 as ValueId)]) t.false(Object.isFrozen(a));
});

test("a list holding an id of SHARED_BELOW or more is a fresh exact copy each time; lists of smaller ids are shared", (t) => {
  const l = new ArgLists();
  const big = SHARED_BELOW as ValueId, small = (SHARED_BELOW - 1) as ValueId;
  for (const list of [ids(big), ids(big, 0), ids(0, big), ids(small, big), ids(big, 1, 2), ids(1, 2, big, 3), ids(99999, 32768)]) {
    const a = l.of(list, list.length), b = l.of(list, list.length);
    t.deepEqual(a, list);
    t.deepEqual(b, list);
    t.not(a, b, list.join(","));
  }
  t.not(l.one(big), l.one(big));
  t.not(l.two(big, small), l.two(big, small));
  t.is(l.one(small), l.one(small));
  t.is(l.two(small, small), l.two(small, small));
  t.is(l.of(ids(small, 0, small), 3), l.of(ids(small, 0, small), 3));
});

test("many lists of three or more small ids, each found again as the same array", (t) => {
  const l = new ArgLists();
  const made = new Map<string, readonly ValueId[]>();
  for (let a = 0; a < 40; a++) for (let b = 0; b < 40; b++) {
    const list = ids((a * 7919) % SHARED_BELOW, b, a + b, ...(a % 3 === 0 ? [a] : []));
    made.set(list.join(","), l.of(list, list.length));
  }
  for (const [key, list] of made) {
    t.deepEqual(list.join(","), key);
    t.true(l.of(ids(...key.split(",").map(Number)), list.length) === list, key);
  }
});

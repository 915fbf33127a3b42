/** ArgLists: one array per distinct list of value ids, of exactly those ids, packed and writable. */
import test from "ava";
import { ArgLists } from "./arg-lists.js";
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

test("pairs of large ids are one array each, apart from the pairs of small ids and from lists of three", (t) => {
  const l = new ArgLists();
  const made = new Map<string, readonly ValueId[]>();
  for (const a of [0, 5, 255, 256, 300, 4095, 32767, 32768, 99999]) for (const b of [0, 7, 255, 256, 1000, 32767, 32768]) {
    const list = l.two(a as ValueId, b as ValueId);
    t.deepEqual(list, [a, b]);
    made.set(`${a},${b}`, list);
  }
  for (const [key, list] of made) {
    const [a, b] = key.split(",").map(Number) as [number, number];
    t.true(l.two(a as ValueId, b as ValueId) === list, key);
    t.true(l.of(ids(a, b, 1), 2) === list, key);
  }
  t.not(l.of(ids(300, 7, 1), 3), l.two(300 as ValueId, 7 as ValueId));
});

test("ids too large to pair into one key still give exact lists", (t) => {
  const l = new ArgLists();
  const big = (2 ** 27) as ValueId;
  t.deepEqual(l.two(big, 1 as ValueId), [big, 1]);
  t.deepEqual(l.two(1 as ValueId, big), [1, big]);
});

test("many lists of three or more, large ids among them, each found again as the same array", (t) => {
  const l = new ArgLists();
  const made = new Map<string, readonly ValueId[]>();
  for (let a = 0; a < 40; a++) for (let b = 0; b < 40; b++) {
    const list = ids(a * 7919, b, a + b, ...(a % 3 === 0 ? [a] : []));
    made.set(list.join(","), l.of(list, list.length));
  }
  for (const [key, list] of made) {
    t.deepEqual(list.join(","), key);
    t.true(l.of(ids(...key.split(",").map(Number)), list.length) === list, key);
  }
});

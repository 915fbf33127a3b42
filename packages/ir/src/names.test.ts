/**
 * The name tables: interning gives one id and one string per spelling,
 * whether hashed by the table or by the lexer while scanning; a StringIndex
 * finds every repeat of a list, across growth and after being emptied.
 */
import test from "ava";
import { FNV_BASIS, fnv, NameTable, StringIndex } from "./names.js";

test("interning gives one id per spelling, through growth, hashed here or by the caller", (t) => {
  const names = new NameTable();
  const src = Array.from({ length: 5000 }, (_, i) => `v${i}`).join(" ");
  const ids: number[] = [];
  for (let from = 0; from < src.length;) {
    const to = src.indexOf(" ", from) < 0 ? src.length : src.indexOf(" ", from);
    let h = FNV_BASIS;
    for (let i = from; i < to; i++) h = fnv(h, src.charCodeAt(i));
    const id = names.intern(src, from, to);
    t.is(names.internHashed(src, from, to, h), id);
    ids.push(id);
    from = to + 1;
  }
  t.deepEqual(ids, ids.map((_, i) => i));
  t.is(names.strings[4321], "v4321");
  t.is(names.lookup("v4321"), 4321);
  t.is(names.lookup("v5000"), -1);
  t.is(names.intern("x v17 y", 2, 5), 17);
});

test("a StringIndex reports each repeat, keeps its strings as it grows, and empties in one call", (t) => {
  const set = new StringIndex();
  const list = Array.from({ length: 3000 }, (_, i) => `n${i % 1000}`);
  const repeats = list.filter((n) => set.add(n) >= 0);
  t.is(repeats.length, 2000);
  t.deepEqual(repeats.slice(0, 2), ["n0", "n1"]);
  t.true(set.add("n999") >= 0);
  set.clear();
  t.is(set.add("n999"), -1);
  t.true(set.add("n999") >= 0);
  t.is(set.add(""), -1);
  t.true(set.add("") >= 0);
});

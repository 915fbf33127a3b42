/** Local names: a taken name gets the first free `.K`, in the same way whether or not a claimed name ends in `.K`. */
import test from "ava";
import { LocalNames } from "./local-names.js";

const claims = (names: readonly string[]) => {
  const l = new LocalNames();
  return names.map((n) => l.claim(n));
};

test("a repeated name gets .1, .2, ... in order", (t) => {
  t.deepEqual(claims(["v", "x", "v", "v", "x"]), ["v", "x", "v.1", "v.2", "x.1"]);
});

test("a claimed name ending in .K takes that suffix from the names made later", (t) => {
  t.deepEqual(claims(["v.2", "v", "v", "v"]), ["v.2", "v", "v.1", "v.3"]);
});

test("a name ending in .K claimed after made names sees them as taken", (t) => {
  t.deepEqual(claims(["v", "v", "v.1", "v", "v.3", "v"]), ["v", "v.1", "v.1.1", "v.2", "v.3", "v.4"]);
});

test("clear forgets the names and the suffixes", (t) => {
  const l = new LocalNames();
  t.deepEqual(["a.1", "a", "a"].map((n) => l.claim(n)), ["a.1", "a", "a.2"]);
  l.clear();
  t.deepEqual(["a", "a", "a"].map((n) => l.claim(n)), ["a", "a.1", "a.2"]);
});

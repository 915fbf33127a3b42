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

test("many names, repeated and ending in .K, get what a plain first-free search gives", (t) => {
  // The reference: the first free of base, base.1, base.2, ... in a set of every name handed out.
  const reference = (names: readonly string[]) => {
    const used = new Set<string>();
    return names.map((base) => {
      let name = base;
      for (let k = 1; used.has(name); k++) name = `${base}.${k}`;
      used.add(name);
      return name;
    });
  };
  const names: string[] = [];
  for (let i = 0; i < 3000; i++) names.push(`n${i % 700}`, i % 3 === 0 ? "v" : `x${i}`);
  // A name of the made shape arrives late: the made names must be seen as taken from then on.
  names.push("v.5", "v", "n3.1", "n3", "n3");
  const l = new LocalNames();
  t.deepEqual(names.map((n) => l.claim(n)), reference(names));
  l.clear();
  t.deepEqual(names.map((n) => l.claim(n)), reference(names), "the same after clear, in the grown table");
});

test("long names that differ only in the middle are still told apart", (t) => {
  const names = Array.from({ length: 200 }, (_, i) => `prefix_${String(i).padStart(4, "0")}_and_a_long_common_ending`);
  const l = new LocalNames();
  t.deepEqual(names.map((n) => l.claim(n)), names);
  t.is(l.claim(names[17]!), `${names[17]!}.1`);
});

test("names that differ only in the middle cost a few probes each, not one per name before them", (t) => {
  // 20,000 names of one length, ends and all but a few code units in the middle alike: with a hash of the ends
  // only, every claim walked one chain of all the names before it (200 million probes).
  const count = 20_000;
  const names = Array.from({ length: count }, (_, i) => `value_with_a_long_descriptive_name_${String(i).padStart(5, "0")}_in_this_function`);
  const l = new LocalNames();
  t.deepEqual(names.map((n) => l.claim(n)), names);
  t.true(l.probes < 4 * count, `${l.probes} probes for ${count} claims`);
});

test("room made ahead keeps the names claimed before it and gives the names claims alone give", (t) => {
  const names = Array.from({ length: 500 }, (_, i) => (i % 5 === 0 ? "r" : `n${i % 170}`));
  const plain = new LocalNames();
  const expected = names.map((n) => plain.claim(n));
  const reserved = new LocalNames();
  t.is(reserved.claim("n3"), "n3");
  t.is(reserved.claim("r"), "r");
  // Larger than every array so far: each is made anew, keeping the two names and the suffix of neither.
  reserved.reserve(names.length);
  t.is(reserved.claim("n3"), "n3.1", "a name claimed before the room was made is still taken");
  t.is(reserved.claim("r"), "r.1");
  reserved.clear();
  reserved.reserve(names.length);
  t.deepEqual(names.map((n) => reserved.claim(n)), expected);
  reserved.clear();
  t.deepEqual(names.map((n) => reserved.claim(n)), expected, "the same after clear, without room made");
});

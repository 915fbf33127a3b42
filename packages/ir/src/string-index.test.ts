/**
 * StringIndex against a Map fed the same names: first index wins, absent
 * names answer -1, and one index reused for module after module (cleared
 * with and without a size, growing past its room) forgets every earlier
 * name. Names include ones whose hashes collide in a small table and
 * non-ASCII ones.
 */
import test from "ava";
import { StringIndex } from "./names.js";

/** A deterministic pseudo-random sequence (LCG), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const ALPHABET = ["a", "b", "_", "0", "9", "Z", "é", "\u{1F600}"];

function randomName(r: () => number): string {
  let s = "";
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

/** Feeds `names` to both; every answer of `add` and `get` must agree with the Map's. */
function agree(t: import("ava").ExecutionContext, ix: StringIndex, names: readonly string[], probes: readonly string[]): void {
  const m = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const before = m.get(names[i]!) ?? -1;
    if (before < 0) m.set(names[i]!, i);
    t.is(ix.add(names[i]!, i), before, `add ${JSON.stringify(names[i])}`);
  }
  for (const p of probes) t.is(ix.get(p), m.get(p) ?? -1, `get ${JSON.stringify(p)}`);
}

test("answers as a Map does, with repeats and absent names", (t) => {
  const r = rng(7);
  const names = Array.from({ length: 500 }, () => randomName(r));
  const probes = Array.from({ length: 300 }, () => randomName(r));
  agree(t, new StringIndex(), names, [...names, ...probes, ""]);
});

test("a reused index forgets the previous module, cleared with or without room", (t) => {
  const r = rng(11);
  const ix = new StringIndex();
  for (const size of [3, 2000, 10, 0, 5000, 1]) {
    const names = Array.from({ length: size }, (_, i) => `f${i}_${randomName(r)}`);
    const old = Array.from({ length: 50 }, (_, i) => `f${i}_old`);
    for (const o of old) ix.add(o, 1);
    ix.clear();
    if (size % 2 === 0) ix.reserve(size);
    agree(t, ix, names, [...names, ...old]);
  }
});

test("the empty name and one name only", (t) => {
  const ix = new StringIndex();
  t.is(ix.get(""), -1);
  t.is(ix.add("", 4), -1);
  t.is(ix.add("", 5), 4);
  t.is(ix.get(""), 4);
  ix.clear();
  t.is(ix.get(""), -1);
});

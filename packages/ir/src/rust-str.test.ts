/**
 * The string operations on strings too long for the interpreter's usual
 * paths: replaceLong (rustReplace on a string of 2^24 units or more) must
 * give exactly rustReplace's result, and a split into more pieces than the
 * interpreter's arrays hold is a `memory` trap, not the end of the process.
 */
import test from "ava";
import { replaceLong, rustReplace } from "./rust-str.js";
import { rustSplit } from "./rust-str-ops.js";
import { MAX_ARRAY_ELEMENTS, Trap } from "./trap.js";

const REPLACES: readonly (readonly [string, string, string])[] = [
  ["xaxyaz", "a", "--"], ["aaa", "aa", "b"], ["", "a", "b"], ["abc", "abc", ""], ["abc", "z", "y"],
  ["a$b", "$", "$&$1"], ["aé🦀b", "", "-"], ["", "", "x"], ["🦀🦀", "", ""], ["ab", "", "🦀"],
  ["x".repeat(70_000), "x", "yz"], ["é".repeat(70_000) + "a", "", "."],
];

for (const [s, from, to] of REPLACES) {
  test(`replaceLong agrees with rustReplace: ${JSON.stringify(s.slice(0, 12))}${s.length > 12 ? `... (${s.length})` : ""} ${JSON.stringify(from)} -> ${JSON.stringify(to)}`, (t) => {
    t.is(replaceLong(s, from, to), rustReplace(s, from, to));
  });
}

test("rustReplace with an empty pattern inserts before every char and at the end", (t) => {
  t.is(rustReplace("aé🦀", "", "-"), "-a-é-🦀-");
});

test("a string of 2^24 units is replaced through replaceLong with the short path's result", (t) => {
  const s = "ab".repeat(1 << 23);
  const r = rustReplace(s, "a", "");
  t.is(r.length, 1 << 23);
  t.is(r, "b".repeat(1 << 23));
});

test("a split into more pieces than the interpreter's arrays hold traps with kind memory", (t) => {
  const s = "a".repeat(MAX_ARRAY_ELEMENTS);
  const e = t.throws(() => rustSplit(s, "a"), { instanceOf: Trap });
  t.is(e?.kind, "memory");
  t.is(e?.message, `memory allocation failed: an array of ${MAX_ARRAY_ELEMENTS + 1} elements is over the interpreter's limit of ${MAX_ARRAY_ELEMENTS}`);
});

test("a long string with few separators splits as usual", (t) => {
  const s = "x".repeat(MAX_ARRAY_ELEMENTS) + ",y";
  t.deepEqual(rustSplit(s, ",").map((p) => p.length), [MAX_ARRAY_ELEMENTS, 1]);
});

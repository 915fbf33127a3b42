import test from "ava";
import { type Func, parseModule } from "@fzy/ir";
import { copiesStoredString, localMaps } from "./stored-strings.js";

/** A function reading the first key of its map parameter in each of `n` blocks, and one local map that escapes or not. */
const keyReads = (n: number, escapes: boolean) => {
  const blocks = Array.from({ length: n }, (_, k) => `b${k}:\n  %x${k} = map.key_at %m, %z\n  %l${k} = str.len %x${k}\n  jump b${k + 1}`);
  return parseModule(`module t
fn sink(%q: {str: i32}) -> i32 {
entry:
  %r = map.len %q
  ret %r
}
fn reads(%m: {str: i32}) -> i32 {
entry:
  %z = const.i32 0
  %own = map.new {str: i32}
  %kept = map.new {str: i32}
  %y = map.key_at %own, %z
  ${escapes ? "%e = call @sink, %own" : "%e = map.len %own"}
  jump b0
${blocks.join("\n")}
b${n}:
  ret %z
}
`).functions.find((f) => f.name === "reads")!;
};

/** `func` with every read of a block's instruction list counted in `reads.count`. */
function counted(func: Func, reads: { count: number }): Func {
  const blocks = func.blocks.map((b) => new Proxy(b, { get: (t, k, r) => (k === "insts" && reads.count++, Reflect.get(t, k, r)) }));
  return { ...func, blocks };
}

test("localMaps: a map made here and used only as a map operand is local; one passed on is not", (t) => {
  const kept = keyReads(2, false), passed = keyReads(2, true);
  const id = (f: Func, name: string) => f.values.findIndex((v) => v.name === name);
  t.deepEqual([...localMaps(kept)].sort(), [id(kept, "own"), id(kept, "kept")].sort());
  t.deepEqual([...localMaps(passed)], [id(passed, "kept")]);
});

test("copiesStoredString: the key reads of one function walk its blocks a bounded number of times, not once per read", (t) => {
  const work = (n: number) => {
    const reads = { count: 0 };
    const func = counted(keyReads(n, false), reads);
    for (const b of func.blocks) for (const i of b.insts) copiesStoredString(i, func);
    return reads.count;
  };
  const small = work(200), large = work(800);
  t.true(large <= 6 * small, `${small} -> ${large}`);
});

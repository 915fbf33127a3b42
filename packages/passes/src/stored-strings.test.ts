/**
 * StoredStrings: the local maps, the site buffers that escape, and that one
 * walk per fact serves every question about the function.
 */
import test from "ava";
import { type Func, parseModule, verifyModule } from "@fzy/ir";
import { StoredStrings } from "./stored-strings.js";

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
  t.deepEqual([...new StoredStrings(kept).localMaps()].sort(), [id(kept, "own"), id(kept, "kept")].sort());
  t.deepEqual([...new StoredStrings(passed).localMaps()], [id(passed, "kept")]);
});

test("copies: the key reads of one function walk its blocks a bounded number of times, not once per read", (t) => {
  const work = (n: number) => {
    const reads = { count: 0 };
    const func = counted(keyReads(n, false), reads);
    const strings = new StoredStrings(func);
    for (const b of func.blocks) for (const i of b.insts) strings.copies(i);
    return reads.count;
  };
  const small = work(200), large = work(800);
  t.true(large <= 6 * small, `${small} -> ${large}`);
});

test("one walk per fact serves every asker: asking every fact of a function again walks none of its blocks", (t) => {
  const reads = { count: 0 };
  const func = counted(keyReads(400, false), reads);
  const strings = new StoredStrings(func);
  const askAll = () => {
    for (const b of func.blocks) for (const i of b.insts) strings.copies(i);
    strings.immortals();
    strings.literalArrays();
    strings.localMaps();
    strings.escapingBuffers();
  };
  askAll();
  // The first round walks each block a few times (the copies loop, then each fact once); the second only reads the lists in its own loop.
  const first = reads.count;
  reads.count = 0;
  askAll();
  t.is(reads.count, func.blocks.length, `first round ${first}`);
  t.true(first <= 8 * func.blocks.length, `${first} reads of ${func.blocks.length} blocks`);
});

/** The function `f` of the given body (parameters %a, %b: str; a str variable $v). */
function withBody(body: string[]) {
  const m = parseModule(`module t
fn keep(%s: str) -> i32 {
entry:
  %n = str.len %s
  ret %n
}
export fn f(%a: str, %b: str, %c: bool) -> str {
  var $v: str
entry:
${body.map((l) => `  ${l}`).join("\n")}
}
`);
  verifyModule(m);
  return m.functions.find((x) => x.name === "f")!;
}

/** The names of the sites whose buffers escape in a function of the given body. */
function escaping(body: string[]): string[] {
  const f = withBody(body);
  return [...new StoredStrings(f).escapingBuffers()].map((v) => f.values[v]!.name);
}

test("escapingBuffers: only read, compared or copied, no site escapes", (t) => {
  t.deepEqual(escaping(["%s = str.concat %a, %b", "%t = str.trim %s", "%e = str.eq %t, %a", "%u = str.concat %t, %b", "ret %a"]), []);
});

test("escapingBuffers: reaching a return, a variable or a call through derived views escapes, transitively", (t) => {
  t.deepEqual(escaping(["%s = str.concat %a, %b", "ret %s"]), ["s"]);
  t.deepEqual(escaping(["%s = str.concat %a, %b", "%t = str.trim %s", "%o = opaque %t", "set $v, %o", "ret %a"]), ["s"]);
  t.deepEqual(escaping(["%s = str.concat %a, %b", "%t = select %c, %a, %s", "%n = call @keep, %t", "ret %a"]), ["s"]);
  // Two sites: the one whose view is returned escapes, the one only measured does not.
  t.deepEqual(escaping(["%s = str.replace %a, %b, %b", "%r = str.concat %a, %a", "%n = str.len %s", "%t = str.trim %r", "ret %t"]), ["r"]);
});

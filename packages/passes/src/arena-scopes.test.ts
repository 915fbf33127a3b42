import test from "ava";
import { type BlockId, computeDominators, type DominatorTree, type Func, ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
import { ArenaPlanner } from "./arena-scopes.js";
import { StoredStrings } from "./stored-strings.js";

/** The arena scopes of `f`, a function of module `m` (or one made from it), planned alone. */
const planArenaScopes = (ix: ModuleIndex, f: Func, dom: DominatorTree<BlockId>) => new ArenaPlanner(ix).plan(f, new StoredStrings(f), dom);

const loop = (body: string[], after = "  %r = const.i32 0\n  ret %r") => `module t
fn join(%a: str, %b: str) -> str {
entry:
  %s = str.concat %a, %b
  ret %s
}
export fn kernel(%n: i32) -> i32 {
  var $i: i32
  var $s: str
entry:
  %x = str.lit "ab"
  set $s, %x
  %z = const.i32 0
  set $i, %z
  jump head
head:
  %i = get $i
  %more = icmp.slt %i, %n
  br %more, body, exit
body:
${body.map((l) => `  ${l}`).join("\n")}
  %one = const.i32 1
  %i1 = add %i, %one
  set $i, %i1
  jump head
exit:
${after}
}
`;

function scopes(source: string) {
  const m = parseModule(source);
  verifyModule(m);
  const f = m.functions.find((x) => x.name === "kernel")!;
  const r = planArenaScopes(new ModuleIndex(m), f, computeDominators(f));
  const name = (b: number) => f.blocks[b]!.name;
  return { headers: [...r.headers].map(name), latches: [...r.latches].map(([l, h]) => `${name(l)}->${name(h)}`) };
}

test("a loop making a string per iteration (here, in a callee) releases the arena on its back edge", (t) => {
  t.deepEqual(scopes(loop(["%c = call @join, %x, %x", "%l = str.len %c"])), { headers: ["head"], latches: ["body->head"] });
});

test("a loop without new strings gets no scope", (t) => {
  t.deepEqual(scopes(loop(["%l = str.len %x"])), { headers: [], latches: [] });
});

test("a string carried to the next iteration or past the loop in a variable keeps the arena", (t) => {
  const carried = loop(["%s = get $s", "%c = str.concat %s, %x", "set $s, %c"], "  %f = get $s\n  %r = str.len %f\n  ret %r");
  t.deepEqual(scopes(carried), { headers: [], latches: [] });
  // Assigned and read in the same iteration (an inlined call's result variable): safe.
  t.deepEqual(scopes(loop(["%c = str.concat %x, %x", "set $s, %c", "%g = get $s", "%l = str.len %g"])).headers, ["head"]);
});

/** Whether function `fn` of `source` gets the whole-function arena scope. */
function wholeFunction(source: string, fn = "kernel"): boolean {
  const m = parseModule(source);
  verifyModule(m);
  const f = m.functions.find((x) => x.name === fn)!;
  return planArenaScopes(new ModuleIndex(m), f, computeDominators(f)).wholeFunction;
}

test("a function that makes strings and returns no str releases the arena at its returns; one returning a str does not", (t) => {
  // The carried string gets no loop scope, but the function's own scope frees it at the return.
  const carried = loop(["%s = get $s", "%c = str.concat %s, %x", "set $s, %c"], "  %f = get $s\n  %r = str.len %f\n  ret %r");
  t.true(wholeFunction(carried));
  t.false(wholeFunction(carried, "join"), "its result is the buffer it made");
  t.false(wholeFunction(loop(["%l = str.len %x"])), "nothing to release");
});

test("an entry block that is also a loop header gets no function scope (its mark would repeat)", (t) => {
  t.false(wholeFunction(`module t
export fn kernel(%n: i32) -> i32 {
entry:
  %x = str.lit "ab"
  %c = str.concat %x, %x
  %l = str.len %c
  %more = icmp.slt %l, %n
  br %more, entry, exit
exit:
  ret %l
}
`));
});

/** `n` counted loops nested in one another, each body making a new string and reading str variable $s; the innermost assigns it when `assigns`. */
function nest(n: number, assigns = false): string {
  const b = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %lim = const.i32 2", "  %w = str.lit \"w\"", "  set $s, %w", "  set $i0, %zero", "  jump h0"];
  for (let k = 0; k < n; k++) {
    b.push(`h${k}:`, `  %x${k} = get $i${k}`, `  %c${k} = icmp.slt %x${k}, %lim`, `  br %c${k}, b${k}, e${k}`, `b${k}:`, `  %v${k} = str.from_int %x${k}`, `  %n${k} = str.len %v${k}`, `  %g${k} = get $s`, `  %m${k} = str.len %g${k}`);
    b.push(...(k + 1 < n ? [`  set $i${k + 1}, %zero`, `  jump h${k + 1}`] : [...(assigns ? ["  set $s, %w"] : []), `  jump l${k}`]));
    b.push(`l${k}:`, `  %y${k} = get $i${k}`, `  %z${k} = add %y${k}, %one`, `  set $i${k}, %z${k}`, `  jump h${k}`, `e${k}:`, k === 0 ? "  ret %zero" : `  jump l${k - 1}`);
  }
  const vars = ["  var $s: str", ...Array.from({ length: n }, (_, k) => `  var $i${k}: i32`)];
  return ["module t", "export fn kernel(%n: i32) -> i32 {", ...vars, ...b, "}", ""].join("\n");
}

test("a loop nest: every loop gets a scope, and the predecessor and instruction lists are read a number of times linear in the depth", (t) => {
  const plan = (depth: number) => {
    const m = parseModule(nest(depth));
    const f = m.functions[0]!;
    const dom = computeDominators(f);
    let reads = 0;
    const counted = new Proxy(dom, { get: (d, k) => ((k === "preds" || k === "pred") && reads++, Reflect.get(d, k, d)) });
    const blocks = f.blocks.map((b) => new Proxy(b, { get: (x, k) => (k === "insts" && reads++, Reflect.get(x, k, x)) }));
    return { headers: planArenaScopes(new ModuleIndex(m), { ...f, blocks }, counted).headers.size, reads };
  };
  const small = plan(100), large = plan(400);
  t.deepEqual([small.headers, large.headers], [100, 400]);
  t.true(large.reads <= 6 * small.reads, `${small.reads} -> ${large.reads}`);
});

test("a loop nest whose innermost body assigns a str variable live at every header: no loop of the nest gets a scope", (t) => {
  const m = parseModule(nest(5, true));
  const f = m.functions[0]!;
  t.deepEqual([...planArenaScopes(new ModuleIndex(m), f, computeDominators(f)).headers].map((b) => f.blocks[b]!.name), []);
});

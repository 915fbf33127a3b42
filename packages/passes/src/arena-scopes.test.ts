import { readdirSync, readFileSync } from "node:fs";
import test from "ava";
import { type BlockId, type DominatorTree, type Func, ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
import { ArenaPlanner } from "./arena-scopes.js";
import { LoopNest } from "./loop-nest.js";
import { planSsa, type SsaPlan } from "./ssa-plan.js";
import { StoredStrings } from "./stored-strings.js";

/** `f`'s SSA plan, its dominator tree seen through `dom` when given (to count what is read of it). */
function ssaOf(f: Func, dom?: (d: DominatorTree<BlockId>) => DominatorTree<BlockId>): SsaPlan {
  const plan = planSsa(f);
  return { dom: dom ? dom(plan.dom) : plan.dom, phis: plan.phis, get liveIn() { return plan.liveIn; } };
}

/** The arena scopes of `f`, a function of module `m` (or one made from it), planned alone. */
const planArenaScopes = (ix: ModuleIndex, f: Func, ssa: SsaPlan = ssaOf(f)) => new ArenaPlanner(ix).plan(f, new StoredStrings(f), ssa);

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
  const r = planArenaScopes(new ModuleIndex(m), f);
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
  return planArenaScopes(new ModuleIndex(m), f).wholeFunction;
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
    let reads = 0;
    const ssa = ssaOf(f, (dom) => new Proxy(dom, { get: (d, k) => ((k === "preds" || k === "pred") && reads++, Reflect.get(d, k, d)) }));
    const blocks = f.blocks.map((b) => new Proxy(b, { get: (x, k) => (k === "insts" && reads++, Reflect.get(x, k, x)) }));
    return { headers: planArenaScopes(new ModuleIndex(m), { ...f, blocks }, ssa).headers.size, reads };
  };
  const small = plan(100), large = plan(400);
  t.deepEqual([small.headers, large.headers], [100, 400]);
  t.true(large.reads <= 6 * small.reads, `${small.reads} -> ${large.reads}`);
});

test("a loop nest whose innermost body assigns a str variable live at every header: no loop of the nest gets a scope", (t) => {
  const m = parseModule(nest(5, true));
  const f = m.functions[0]!;
  t.deepEqual([...planArenaScopes(new ModuleIndex(m), f).headers].map((b) => f.blocks[b]!.name), []);
});

/** n string variables, each assigned in one of n loops one after another, and read after them all or (`readInLoop`) right after its assignment. */
function loopsAssigningStrings(n: number, readInLoop = false): string {
  const b = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", '  %e = str.lit "x"'];
  for (let k = 0; k < n; k++) b.push(`  set $s${k}, %e`);
  b.push("  jump p0");
  for (let k = 0; k < n; k++) {
    b.push(`p${k}:`, "  set $i, %zero", `  jump h${k}`, `h${k}:`, `  %i${k} = get $i`, `  %c${k} = icmp.slt %i${k}, %n`, `  br %c${k}, b${k}, p${k + 1}`);
    b.push(`b${k}:`, `  %t${k} = str.from_int %i${k}`, `  set $s${k}, %t${k}`);
    if (readInLoop) b.push(`  %r${k} = get $s${k}`, `  %q${k} = str.len %r${k}`);
    b.push(`  %j${k} = add %i${k}, %one`, `  set $i, %j${k}`, `  jump h${k}`);
  }
  b.push(`p${n}:`, "  %a0 = const.i32 0");
  if (!readInLoop) for (let k = 0; k < n; k++) b.push(`  %g${k} = get $s${k}`, `  %l${k} = str.len %g${k}`, `  %a${k + 1} = add %a${k}, %l${k}`);
  const vars = ["  var $i: i32", ...Array.from({ length: n }, (_, k) => `  var $s${k}: str`)];
  return ["module t", "export fn kernel(%n: i32) -> i32 {", ...vars, ...b, `  ret %a${readInLoop ? 0 : n}`, "}", ""].join("\n");
}

test("string variables each assigned in one of many loops: no scope when read after them all, a scope per loop when read in their own", (t) => {
  for (const [readInLoop, scopes] of [[false, 0], [true, 40]] as const) {
    const m = parseModule(loopsAssigningStrings(40, readInLoop));
    verifyModule(m);
    t.is(planArenaScopes(new ModuleIndex(m), m.functions[0]!).headers.size, scopes, `read in the loop: ${readInLoop}`);
  }
});

/**
 * What the plan relies on: a variable assigned in a loop has a parameter at
 * the loop's header exactly when it is live there. Checked against the
 * plan's live-in sets (found by another method) for every variable assigned
 * in every loop of every function of the conformance corpus.
 */
test("a variable assigned in a loop has a parameter at its header exactly when it is live there (corpus)", (t) => {
  const root = new URL("../../../conformance/", import.meta.url);
  const files = ["kernels", "modules", "regressions"].flatMap((dir) =>
    readdirSync(new URL(`${dir}/`, root)).filter((x) => x.endsWith(".fzir")).sort().map((x) => [x, readFileSync(new URL(`${dir}/${x}`, root), "utf8")] as const));
  const made = [["nest", nest(6, true)], ["loops", loopsAssigningStrings(6)], ["loops read in", loopsAssigningStrings(6, true)]] as const;
  let pairs = 0;
  for (const [file, text] of [...files, ...made]) {
    {
      const m = parseModule(text, file);
      for (const f of m.functions) {
        const plan = planSsa(f);
        const nest = new LoopNest(plan.dom, f.blocks.length);
        for (let b = 0; b < f.blocks.length; b++) {
          for (const i of f.blocks[b]!.insts) {
            if (i.op !== "set" || i.imm.kind !== "var") continue;
            for (let h = nest.innermost(b as BlockId); h !== undefined; h = nest.parent(h)) {
              pairs++;
              t.is(plan.phis[h]!.includes(i.imm.var), plan.liveIn[h]!.has(i.imm.var), `${file} ${f.name}: $${f.vars[i.imm.var]!.name} at ${f.blocks[h]!.name}`);
            }
          }
        }
      }
    }
  }
  t.true(pairs > 500, `${pairs} pairs`);
});

import test from "ava";
import { interpret, type Module, ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
import { inlineSmallFunctions } from "./inline-small-functions.js";
import { planInlining, recursive } from "./inline-plan.js";
import { firstSite, moduleSites, SITE_CALL, SITE_CALL_WITH_RESULT, SITE_REF } from "./inline-sites.js";

const REFS = `module r
import fn ext(i32) -> i32
global PICK: fn(i32) -> i32 = @b
global N: i32 = 3
fn a(%x: i32) -> i32 {
entry:
  %y = call @b, %x
  %z = call @ext, %y
  %g = global.get @PICK
  %n = global.get @N
  %zero = const.i32 0
  %cnd = icmp.slt %z, %zero
  br %cnd, more, done
more:
  %h = func.ref @c
  %w = call @b, %n
  call @c, %w
  ret %w
done:
  ret %x
}
fn b(%x: i32) -> i32 {
entry:
  ret %x
}
fn c(%x: i32) {
entry:
  ret
}
`;

/** Function f's sites as [block, instruction, callee, kind]. */
function sitesOfFunction(m: Module, f: number): [number, number, string, number][] {
  const s = moduleSites(m);
  const out: [number, number, string, number][] = [];
  for (let b = 0; b < m.functions[f]!.blocks.length; b++) {
    const at = s.blockStart[f]! + b;
    for (let k = s.blockSite[at]!; k < s.blockSite[at + 1]!; k++) out.push([b, s.siteInst[k]!, m.functions[s.siteCallee[k]!]!.name, s.siteKind[k]!]);
  }
  return out;
}

test("sites: calls, function references and reads of globals holding one, by block and instruction; imports and other globals are none", (t) => {
  const m = parseModule(REFS);
  verifyModule(m);
  t.deepEqual(sitesOfFunction(m, 0), [
    [0, 0, "b", SITE_CALL_WITH_RESULT],
    [0, 2, "b", SITE_REF],
    [1, 0, "c", SITE_REF],
    [1, 1, "b", SITE_CALL_WITH_RESULT],
    [1, 2, "c", SITE_CALL],
  ]);
  const s = moduleSites(m);
  t.deepEqual([...s.callees.subarray(s.callStart[0]!, s.callStart[1]!)], [1, 2], "distinct callees in first-call order; references are no edges");
  t.is(s.callStart[3]! - s.callStart[1]!, 0, "b and c call nothing");
  t.deepEqual([...s.size], [12, 1, 1], "instructions plus terminators");
  t.deepEqual([...s.returns], [2, 1, 0], "returns with a value");
  t.is(firstSite(s, 1), firstSite(s, 3), "functions without sites have an empty range");
});

test("a module that references no function of its own has no sites", (t) => {
  const m = parseModule(`module q\nexport fn k(%n: i32) -> i32 {\nentry:\n  %k = const.i32 1\n  %r = add %n, %k\n  ret %r\n}\n`);
  const s = moduleSites(m);
  t.is(firstSite(s, 1), 0);
  t.is(s.callStart[1], 0);
});

/** A module of `n` functions where f_i calls the functions listed in `edges[i]`. */
function graph(edges: number[][]): Module {
  const fns = edges.map((out, i) => `fn f${i}(%a: i32) -> i32 {\nentry:\n${out.map((g, k) => `  %r${k} = call @f${g}, %a\n`).join("")}  ret %a\n}`);
  return parseModule(["module g", ...fns, ""].join("\n"));
}

test("recursion: self calls and cycles of any length are recursive, what merely reaches one is not", (t) => {
  // 0 -> 1 -> 2 -> 1 (cycle {1, 2}); 3 -> 3; 4 -> 0; 5 -> 6 -> 7 -> 5 (cycle of three); 8 alone.
  const m = graph([[1], [2], [1], [3], [0], [6], [7], [5], []]);
  t.deepEqual([...recursive(moduleSites(m))], [0, 1, 1, 1, 0, 1, 1, 1, 0]);
});

test("recursion: a call chain deeper than any call stack is walked without recursion", (t) => {
  const n = 30_000;
  const m = graph(Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0])));
  const rec = recursive(moduleSites(m));
  t.is(rec.reduce((a, b) => a + b, 0), n, "one cycle through every function");
  const open = graph(Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [])));
  t.is(recursive(moduleSites(open)).reduce((a, b) => a + b, 0), 0);
});

/** Calls split a block several times, in callers and in inlined callees, with calls left in between. */
const SPLITS = `module s
fn sq(%x: i32) -> i32 {
entry:
  %r = mul %x, %x
  ret %r
}
fn two(%x: i32) -> i32 {
entry:
  %a = call @sq, %x
  %b = call @sq, %a
  %z = const.i32 0
  %c = icmp.slt %b, %z
  br %c, neg, pos
neg:
  %n = call @sq, %b
  %m = call @rec, %n
  ret %m
pos:
  %p = call @sq, %x
  %q = add %p, %b
  ret %q
}
fn rec(%x: i32) -> i32 {
entry:
  %z = const.i32 0
  %c = icmp.sle %x, %z
  br %c, done, more
done:
  ret %z
more:
  %one = const.i32 1
  %y = sub %x, %one
  %r = call @rec, %y
  ret %r
}
fn noResult(%x: i32) {
entry:
  %s = call @sq, %x
  ret
}
export fn kernel(%n: i32) -> i32 {
entry:
  %a = call @two, %n
  %b = call @rec, %a
  call @noResult, %b
  %c = call @sq, %b
  %d = call @two, %c
  %e = add %a, %d
  ret %e
}
`;

test("several inlined calls in one block, in the caller and in copied callees: same results, and the plan's counts are the final bodies'", (t) => {
  const m = parseModule(SPLITS);
  verifyModule(m);
  for (const mode of ["on", "force"] as const) {
    const { module, records } = inlineSmallFunctions(new ModuleIndex(m), m, { mode, enabled: true });
    verifyModule(module);
    for (const n of [-2, 0, 1, 3]) t.deepEqual(interpret(module, "kernel", [n]), interpret(m, "kernel", [n]), `${mode} n = ${n}`);
    const kernel = module.functions.find((f) => f.name === "kernel")!;
    const left = kernel.blocks.flatMap((b) => b.insts.flatMap((i) => (i.op === "call" && i.imm.kind === "func" ? [i.imm.name] : [])));
    t.deepEqual(left, ["rec", "rec", "rec"], `${mode}: only the recursive calls are left (one per copy of two, and the kernel's own)`);
    t.deepEqual(records.filter((r) => r.caller === "kernel").map((r) => `${r.callee}:${r.decision.form}`), ["two:inlined", "noResult:inlined", "sq:inlined", "two:inlined"], mode);
    const s = moduleSites(m);
    const plan = planInlining(m, s, recursive(s), { mode, enabled: true });
    module.functions.forEach((f, i) => {
      // Sizes count a terminator per block a split at every inlined call gives (a splice leaves fewer blocks).
      t.is(plan.sizes[i], f.blocks.reduce((k, b) => k + b.insts.length, 0) + plan.splitBlocks[i]!, `${mode} ${f.name} size`);
      t.is(plan.valueCounts[i], f.values.length, `${mode} ${f.name} values`);
      t.is(plan.varCounts[i], f.vars.length, `${mode} ${f.name} vars`);
      t.is(plan.blockCounts[i], f.blocks.length, `${mode} ${f.name} blocks`);
    });
  }
});

test("sites resolved through the module's index are those of the one walk's own table; an index of another module is not asked", (t) => {
  const m = parseModule(REFS);
  const ix = new ModuleIndex(m);
  t.is(ix.functionId("c"), 2);
  t.is(ix.functionId("ext"), undefined, "an import is no function");
  t.deepEqual(moduleSites(m, ix), moduleSites(m));
  // An index of a module without b and c: were it asked, no site would resolve.
  const other = new ModuleIndex({ ...m, functions: m.functions.slice(0, 1) });
  t.deepEqual(moduleSites(m, other), moduleSites(m));
});

test("a module without sites is returned as it is by the inliner, unless pruning drops an unexported function", (t) => {
  const leaves = "module l\nexport fn a(%x: i32) -> i32 {\nentry:\n  ret %x\n}\nfn b(%x: i32) -> i32 {\nentry:\n  ret %x\n}\n";
  const m = parseModule(leaves);
  t.is(inlineSmallFunctions(new ModuleIndex(m), m, { mode: "on", enabled: true }).module, m);
  const pruned = inlineSmallFunctions(new ModuleIndex(m), m, { mode: "on", enabled: true, prune: true }).module;
  t.deepEqual(pruned.functions.map((f) => f.name), ["a"]);
  const all = parseModule(leaves.replace("fn b", "export fn b"));
  t.is(inlineSmallFunctions(new ModuleIndex(all), all, { mode: "on", enabled: true, prune: true }).module, all);
});

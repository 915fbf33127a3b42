/**
 * The lowering report as the lowering keeps it (FunctionReports): the
 * decisions of each function in the order they were taken, whether the
 * function kept only its values decision or a list, and the function
 * reports made once, when the report is first read.
 */
import test from "ava";
import { parseModule } from "@fzy/ir";
import { decide } from "./eligibility.js";
import { lowerModule } from "./lower-module.js";
import { FunctionReports, moduleReport, zeroCounts } from "./report.js";

/** kernel composes a branch choosing constants (decided after its values); leaf keeps only its values decision. */
const MODULE = `module t
export fn kernel(%n: i32) -> i32 {
  var $v: i32
entry:
  %z = const.i32 0
  %c = icmp.sgt %n, %z
  br %c, a, b
a:
  %one = const.i32 1
  set $v, %one
  jump j
b:
  %five = const.i32 5
  set $v, %five
  jump j
j:
  %r = get $v
  %s = call @leaf, %r
  ret %s
}
export fn leaf(%a: i32) -> i32 {
entry:
  ret %a
}
`;

const subjects = (fns: readonly { decisions: readonly { subject: string; rule: string }[] }[]) =>
  fns.map((f) => f.decisions.map((d) => `${d.subject} [${d.rule}]`));

test("each function's decisions come in the order they were taken: inlining's, then the lowering's with its values decision among them", (t) => {
  const r = lowerModule(parseModule(MODULE), { backend: "llvm", mode: "on", fastPaths: { inline: false } }).report;
  t.deepEqual(subjects(r.functions), [
    ["call @leaf [family-off]", "values of kernel [fold-values]", "brif in block0 [compose-select]"],
    ["values of leaf [fold-values]"],
  ]);
});

test("the function reports are made once, at the first read, and serialize with the report", (t) => {
  const r = lowerModule(parseModule(MODULE), { backend: "cranelift", mode: "on" }).report;
  const first = r.functions;
  t.is(r.functions, first);
  const json = JSON.parse(JSON.stringify(r)) as { mode: string; functions: { name: string; decisions: { subject: string }[] }[] };
  t.is(json.mode, "on");
  t.deepEqual(json.functions.map((f) => f.name), first.map((f) => f.name));
  t.deepEqual(json.functions[1]!.decisions.map((d) => d.subject), ["values of leaf"]);
});

test("a function kept as its values decision alone reads as that decision's record", (t) => {
  const d = decide({ kind: "function-values", mode: "on", enabled: true, escape: "none", mutability: "mutated", constant: false, insts: 3 });
  const fns = new FunctionReports(2);
  const counts = zeroCounts();
  fns.set(0, "f", counts, counts, [], [], d);
  const inlined = decide({ kind: "call", mode: "on", enabled: true, escape: "none", mutability: "immutable", constant: false, insts: 3 });
  fns.set(1, "g", counts, counts, [{ callee: "h", decision: inlined }], [], [{ subject: "switch in block entry", ...d }]);
  const list = moduleReport("on", "llvm", fns).functions;
  t.deepEqual(list[0], { name: "f", total: counts, loop: counts, decisions: [{ subject: "values of f", ...d }], inlined: [] });
  t.deepEqual(list[1]!.decisions.map((x) => x.subject), ["call @h", "switch in block entry"]);
  t.deepEqual(list[1]!.inlined, ["h"]);
});

test("a function's calls and struct decisions read back before its own, and the inlined callees in call order", (t) => {
  const call = (insts: number) => decide({ kind: "call", mode: "on", enabled: true, escape: "none", mutability: "immutable", constant: false, insts });
  const small = call(3), large = call(100_000);
  t.is(small.form, "inlined");
  t.not(large.form, "inlined");
  const own = decide({ kind: "function-values", mode: "on", enabled: true, escape: "none", mutability: "mutated", constant: false, insts: 3 });
  const struct = { subject: "struct %p", ...own };
  const fns = new FunctionReports(1);
  const counts = zeroCounts();
  fns.set(0, "g", counts, counts, [{ callee: "h", decision: small }, { callee: "big", decision: large }, { callee: "k", decision: small }], [struct], own);
  const [g] = moduleReport("on", "llvm", fns).functions;
  t.deepEqual(g!.decisions, [struct, { subject: "call @h", ...small }, { subject: "call @big", ...large }, { subject: "call @k", ...small }, { subject: "values of g", ...own }]);
  t.deepEqual(g!.inlined, ["h", "k"]);
});

test("the reports of a module of 20,001 functions, kept in chunks, read back each at its place, set in any order", (t) => {
  const d = decide({ kind: "function-values", mode: "on", enabled: true, escape: "none", mutability: "mutated", constant: false, insts: 3 });
  const inlined = decide({ kind: "call", mode: "on", enabled: true, escape: "none", mutability: "immutable", constant: false, insts: 3 });
  const n = 20_001, fns = new FunctionReports(n);
  const totals = Array.from({ length: n }, () => zeroCounts()), loop = zeroCounts();
  // Backwards, so a chunk is first made by its last entry (the short last chunk first of all).
  for (let k = n - 1; k >= 0; k--) fns.set(k, `f${k}`, totals[k]!, loop, k % 2 ? [{ callee: `g${k}`, decision: inlined }] : [], [], d);
  const list = moduleReport("on", "llvm", fns).functions;
  t.is(list.length, n);
  for (const k of [0, 1, 8191, 8192, 8193, 16383, 16384, 20_000]) {
    t.is(list[k]!.name, `f${k}`);
    t.is(list[k]!.total, totals[k]);
    t.deepEqual(list[k]!.inlined, k % 2 ? [`g${k}`] : []);
    t.deepEqual(list[k]!.decisions.map((x) => x.subject), k % 2 ? [`call @g${k}`, `values of f${k}`] : [`values of f${k}`]);
  }
  t.true(list.every((f, k) => f.name === `f${k}`));
});

import { readFileSync } from "node:fs";
import test from "ava";
import { CRANELIFT_CAPS, decide, LLVM_CAPS, type MatrixInput, matrixMarkdown, RULES } from "./eligibility.js";

const base: MatrixInput = {
  kind: "fixed-array", mode: "on", enabled: true, escape: "none", mutability: "immutable",
  constant: true, profitable: true, caps: LLVM_CAPS,
};

test("the README's matrix table is the one the code generates", (t) => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const m = /<!-- matrix:begin -->\n([\s\S]*?)\n<!-- matrix:end -->/.exec(readme);
  t.truthy(m, "README has the matrix markers");
  t.is(m![1], matrixMarkdown());
});

test("every rule is reachable: some input makes it the first that applies", (t) => {
  const table = matrixMarkdown();
  for (const [i, r] of RULES.entries()) t.regex(table, new RegExp(`\\| ${i + 1} \\| ${r.when.replace(/[()]/g, "\\$&")} \\| [ABC]`));
  t.is(table.split("\n").length, RULES.length + 2);
});

test("off mode takes the legacy shape for every kind", (t) => {
  t.is(decide({ ...base, mode: "off" }).form, "handle");
  t.is(decide({ ...base, mode: "off", kind: "string" }).form, "interned");
  t.is(decide({ ...base, mode: "off", kind: "match", dense: true }).form, "compare-chain");
  t.is(decide({ ...base, mode: "off", kind: "struct" }).form, "heap-cell");
});

test("arrays: constant read-only -> static data, written -> stack, escaping -> handle, large -> handle in on, stack in force", (t) => {
  t.is(decide(base).form, "static-data");
  t.is(decide({ ...base, mutability: "mutated" }).form, "stack-slot");
  t.is(decide({ ...base, escape: "calls" }).form, "handle");
  t.is(decide({ ...base, profitable: false, constant: false }).form, "handle");
  t.is(decide({ ...base, profitable: false, constant: false, mode: "force" }).form, "stack-slot");
  t.is(decide({ ...base, kind: "dynamic-array" }).policy, "B");
});

test("matches, bounds, strings, structs and calls", (t) => {
  t.is(decide({ ...base, kind: "match", dense: true, constant: true }).form, "lookup-table");
  t.is(decide({ ...base, kind: "match", dense: false, constant: true }).form, "branch-tree");
  t.is(decide({ ...base, kind: "match", dense: true, constant: false }).form, "jump-table");
  t.is(decide({ ...base, kind: "match", dense: false, caps: CRANELIFT_CAPS }).form, "branch-tree");
  t.is(decide({ ...base, kind: "match", dense: true, profitable: false, constant: false }).form, "compare-chain");
  t.is(decide({ ...base, kind: "match", dense: true, profitable: false, constant: false, mode: "force" }).form, "jump-table");
  t.is(decide({ ...base, kind: "bounds-check", proven: true }).form, "elided");
  t.is(decide({ ...base, kind: "bounds-check", proven: false, groupable: true }).form, "grouped-check");
  t.is(decide({ ...base, kind: "bounds-check", proven: false }).policy, "C");
  t.is(decide({ ...base, kind: "string", escape: "calls" }).form, "view");
  t.is(decide({ ...base, kind: "string", escape: "import" }).form, "interned");
  t.is(decide({ ...base, kind: "struct", escape: "none" }).form, "scalars");
  t.is(decide({ ...base, kind: "struct", escape: "memory" }).form, "heap-cell");
  t.is(decide({ ...base, kind: "call", profitable: true }).form, "inlined");
  t.is(decide({ ...base, kind: "call", profitable: false }).form, "call");
  t.is(decide({ ...base, kind: "call", profitable: false, mode: "force" }).form, "inlined");
  t.is(decide({ ...base, kind: "string", enabled: false }).form, "interned");
});

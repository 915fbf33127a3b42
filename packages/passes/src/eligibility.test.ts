import { readFileSync } from "node:fs";
import test from "ava";
import {
  decide, FRAME_MAX_BYTES, FRAME_RECURSIVE_MAX_BYTES, INLINE_FORCE_MAX_INSTS, INLINE_MAX_INSTS, isDense, MAP_INLINE_MAX_OPERATIONS, MAX_TABLE_SPAN, MIN_LITERAL_SET, type MatrixInput, matrixMarkdown, RULES, sampleInputs, STACK_ARRAY_MAX_BYTES,
} from "./eligibility.js";

const base: MatrixInput = {
  kind: "fixed-array", mode: "on", enabled: true, escape: "none", mutability: "immutable",
  constant: true, bytes: 64,
};
const match = (cases: number, span: bigint, extra: Partial<MatrixInput> = {}): MatrixInput => ({ ...base, kind: "match", constant: false, cases, span, ...extra });

test("the README's matrix table is the one the code generates", (t) => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const m = /<!-- matrix:begin -->\n([\s\S]*?)\n<!-- matrix:end -->/.exec(readme);
  t.truthy(m, "README has the matrix markers");
  t.is(m![1], matrixMarkdown());
});

test("every rule is reachable: some input makes it the first that applies", (t) => {
  const table = matrixMarkdown();
  for (const [i, r] of RULES.entries()) t.regex(table, new RegExp(`\\| ${i + 1} \\| ${r.id} \\| [^|]+ \\| [ABC] `));
  t.is(table.split("\n").length, RULES.length + 2);
});

test("rule ids are unique and every decision names the rule that made it", (t) => {
  t.is(new Set(RULES.map((r) => r.id)).size, RULES.length);
  for (const i of sampleInputs()) {
    const d = decide(i);
    const first = RULES.find((r) => r.test(i))!;
    t.is(d.rule, first.id);
  }
});

test("a local map is an inline table up to MAP_INLINE_MAX_OPERATIONS operations, a runtime handle past them", (t) => {
  const m: MatrixInput = { ...base, kind: "map", mutability: "mutated", constant: false };
  t.is(decide({ ...m, operations: MAP_INLINE_MAX_OPERATIONS }).rule, "map-local");
  t.is(decide({ ...m }).rule, "map-local"); // (a question that does not give the count)
  const many = decide({ ...m, operations: MAP_INLINE_MAX_OPERATIONS + 1 });
  t.deepEqual([many.rule, many.policy, many.form], ["map-many-operations", "B", "handle"]);
  t.is(many.reason, `more than ${MAP_INLINE_MAX_OPERATIONS} operations: inline probes (some 35 instructions each) would swell the function: a runtime map handle, every operation a locked call`);
  // The rules before it still decide first (their reasons name what the runtime map must own), and mode off and the switch still win.
  t.is(decide({ ...m, operations: 1000, escape: "calls" }).rule, "map-escaping");
  t.is(decide({ ...m, operations: 1000, refs: true }).rule, "map-counted");
  t.is(decide({ ...m, operations: 1000, mode: "off" }).form, "handle");
  t.is(decide({ ...m, operations: 1000, enabled: false }).reason, "fast path maps switched off");
});

test("off mode takes the legacy shape for every kind", (t) => {
  t.is(decide({ ...base, mode: "off" }).form, "handle");
  t.is(decide({ ...base, mode: "off", kind: "string" }).form, "interned");
  t.is(decide(match(6, 7n, { mode: "off" })).form, "compare-chain");
  t.is(decide({ ...base, mode: "off", kind: "struct" }).form, "heap-cell");
  t.is(decide({ ...base, mode: "off", kind: "division", proven: true }).form, "signed-division");
});

test("arrays: constant read-only -> static data, written -> stack, escaping -> handle, large -> handle in on, stack in force", (t) => {
  t.is(decide(base).form, "static-data");
  t.is(decide({ ...base, mutability: "mutated" }).form, "stack-slot");
  t.is(decide({ ...base, escape: "calls" }).form, "handle");
  t.is(decide({ ...base, constant: false, bytes: STACK_ARRAY_MAX_BYTES }).form, "stack-slot");
  t.is(decide({ ...base, constant: false, bytes: STACK_ARRAY_MAX_BYTES + 1 }).rule, "large-array");
  t.is(decide({ ...base, constant: false, bytes: STACK_ARRAY_MAX_BYTES + 1, mode: "force" }).form, "stack-slot");
  t.is(decide({ ...base, kind: "dynamic-array" }).policy, "B");
});

test("the frame budget: a stack slot that would take the function past FRAME_MAX_BYTES goes to the runtime, in on and in force", (t) => {
  const array = { ...base, constant: false, bytes: STACK_ARRAY_MAX_BYTES };
  for (const mode of ["on", "force"] as const) {
    t.is(decide({ ...array, mode, frame: FRAME_MAX_BYTES - STACK_ARRAY_MAX_BYTES }).form, "stack-slot", mode);
    const full = decide({ ...array, mode, frame: FRAME_MAX_BYTES - STACK_ARRAY_MAX_BYTES + 1 });
    t.deepEqual([full.rule, full.form], ["frame-full", "handle"], mode);
    // Force takes an array past the per-array limit, but not past the frame.
    t.is(decide({ ...array, mode: "force", bytes: FRAME_MAX_BYTES + 1, frame: 0 }).rule, "frame-full");
  }
  // Constant arrays are static data, whatever the frame holds.
  t.is(decide({ ...base, frame: FRAME_MAX_BYTES }).form, "static-data");
});

test("a function that may recurse has the small frame budget: every level of the recursion holds its slots", (t) => {
  const array = { ...base, constant: false, recursive: true };
  t.is(decide({ ...array, bytes: FRAME_RECURSIVE_MAX_BYTES }).form, "stack-slot");
  t.is(decide({ ...array, bytes: FRAME_RECURSIVE_MAX_BYTES + 1 }).rule, "frame-full");
  t.is(decide({ ...array, bytes: 16, frame: FRAME_RECURSIVE_MAX_BYTES - 8 }).rule, "frame-full");
  t.is(decide({ ...array, bytes: FRAME_RECURSIVE_MAX_BYTES + 1, recursive: false }).form, "stack-slot");
  const buffer: MatrixInput = { kind: "string-buffer", mode: "force", enabled: true, escape: "none", mutability: "mutated", constant: false, bytes: 256, recursive: true };
  t.is(decide({ ...buffer, frame: FRAME_RECURSIVE_MAX_BYTES - 256 }).form, "stack-slot");
  t.is(decide({ ...buffer, frame: FRAME_RECURSIVE_MAX_BYTES - 255 }).form, "arena");
});

test("string buffers: a stack buffer per site while the frame has room, else the arena; an escaping one always the arena", (t) => {
  const buffer: MatrixInput = { kind: "string-buffer", mode: "on", enabled: true, escape: "none", mutability: "mutated", constant: false, bytes: 256, frame: 0 };
  t.deepEqual([decide(buffer).rule, decide(buffer).form], ["site-buffer", "stack-slot"]);
  t.is(decide({ ...buffer, frame: FRAME_MAX_BYTES - 256 }).form, "stack-slot");
  t.deepEqual([decide({ ...buffer, frame: FRAME_MAX_BYTES - 255 }).rule, decide({ ...buffer, frame: FRAME_MAX_BYTES - 255 }).form], ["frame-full", "arena"]);
  t.deepEqual([decide({ ...buffer, escape: "memory" }).rule, decide({ ...buffer, escape: "memory" }).form], ["escaping-buffer", "arena"]);
  t.is(decide({ ...buffer, enabled: false }).form, "arena");
});

test("one density rule: span within 5/2 of the cases and at most MAX_TABLE_SPAN", (t) => {
  t.true(isDense(6, 7n));
  t.true(isDense(2, 5n));
  t.false(isDense(2, 6n));
  t.false(isDense(0, 0n));
  t.false(isDense(10000, MAX_TABLE_SPAN + 1n));
  t.true(isDense(10000, MAX_TABLE_SPAN));
});

test("matches: lookup table in force only, jump table when dense, tree when sparse, chain when few", (t) => {
  t.is(decide(match(6, 7n, { constant: true })).form, "jump-table");
  t.is(decide(match(6, 7n, { constant: true, mode: "force" })).form, "lookup-table");
  t.is(decide(match(6, 1000n, { constant: true, mode: "force" })).form, "branch-tree");
  t.is(decide(match(6, 7n)).form, "jump-table");
  t.is(decide(match(6, 1000n)).form, "branch-tree");
  t.is(decide(match(2, 2n)).form, "compare-chain");
  t.is(decide(match(2, 2n, { mode: "force" })).form, "jump-table");
});

test("matches for a backend with a sparse switch: native switch when sparse, every other decision as without", (t) => {
  const sw = { sparseSwitch: true };
  t.is(decide(match(6, 1000n, sw)).form, "native-switch");
  t.is(decide(match(6, 1000n, { ...sw, constant: true, mode: "force" })).form, "native-switch");
  t.is(decide(match(2, 1000n, { ...sw, mode: "force" })).form, "native-switch");
  t.is(decide(match(6, 7n, sw)).form, "jump-table");
  t.is(decide(match(6, 7n, { ...sw, constant: true, mode: "force" })).form, "lookup-table");
  t.is(decide(match(2, 1000n, sw)).form, "compare-chain");
  t.is(decide(match(6, 1000n, { ...sw, mode: "off" })).form, "compare-chain");
  t.is(decide(match(6, 1000n, { ...sw, enabled: false })).form, "compare-chain");
  t.is(decide(match(6, 1000n, { sparseSwitch: false })).form, "branch-tree");
});

test("bounds, strings, structs, calls and divisions", (t) => {
  t.is(decide({ ...base, kind: "bounds-check", proven: true }).form, "elided");
  t.is(decide({ ...base, kind: "bounds-check", proven: false, groupable: true }).form, "grouped-check");
  t.is(decide({ ...base, kind: "bounds-check", proven: false }).policy, "C");
  t.is(decide({ ...base, kind: "string", escape: "calls" }).form, "view");
  t.is(decide({ ...base, kind: "string", escape: "import" }).form, "interned");
  t.is(decide({ ...base, kind: "string", enabled: false }).form, "interned");
  t.is(decide({ ...base, kind: "struct", escape: "none" }).form, "scalars");
  t.is(decide({ ...base, kind: "struct", escape: "memory" }).form, "heap-cell");
  t.true(INLINE_MAX_INSTS > 0);
  t.is(decide({ ...base, kind: "call", insts: INLINE_MAX_INSTS }).form, "inlined");
  t.is(decide({ ...base, kind: "call", insts: INLINE_MAX_INSTS + 1 }).form, "call");
  t.is(decide({ ...base, kind: "call", insts: INLINE_MAX_INSTS + 1, mode: "force" }).form, "inlined");
  t.is(decide({ ...base, kind: "call", insts: INLINE_FORCE_MAX_INSTS, mode: "force" }).rule, "call-force");
  t.is(decide({ ...base, kind: "call", insts: INLINE_FORCE_MAX_INSTS + 1, mode: "force" }).form, "call");
  t.is(decide({ ...base, kind: "division", constant: true, proven: true }).form, "unsigned-division");
  t.is(decide({ ...base, kind: "division", constant: true, proven: false }).form, "signed-division");
  t.is(decide({ ...base, kind: "division", constant: false, proven: true }).form, "signed-division");
  t.is(decide({ ...base, kind: "division", constant: true, proven: true, enabled: false }).rule, "family-off");
  t.is(decide({ ...base, kind: "literal-set", cases: MIN_LITERAL_SET }).form, "length-dispatch");
  t.is(decide({ ...base, kind: "literal-set", cases: MIN_LITERAL_SET - 1 }).form, "compare-chain");
  t.is(decide({ ...base, kind: "literal-set", cases: 10, enabled: false }).form, "compare-chain");
});

test("a rule's kinds are the only kinds its test accepts, so decide() by kind equals the first rule of the whole list", (t) => {
  const wrong = new Set<string>();
  let differ = 0;
  for (const i of sampleInputs()) {
    for (const r of RULES) if (r.kinds !== undefined && !r.kinds.includes(i.kind) && r.test(i)) wrong.add(`${r.id} accepts a ${i.kind}`);
    const first = RULES.find((r) => r.test(i))!;
    if (JSON.stringify(decide(i)) !== JSON.stringify({ ...first.decide(i), rule: first.id })) differ++;
  }
  t.deepEqual([...wrong], []);
  t.is(differ, 0);
});

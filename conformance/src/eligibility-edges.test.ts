/**
 * The eligibility matrix on the inputs its own unit tests leave out, found
 * by mutation testing (conformance/mutation/REPORT.md): strings that escape
 * into runtime memory, the lookup table's profitability and force
 * conditions, the family each kind belongs to (what `fastPaths: { X: false }`
 * switches off), and the reasons the lowering report prints.
 */
import test from "ava";
import { CRANELIFT_CAPS, type DataKind, decide, FAST_PATHS, type FastPath, familyOf, LLVM_CAPS, type MatrixInput } from "@fzy/passes";

const base: MatrixInput = {
  kind: "fixed-array", mode: "on", enabled: true, escape: "none", mutability: "immutable",
  constant: true, profitable: true, caps: LLVM_CAPS,
};
const KINDS: readonly DataKind[] = ["fixed-array", "dynamic-array", "struct", "enum", "payload-enum", "string", "match", "bounds-check", "call"];

test("each kind belongs to the fast-path family that switches it off, and every family has a kind", (t) => {
  const expected: Record<DataKind, FastPath> = {
    "fixed-array": "arrays", "dynamic-array": "arrays", "struct": "structs", "enum": "enums", "payload-enum": "enums",
    "string": "strings", "match": "enums", "bounds-check": "bounds", "call": "inline",
  };
  for (const k of KINDS) {
    t.is(familyOf(k), expected[k], k);
    const off = decide({ ...base, kind: k, enabled: false, dense: true });
    t.is(off.reason, `fast path ${expected[k]} switched off`, k);
  }
  // "strength" has no data kind: it switches the division rewrite off, not a matrix decision.
  t.deepEqual([...new Set<FastPath>([...KINDS.map(familyOf), "strength"])].sort(), [...FAST_PATHS].sort());
  t.is(new Set(FAST_PATHS).size, FAST_PATHS.length);
});

test("the backend capabilities are named after their backend", (t) => {
  t.is(CRANELIFT_CAPS.name, "cranelift");
  t.is(LLVM_CAPS.name, "llvm");
});

test("a string stored into runtime memory is interned at that boundary; one passed to a call stays a view", (t) => {
  const mem = decide({ ...base, kind: "string", escape: "memory" });
  t.is(mem.form, "interned");
  t.is(mem.reason, "escapes into a runtime object: interned at that boundary");
  const imp = decide({ ...base, kind: "string", escape: "import" });
  t.is(imp.form, "interned");
  t.is(imp.reason, "escapes into an import: interned at that boundary");
  t.is(decide({ ...base, kind: "string", escape: "calls" }).form, "view");
  t.is(decide({ ...base, kind: "string", escape: "none" }).form, "view");
});

test("an escaping array or struct names how it escapes", (t) => {
  for (const escape of ["calls", "memory", "import"] as const) {
    t.is(decide({ ...base, escape }).reason, `escapes (${escape}): needs a stable runtime object`);
    t.is(decide({ ...base, kind: "struct", escape }).form, "heap-cell");
  }
});

test("a lookup table needs constant arms, dense cases, and profit or force", (t) => {
  const m: MatrixInput = { ...base, kind: "match", constant: true, dense: true };
  t.is(decide(m).form, "lookup-table");
  t.is(decide({ ...m, profitable: false }).form, "compare-chain");
  t.is(decide({ ...m, profitable: false, mode: "force" }).form, "lookup-table");
  t.is(decide({ ...m, dense: false }).form, "branch-tree");
  t.is(decide({ ...m, dense: false, profitable: false }).form, "compare-chain");
  t.is(decide({ ...m, dense: false, profitable: false, mode: "force" }).form, "branch-tree");
  t.is(decide({ ...m, constant: false, profitable: false, mode: "force" }).form, "jump-table");
  t.is(decide({ ...m, caps: CRANELIFT_CAPS }).form, "lookup-table");
});

test("a payload-less enum is a discriminant however it escapes; payload enums are boxed", (t) => {
  for (const escape of ["none", "calls", "memory", "import"] as const) {
    t.is(decide({ ...base, kind: "enum", escape }).form, "discriminant", escape);
    t.is(decide({ ...base, kind: "payload-enum", escape }).form, "heap-cell", escape);
  }
});

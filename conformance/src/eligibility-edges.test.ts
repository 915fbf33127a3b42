/**
 * The eligibility matrix on the inputs its own unit tests leave out, found
 * by mutation testing (conformance/mutation/REPORT.md): strings that escape
 * into runtime memory, the lookup table's density and force
 * conditions, the family each kind belongs to (what `fastPaths: { X: false }`
 * switches off), and the reasons the lowering report prints.
 */
import test from "ava";
import { type DataKind, decide, FAST_PATHS, type FastPath, familyOf, INLINE_LITERAL_MAX_BYTES, type MatrixInput } from "@fzy/passes";

const base: MatrixInput = {
  kind: "fixed-array", mode: "on", enabled: true, escape: "none", mutability: "immutable",
  constant: true,
};
const KINDS: readonly DataKind[] = [
  "fixed-array", "dynamic-array", "struct", "enum", "payload-enum", "string", "string-buffer", "match", "bounds-check", "call", "division", "literal-set",
  "literal-compare", "function-values", "branch-join", "literal-bytes", "byte-map", "map", "string-op", "loop-invariant", "map-key-hash", "map-get-set",
  "counted-loop",
];
/** A dense match: 6 cases over 7 values (more arms than a chain). */
const DENSE = { cases: 6, span: 7n } as const;
/** A sparse one: 6 cases over 1000 values. */
const SPARSE = { cases: 6, span: 1000n } as const;

test("each kind belongs to the fast-path family that switches it off, and every family has a kind", (t) => {
  const expected: Record<DataKind, FastPath> = {
    "fixed-array": "arrays", "dynamic-array": "arrays", "struct": "structs", "enum": "enums", "payload-enum": "enums",
    "string": "strings", "string-buffer": "strings", "match": "enums", "bounds-check": "bounds", "call": "inline",
    "division": "strength", "literal-set": "strings", "literal-compare": "strings",
    "function-values": "fold", "branch-join": "compose", "literal-bytes": "widen", "byte-map": "widen",
    "map": "maps",
    "string-op": "strops",
    "loop-invariant": "licm",
    "map-key-hash": "maphash",
    "map-get-set": "mapslot",
    "counted-loop": "unroll",
  };
  for (const k of KINDS) {
    t.is(familyOf(k), expected[k], k);
    const off = decide({ ...base, kind: k, enabled: false, ...DENSE });
    t.is(off.reason, `fast path ${expected[k]} switched off`, k);
  }
  t.deepEqual([...new Set<FastPath>(KINDS.map(familyOf))].sort(), [...FAST_PATHS].sort());
  t.is(new Set(FAST_PATHS).size, FAST_PATHS.length);
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

test("a lookup table needs constant arms, dense cases and mode force; otherwise the jump table, tree or chain", (t) => {
  const m: MatrixInput = { ...base, kind: "match", constant: true, mode: "force", ...DENSE };
  t.is(decide(m).rule, "match-lookup");
  t.is(decide({ ...m, mode: "on" }).form, "jump-table");
  t.is(decide({ ...m, constant: false }).form, "jump-table");
  t.is(decide({ ...m, ...SPARSE }).form, "branch-tree");
  t.is(decide({ ...m, mode: "on", ...SPARSE }).form, "branch-tree");
  t.is(decide({ ...m, mode: "on", cases: 2, span: 2n }).form, "compare-chain");
  t.is(decide({ ...m, cases: 2, span: 2n }).form, "lookup-table", "force ignores the arm count");
  t.is(decide({ ...m, mode: "off" }).form, "compare-chain");
});

test("a payload-less enum is a discriminant however it escapes; payload enums are boxed", (t) => {
  for (const escape of ["none", "calls", "memory", "import"] as const) {
    t.is(decide({ ...base, kind: "enum", escape }).form, "discriminant", escape);
    t.is(decide({ ...base, kind: "payload-enum", escape }).form, "heap-cell", escape);
  }
});

test("a literal needle is compared inline up to its size limit, through a view helper past it", (t) => {
  const c: MatrixInput = { ...base, kind: "literal-compare" };
  t.is(decide({ ...c, bytes: INLINE_LITERAL_MAX_BYTES }).form, "inline-compare");
  t.is(decide({ ...c, bytes: INLINE_LITERAL_MAX_BYTES + 1 }).form, "helper-call");
  t.is(decide({ ...c, bytes: 1, enabled: false }).form, "helper-call");
});

test("a local map is an inline table; an escaping one, or one whose values are counted, a runtime handle", (t) => {
  const m: MatrixInput = { ...base, kind: "map", mutability: "mutated", constant: false };
  t.is(decide(m).form, "inline-table");
  t.is(decide(m).policy, "A");
  for (const escape of ["calls", "memory", "import"] as const) {
    const d = decide({ ...m, escape });
    t.is(d.form, "handle", escape);
    t.is(d.reason, `escapes (${escape}): a runtime map handle, every operation a locked call`);
  }
  t.is(decide({ ...m, refs: true }).rule, "map-counted");
  t.is(decide({ ...m, ownedKeys: true }).rule, "map-owned-keys");
  t.is(decide({ ...m, ownedKeys: true }).form, "handle");
  t.is(decide({ ...m, ownedKeys: false }).form, "inline-table");
  t.is(decide({ ...m, mode: "off" }).form, "handle");
  t.is(decide({ ...m, enabled: false }).reason, "fast path maps switched off");
});

test("a string operation is inlined when it needs no unknown operand or has a short literal needle; a helper otherwise", (t) => {
  const c: MatrixInput = { ...base, kind: "string-op" };
  t.is(decide({ ...c, bytes: 0 }).rule, "strop-inline");
  t.is(decide({ ...c, bytes: INLINE_LITERAL_MAX_BYTES }).form, "inline-compare");
  t.is(decide({ ...c, bytes: INLINE_LITERAL_MAX_BYTES + 1 }).form, "helper-call");
  t.is(decide({ ...c, constant: false }).rule, "strop-helper");
  t.is(decide({ ...c, bytes: 0, enabled: false }).form, "helper-call");
  t.is(decide({ ...c, bytes: 0, mode: "off" }).policy, "B");
});

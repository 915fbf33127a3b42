/**
 * THE eligibility matrix: the one place that decides, for every piece of data
 * and every dispatch, whether it is lowered directly to memory (policy A),
 * through the runtime (policy B), or on the determinism-first path (policy C).
 * Both backends lower what this decides; no pass re-derives an answer.
 *
 * The matrix is an ordered list of rules; the first rule whose conditions hold
 * gives the decision, its reason and the rule's id. Callers pass facts (sizes,
 * case counts, proofs, escapes), never verdicts: every threshold a rule
 * applies is a constant below, and one density rule serves every table. One
 * backend capability is a fact the matrix reads: whether the backend has a
 * sparse switch (BackendCapabilities.sparseSwitch), which makes a sparse
 * match one native switch instead of a branch tree; every other decision is
 * the same for every backend. `matrixMarkdown()` renders the rules as the table in
 * packages/passes/README.md, and a test keeps the two equal.
 */

export * from "./eligibility-types.js";
import { record } from "@fzy/ir";
import type { DataKind, Decision, Escape, FastPath, Form, MatrixInput, Mode, Policy } from "./eligibility-types.js";

export { BACKEND_CAPABILITIES, type BackendCapabilities } from "./backend-capabilities.js";
import { MAP_RULES } from "./eligibility-maps.js";
import { LOOP_RULES } from "./eligibility-loops.js";
import { stropRules } from "./eligibility-strops.js";

import {
  FRAME_MAX_BYTES, FRAME_RECURSIVE_MAX_BYTES, INLINE_FORCE_MAX_INSTS, INLINE_LITERAL_MAX_BYTES, INLINE_MAX_INSTS, isDense, MAX_CHAIN_ARMS, MAX_TABLE_SPAN, MIN_LITERAL_SET, OPTIMIZE_MAX_INSTS,
  STACK_ARRAY_MAX_BYTES, TABLE_DENSITY,
} from "./eligibility-thresholds.js";

export * from "./eligibility-thresholds.js";

interface Rule {
  /** A stable name, carried by every decision the rule makes. */
  readonly id: string;
  /**
   * The kinds the rule can decide (its test is false for any other); absent:
   * every kind. decide() asks only a kind's own rules (rulesOf).
   */
  readonly kinds?: readonly DataKind[];
  /** Conditions as shown in the README table. */
  readonly when: string;
  readonly test: (i: MatrixInput) => boolean;
  readonly decide: (i: MatrixInput) => Omit<Decision, "rule">;
  /** The reason as the README states it, where it depends on the input. */
  readonly reason?: string;
}

const FAMILY: Record<DataKind, FastPath> = {
  "fixed-array": "arrays", "dynamic-array": "arrays", "struct": "structs", "enum": "enums",
  "payload-enum": "enums", "string": "strings", "string-buffer": "strings", "match": "enums", "bounds-check": "bounds", "call": "inline",
  "division": "strength", "literal-set": "strings", "literal-compare": "strings",
  "function-values": "fold", "branch-join": "compose", "literal-bytes": "widen", "byte-map": "widen", "map": "maps", "string-op": "strops", "loop-invariant": "licm",
  "map-key-hash": "maphash", "map-get-set": "mapslot", "counted-loop": "unroll",
};

/** The fast-path family that switches a kind's fast path off. */
export function familyOf(kind: DataKind): FastPath {
  return FAMILY[kind];
}

/** The legacy (runtime-handle) shape of each kind. */
function legacy(kind: DataKind): Omit<Decision, "rule" | "reason"> {
  switch (kind) {
    case "fixed-array": case "dynamic-array": case "map": return { policy: "B", form: "handle" };
    case "struct": case "payload-enum": return { policy: "B", form: "heap-cell" };
    case "enum": return { policy: "B", form: "discriminant" };
    case "string": return { policy: "B", form: "interned" };
    case "string-buffer": return { policy: "B", form: "arena" };
    case "match": case "literal-set": return { policy: "B", form: "compare-chain" };
    case "bounds-check": return { policy: "C", form: "strict-check" };
    case "call": return { policy: "C", form: "call" };
    case "division": return { policy: "C", form: "signed-division" };
    case "literal-compare": case "string-op": return { policy: "B", form: "helper-call" };
    case "function-values": case "loop-invariant": case "counted-loop": return { policy: "C", form: "as-emitted" };
    case "branch-join": return { policy: "C", form: "branch" };
    case "literal-bytes": case "byte-map": return { policy: "A", form: "byte-loads" };
    case "map-key-hash": return { policy: "A", form: "hash-per-operation" };
    case "map-get-set": return { policy: "A", form: "probe-per-operation" };
  }
}

const d = (policy: Policy, form: Form, reason: string) => ({ policy, form, reason });
const isMatch = (i: MatrixInput) => i.kind === "match";
/** A match has more arms than a chain handles well (force ignores the arm count). */
const manyArms = (i: MatrixInput) => (i.cases ?? 0) + 1 > MAX_CHAIN_ARMS || i.mode === "force";
const dense = (i: MatrixInput) => isDense(i.cases ?? 0, i.span ?? 0n);

/** The matrix, in priority order. */
export const RULES: readonly Rule[] = [
  {
    id: "mode-off", when: "mode off",
    test: (i) => i.mode === "off",
    decide: (i) => ({ ...legacy(i.kind), reason: "fast paths off: the legacy runtime-handle shape" }),
  },
  {
    id: "family-off", when: "fast path of the kind's family switched off",
    test: (i) => !i.enabled,
    decide: (i) => ({ ...legacy(i.kind), reason: `fast path ${familyOf(i.kind)} switched off` }),
    reason: "fast path FAMILY switched off",
  },
  {
    id: "dynamic-array", kinds: ["dynamic-array"] as const, when: "dynamic array",
    test: (i) => i.kind === "dynamic-array",
    decide: () => d("B", "handle", "dynamic arrays grow: runtime handle"),
  },
  {
    id: "payload-enum", kinds: ["payload-enum"] as const, when: "enum with payloads",
    test: (i) => i.kind === "payload-enum",
    decide: () => d("B", "heap-cell", "payload enums are boxed in one cell"),
  },
  {
    id: "escaping-aggregate", kinds: ["fixed-array", "struct"] as const, when: "fixed array or struct that escapes",
    test: (i) => (i.kind === "fixed-array" || i.kind === "struct") && i.escape !== "none",
    decide: (i) => d("B", i.kind === "struct" ? "heap-cell" : "handle", `escapes (${i.escape}): needs a stable runtime object`),
    reason: "escapes (calls, memory or import): needs a stable runtime object",
  },
  {
    id: "string-boundary", kinds: ["string"] as const, when: "string stored into runtime memory or crossing an import",
    test: (i) => i.kind === "string" && (i.escape === "memory" || i.escape === "import"),
    decide: (i) => d("B", "interned", `escapes into ${i.escape === "import" ? "an import" : "a runtime object"}: interned at that boundary`),
    reason: "escapes into a runtime object or an import: interned at that boundary",
  },
  {
    id: "escaping-buffer", kinds: ["string-buffer"] as const, when: "buffer of a new string that may be read after its site runs again or its function returns",
    test: (i) => i.kind === "string-buffer" && i.escape !== "none",
    decide: () => d("B", "arena", "outlives its site's next run: temporary arena"),
  },
  {
    id: "large-array", kinds: ["fixed-array"] as const, when: `local fixed array over ${STACK_ARRAY_MAX_BYTES} bytes, mode on`,
    test: (i) => i.kind === "fixed-array" && (i.bytes ?? 0) > STACK_ARRAY_MAX_BYTES && i.mode === "on",
    decide: () => d("B", "handle", "too large for a stack slot in mode on"),
  },
  {
    id: "constant-array", kinds: ["fixed-array"] as const, when: "local fixed array, constant, never written",
    test: (i) => i.kind === "fixed-array" && i.constant && i.mutability === "immutable",
    decide: () => d("A", "static-data", "constant and read-only: static data, one load per element"),
  },
  {
    id: "frame-full", kinds: ["fixed-array", "string-buffer"] as const,
    when: `local fixed array or string buffer past the function's stack-slot budget (${FRAME_MAX_BYTES} bytes; ${FRAME_RECURSIVE_MAX_BYTES} if it may recurse)`,
    test: (i) => (i.kind === "fixed-array" || i.kind === "string-buffer") && (i.frame ?? 0) + (i.bytes ?? 0) > (i.recursive ? FRAME_RECURSIVE_MAX_BYTES : FRAME_MAX_BYTES),
    decide: (i) => (i.kind === "fixed-array" ? d("B", "handle", "the function's stack slots are full: runtime handle") : d("B", "arena", "the function's stack slots are full: temporary arena")),
    reason: "the function's stack slots are full: a runtime handle (array), the temporary arena (string buffer)",
  },
  {
    id: "local-array", kinds: ["fixed-array"] as const, when: "local fixed array",
    test: (i) => i.kind === "fixed-array",
    decide: () => d("A", "stack-slot", "local and non-escaping: contiguous stack slot"),
  },
  {
    id: "site-buffer", kinds: ["string-buffer"] as const, when: "buffer of a new string",
    test: (i) => i.kind === "string-buffer",
    decide: () => d("A", "stack-slot", "dead before its site runs again: a stack buffer of the site (a longer string takes the arena at run time)"),
  },
  {
    id: "local-struct", kinds: ["struct"] as const, when: "local struct",
    test: (i) => i.kind === "struct",
    decide: () => d("A", "scalars", "local and non-escaping: split into scalars"),
  },
  {
    id: "plain-enum", kinds: ["enum"] as const, when: "payload-less enum",
    test: (i) => i.kind === "enum",
    decide: () => d("A", "discriminant", "compact discriminant 0..n-1"),
  },
  {
    id: "string-view", kinds: ["string"] as const, when: "string (local or passed as a view)",
    test: (i) => i.kind === "string",
    decide: () => d("A", "view", "(pointer, length) view; temporaries in stack or arena buffers, never interned"),
  },
  {
    // Measured (conformance/README.md): with predictable dispatch a jump table beats the
    // dependent loads of a table lookup on both backends, so the lookup is taken in force only.
    id: "match-lookup", kinds: ["match"] as const, when: "match whose arms only select constants, dense, mode force",
    test: (i) => isMatch(i) && i.constant && dense(i) && i.mode === "force",
    decide: () => d("A", "lookup-table", "arms only select constants: one load from a constant table, no branch"),
  },
  {
    id: "match-jump-table", kinds: ["match"] as const, when: `match, dense (span at most ${MAX_TABLE_SPAN} values and ${TABLE_DENSITY.num}/${TABLE_DENSITY.den} times the cases)`,
    test: (i) => isMatch(i) && dense(i) && manyArms(i),
    decide: () => d("A", "jump-table", "dense case values: jump table"),
  },
  {
    id: "match-native-switch", kinds: ["match"] as const, when: "match, sparse, backend with a sparse switch",
    test: (i) => isMatch(i) && manyArms(i) && i.sparseSwitch === true,
    decide: () => d("A", "native-switch", "sparse case values, the backend has a sparse switch: one multi-way branch (the backend picks tables, trees and ranges)"),
  },
  {
    id: "match-tree", kinds: ["match"] as const, when: "match, sparse",
    test: (i) => isMatch(i) && manyArms(i),
    decide: () => d("A", "branch-tree", "sparse case values: balanced branch tree"),
  },
  {
    id: "match-chain", kinds: ["match"] as const, when: `match with ${MAX_CHAIN_ARMS} arms or fewer`,
    test: isMatch,
    decide: () => d("A", "compare-chain", "three arms or fewer: a short chain is cheapest"),
  },
  {
    id: "bounds-proven", kinds: ["bounds-check"] as const, when: "bounds check proven by range analysis",
    test: (i) => i.kind === "bounds-check" && i.proven === true,
    decide: () => d("A", "elided", "index proven in bounds"),
  },
  {
    id: "bounds-window", kinds: ["bounds-check"] as const, when: "bounds check in a window of constant offsets",
    test: (i) => i.kind === "bounds-check" && i.groupable === true,
    decide: () => d("A", "grouped-check", "one check covers the window; exact report on the cold path"),
  },
  {
    id: "bounds-strict", kinds: ["bounds-check"] as const, when: "bounds check",
    test: (i) => i.kind === "bounds-check",
    decide: () => d("C", "strict-check", "not proven: strict check, cold panic path"),
  },
  {
    id: "call-small", kinds: ["call"] as const, when: `call of a small function (at most ${INLINE_MAX_INSTS} instructions)`,
    test: (i) => i.kind === "call" && (i.insts ?? Infinity) <= INLINE_MAX_INSTS,
    decide: () => d("A", "inlined", "small, non-recursive: inlined"),
  },
  {
    id: "call-force", kinds: ["call"] as const, when: `mode force: call of a function of at most ${INLINE_FORCE_MAX_INSTS} instructions`,
    test: (i) => i.kind === "call" && i.mode === "force" && (i.insts ?? Infinity) <= INLINE_FORCE_MAX_INSTS,
    decide: () => d("A", "inlined", "force: non-recursive, within the growth bound: inlined"),
  },
  {
    id: "call-kept", kinds: ["call"] as const, when: "call",
    test: (i) => i.kind === "call",
    decide: () => d("C", "call", "too large or recursive: kept as a call"),
  },
  {
    id: "division-unsigned", kinds: ["division"] as const, when: "signed division by a positive constant, dividend proven non-negative",
    test: (i) => i.kind === "division" && i.constant && i.proven === true,
    decide: () => d("A", "unsigned-division", "non-negative by a positive constant: unsigned, no sign fix-up"),
  },
  {
    id: "division-signed", kinds: ["division"] as const, when: "signed division",
    test: (i) => i.kind === "division",
    decide: () => d("C", "signed-division", "sign not proven or divisor not a positive constant: signed"),
  },
  {
    id: "literal-set", kinds: ["literal-set"] as const, when: `equality tests of one string against ${MIN_LITERAL_SET} or more literals`,
    test: (i) => i.kind === "literal-set" && (i.cases ?? 0) >= MIN_LITERAL_SET,
    decide: () => d("A", "length-dispatch", "dispatch on the length, then compare the bytes of the literals of that length"),
  },
  {
    id: "literal-set-short", kinds: ["literal-set"] as const, when: "equality tests of one string against few literals",
    test: (i) => i.kind === "literal-set",
    decide: () => d("A", "compare-chain", "few literals: the tests stay as written"),
  },
  {
    id: "literal-inline", kinds: ["literal-compare"] as const, when: `compare with a literal of at most ${INLINE_LITERAL_MAX_BYTES} bytes`,
    test: (i) => i.kind === "literal-compare" && (i.bytes ?? Infinity) <= INLINE_LITERAL_MAX_BYTES,
    decide: () => d("A", "inline-compare", "short literal: compared inline, no call"),
  },
  {
    id: "literal-helper", kinds: ["literal-compare"] as const, when: "compare with a longer literal",
    test: (i) => i.kind === "literal-compare",
    decide: () => d("C", "helper-call", "long literal: a pure view helper"),
  },
  // The optimizer (optimize-function.ts) and literal loads: measured in conformance/README.md.
  {
    id: "function-too-large", kinds: ["function-values"] as const, when: `lowered function over ${OPTIMIZE_MAX_INSTS} instructions`,
    test: (i) => i.kind === "function-values" && (i.insts ?? 0) > OPTIMIZE_MAX_INSTS,
    decide: () => d("C", "as-emitted", "too large: left as emitted (the optimizer's passes would dominate lowering time)"),
  },
  {
    id: "fold-values", kinds: ["function-values"] as const, when: "a lowered function's values",
    test: (i) => i.kind === "function-values",
    decide: () => d("A", "folded", "constants folded, equal pure values numbered once, constant branches and dead values removed"),
  },
  {
    id: "compose-select", kinds: ["branch-join"] as const, when: "two-way branch whose arms only pass constants to one join",
    test: (i) => i.kind === "branch-join" && (i.cases ?? 0) <= 1,
    decide: () => d("A", "select", "two constant arms: a branch-free select"),
  },
  {
    id: "compose-lookup", kinds: ["branch-join"] as const, when: "multi-way branch whose arms only pass constants to one join",
    test: (i) => i.kind === "branch-join",
    decide: () => d("A", "lookup-table", "arms only pass constants (composed matches included): one load from a constant table"),
  },
  {
    id: "literal-wide", kinds: ["literal-bytes"] as const, when: "bytes of a known-length literal compared with memory",
    test: (i) => i.kind === "literal-bytes",
    decide: () => d("A", "wide-loads", "8/4/2/1-byte loads compared with constants: no byte loop"),
  },
  {
    id: "byte-map-words", kinds: ["byte-map"] as const, when: "single-byte replace",
    test: (i) => i.kind === "byte-map",
    decide: () => d("A", "wide-loads", "8 bytes per step (SWAR), a byte loop for the tail"),
  },
  ...MAP_RULES,
  ...stropRules(INLINE_LITERAL_MAX_BYTES),
  { id: "licm-hoist", kinds: ["loop-invariant"] as const, when: "loop with a preheader: its pure non-trapping operations and readonly header loads whose operands are defined outside it",
    test: (i) => i.kind === "loop-invariant", decide: () => d("A", "hoisted", "invariant: computed once in the preheader, not once per iteration") },
  ...LOOP_RULES,
];

/**
 * The rules that can decide each kind, in RULES order: a question walks its
 * kind's few rules, not the whole matrix (the first rule that holds is the
 * same either way, since a rule skipped here is false for the kind).
 */
const RULES_OF: Partial<Record<DataKind, readonly Rule[]>> = {};
for (const k of Object.keys(FAMILY) as DataKind[]) RULES_OF[k] = RULES.filter((r) => r.kinds === undefined || r.kinds.includes(k));

/**
 * `input` asked in `mode` (`enabled`: the family's switch, when the asker
 * knows it better than the input), as an object of one fixed shape: every question
 * then reaches the rules' tests the same way (a spread of the many shapes
 * callers write would make each a slow, megamorphic copy and lookup).
 */
export function inMode(input: Omit<MatrixInput, "mode">, mode: Mode, enabled = input.enabled): MatrixInput {
  return {
    kind: input.kind, mode, enabled, escape: input.escape, mutability: input.mutability, constant: input.constant,
    insts: input.insts, bytes: input.bytes, frame: input.frame, recursive: input.recursive, cases: input.cases, span: input.span, proven: input.proven, groupable: input.groupable,
    trips: input.trips, refs: input.refs, ownedKeys: input.ownedKeys, operations: input.operations, sparseSwitch: input.sparseSwitch,
  };
}

/** Ask the matrix. */
export function decide(input: MatrixInput): Decision {
  const rules = RULES_OF[input.kind] ?? RULES;
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k]!;
    if (r.test(input)) return withRule(r.decide(input), r.id);
  }
  throw new Error(`eligibility matrix has no rule for ${input.kind}`);
}

/**
 * The decision `d` of rule `id`: the same keys, in the same order, as a
 * spread, made by a constructor (V8 pretenured the literal this was, though
 * most decisions die with their instruction: @fzy/lir records.ts).
 */
function withRule(d: Omit<Decision, "rule">, id: string): Decision {
  return new DecisionRecord(d.policy, d.form, d.reason, id);
}

const DecisionRecord = record(function (this: { -readonly [K in keyof Decision]: Decision[K] }, policy: Decision["policy"], form: Decision["form"], reason: string, rule: string) {
  this.policy = policy; this.form = form; this.reason = reason; this.rule = rule;
});

/** Representative inputs: every kind, escape and mode, with each fact set and unset. */
export function sampleInputs(): MatrixInput[] {
  const out: MatrixInput[] = [];
  const matches = [{ cases: 6, span: 7n }, { cases: 6, span: 1000n }, { cases: 2, span: 2n }, { cases: 1, span: 2n }];
  for (const kind of Object.keys(FAMILY) as DataKind[]) {
    for (const escape of ["none", "calls", "memory", "import"] as Escape[]) {
      for (const mode of ["off", "on", "force"] as Mode[]) {
        for (let flags = 0; flags < 64; flags++) {
          for (const bytes of [16, STACK_ARRAY_MAX_BYTES * 16]) {
            for (const m of matches) {
              out.push({
                kind, mode, escape, enabled: (flags & 1) === 0, mutability: flags & 2 ? "mutated" : "immutable",
                constant: (flags & 4) !== 0, insts: flags & 8 ? (bytes === 16 ? 200 : 100_000) : 10, proven: (flags & 16) !== 0, groupable: (flags & 32) !== 0, refs: (flags & 2) !== 0, ownedKeys: (flags & 4) !== 0, operations: flags & 8 ? 1000 : 4, trips: flags & 16 ? 100 : 4,
                bytes, frame: flags & 32 ? FRAME_MAX_BYTES : 0, recursive: (flags & 16) !== 0, sparseSwitch: (flags & 8) !== 0, ...m,
              });
            }
          }
        }
      }
    }
  }
  return out;
}

/** The matrix as a markdown table (the README shows exactly this). */
export function matrixMarkdown(): string {
  const outs = new Map<Rule, Set<string>>(RULES.map((r) => [r, new Set()]));
  for (const i of sampleInputs()) {
    const first = RULES.find((x) => x.test(i))!;
    const dd = first.decide(i);
    outs.get(first)!.add(`${dd.policy} ${dd.form}`);
  }
  const lines = ["| # | rule | when | decision (policy form) | reason |", "|---:|---|---|---|---|"];
  RULES.forEach((r, n) => {
    const reasonSample = r.reason ?? r.decide({
      kind: "fixed-array", mode: "on", enabled: true, escape: "calls", mutability: "immutable", constant: true,
      insts: 10, proven: true, groupable: true,
    }).reason;
    lines.push(`| ${n + 1} | ${r.id} | ${r.when} | ${[...outs.get(r)!].sort().join(", ")} | ${reasonSample} |`);
  });
  return lines.join("\n");
}

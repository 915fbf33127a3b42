/**
 * THE eligibility matrix: the one place that decides, for every piece of data
 * and every dispatch, whether it is lowered directly to memory (policy A),
 * through the runtime (policy B), or on the determinism-first path (policy C).
 * Both backends lower what this decides; no pass re-derives an answer.
 *
 * The matrix is an ordered list of rules; the first rule whose conditions hold
 * gives the decision and its reason. `matrixMarkdown()` renders the rules as
 * the table in packages/passes/README.md, and a test keeps the two equal.
 */

/** What is being decided about. */
export type DataKind =
  | "fixed-array"      // [T; N] whose elements have a fixed-size scalar or view layout
  | "dynamic-array"    // [T]
  | "struct"
  | "enum"             // payload-less enum values
  | "payload-enum"     // enums with at least one payload
  | "string"           // str values: literals and temporaries
  | "match"            // a switch terminator
  | "bounds-check"     // an array index check
  | "call";            // a call to a small module function (inlining)

/** How a value leaves the function that creates it. */
export type Escape =
  | "none"    // used only by instructions of its own function
  | "calls"   // passed to or returned from module functions (by value, as a view)
  | "memory"  // stored into a runtime object, a variable of aggregate type, or made opaque
  | "import"; // crosses an import (host) boundary

export type Mutability = "immutable" | "mutated";

/** The fast-path families that can be switched off one by one. */
export type FastPath = "arrays" | "bounds" | "enums" | "structs" | "strings" | "inline" | "strength";
export const FAST_PATHS: readonly FastPath[] = ["arrays", "bounds", "enums", "structs", "strings", "inline", "strength"];

export type Mode = "off" | "on" | "force";

/** What a backend can spell directly; the shared lowering adapts to it. */
export interface BackendCaps {
  readonly name: "cranelift" | "llvm";
  /** A dense jump table (br_table / switch). */
  readonly jumpTables: boolean;
}

export const CRANELIFT_CAPS: BackendCaps = { name: "cranelift", jumpTables: true };
export const LLVM_CAPS: BackendCaps = { name: "llvm", jumpTables: true };

export interface MatrixInput {
  readonly kind: DataKind;
  readonly mode: Mode;
  /** The fast-path family of this kind is enabled in the options. */
  readonly enabled: boolean;
  readonly escape: Escape;
  readonly mutability: Mutability;
  /** Every element / the value is a compile-time constant. */
  readonly constant: boolean;
  /** The fast path pays off here (size limits, arm counts); `force` ignores it. */
  readonly profitable: boolean;
  /** For matches: the case values are dense enough for a table. */
  readonly dense?: boolean;
  /** For bounds checks: range analysis proves the index in bounds. */
  readonly proven?: boolean;
  /** For bounds checks: the check can be merged with its neighbours without reordering effects. */
  readonly groupable?: boolean;
  readonly caps: BackendCaps;
}

export type Policy = "A" | "B" | "C";

/** The concrete shape chosen, named for the report. */
export type Form =
  | "static-data" | "stack-slot" | "handle" | "scalars" | "heap-cell" | "discriminant"
  | "view" | "interned" | "lookup-table" | "jump-table" | "branch-tree" | "compare-chain"
  | "elided" | "grouped-check" | "strict-check" | "inlined" | "call";

export interface Decision {
  readonly policy: Policy;
  readonly form: Form;
  readonly reason: string;
}

interface Rule {
  /** Conditions as shown in the README table. */
  readonly when: string;
  readonly test: (i: MatrixInput) => boolean;
  readonly decide: (i: MatrixInput) => Decision;
  /** The reason as the README states it, where it depends on the input. */
  readonly reason?: string;
}

const FAMILY: Record<DataKind, FastPath> = {
  "fixed-array": "arrays", "dynamic-array": "arrays", "struct": "structs", "enum": "enums",
  "payload-enum": "enums", "string": "strings", "match": "enums", "bounds-check": "bounds", "call": "inline",
};

/** The fast-path family that switches a kind's fast path off. */
export function familyOf(kind: DataKind): FastPath {
  return FAMILY[kind];
}

/** The legacy (runtime-handle) shape of each kind. */
function legacy(kind: DataKind): Form {
  switch (kind) {
    case "fixed-array": case "dynamic-array": return "handle";
    case "struct": case "payload-enum": return "heap-cell";
    case "enum": return "discriminant";
    case "string": return "interned";
    case "match": return "compare-chain";
    case "bounds-check": return "strict-check";
    case "call": return "call";
  }
}

const d = (policy: Policy, form: Form, reason: string): Decision => ({ policy, form, reason });

/** The matrix, in priority order. */
export const RULES: readonly Rule[] = [
  {
    when: "mode off",
    test: (i) => i.mode === "off",
    decide: (i) => d(i.kind === "bounds-check" || i.kind === "call" ? "C" : "B", legacy(i.kind), "fast paths off: the legacy runtime-handle shape"),
  },
  {
    when: "fast path of the kind's family switched off",
    test: (i) => !i.enabled,
    decide: (i) => d(i.kind === "bounds-check" || i.kind === "call" ? "C" : "B", legacy(i.kind), `fast path ${familyOf(i.kind)} switched off`),
    reason: "fast path FAMILY switched off",
  },
  {
    when: "dynamic array",
    test: (i) => i.kind === "dynamic-array",
    decide: () => d("B", "handle", "dynamic arrays grow: runtime handle"),
  },
  {
    when: "enum with payloads",
    test: (i) => i.kind === "payload-enum",
    decide: () => d("B", "heap-cell", "payload enums are boxed in one cell"),
  },
  {
    when: "fixed array or struct that escapes",
    test: (i) => (i.kind === "fixed-array" || i.kind === "struct") && i.escape !== "none",
    decide: (i) => d("B", i.kind === "struct" ? "heap-cell" : "handle", `escapes (${i.escape}): needs a stable runtime object`),
    reason: "escapes (calls, memory or import): needs a stable runtime object",
  },
  {
    when: "string stored into runtime memory or crossing an import",
    test: (i) => i.kind === "string" && (i.escape === "memory" || i.escape === "import"),
    decide: (i) => d("B", "interned", `escapes into ${i.escape === "import" ? "an import" : "a runtime object"}: interned at that boundary`),
    reason: "escapes into a runtime object or an import: interned at that boundary",
  },
  {
    when: "local fixed array, not profitable, mode on",
    test: (i) => i.kind === "fixed-array" && !i.profitable && i.mode === "on",
    decide: () => d("B", "handle", "too large for a stack slot in mode on"),
  },
  {
    when: "local fixed array, constant, never written",
    test: (i) => i.kind === "fixed-array" && i.constant && i.mutability === "immutable",
    decide: () => d("A", "static-data", "constant and read-only: static data, one load per element"),
  },
  {
    when: "local fixed array",
    test: (i) => i.kind === "fixed-array",
    decide: () => d("A", "stack-slot", "local and non-escaping: contiguous stack slot"),
  },
  {
    when: "local struct",
    test: (i) => i.kind === "struct",
    decide: () => d("A", "scalars", "local and non-escaping: split into scalars"),
  },
  {
    when: "payload-less enum",
    test: (i) => i.kind === "enum",
    decide: () => d("A", "discriminant", "compact discriminant 0..n-1"),
  },
  {
    when: "string (local or passed as a view)",
    test: (i) => i.kind === "string",
    decide: () => d("A", "view", "(pointer, length) view; temporaries in stack or arena buffers, never interned"),
  },
  {
    when: "match whose arms only select constants, dense",
    test: (i) => i.kind === "match" && i.constant && i.dense === true && (i.profitable || i.mode === "force"),
    decide: () => d("A", "lookup-table", "arms only select constants: one load from a constant table, no branch"),
  },
  {
    when: "match, dense",
    test: (i) => i.kind === "match" && i.dense === true && i.caps.jumpTables && (i.profitable || i.mode === "force"),
    decide: () => d("A", "jump-table", "dense case values: jump table"),
  },
  {
    when: "match, sparse",
    test: (i) => i.kind === "match" && (i.profitable || i.mode === "force"),
    decide: () => d("A", "branch-tree", "sparse case values: balanced branch tree"),
  },
  {
    when: "match with few arms",
    test: (i) => i.kind === "match",
    decide: () => d("A", "compare-chain", "three arms or fewer: a short chain is cheapest"),
  },
  {
    when: "bounds check proven by range analysis",
    test: (i) => i.kind === "bounds-check" && i.proven === true,
    decide: () => d("A", "elided", "index proven in bounds"),
  },
  {
    when: "bounds check in a window of constant offsets",
    test: (i) => i.kind === "bounds-check" && i.groupable === true,
    decide: () => d("A", "grouped-check", "one check covers the window; exact report on the cold path"),
  },
  {
    when: "bounds check",
    test: (i) => i.kind === "bounds-check",
    decide: () => d("C", "strict-check", "not proven: strict check, cold panic path"),
  },
  {
    when: "call of a small function",
    test: (i) => i.kind === "call" && (i.profitable || i.mode === "force"),
    decide: () => d("A", "inlined", "small, non-recursive: inlined"),
  },
  {
    when: "call",
    test: (i) => i.kind === "call",
    decide: () => d("C", "call", "too large or recursive: kept as a call"),
  },
];

/** Ask the matrix. */
export function decide(input: MatrixInput): Decision {
  for (const r of RULES) if (r.test(input)) return r.decide(input);
  throw new Error(`eligibility matrix has no rule for ${input.kind}`);
}

/** The matrix as a markdown table (the README shows exactly this). */
export function matrixMarkdown(): string {
  const sample = (r: Rule): string => {
    // Render each rule's decision on a representative input of its own kind.
    const kinds: DataKind[] = ["fixed-array", "dynamic-array", "struct", "enum", "payload-enum", "string", "match", "bounds-check", "call"];
    const outs = new Set<string>();
    for (const kind of kinds) {
      for (const escape of ["none", "calls", "memory", "import"] as Escape[]) {
        for (const mode of ["off", "on", "force"] as Mode[]) {
          for (const flags of [0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 31]) {
            const i: MatrixInput = {
              kind, mode, enabled: (flags & 16) === 0, escape, mutability: flags & 1 ? "mutated" : "immutable",
              constant: (flags & 2) !== 0, profitable: (flags & 4) === 0, dense: (flags & 8) === 0,
              proven: (flags & 1) !== 0, groupable: (flags & 2) !== 0, caps: flags & 4 ? CRANELIFT_CAPS : LLVM_CAPS,
            };
            const first = RULES.find((x) => x.test(i));
            if (first === r) {
              const dd = r.decide(i);
              outs.add(`${dd.policy} ${dd.form}`);
            }
          }
        }
      }
    }
    return [...outs].sort().join(", ");
  };
  const lines = ["| # | when | decision (policy form) | reason |", "|---:|---|---|---|"];
  RULES.forEach((r, n) => {
    const reasonSample = r.reason ?? r.decide({
      kind: "fixed-array", mode: "on", enabled: true, escape: "calls", mutability: "immutable", constant: true,
      profitable: true, dense: true, proven: true, groupable: true, caps: LLVM_CAPS,
    }).reason;
    lines.push(`| ${n + 1} | ${r.when} | ${sample(r)} | ${reasonSample} |`);
  });
  return lines.join("\n");
}

/**
 * The vocabulary of the eligibility matrix (eligibility.ts): what is decided
 * about (kinds, escapes, modes, the fast-path families), the facts a question
 * carries, and the decision it gets. Data only; eligibility.ts re-exports it.
 */
import type { MapFacts } from "./eligibility-maps.js";

/** What is being decided about. */
export type DataKind =
  | "fixed-array"      // [T; N] whose elements have a fixed-size scalar or view layout
  | "dynamic-array"    // [T]
  | "struct"
  | "enum"             // payload-less enum values
  | "payload-enum"     // enums with at least one payload
  | "string"           // str values: literals and temporaries
  | "string-buffer"    // the buffer of a new string (concat, replace, a copy) at one site, with the strings fast path
  | "match"            // a switch terminator
  | "bounds-check"     // an array index check
  | "call"             // a call to a small module function (inlining)
  | "division"         // a signed division or remainder (strength reduction)
  | "literal-set"      // a chain of equality tests of one string against literals
  | "literal-compare"  // a string view compared with one literal needle (eq, starts/ends_with, contains)
  | "function-values"  // a lowered function's values: constants, copies, equal pure operations, dead values
  | "branch-join"      // a branch (after folding) whose arms only pass constants to one join block
  | "literal-bytes"    // the bytes of a known-length literal compared with memory
  | "byte-map"         // a single-byte replace copied from one buffer to another
  | "map"              // a map {K: V} (an allocation site: map.new)
  | "string-op"        // str.slice / byte_at / find on a view; `constant`: nothing unknown to inline, or a literal needle
  | "loop-invariant"   // the instructions of a loop whose operands are defined outside it (optimize-licm.ts)
  | "map-key-hash"     // the hash of a str key of an inline map, for the map operations of one block after the first (map-hash-memo.ts)
  | "map-get-set"      // a map.get followed by a map.set of the same key on the same map in one block (map-slot-reuse.ts)
  | "counted-loop";    // an innermost loop of a constant trip count, counter stepped by 1, no call (optimize-unroll.ts)

/** How a value leaves the function that creates it. */
export type Escape =
  | "none"    // used only by instructions of its own function
  | "calls"   // passed to or returned from module functions (by value, as a view)
  | "memory"  // stored into a runtime object, a variable of aggregate type, or made opaque
  | "import"; // crosses an import (host) boundary

export type Mutability = "immutable" | "mutated";

/** The fast-path families that can be switched off one by one. */
export type FastPath = "arrays" | "bounds" | "enums" | "structs" | "strings" | "inline" | "strength" | "fold" | "compose" | "widen" | "maps" | "strops" | "licm" | "maphash" | "mapslot" | "unroll";
export const FAST_PATHS: readonly FastPath[] = ["arrays", "bounds", "enums", "structs", "strings", "inline", "strength", "fold", "compose", "widen", "maps", "strops", "licm", "maphash", "mapslot", "unroll"];

export type Mode = "off" | "on" | "force";

export interface MatrixInput extends MapFacts {
  readonly kind: DataKind;
  readonly mode: Mode;
  /** The fast-path family of this kind is enabled in the options. */
  readonly enabled: boolean;
  readonly escape: Escape;
  readonly mutability: Mutability;
  /**
   * Every element / the value is a compile-time constant. For matches: every
   * arm only selects a constant (a lookup table can replace the branch). For
   * divisions: the divisor is a positive constant.
   */
  readonly constant: boolean;
  /** For calls of a non-recursive callee: its size in instructions plus terminators. */
  readonly insts?: number;
  /** For fixed arrays and string buffers: the size in bytes. */
  readonly bytes?: number;
  /** For fixed arrays and string buffers: the bytes of the stack slots the function has been given already. */
  readonly frame?: number;
  /** For fixed arrays and string buffers: the function may call itself, directly or through others. */
  readonly recursive?: boolean;
  /** For matches: the distinct case values besides the default, and their span (max - min + 1). For literal sets: the tests. */
  readonly cases?: number;
  readonly span?: bigint;
  /** For bounds checks: range analysis proves the index in bounds. For divisions: the dividend is proven non-negative. */
  readonly proven?: boolean;
  /** For bounds checks: the check can be merged with its neighbours without reordering effects. */
  readonly groupable?: boolean;
  /** For counted loops: the trip count (insts: the body's instructions plus terminators). */
  readonly trips?: number;
  /** For matches: the backend spells a multi-way branch on sparse values (BackendCapabilities.sparseSwitch). */
  readonly sparseSwitch?: boolean;
}

export type Policy = "A" | "B" | "C";

/** The concrete shape chosen, named for the report. */
export type Form =
  | "static-data" | "stack-slot" | "arena" | "handle" | "scalars" | "heap-cell" | "discriminant"
  | "view" | "interned" | "lookup-table" | "jump-table" | "native-switch" | "branch-tree" | "compare-chain"
  | "elided" | "grouped-check" | "strict-check" | "inlined" | "call" | "unsigned-division" | "signed-division"
  | "length-dispatch" | "inline-compare" | "helper-call"
  | "folded" | "as-emitted" | "select" | "branch" | "wide-loads" | "byte-loads" | "inline-table" | "hoisted"
  | "hash-reused" | "hash-per-operation" | "slot-reused" | "probe-per-operation" | "unrolled";

export interface Decision {
  readonly policy: Policy;
  readonly form: Form;
  readonly reason: string;
  /** The id of the rule that made the decision (RULES). */
  readonly rule: string;
}

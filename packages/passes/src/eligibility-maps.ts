/**
 * The matrix rules of maps (SPEC.md "Maps"; lowered by lower-maps.ts), the
 * last rules of eligibility.RULES. Both decisions are one runtime object
 * (runtime-c map.c): policy A walks it with inline code, policy B through
 * locked calls. A map is an allocation site (`map.new`); its facts are how
 * it escapes, whether its values are counted references and whether it
 * stores str keys made at run time (both of which only the runtime map
 * releases).
 */

import { MAP_INLINE_MAX_OPERATIONS } from "./eligibility-thresholds.js";

/** The facts only maps have (part of eligibility.MatrixInput). */
export interface MapFacts {
  /** The values are counted references: the map must own and release them. */
  readonly refs?: boolean;
  /** Str keys made at run time are stored (not only literals): the map must own copies of them. */
  readonly ownedKeys?: boolean;
  /** The map operations on the map in its function (a local map is used by nothing else). */
  readonly operations?: number;
}

/**
 * The facts these rules read, typed here rather than imported so the matrix
 * can import the rules without an import cycle; a rule of this shape is an
 * eligibility.Rule (the compiler checks where RULES spreads them).
 */
interface MapInput extends MapFacts {
  readonly kind: string;
  readonly escape: string;
}

export const MAP_RULES = [
  {
    id: "map-escaping", kinds: ["map"] as const, when: "map that escapes",
    test: (i: MapInput) => i.kind === "map" && i.escape !== "none",
    decide: (i: MapInput) => ({ policy: "B" as const, form: "handle" as const, reason: `escapes (${i.escape}): a runtime map handle, every operation a locked call` }),
    reason: "escapes (calls, memory or import): a runtime map handle, every operation a locked call",
  },
  {
    id: "map-counted", kinds: ["map"] as const, when: "local map whose values are counted references",
    test: (i: MapInput) => i.kind === "map" && i.refs === true,
    decide: () => ({ policy: "B" as const, form: "handle" as const, reason: "counted values: the runtime map owns and releases them" }),
  },
  {
    id: "map-owned-keys", kinds: ["map"] as const, when: "local map storing str keys that are not literals",
    test: (i: MapInput) => i.kind === "map" && i.ownedKeys === true,
    decide: () => ({ policy: "B" as const, form: "handle" as const, reason: "str keys made at run time: the runtime map keeps counted copies and releases them (an inline table would intern each one for good)" }),
  },
  {
    id: "map-many-operations", kinds: ["map"] as const, when: `local map with more than ${MAP_INLINE_MAX_OPERATIONS} operations`,
    test: (i: MapInput) => i.kind === "map" && (i.operations ?? 0) > MAP_INLINE_MAX_OPERATIONS,
    decide: () => ({ policy: "B" as const, form: "handle" as const, reason: `more than ${MAP_INLINE_MAX_OPERATIONS} operations: inline probes (some 35 instructions each) would swell the function: a runtime map handle, every operation a locked call` }),
  },
  {
    id: "map-local", kinds: ["map"] as const, when: "local map",
    test: (i: MapInput) => i.kind === "map",
    decide: () => ({ policy: "A" as const, form: "inline-table" as const, reason: "local and non-escaping: inline open-addressing table, hashed and probed without calls (growth and removal call the runtime)" }),
  },
  {
    id: "map-hash-reuse", kinds: ["map-key-hash"] as const, when: "str key of an inline map, hashed by an earlier map operation of the same block",
    test: (i: MapInput) => i.kind === "map-key-hash",
    decide: () => ({ policy: "A" as const, form: "hash-reused" as const, reason: "one key value, one hash (no seed, immutable bytes): hashed once per block, not once per operation" }),
  },
  {
    id: "map-slot-reuse", kinds: ["map-get-set"] as const, when: "map.set after a map.get of the same key on the same inline map, in one block, no write to the map or call between",
    test: (i: MapInput) => i.kind === "map-get-set",
    decide: () => ({ policy: "A" as const, form: "slot-reused" as const, reason: "the key is where the get found it (growth keeps positions): the set writes there without probing again" }),
  },
];

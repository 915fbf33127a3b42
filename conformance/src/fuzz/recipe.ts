/**
 * Recipes: a generated case as plain data, a tree of statements whose
 * operands are *picks* (non-negative numbers) rather than values. The emitter
 * resolves a pick against the values of the needed type that are in scope
 * (pick modulo their count) and materializes a value when there is none, so
 * every recipe, and every sub-recipe the shrinker cuts out of it, emits a
 * well-typed, verifiable function. Types are keys of the catalogue.
 */
import type { StrExtraStmt } from "./gen-strings.js";

import type { MapStmt } from "./gen-maps.js";

export type Pick = number;

/**
 * How an array index is formed: as drawn, reduced modulo the length, the
 * innermost loop counter (plus an offset), a constant, or the array's length
 * plus d (d = -1 is the last element, 0 one past it): the edges where a
 * wrong bounds proof shows.
 */
export type IdxMode =
  | { readonly k: "raw" } | { readonly k: "mod" } | { readonly k: "loop"; readonly off: number } | { readonly k: "const"; readonly v: number }
  | { readonly k: "edge"; readonly d: number };

/**
 * A division's boundary shape: the dividend masked to 0..mask and shifted by
 * `shift` (a proven range starting at 0 or at -1), the divisor a constant
 * (MIN, -1, 0, small and large positives) instead of a drawn value.
 */
export interface DivShape {
  readonly mask: number | null;
  readonly shift: number;
  readonly divisor: bigint | null;
}

/** How a loop compares its counter with its count: i < count, i <= count (one more trip) or i != count. */
export type LoopCc = "slt" | "sle" | "ne";

export type BinOp = "add" | "sub" | "mul" | "and" | "or" | "xor" | "shl" | "lshr" | "ashr" | "sdiv" | "srem" | "udiv" | "urem" | "fadd" | "fsub" | "fmul" | "fdiv";
export type StrOp = "trim" | "replace" | "concat" | "contains" | "starts_with" | "ends_with" | "eq" | "len";
export type ConvOp = "sext" | "zext" | "trunc" | "sitofp" | "fptosi";

export type Stmt =
  | { readonly k: "const"; readonly t: string; readonly v: bigint | boolean | number }
  | { readonly k: "bin"; readonly op: BinOp; readonly t: string; readonly a: Pick; readonly b: Pick; readonly guard: boolean; readonly div?: DivShape }
  | { readonly k: "un"; readonly op: "not" | "neg"; readonly t: string; readonly a: Pick }
  | { readonly k: "cmp"; readonly cc: string; readonly t: string; readonly a: Pick; readonly b: Pick }
  | { readonly k: "select"; readonly t: string; readonly c: Pick; readonly a: Pick; readonly b: Pick }
  | { readonly k: "conv"; readonly op: ConvOp; readonly from: string; readonly to: string; readonly a: Pick }
  | { readonly k: "opaque"; readonly t: string; readonly a: Pick }
  /** A number operation (gen-numbers.ts): float and integer operations, checked arithmetic, overflow flags, f32, conversions; `f` is the float type (default f64). */
  | { readonly k: "num"; readonly op: string; readonly t: string; readonly a: Pick; readonly b: Pick; readonly f?: "f32" | "f64" }
  | { readonly k: "slit"; readonly s: string }
  | { readonly k: "sop"; readonly op: StrOp; readonly a: Pick; readonly b: Pick; readonly c: Pick }
  | StrExtraStmt
  | { readonly k: "anew"; readonly t: string; readonly lit: boolean; readonly picks: readonly Pick[] }
  | { readonly k: "aget"; readonly t: string; readonly a: Pick; readonly idx: IdxMode; readonly i: Pick }
  | { readonly k: "aset"; readonly t: string; readonly a: Pick; readonly idx: IdxMode; readonly i: Pick; readonly v: Pick }
  | { readonly k: "alen"; readonly t: string; readonly a: Pick }
  | { readonly k: "apush"; readonly t: string; readonly a: Pick; readonly v: Pick }
  /** The rolling window a[off], a[off+1], a[off+2], a[off+3] with off = i & mask. */
  | { readonly k: "window"; readonly t: string; readonly a: Pick; readonly i: Pick; readonly mask: number }
  | { readonly k: "snew"; readonly s: string; readonly picks: readonly Pick[] }
  | { readonly k: "sget"; readonly s: string; readonly a: Pick; readonly field: number }
  | { readonly k: "sset"; readonly s: string; readonly a: Pick; readonly field: number; readonly v: Pick }
  | { readonly k: "enew"; readonly e: string; readonly variant: number; readonly v: Pick }
  | { readonly k: "etag"; readonly e: string; readonly a: Pick }
  /** Read a payload outside a match: traps when the value is another variant. */
  | { readonly k: "epayload"; readonly e: string; readonly a: Pick; readonly variant: number }
  | { readonly k: "call"; readonly h: number; readonly picks: readonly Pick[] }
  /** acc = acc * 31 + fold(value): makes a value observable in the result. */
  | { readonly k: "mix"; readonly t: string; readonly a: Pick }
  | { readonly k: "setv"; readonly t: string; readonly a: Pick }
  | { readonly k: "getv"; readonly t: string }
  | { readonly k: "if"; readonly c: Pick; readonly then: readonly Stmt[]; readonly else: readonly Stmt[] }
  /** for i in 0..count (0..=count with cc sle); count is a constant or (pick & mask). */
  | { readonly k: "loop"; readonly count: { readonly k: "const"; readonly v: number } | { readonly k: "mask"; readonly m: number; readonly i: Pick }; readonly body: readonly Stmt[]; readonly cc?: LoopCc }
  | { readonly k: "iswitch"; readonly t: string; readonly a: Pick; readonly cases: readonly { readonly v: bigint; readonly body: readonly Stmt[] }[]; readonly dflt: readonly Stmt[] }
  | { readonly k: "ematch"; readonly e: string; readonly a: Pick; readonly arms: readonly { readonly variant: number; readonly payload: boolean; readonly body: readonly Stmt[] }[]; readonly dflt: readonly Stmt[] | null }
  /** A switch whose every arm only sets variable `v` to a constant (the lookup-table shape). */
  | { readonly k: "table"; readonly t: string; readonly a: Pick; readonly v: string; readonly cases: readonly { readonly key: bigint; readonly value: bigint }[]; readonly dflt: bigint | null }
  /** if s == LIT0 {v = 0} else if s == LIT1 {v = 1} ... (the literal-set shape). */
  | { readonly k: "strchain"; readonly a: Pick; readonly lits: readonly string[] }
  /** if c: return fold(a) mixed into acc. */
  | { readonly k: "ret"; readonly c: Pick; readonly a: Pick; readonly t: string }
  /** if c: unreachable. */
  | { readonly k: "trap"; readonly c: Pick }
  /** Read global g of the catalogue (gen-globals.ts), or write a value to mutable global g. */
  | { readonly k: "gget"; readonly g: number }
  | { readonly k: "gset"; readonly g: number; readonly a: Pick }
  /** Call helper h through a function reference (a select with a same-signature helper picked by `alt`, on bool c). */
  | { readonly k: "icall"; readonly h: number; readonly alt: number; readonly c: Pick; readonly picks: readonly Pick[] }
  /** A map and a few operations on it (gen-maps.ts). */
  | MapStmt;

export interface HelperRecipe {
  readonly params: readonly string[];
  /** Result type key, or null for a helper without result. */
  readonly result: string | null;
  readonly body: readonly Stmt[];
  /** Which value of the result type is returned (i32 results return the accumulator). */
  readonly out: Pick;
  /** Mix the variables and the last values into the result at the end (default true; the shrinker turns it off). */
  readonly finalMix?: boolean;
}

export interface CaseRecipe {
  readonly seed: number;
  readonly helpers: readonly HelperRecipe[];
  readonly body: readonly Stmt[];
  /** Indices into the batch's input table this case is run on. */
  readonly inputs: readonly number[];
  /** As HelperRecipe.finalMix. */
  readonly finalMix?: boolean;
}

/** Child statement lists of a statement (for the shrinker and for scans). */
export function children(s: Stmt): readonly (readonly Stmt[])[] {
  switch (s.k) {
    case "if": return [s.then, s.else];
    case "loop": return [s.body];
    case "iswitch": return [...s.cases.map((c) => c.body), s.dflt];
    case "ematch": return [...s.arms.map((a) => a.body), ...(s.dflt ? [s.dflt] : [])];
    default: return [];
  }
}

/** Statements, switch cases and match arms in a tree (the size the shrinker reduces). */
export function size(body: readonly Stmt[]): number {
  let n = 0;
  for (const s of body) {
    n += 1 + (s.k === "iswitch" || s.k === "table" ? s.cases.length : s.k === "ematch" ? s.arms.length : s.k === "strchain" ? s.lits.length : 0);
    for (const c of children(s)) n += size(c);
  }
  return n;
}

export function caseSize(c: CaseRecipe): number {
  const mix = (x: { finalMix?: boolean }) => (x.finalMix === false ? 0 : 1);
  return size(c.body) + mix(c) + c.helpers.reduce((n, h) => n + 1 + mix(h) + size(h.body), 0);
}

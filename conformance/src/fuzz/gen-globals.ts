/**
 * Fuzz coverage of module globals (SPEC.md "Globals"). Every fuzz module may
 * use a fixed catalogue of globals, mutable and immutable, of each type a
 * global holds; a case reads and writes them with `gget`/`gset` statements
 * in its body and in its helpers, so a write in a helper must be seen by a
 * read after the call, and a read in a loop must see the previous trip's
 * write (a lowering or optimizer that treats a global write as pure, or folds
 * a mutable global, is caught).
 *
 * State: the interpreter keeps one set of cells across the probes it runs,
 * while every native run starts a fresh process, and a batch's combined probe
 * runs many cases in one process. So a case function first sets every
 * mutable global to its initializer; what a case computes then never depends
 * on what ran before it.
 *
 * The statements are added after a case is generated, from an Rng of their
 * own, so every other draw (and every recipe of an existing seed) is what it
 * was before globals existed; only these statements are new. Reads of the
 * array globals (immutable fixed arrays of constants, each read a new array
 * that later statements may index, write and pass like any array of its
 * type) come from a second Rng of their own, for the same reason, and name
 * their global by an index from ARRAY_BASE on, beyond any index the scalar
 * statements draw.
 */
import type { FunctionBuilder, GlobalInit, ModuleBuilder, ValueId } from "@fzy/ir";
import { typeOf } from "./catalogue.js";
import { mix32, Rng } from "./prng.js";
import { children, type CaseRecipe, type Stmt } from "./recipe.js";

/** A global of the catalogue: its name, type key, mutability and initializer. */
export interface FuzzGlobal {
  readonly name: string;
  readonly t: string;
  readonly mutable: boolean;
  readonly init: bigint | boolean | number | string | GlobalInit;
}

/** The catalogue: one mutable global per scalar type, immutable ones with edge values and a non-ASCII str. */
export const GLOBALS: readonly FuzzGlobal[] = [
  { name: "g_i8", t: "i8", mutable: true, init: -100n },
  { name: "g_i16", t: "i16", mutable: true, init: 30000n },
  { name: "g_i32", t: "i32", mutable: true, init: -2147483000n },
  { name: "g_i64", t: "i64", mutable: true, init: 9223372036854775000n },
  { name: "g_bool", t: "bool", mutable: true, init: true },
  { name: "g_f64", t: "f64", mutable: true, init: -2.5 },
  { name: "k_i8", t: "i8", mutable: false, init: -128n },
  { name: "k_i32", t: "i32", mutable: false, init: 2147483647n },
  { name: "k_i64", t: "i64", mutable: false, init: -9223372036854775808n },
  { name: "k_bool", t: "bool", mutable: false, init: false },
  { name: "k_f64", t: "f64", mutable: false, init: 0.1 },
  { name: "k_str", t: "str", mutable: false, init: "é ok" },
];

const ints = (...v: number[]): GlobalInit => ({ kind: "array", elems: v.map((x) => ({ kind: "int", value: BigInt(x) })) });

/** The array globals, of array types the generator already uses (catalogue.ts FIXED_ARRAYS), with edge values. */
export const ARRAY_GLOBALS: readonly FuzzGlobal[] = [
  { name: "k_a32", t: "[i32; 4]", mutable: false, init: ints(-2147483648, 7, 0, 2147483647) },
  { name: "k_a8", t: "[i8; 5]", mutable: false, init: ints(255, -128, 127, 1, 0) },
  { name: "k_a64", t: "[i64; 4]", mutable: false, init: ints(-1, 4294967296, -4294967297, 3) },
  { name: "k_abool", t: "[bool; 3]", mutable: false, init: { kind: "array", elems: [true, false, true].map((value) => ({ kind: "bool", value })) } },
];

/** A `gget` of ARRAY_GLOBALS[k] names global ARRAY_BASE + k. */
const ARRAY_BASE = 1000;

const MUTABLE = GLOBALS.filter((g) => g.mutable);

/** Declare the catalogue's globals (only those in `only`, when given). */
export function declareGlobals(mb: ModuleBuilder, only?: ReadonlySet<string>): void {
  for (const g of [...GLOBALS, ...ARRAY_GLOBALS]) if (!only || only.has(g.name)) mb.global(g.name, typeOf(g.t), g.init, { mutable: g.mutable });
}

/** Global names a case's statements use (body and helpers). */
export function globalsUsed(c: CaseRecipe): Set<string> {
  const out = new Set<string>();
  const scan = (body: readonly Stmt[]): void => {
    for (const s of body) {
      if (s.k === "gget" || s.k === "gset") out.add(globalOf(s).name);
      for (const ch of children(s)) scan(ch);
    }
  };
  scan(c.body);
  for (const h of c.helpers) scan(h.body);
  return out;
}

/** At a case function's entry: every mutable global the case uses back to its initializer. */
export function resetGlobals(fb: FunctionBuilder, used: ReadonlySet<string>): void {
  for (const g of MUTABLE) {
    if (!used.has(g.name)) continue;
    const t = typeOf(g.t);
    const v = typeof g.init === "boolean" ? fb.bconst(g.init) : t.kind === "f64" ? fb.fconst(g.init as number) : fb.iconst(t, g.init as bigint);
    fb.globalSet(g.name, v);
  }
}

/** The global a `gget`/`gset` names, and for `gset` whether it can be written. */
export function globalOf(s: Extract<Stmt, { k: "gget" | "gset" }>): FuzzGlobal {
  if (s.k === "gset") return MUTABLE[s.g % MUTABLE.length]!;
  if (s.g >= ARRAY_BASE) return ARRAY_GLOBALS[(s.g - ARRAY_BASE) % ARRAY_GLOBALS.length]!;
  return GLOBALS[s.g % GLOBALS.length]!;
}

/** Emit `gget` (the value joins the scope) or `gset` (of a value of the global's type). */
export function emitGlobalStmt(fb: FunctionBuilder, s: Extract<Stmt, { k: "gget" | "gset" }>, val: (t: string) => ValueId, add: (t: string, v: ValueId) => void): void {
  const g = globalOf(s);
  if (s.k === "gget") add(g.t, fb.globalGet(g.name));
  else fb.globalSet(g.name, val(g.t));
}

/** The case with global reads and writes added at random places (see the file header). */
export function addGlobalStmts(c: CaseRecipe): CaseRecipe {
  return addArrayGlobalReads(addScalarGlobalStmts(c));
}

/** Reads of array globals at the start of the case body (see the file header). */
function addArrayGlobalReads(c: CaseRecipe): CaseRecipe {
  const r = new Rng(mix32(c.seed ^ 0x61a7));
  if (!r.chance(0.3)) return c;
  const reads: Stmt[] = Array.from({ length: 1 + r.below(2) }, () => ({ k: "gget", g: ARRAY_BASE + r.below(ARRAY_GLOBALS.length) }));
  return { ...c, body: [...reads, ...c.body] };
}

function addScalarGlobalStmts(c: CaseRecipe): CaseRecipe {
  const r = new Rng(mix32(c.seed ^ 0x610b));
  if (!r.chance(0.35)) return c;
  const sprinkle = (body: readonly Stmt[], depth: number): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of body) {
      if (r.chance(0.15)) out.push(globalStmt(r));
      out.push(withChildren(s, (ch) => sprinkle(ch, depth + 1)));
    }
    if (depth === 0 || r.chance(0.3)) out.push(globalStmt(r));
    return out;
  };
  return { ...c, body: sprinkle(c.body, 0), helpers: c.helpers.map((h) => ({ ...h, body: sprinkle(h.body, 1) })) };
}

function globalStmt(r: Rng): Stmt {
  return r.chance(0.5) ? { k: "gget", g: r.below(GLOBALS.length) } : { k: "gset", g: r.below(MUTABLE.length), a: r.below(1 << 16) };
}

/** `s` with its child lists mapped by `f`. */
function withChildren(s: Stmt, f: (body: readonly Stmt[]) => Stmt[]): Stmt {
  switch (s.k) {
    case "if": return { ...s, then: f(s.then), else: f(s.else) };
    case "loop": return { ...s, body: f(s.body) };
    case "iswitch": return { ...s, cases: s.cases.map((x) => ({ ...x, body: f(x.body) })), dflt: f(s.dflt) };
    case "ematch": return { ...s, arms: s.arms.map((a) => ({ ...a, body: f(a.body) })), dflt: s.dflt ? f(s.dflt) : null };
    default: return s;
  }
}

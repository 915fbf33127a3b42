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
 * statements draw. The mutable globals of the kinds that came later (str,
 * a fixed array, a function reference: LATER_MUTABLE) are read and written
 * by statements from a third Rng, naming them from LATER_BASE on: a str
 * written is any string in scope (a counted one, a literal, a slice), an
 * array written is any array of its type in scope (which later statements
 * may change, while the global keeps what it was given), and a function
 * global read is called at once on an i32 in scope.
 */
import { fnType, type FunctionBuilder, type GlobalInit, I32, type ModuleBuilder, type Type, type ValueId } from "@fzy/ir";
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

/** The type key of a function global: not a catalogue type, so no other statement picks its values. */
const FN_KEY = "fn(i32) -> i32";

/** The two module functions a function global refers to (declared with it), and what each computes. */
const FN_TARGETS: readonly { readonly name: string; readonly mul: number; readonly add: number }[] = [
  { name: "gfn_a", mul: 3, add: 1 },
  { name: "gfn_b", mul: -7, add: 40503 },
];

/** Mutable globals of str, fixed-array and function-reference type. */
export const LATER_MUTABLE: readonly FuzzGlobal[] = [
  { name: "g_str", t: "str", mutable: true, init: "ß start" },
  { name: "g_a32", t: "[i32; 4]", mutable: true, init: ints(5, -1, 2147483647, -2147483648) },
  { name: "g_fn", t: FN_KEY, mutable: true, init: { kind: "func", name: FN_TARGETS[0]!.name } },
];

/** A `gget`/`gset` of LATER_MUTABLE[k] names global LATER_BASE + k. */
const LATER_BASE = 2000;

const MUTABLE = GLOBALS.filter((g) => g.mutable);

const typeOfGlobal = (g: FuzzGlobal): Type => (g.t === FN_KEY ? fnType([I32], I32) : typeOf(g.t));

/** Declare the catalogue's globals (only those in `only`, when given), and the functions a function global refers to. */
export function declareGlobals(mb: ModuleBuilder, only?: ReadonlySet<string>): void {
  for (const g of [...GLOBALS, ...ARRAY_GLOBALS, ...LATER_MUTABLE]) if (!only || only.has(g.name)) mb.global(g.name, typeOfGlobal(g), g.init, { mutable: g.mutable });
  if (only && !only.has("g_fn")) return;
  for (const t of FN_TARGETS) {
    const fb = mb.function(t.name, [["x", I32]], I32);
    fb.at(fb.block("entry"));
    fb.ret(fb.add(fb.mul(fb.param(0), fb.iconst(I32, t.mul)), fb.iconst(I32, t.add)));
  }
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
  for (const g of [...MUTABLE, ...LATER_MUTABLE]) {
    if (used.has(g.name)) fb.globalSet(g.name, initialValue(fb, g));
  }
}

/** A value of mutable global `g`'s initializer. */
function initialValue(fb: FunctionBuilder, g: FuzzGlobal): ValueId {
  const init = g.init;
  if (typeof init === "object") {
    if (init.kind === "func") return fb.funcRef(init.name);
    if (init.kind === "array") {
      const t = typeOf(g.t) as Extract<Type, { kind: "array" }>;
      return fb.arrayLit(t, init.elems.map((x) => fb.iconst(t.elem, (x as { value: bigint }).value)));
    }
  }
  if (typeof init === "string") return fb.str(init);
  const t = typeOf(g.t);
  return typeof init === "boolean" ? fb.bconst(init) : t.kind === "f64" ? fb.fconst(init as number) : fb.iconst(t, init as bigint);
}

/** The global a `gget`/`gset` names, and for `gset` whether it can be written. */
export function globalOf(s: Extract<Stmt, { k: "gget" | "gset" }>): FuzzGlobal {
  if (s.g >= LATER_BASE) return LATER_MUTABLE[(s.g - LATER_BASE) % LATER_MUTABLE.length]!;
  if (s.k === "gset") return MUTABLE[s.g % MUTABLE.length]!;
  if (s.g >= ARRAY_BASE) return ARRAY_GLOBALS[(s.g - ARRAY_BASE) % ARRAY_GLOBALS.length]!;
  return GLOBALS[s.g % GLOBALS.length]!;
}

/** Emit `gget` (the value joins the scope) or `gset` (of a value of the global's type). */
export function emitGlobalStmt(fb: FunctionBuilder, s: Extract<Stmt, { k: "gget" | "gset" }>, val: (t: string) => ValueId, add: (t: string, v: ValueId) => void): void {
  const g = globalOf(s);
  if (g.t === FN_KEY) {
    // A function global: a read is called at once (its i32 result joins the scope), a write picks a target.
    if (s.k === "gget") add("i32", fb.callIndirect(fb.globalGet(g.name), [val("i32")])!);
    else fb.globalSet(g.name, fb.funcRef(FN_TARGETS[s.a % FN_TARGETS.length]!.name));
  } else if (s.k === "gget") add(g.t, fb.globalGet(g.name));
  else fb.globalSet(g.name, val(g.t));
}

/** The case with global reads and writes added at random places (see the file header). */
export function addGlobalStmts(c: CaseRecipe): CaseRecipe {
  return addLaterGlobalStmts(addArrayGlobalReads(addScalarGlobalStmts(c)));
}

/** Reads and writes of LATER_MUTABLE at random places (see the file header). */
function addLaterGlobalStmts(c: CaseRecipe): CaseRecipe {
  const r = new Rng(mix32(c.seed ^ 0x6c47));
  if (!r.chance(0.3)) return c;
  const stmt = (): Stmt => {
    const g = LATER_BASE + r.below(LATER_MUTABLE.length);
    return r.chance(0.5) ? { k: "gget", g } : { k: "gset", g, a: r.below(1 << 16) };
  };
  return sprinkleStmts(c, r, stmt);
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
  return sprinkleStmts(c, r, () => globalStmt(r));
}

/** `c` with statements from `stmt` placed at random in its body and helpers (each place drawn from `r`). */
function sprinkleStmts(c: CaseRecipe, r: Rng, stmt: () => Stmt): CaseRecipe {
  const sprinkle = (body: readonly Stmt[], depth: number): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of body) {
      if (r.chance(0.15)) out.push(stmt());
      out.push(withChildren(s, (ch) => sprinkle(ch, depth + 1)));
    }
    if (depth === 0 || r.chance(0.3)) out.push(stmt());
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

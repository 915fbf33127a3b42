/**
 * The random recipe generator. A case is a few helper functions and a body
 * of statements nested at most MAX_DEPTH deep, with loops nested at most
 * twice and at most 9 trips each, so every case ends quickly; what it
 * computes is drawn to hit the semantics that differ between naive
 * lowerings: wrap-around at every width, shifts by amounts around the width,
 * the division traps, indices in and out of bounds (raw, modulo the length,
 * induction variables, rolling windows), dense and sparse switches, payload
 * reads, string operations on non-ASCII text and Unicode White_Space.
 * Indices, divisors and loop bounds are biased toward the edges where a
 * wrong range proof shows: the last index and one past it, loops that run
 * to the array's length with <, <= and !=, dividends proven to start at 0
 * or -1, and constant divisors MIN, -1, 0, 1 and small positives.
 */
import {
  BITS, DYN_ARRAYS, ENUMS, enumSpec, FIXED_ARRAYS, FLOATS, INT_KEYS, interestingInts, STRINGS, STRUCTS,
} from "./catalogue.js";
import type { BinOp, CaseRecipe, DivShape, HelperRecipe, IdxMode, LoopCc, Stmt, StrOp } from "./recipe.js";
import { addIndirectCalls } from "./gen-fnrefs.js";
import { addGlobalStmts } from "./gen-globals.js";
import { numberStmt } from "./gen-numbers.js";
import { Rng } from "./prng.js";
import { mapStmt } from "./gen-maps.js";
import { strExtraStmt } from "./gen-strings.js";

const MAX_DEPTH = 3;
const INT_CCS = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"];
const FLOAT_CCS = ["eq", "ne", "lt", "le", "gt", "ge"];
const INT_BINOPS: BinOp[] = ["add", "sub", "mul", "and", "or", "xor", "shl", "lshr", "ashr", "sdiv", "srem", "udiv", "urem"];
const FLOAT_BINOPS: BinOp[] = ["fadd", "fsub", "fmul", "fdiv"];
const STR_OPS: StrOp[] = ["trim", "replace", "concat", "contains", "starts_with", "ends_with", "eq", "len"];

/** Types a scalar statement works on, weighted toward the integers. */
const SCALARS = { i8: 3, i16: 2, i32: 4, i64: 3, bool: 1, f64: 1 } as const;
/** Types a variable, a mix or a select may have. */
const VAR_TYPES = ["i8", "i16", "i32", "i64", "bool", "str", "f64", "Color", "Tok"];
const ANY_TYPES = [...VAR_TYPES, "P", "Q", "Many", ...FIXED_ARRAYS, ...DYN_ARRAYS];
const PARAM_TYPES = ["i8", "i32", "i64", "bool", "str", "Tok", "P", "[i32; 8]", "[i32]", "[str; 4]", "Color"];

interface Ctx {
  readonly depth: number;
  readonly loops: number;
  readonly helpers: number;
  readonly inHelper: boolean;
}

const pick = (r: Rng) => r.below(1 << 16);

/** One case: its helpers, its body, and which inputs (0..inputCount-1) it runs on. */
export function generateCase(seed: number, inputCount: number, inputsPerCase: number): CaseRecipe {
  const r = new Rng(seed);
  const helpers: HelperRecipe[] = [];
  const nh = r.weighted({ 0: 3, 1: 3, 2: 1 });
  for (let i = 0; i < Number(nh); i++) helpers.push(generateHelper(r));
  const body = generateBody(r, { depth: 0, loops: 0, helpers: helpers.length, inHelper: false }, r.range(4, 16));
  const inputs: number[] = [];
  while (inputs.length < Math.min(inputsPerCase, inputCount)) {
    const j = r.below(inputCount);
    if (!inputs.includes(j)) inputs.push(j);
  }
  return addIndirectCalls(addGlobalStmts({ seed, helpers, body, inputs: inputs.sort((a, b) => a - b) }));
}

function generateHelper(r: Rng): HelperRecipe {
  const params = Array.from({ length: r.range(1, 3) }, () => r.pick(PARAM_TYPES));
  const result = r.chance(0.1) ? null : r.chance(0.5) ? "i32" : r.pick(["i64", "bool", "str", "Tok", "i8", "[i32; 8]"]);
  const body = generateBody(r, { depth: 1, loops: 1, helpers: 0, inHelper: true }, r.range(2, 8));
  return { params, result, body, out: pick(r) };
}

function generateBody(r: Rng, ctx: Ctx, count: number): Stmt[] {
  const out: Stmt[] = [];
  for (let i = 0; i < count; i++) out.push(generateStmt(r, ctx));
  return out;
}

function nested(r: Rng, ctx: Ctx, loop = false): Stmt[] {
  return generateBody(r, { ...ctx, depth: ctx.depth + 1, loops: ctx.loops + (loop ? 1 : 0) }, r.range(1, 5));
}

function generateStmt(r: Rng, ctx: Ctx): Stmt {
  const compound = ctx.depth < MAX_DEPTH;
  const kind = r.weighted({
    scalar: 30, str: 8, array: 14, struct: 4, enum: 6, mix: 10, var: 8,
    call: ctx.helpers > 0 ? 4 : 0,
    if: compound ? 5 : 0, loop: compound && ctx.loops < 2 ? 5 : 0, iswitch: compound ? 3 : 0, ematch: compound ? 3 : 0, table: 2, strchain: 1.5,
    ret: ctx.inHelper ? 0 : 1, trap: 0.3, map: 3,
  });
  switch (kind) {
    case "scalar": return scalarStmt(r);
    case "str": return strStmt(r);
    case "array": return arrayStmt(r, ctx);
    case "struct": return structStmt(r);
    case "enum": return enumStmt(r);
    case "mix": return { k: "mix", t: r.pick([...VAR_TYPES, "P", "Q", "[i32; 8]", "[i32]", "Many"]), a: pick(r) };
    case "var": return r.chance(0.55) ? { k: "setv", t: r.pick(VAR_TYPES), a: pick(r) } : { k: "getv", t: r.pick(VAR_TYPES) };
    case "call": return { k: "call", h: r.below(ctx.helpers), picks: [pick(r), pick(r), pick(r)] };
    case "if": return { k: "if", c: pick(r), then: nested(r, ctx), else: r.chance(0.6) ? nested(r, ctx) : [] };
    case "loop": return loopStmt(r, ctx);
    case "iswitch": return intSwitch(r, ctx);
    case "ematch": return enumMatch(r, ctx);
    case "table": return tableSwitch(r);
    case "strchain": return { k: "strchain", a: pick(r), lits: Array.from({ length: r.range(1, 7) }, () => r.pick(STRINGS)).filter((x, i, xs) => xs.indexOf(x) === i) };
    case "ret": return { k: "ret", c: pick(r), a: pick(r), t: r.pick(VAR_TYPES) };
    case "trap": return { k: "trap", c: pick(r) };
    case "map": return mapStmt(r);
  }
  throw new Error(`unhandled statement kind ${kind}`);
}

function intConst(r: Rng, t: string): bigint {
  return r.pick(interestingInts(BITS[t as keyof typeof BITS], r.i64()));
}

function scalarStmt(r: Rng): Stmt {
  const t = r.weighted(SCALARS);
  const isF = t === "f64", isB = t === "bool";
  const k = r.weighted({ const: 5, bin: isB ? 3 : 10, un: 2, cmp: 4, select: 2, conv: 4, opaque: 1, num: 2 });
  switch (k) {
    case "const":
      return { k: "const", t, v: isF ? r.pick(FLOATS) : isB ? r.chance(0.5) : intConst(r, t) };
    case "bin": {
      const op = isF ? r.pick(FLOAT_BINOPS) : isB ? r.pick<BinOp>(["and", "or", "xor"]) : r.pick(INT_BINOPS);
      const isDiv = op === "sdiv" || op === "srem" || op === "udiv" || op === "urem";
      const div = isDiv && r.chance(0.6) ? divShape(r, t) : undefined;
      return { k: "bin", op, t, a: pick(r), b: pick(r), guard: r.chance(0.75), ...(div ? { div } : {}) };
    }
    case "un": return { k: "un", op: isB ? "not" : isF ? "neg" : r.pick(["not", "neg"] as const), t, a: pick(r) };
    case "cmp": {
      const cc = isF ? r.pick(FLOAT_CCS) : isB ? r.pick(["eq", "ne"]) : r.pick(INT_CCS);
      return { k: "cmp", cc, t, a: pick(r), b: pick(r) };
    }
    case "select": return { k: "select", t: r.chance(0.8) ? t : r.pick(ANY_TYPES), c: pick(r), a: pick(r), b: pick(r) };
    case "conv": return convStmt(r);
    case "opaque": return { k: "opaque", t: r.chance(0.7) ? t : r.pick(ANY_TYPES), a: pick(r) };
    case "num": return numberStmt(r);
  }
  throw new Error(`unhandled scalar kind ${k}`);
}

function convStmt(r: Rng): Stmt {
  const from = r.pick(["i8", "i16", "i32", "i64", "bool", "f64"]);
  if (from === "f64") return { k: "conv", op: "fptosi", from, to: r.pick(INT_KEYS), a: pick(r) };
  if (from === "bool") return { k: "conv", op: "zext", from, to: r.pick(INT_KEYS), a: pick(r) };
  if (r.chance(0.15)) return { k: "conv", op: "sitofp", from, to: "f64", a: pick(r) };
  const bits = BITS[from as keyof typeof BITS];
  const wider = INT_KEYS.filter((k) => BITS[k] > bits), narrower = INT_KEYS.filter((k) => BITS[k] < bits);
  if (narrower.length > 0 && (wider.length === 0 || r.chance(0.5))) return { k: "conv", op: "trunc", from, to: r.pick(narrower), a: pick(r) };
  return { k: "conv", op: r.chance(0.5) ? "sext" : "zext", from, to: r.pick(wider), a: pick(r) };
}

function strStmt(r: Rng): Stmt {
  if (r.chance(0.35)) return { k: "slit", s: r.pick(STRINGS) };
  if (r.chance(0.3)) return strExtraStmt(r, pick);
  return { k: "sop", op: r.pick(STR_OPS), a: pick(r), b: pick(r), c: pick(r) };
}

function idxMode(r: Rng, ctx: Ctx): IdxMode {
  const k = r.weighted({ raw: 0.6, mod: 6, loop: ctx.loops > 0 ? 4 : 0, const: 1.5, edge: 1.5 });
  if (k === "loop") return { k, off: r.pick([0, 0, 0, 0, 1, 1, 2, -1]) };
  if (k === "const") return { k, v: r.pick([0, 0, 1, 1, 2, 3, 4, 5, 7, 8, -1]) };
  // len - 1 most often (in bounds, and the edge of every proof), len and -len - 1 past it.
  if (k === "edge") return { k, d: r.pick([-1, -1, -1, 0, 0, 1, -2]) };
  return { k };
}

/**
 * Loops are biased toward the array lengths of the catalogue (3, 4, 5, 8)
 * and one past them, and sometimes compare with <= or != instead of <, so
 * the counter's proven range meets the array's last index and one past it.
 */
function loopStmt(r: Rng, ctx: Ctx): Stmt {
  const cc = r.weighted({ slt: 6, sle: 2, ne: 1.5 }) as LoopCc;
  const limit = cc === "sle" ? 7 : 8;
  const count = r.chance(0.5)
    ? { k: "const" as const, v: Math.min(limit, r.chance(0.6) ? r.pick([3, 4, 5, 8, 2, 7]) : r.range(0, 8)) }
    : { k: "mask" as const, m: r.pick([1, 3, 7]), i: pick(r) };
  const body = nested(r, ctx, true);
  return cc === "slt" ? { k: "loop", count, body } : { k: "loop", count, body, cc };
}

/** A boundary division: a dividend proven to start at 0 or -1, and/or a constant divisor on an edge. */
function divShape(r: Rng, t: string): DivShape {
  const bits = BITS[t as keyof typeof BITS];
  const min = -(1n << BigInt(bits - 1));
  const masked = r.chance(0.6);
  return {
    mask: masked ? r.pick(bits === 8 ? [1, 7, 15, 127] : [1, 7, 255, 1023]) : null,
    shift: masked ? r.pick([0, 0, -1]) : 0,
    divisor: r.chance(0.7) ? r.pick([1n, 2n, 3n, 7n, 8n, 10n, -1n, -1n, -2n, min, -min - 1n, 0n]) : null,
  };
}

function arrayStmt(r: Rng, ctx: Ctx): Stmt {
  const dyn = r.chance(0.35);
  const t = dyn ? r.pick(DYN_ARRAYS) : r.pick(FIXED_ARRAYS);
  const k = r.weighted({ anew: 3, aget: 5, aset: 3, alen: 1, apush: dyn ? 3 : 0, window: dyn ? 0 : 0.7 });
  const picks = Array.from({ length: 8 }, () => pick(r));
  switch (k) {
    case "anew": return { k, t, lit: !dyn && r.chance(0.5), picks };
    case "aget": return { k, t, a: pick(r), idx: idxMode(r, ctx), i: pick(r) };
    case "aset": return { k, t, a: pick(r), idx: idxMode(r, ctx), i: pick(r), v: pick(r) };
    case "alen": return { k, t, a: pick(r) };
    case "apush": return { k, t, a: pick(r), v: pick(r) };
    case "window": return { k, t: r.pick(["[i32; 8]", "[i8; 5]", "[i64; 4]", "[i32; 4]"]), a: pick(r), i: pick(r), mask: r.pick([1, 3, 4, 7]) };
  }
  throw new Error(`unhandled array kind ${k}`);
}

function structStmt(r: Rng): Stmt {
  const s = r.pick(STRUCTS);
  const k = r.weighted({ snew: 2, sget: 3, sset: 2 });
  const field = r.below(s.fields.length);
  if (k === "snew") return { k, s: s.name, picks: s.fields.map(() => pick(r)) };
  if (k === "sget") return { k, s: s.name, a: pick(r), field };
  return { k: "sset", s: s.name, a: pick(r), field, v: pick(r) };
}

function enumStmt(r: Rng): Stmt {
  const e = r.pick(ENUMS);
  const k = r.weighted({ enew: 4, etag: 2, epayload: e.name === "Tok" ? 0.5 : 0 });
  if (k === "enew") return { k, e: e.name, variant: r.below(e.variants.length), v: pick(r) };
  if (k === "etag") return { k, e: e.name, a: pick(r) };
  const withPayload = e.variants.map((v, i) => (v[1] ? i : -1)).filter((i) => i >= 0);
  return { k: "epayload", e: e.name, a: pick(r), variant: r.pick(withPayload) };
}

function intSwitch(r: Rng, ctx: Ctx): Stmt {
  const t = r.pick(INT_KEYS);
  const bits = BITS[t];
  const dense = r.chance(0.5);
  const n = r.range(1, dense ? 9 : 6);
  const values: bigint[] = [];
  const base = dense ? r.pick([0n, 0n, -3n, 1n, 100n, -128n]) : 0n;
  for (let tries = 0; values.length < n && tries < 50; tries++) {
    const v = BigInt.asIntN(bits, dense ? base + BigInt(values.length) : intConst(r, t));
    if (!values.some((w) => BigInt.asIntN(bits, w) === v)) values.push(v);
  }
  // Some narrow cases are spelled unsigned (255 for -1 in i8): the same value, another spelling.
  const spelled = values.map((v) => (v < 0n && bits < 64 && r.chance(0.2) ? v + (1n << BigInt(bits)) : v));
  return {
    k: "iswitch", t, a: pick(r),
    cases: spelled.map((v) => ({ v, body: r.chance(0.8) ? nested(r, ctx) : [] })),
    dflt: r.chance(0.7) ? nested(r, ctx) : [],
  };
}

function tableSwitch(r: Rng): Stmt {
  const onEnum = r.chance(0.35);
  const e = r.pick(ENUMS);
  const t = onEnum ? e.name : r.pick(INT_KEYS);
  const v = r.pick(["i8", "i16", "i32", "i64", "bool"]);
  const value = (): bigint => (v === "bool" ? BigInt(r.below(2)) : intConst(r, v));
  const keys: bigint[] = [];
  if (onEnum) {
    for (let i = 0; i < e.variants.length; i++) if (r.chance(0.8)) keys.push(BigInt(i));
  } else {
    const dense = r.chance(0.6);
    const base = dense ? r.pick([0n, 0n, 1n, -2n, 60n]) : 0n;
    for (let tries = 0; keys.length < r.range(2, 12) && tries < 40; tries++) {
      const k = BigInt.asIntN(BITS[t as keyof typeof BITS], dense ? base + BigInt(keys.length) : intConst(r, t));
      if (!keys.includes(k)) keys.push(k);
    }
  }
  const exhaustive = onEnum && keys.length === e.variants.length;
  return { k: "table", t, a: pick(r), v, cases: keys.map((key) => ({ key, value: value() })), dflt: exhaustive && r.chance(0.5) ? null : value() };
}

function enumMatch(r: Rng, ctx: Ctx): Stmt {
  const e = r.pick(ENUMS);
  const order = e.variants.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.below(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const exhaustive = r.chance(0.4);
  const count = exhaustive ? order.length : r.range(1, Math.max(1, Math.min(order.length - 1, 4)));
  const arms = order.slice(0, count).map((variant) => ({ variant, payload: enumSpec(e.name)!.variants[variant]![1] !== null && r.chance(0.8), body: nested(r, ctx) }));
  return { k: "ematch", e: e.name, a: pick(r), arms, dflt: exhaustive && r.chance(0.7) ? null : nested(r, ctx) };
}


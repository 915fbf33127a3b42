/**
 * Maps in the fuzzer (SPEC.md "Maps"): a `map` statement makes one map
 * {K: V} and runs a few operations on it, each observed in the accumulator
 * or left in scope for later statements. What it draws aims at what an
 * inline table can get wrong: many distinct keys added in a loop (growth
 * past the first capacities, probe collisions), keys removed and set again
 * (the order closing its gap), str keys that are literals or temporaries
 * (copied or interned before a temporary dies), the iteration order, and
 * key_at/value_at one past the end (the bounds trap). A third of the maps
 * pass through `opaque` (they escape: policy B handles), and values of
 * counted types (Tok, P, [i32]) make local maps runtime handles too.
 *
 * Emission goes through a narrow context the function emitter (emit.ts)
 * hands over, so picks resolve against the values in scope as everywhere.
 */
import { type FunctionBuilder, I32, mapType, STR, type ValueId } from "@fzy/ir";
import { isIntKey, STRINGS, typeOf } from "./catalogue.js";
import type { Rng } from "./prng.js";

/** A pick, as in recipe.ts: resolved against the values of a type in scope. */
type Pick = number;

export const MAP_KEYS = ["i32", "i8", "i64", "bool", "str", "Color"] as const;
export const MAP_VALUES = ["i32", "i64", "str", "bool", "f64", "Color", "Tok", "P", "[i32]"] as const;

export type MapOpRecipe =
  | { readonly op: "set"; readonly k: Pick; readonly v: Pick }
  | { readonly op: "get"; readonly k: Pick; readonly d: Pick }
  | { readonly op: "has" | "remove"; readonly k: Pick }
  | { readonly op: "len" }
  /** key_at and value_at at pick urem len, or at len itself (`edge`: the bounds trap). */
  | { readonly op: "at"; readonly i: Pick; readonly edge: boolean }
  /** for i in 0..n: m[key(i * mul + base)] = v, keys made from the counter (many distinct ones). */
  | { readonly op: "fill"; readonly n: number; readonly mul: number; readonly base: Pick; readonly v: Pick }
  /** for j in 0..len: mix key_at j and value_at j (the insertion order). */
  | { readonly op: "iter" };

export interface MapStmt {
  readonly k: "map";
  readonly key: string;
  readonly value: string;
  /** Pass the map through opaque first: it escapes, so it is a runtime handle. */
  readonly escape: boolean;
  readonly ops: readonly MapOpRecipe[];
}

const pick = (r: Rng) => r.below(1 << 16);

/** A random map statement. */
export function mapStmt(r: Rng): MapStmt {
  const ops = Array.from({ length: r.range(2, 9) }, () => mapOp(r));
  return { k: "map", key: r.pick(MAP_KEYS), value: r.pick(MAP_VALUES), escape: r.chance(0.3), ops };
}

function mapOp(r: Rng): MapOpRecipe {
  const op = r.weighted({ set: 5, get: 4, has: 2, remove: 2, len: 1, at: 1.5, fill: 2, iter: 1.5 });
  switch (op) {
    case "set": return { op, k: pick(r), v: pick(r) };
    case "get": return { op, k: pick(r), d: pick(r) };
    case "has": case "remove": return { op, k: pick(r) };
    case "at": return { op, i: pick(r), edge: r.chance(0.2) };
    case "fill": return { op, n: r.pick([3, 9, 17, 40]), mul: r.pick([1, 3, 7, 64, 1000]), base: pick(r), v: pick(r) };
    case "len": case "iter": return { op };
  }
  throw new Error(`unhandled map operation ${op}`);
}

/** What emitting a map statement needs from the function emitter. */
export interface MapEmitContext {
  readonly fb: FunctionBuilder;
  /** The value of type key `t` that `p` picks among those in scope (one is made when there is none). */
  val(t: string, p: Pick): ValueId;
  /** The same for a value about to be stored (a str is bounded). */
  stored(t: string, p: Pick): ValueId;
  /** A new value in scope. */
  add(t: string, v: ValueId): void;
  /** acc = acc * 31 + fold(v). */
  mix(t: string, v: ValueId): void;
  /** A fresh block-name suffix. */
  serial(): number;
}

/** Emit a map statement at the current point. */
export function emitMap(cx: MapEmitContext, s: MapStmt): void {
  const fb = cx.fb;
  const made = fb.mapNew(mapType(typeOf(s.key), typeOf(s.value)));
  const m = s.escape ? fb.opaque(made) : made;
  for (const o of s.ops) {
    switch (o.op) {
      case "set": fb.mapSet(m, cx.val(s.key, o.k), cx.stored(s.value, o.v)); break;
      case "get": cx.add(s.value, fb.mapGet(m, cx.val(s.key, o.k), cx.stored(s.value, o.d))); break;
      case "has": cx.add("bool", fb.mapHas(m, cx.val(s.key, o.k))); break;
      case "remove": fb.mapRemove(m, cx.val(s.key, o.k)); break;
      case "len": cx.mix("i32", fb.mapLen(m)); break;
      case "at": {
        const len = fb.mapLen(m);
        const i = o.edge ? len : fb.urem(cx.val("i32", o.i), fb.or(len, fb.iconst(I32, 1)));
        cx.mix(s.key, fb.mapKeyAt(m, i));
        cx.mix(s.value, fb.mapValueAt(m, i));
        break;
      }
      case "fill": {
        // Picked before the loop: a value made inside it would not dominate later uses.
        const base = cx.val("i32", o.base), v = cx.stored(s.value, o.v);
        loop(cx, fb.iconst(I32, o.n), (i) => fb.mapSet(m, keyOf(cx, s.key, fb.add(fb.mul(i, fb.iconst(I32, o.mul)), base)), v));
        break;
      }
      case "iter": loop(cx, fb.mapLen(m), (j) => {
        cx.mix(s.key, fb.mapKeyAt(m, j));
        cx.mix(s.value, fb.mapValueAt(m, j));
      }); break;
    }
  }
}

/** for i in 0..count { body(i) }, the counter in a variable as emit.ts's loops have it. */
function loop(cx: MapEmitContext, count: ValueId, body: (i: ValueId) => void): void {
  const fb = cx.fb;
  const id = cx.serial();
  const iv = fb.var(`mi${id}`, I32);
  fb.set(iv, fb.iconst(I32, 0));
  const [head, inside, exit] = [fb.block(`mhead${id}`), fb.block(`mbody${id}`), fb.block(`mexit${id}`)];
  fb.jump(head);
  fb.at(head);
  const i = fb.get(iv);
  fb.br(fb.icmp("slt", i, count), inside, exit);
  fb.at(inside);
  body(i);
  fb.set(iv, fb.add(i, fb.iconst(I32, 1)));
  fb.jump(head);
  fb.at(exit);
}

/** A key of type `t` made from the i32 x: distinct x give many distinct keys (two for bool, three for Color). */
function keyOf(cx: MapEmitContext, t: string, x: ValueId): ValueId {
  const fb = cx.fb;
  if (isIntKey(t)) return t === "i32" ? x : fb.convert(t === "i64" ? "sext" : "trunc", x, typeOf(t));
  if (t === "bool") return fb.icmp("slt", fb.and(x, fb.iconst(I32, 3)), fb.iconst(I32, 2));
  if (t === "Color") {
    const r = fb.urem(x, fb.iconst(I32, 3));
    const blue = fb.enumNew("Color", "Blue");
    return fb.select(fb.icmp("eq", r, fb.iconst(I32, 0)), fb.enumNew("Color", "Red"), fb.select(fb.icmp("eq", r, fb.iconst(I32, 1)), fb.enumNew("Color", "Green"), blue));
  }
  // str: the concatenation of two literals chosen by x: a temporary, so a stored key must be copied.
  const lits = STRINGS.slice(1, 8).map((s) => fb.str(s));
  const words = fb.arrayLit({ kind: "array", elem: STR, len: lits.length }, lits);
  const n = fb.iconst(I32, lits.length);
  return fb.strConcat(fb.arrayGet(words, fb.urem(x, n)), fb.arrayGet(words, fb.urem(fb.udiv(x, n), n)));
}

/**
 * Fuzz coverage of function references and indirect calls (SPEC.md
 * "Function references"): an `icall` statement calls one of the case's
 * helpers through `func.ref`, half the time through a `select` between two
 * references of the same signature, so the callee is a value the lowering
 * cannot see through; its arguments and result are those of a direct call.
 *
 * As with globals (gen-globals.ts), the statements are added after a case is
 * generated, from an Rng of their own, so every other draw is unchanged.
 */
import type { FunctionBuilder, ValueId } from "@fzy/ir";
import { mix32, Rng } from "./prng.js";
import type { CaseRecipe, Stmt } from "./recipe.js";

/** What an indirect call needs to know of a helper. */
export interface IndirectTarget {
  readonly name: string;
  readonly params: readonly string[];
  readonly result: string | null;
  readonly bound: number;
}

/**
 * Emit `icall`: helper `h` (modulo their count), or a select between it and
 * a helper of the same signature; returns nothing (the result joins the scope through `add`).
 */
export function emitIndirectCall(
  fb: FunctionBuilder, s: Extract<Stmt, { k: "icall" }>, helpers: readonly IndirectTarget[],
  val: (t: string, p: number) => ValueId, add: (t: string, v: ValueId, bound: number) => void,
): void {
  const h = helpers[s.h % Math.max(1, helpers.length)];
  if (!h) return;
  const same = (x: IndirectTarget) => x.result === h.result && x.params.length === h.params.length && x.params.every((p, i) => p === h.params[i]);
  const twins = helpers.filter(same);
  const other = twins[s.alt % twins.length]!;
  const ref = other === h ? fb.funcRef(h.name) : fb.select(val("bool", s.c), fb.funcRef(h.name), fb.funcRef(other.name));
  const args = h.params.map((t, i) => val(t, s.picks[i % s.picks.length]!));
  const r = fb.callIndirect(ref, args);
  if (h.result && r !== undefined) add(h.result, r, Math.max(h.bound, other.bound));
}

/** The case with indirect calls of its helpers added to its body at random places (none without helpers). */
export function addIndirectCalls(c: CaseRecipe): CaseRecipe {
  if (c.helpers.length === 0) return c;
  const r = new Rng(mix32(c.seed ^ 0xf4ef));
  if (!r.chance(0.5)) return c;
  const body: Stmt[] = [];
  for (const s of c.body) {
    body.push(s);
    if (r.chance(0.2)) body.push(icall(r, c.helpers.length));
  }
  body.push(icall(r, c.helpers.length));
  return { ...c, body };
}

function icall(r: Rng, helpers: number): Stmt {
  const pick = () => r.below(1 << 16);
  return { k: "icall", h: r.below(helpers), alt: r.below(4), c: pick(), picks: [pick(), pick(), pick()] };
}

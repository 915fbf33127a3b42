/**
 * Fuzz coverage of the string operations of SPEC.md "String operations":
 * the recipe statement `sx` (generated here, emitted here through a narrow
 * view of the function emitter) picks one of slice, find, byte_at, split,
 * join, from_int and parse. Guarded statements stay in bounds by
 * construction (a slice from 0 to the index `find` returns, which is a
 * char boundary; a byte index reduced modulo the length), unguarded ones
 * take raw picks and may trap, which the differential run compares too.
 */
import { type FunctionBuilder, I32, type ValueId } from "@fzy/ir";
import { INT_KEYS } from "./catalogue.js";
import type { Rng } from "./prng.js";
import type { Pick } from "./recipe.js";

export type StrExtraOp = "slice" | "find" | "byte_at" | "split" | "join" | "from_int" | "parse";
const OPS: readonly StrExtraOp[] = ["slice", "find", "byte_at", "split", "join", "from_int", "parse"];

/** The recipe statement (recipe.ts Stmt `sx`). */
export interface StrExtraStmt {
  readonly k: "sx";
  readonly op: StrExtraOp;
  /** The integer type of from_int's operand. */
  readonly t: string;
  readonly a: Pick;
  readonly b: Pick;
  readonly i: Pick;
  readonly guard: boolean;
}

/** A random `sx` statement (`pick` draws a value pick). */
export function strExtraStmt(r: Rng, pick: (r: Rng) => Pick): StrExtraStmt {
  return { k: "sx", op: r.pick(OPS), t: r.pick(INT_KEYS), a: pick(r), b: pick(r), i: pick(r), guard: r.chance(0.8) };
}

/** What emitting needs from the function emitter (emit.ts FnEmitter). */
export interface StrExtraContext {
  readonly fb: FunctionBuilder;
  val(t: string, p: Pick): ValueId;
  add(t: string, v: ValueId, bound?: number): ValueId;
  boundOf(v: ValueId): number;
  /** The bound given to a string of unknown length (a join of any array). */
  readonly growCap: number;
}

/** Emit one `sx` statement. */
export function emitStrExtra(cx: StrExtraContext, s: StrExtraStmt): void {
  const fb = cx.fb;
  const str = (p: Pick) => cx.val("str", p);
  switch (s.op) {
    case "slice": {
      const a = str(s.a);
      if (!s.guard) {
        cx.add("str", fb.strSlice(a, cx.val("i32", s.b), cx.val("i32", s.i)), cx.boundOf(a));
        return;
      }
      // find gives a char boundary or -1: a[0..max(find, 0)] and a[find..] never trap.
      const f = fb.strFind(a, str(s.b));
      const zero = fb.iconst(I32, 0);
      const at = fb.select(fb.icmp("slt", f, zero), zero, f);
      cx.add("str", fb.strSlice(a, zero, at), cx.boundOf(a));
      cx.add("str", fb.strSlice(a, at, fb.strLen(a)), cx.boundOf(a));
      return;
    }
    case "find": cx.add("i32", fb.strFind(str(s.a), str(s.b))); return;
    case "byte_at": {
      let a = str(s.a);
      let i = cx.val("i32", s.i);
      if (s.guard) {
        // A non-empty string and an index reduced modulo its length: never traps.
        a = fb.select(fb.icmp("eq", fb.strLen(a), fb.iconst(I32, 0)), fb.str("·"), a);
        i = fb.urem(i, fb.strLen(a));
      }
      cx.add("i32", fb.strByteAt(a, i));
      return;
    }
    case "split": cx.add("[str]", fb.strSplit(str(s.a), str(s.b))); return;
    case "join": cx.add("str", fb.strJoin(cx.val("[str]", s.a), str(s.b)), cx.growCap); return;
    case "from_int": cx.add("str", fb.strFromInt(cx.val(s.t, s.a)), 20); return;
    case "parse": {
      const a = str(s.a);
      cx.add("i64", fb.strParseInt(a));
      cx.add("i32", fb.strParseError(a));
      return;
    }
  }
}

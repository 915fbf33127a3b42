/**
 * The `nuw`/`nsw` flags of an operation whose operands are each a function
 * argument, an integer constant or the result of such an operation (the
 * flaggable ones the printer asks about, in printing order), without
 * solving the function's ranges (llvm-facts.ts). Many functions ask about
 * nothing else (`%r = add i32 %a, 1`, or a chain of them), and solving
 * them costs more than printing them.
 *
 * Why the answer is the one the solver gives: the solver sets the entry
 * block's parameters (the arguments) to their whole type and never narrows
 * them, and a constant to exactly its value; only when it gives up after
 * MAX_ROUNDS rounds does it forget every interval, and it cannot give up on
 * a function whose edges all go forward (one round visits every block after
 * the blocks its values come from, and the next changes nothing). So the
 * shortcut is taken only for such functions (EdgePlan.forward), only for
 * the numeric types (at most 32 bits), and the flags come from the same
 * wrapFlagsN as the solver's. A result's interval is binaryN of its
 * operands' (the solver's transfer of a numeric binary row): in such a
 * function every row is computed once its operands are final and never
 * changes after (narrowing changes only what depends on a block
 * parameter, and no block parameter but an argument is known here), and
 * the printer writes a definition before its uses.
 */
import type { LBinOp, LType, LValue } from "@fzy/lir";
import { binaryN, type NumberInterval, typeIndex, UMAXN, wrapFlagsN } from "./facts-intervals.js";

const UNKNOWN = 0, ARGUMENT = 1, CONSTANT = 2, RESULT = 3;

/** Whether type t's intervals are numbers in the solver (facts-values.ts `num`) and it is an integer. */
const numericInt = (t: LType | undefined): boolean => t === "i32" || t === "i8" || t === "i16";

/** The operands known without solving, by value id (arrays reused from one function to the next). */
export class KnownOperands {
  private kind = new Uint8Array(64);
  /** The interval of a known value: [0, the type's largest] for an argument, [c, c] for a constant. */
  private lo = new Float64Array(64);
  private hi = new Float64Array(64);
  /** Where binaryN puts a result's interval. */
  private readonly out: NumberInterval = { lo: 0, hi: 0 };

  /** Forgets the function before: values 0 .. count - 1 are unknown. */
  reset(count: number): void {
    if (this.kind.length < count) {
      const size = Math.max(count, 2 * this.kind.length);
      this.kind = new Uint8Array(size);
      this.lo = new Float64Array(size);
      this.hi = new Float64Array(size);
    } else this.kind.fill(UNKNOWN, 0, count);
  }

  /** v is an argument of the function (a parameter of its entry block) of type t. */
  argument(v: LValue, t: LType | undefined): void {
    if (!numericInt(t) || !(v >= 0 && v < this.kind.length)) return;
    this.kind[v] = ARGUMENT;
    this.lo[v] = 0;
    this.hi[v] = UMAXN[typeIndex(t!)]!;
  }

  /**
   * v (of type t) is the constant `value` of type `type` (an iconst), kept
   * when the solver holds it as a number: its unsigned value in the width
   * of `type`, as facts-values.ts `constant` reduces it.
   */
  constant(v: LValue, t: LType | undefined, type: LType, value: bigint): void {
    if (!numericInt(t) || !numericInt(type) || !(value >= -0x8000_0000n && value <= 0xffff_ffffn) || !(v >= 0 && v < this.kind.length)) return;
    const x = Number(value);
    const u = type === "i32" ? x >>> 0 : type === "i16" ? x & 0xffff : x & 0xff;
    this.kind[v] = CONSTANT;
    this.lo[v] = u;
    this.hi[v] = u;
  }

  /**
   * The flags of `dst = a kind b` (a flaggable kind, dst of type t) when
   * both operands are known here; undefined when the solver must answer.
   */
  wrapFlags(kind: LBinOp, t: LType, a: LValue, b: LValue): string | undefined {
    if (!numericInt(t)) return undefined;
    const ka = this.kind[a], kb = this.kind[b];
    if (ka === UNKNOWN || ka === undefined || kb === UNKNOWN || kb === undefined) return undefined;
    return wrapFlagsN(kind, t, this.lo[a]!, this.hi[a]!, this.hi[b]!, kb === CONSTANT ? this.lo[b]! : NaN);
  }

  /**
   * `dst = a kind b` (dst of type t) was printed: when both operands are
   * known, dst is known too, with the interval the solver's transfer gives
   * it (binaryN). Called only for the operations wrapFlags answered.
   */
  result(kind: LBinOp, t: LType, dst: LValue, a: LValue, b: LValue): void {
    if (!numericInt(t) || !(dst >= 0 && dst < this.kind.length)) return;
    const kb = this.kind[b];
    binaryN(kind, t, this.lo[a]!, this.hi[a]!, this.lo[b]!, this.hi[b]!, kb === CONSTANT ? this.lo[b]! : NaN, this.out);
    this.kind[dst] = RESULT;
    this.lo[dst] = this.out.lo;
    this.hi[dst] = this.out.hi;
  }
}

/**
 * Integer ranges of IR values, for bounds-check elision and strength
 * reduction: an abstract interpretation over intervals (Cousot & Cousot 1977)
 * with widening at the fixpoint and two kinds of narrowing that matter for
 * index arithmetic:
 *
 * - branch facts: in a block whose only predecessor branched on
 *   `icmp %x, K`, %x is known to satisfy the condition (and so in every block
 *   that block dominates);
 * - select facts: in `select (icmp %x, K), A, B` each arm that is %x is
 *   narrowed by the condition (the wrap-around counter `off = off+1 > 4 ? 0 :
 *   off+1` stays in 0..4).
 *
 * Ranges are of the mathematical value of the signed integer; an operation
 * that may wrap gives the full range of its type. Only i8..i64 values get
 * ranges; everything else is unknown.
 *
 * The parts: range-lattice.ts (intervals), range-transfer.ts (one transfer
 * function per instruction), range-facts.ts (branch facts along the
 * dominator tree), range-solver.ts (the fixpoint; range-graph.ts its
 * dependency lists), range-var-map.ts (the persistent variable states).
 * This file is the entry and the answer.
 *
 * The fixpoint is solved on the first question, not when the function is
 * analyzed: only a few lowerings ask (array accesses of fixed arrays for
 * bounds checks, signed division and remainder), and most functions have
 * none of them, so they never pay for the analysis. The answer does not
 * depend on when it is computed (the function and its plan are immutable).
 */
import type { BlockId, Func, ModuleIndex, ValueId } from "@fzy/ir";
import { big, meet } from "./range-lattice.js";
import { type Solution, solveRanges } from "./range-solver.js";
import type { SsaPlan } from "./ssa-plan.js";

export interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Per-function result: the range of a value as seen in a block, solved on the first question. */
export class Ranges {
  /** The fixpoint once solved; null when it was not reached (nothing is known). */
  private solution: Solution | null | undefined;

  constructor(private readonly solve: () => Solution | undefined) {}

  /** The range of `v` where it is used in block `b` (undefined: not an integer or unknown). */
  of(v: ValueId, b: BlockId): Range | undefined {
    const s = (this.solution ??= this.solve() ?? null);
    if (!s) return undefined;
    const r = s.values[v];
    const f = s.facts.get(v, b);
    const x = r && f ? meet(r, f) : r ?? f;
    return x && { lo: big(x.lo), hi: big(x.hi) };
  }
}

export function analyzeRanges(ix: ModuleIndex, func: Func, plan: SsaPlan): Ranges {
  // Without a fixpoint the intervals are not sound: know nothing (solve gives undefined).
  return new Ranges(() => solveRanges(ix, func, plan));
}

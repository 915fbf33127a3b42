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
 * dominator tree), range-solver.ts (the fixpoint), range-var-map.ts (the
 * persistent variable states). This file is the entry and the answer.
 */
import type { BlockId, Func, ModuleIndex, ValueId } from "@fzy/ir";
import type { BranchFacts } from "./range-facts.js";
import { big, type Iv, meet } from "./range-lattice.js";
import { solveRanges } from "./range-solver.js";
import type { SsaPlan } from "./ssa-plan.js";

export interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Per-function result: the range of a value as seen in a block. */
export class Ranges {
  constructor(
    private readonly values: readonly (Iv | undefined)[],
    private readonly facts: BranchFacts | undefined,
  ) {}

  /** The range of `v` where it is used in block `b` (undefined: not an integer or unknown). */
  of(v: ValueId, b: BlockId): Range | undefined {
    const r = this.values[v];
    const f = this.facts?.get(v, b);
    const x = r && f ? meet(r, f) : r ?? f;
    return x && { lo: big(x.lo), hi: big(x.hi) };
  }
}

export function analyzeRanges(ix: ModuleIndex, func: Func, plan: SsaPlan): Ranges {
  const s = solveRanges(ix, func, plan);
  // Without a fixpoint the intervals are not sound: know nothing.
  return s ? new Ranges(s.values, s.facts) : new Ranges([], undefined);
}

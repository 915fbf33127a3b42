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
 * dominator tree; range-fact-scope.ts the facts in scope during its walk,
 * range-walk-marks.ts where each walk starts and the blocks it enters),
 * range-solver.ts (the fixpoint; range-scan.ts its one scan of the
 * function, range-graph.ts and range-adjacency.ts its dependency lists,
 * range-worklist.ts the blocks of each round, range-narrowings.ts the
 * narrowing on a branch's edges), range-slice.ts (the values a question depends on),
 * range-var-map.ts (the persistent variable states), range-witness.ts
 * (intervals every answer contains, for questions that need only the sign),
 * range-memo.ts (the memoized recursion of range-quick.ts and range-witness.ts).
 * This file is the entry and the answer.
 *
 * Most questions need no fixpoint: a value no loop variable and no branch
 * comparison reaches has the interval its definitions give, evaluated
 * once (range-quick.ts, the same transfer functions). The fixpoint is for
 * the rest, solved on the first question, not when the function is
 * analyzed: only a few lowerings ask (array accesses of fixed arrays for
 * bounds checks, signed division and remainder), and most functions have
 * none of them, so they never pay for the analysis. The answer does not
 * depend on when it is computed (the function and its plan are immutable).
 *
 * It is solved only for the values those lowerings may ask about (the index
 * of every access to a fixed array, both operands of every signed division
 * and remainder) that the quick evaluation does not answer, and what they
 * depend on (range-slice.ts): on the
 * conformance corpus about 40% of the values. The answers are those of the whole
 * function whenever that reaches a fixpoint (the slice's rounds are the
 * same); where it does not, a slice that does is still sound, as its values
 * depend on nothing outside it (so a question may get an answer where the
 * whole function would give none). A question about any other value is
 * solved on the slice of those askable values and that value (askableValues
 * must list what the lowerings ask, or each question pays a second solve).
 */
import { activeClock, type BlockId, type Func, type ModuleIndex, PASS, type ValueId } from "@fzy/ir";
import { entryIsTarget, withFreshEntry } from "./detach-entry.js";
import { big, meet } from "./range-lattice.js";
import { QuickRanges, SOLVER } from "./range-quick.js";
import type { Definitions } from "./range-scan.js";
import { type Solution, solveRanges } from "./range-solver.js";
import { askableOperands } from "./range-slice.js";
import { Witnesses } from "./range-witness.js";
import { RangeScratch } from "./range-scratch.js";
import { planSsa, type SsaPlan } from "./ssa-plan.js";

export interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}

/**
 * Per-function result: the range of a value as seen in a block. A value the
 * quick evaluation answers (range-quick.ts) gets that answer; any other is
 * solved on the first such question, for the slice of the askable values
 * the quick evaluation leaves to the solver; the answer for `v` is always
 * that of the slice of those values and `v`, whatever was asked before.
 */
export class Ranges {
  /** The quick evaluation, made at the first question. */
  private quick_: QuickRanges | undefined;
  /** The askable values left to the solver (made with quick_). */
  private rest: readonly ValueId[] = [];
  /** The fixpoint of the slice of `rest` once solved; null when it was not reached. */
  private solution: Solution | null | undefined;
  /** Solutions for other values (their slice and `rest`'s), by value; made at the first such question. */
  private others: Map<ValueId, Solution | null> | undefined;

  /** The intervals the answers surely contain (range-witness.ts), made at the first nonNegative question the quick evaluation leaves open. */
  private witnesses: Witnesses | undefined;

  /**
   * `shift`: how many blocks the analysed function has before the asker's
   * (1 when a fresh entry block was put in front, see analyzeRanges); a
   * question about block b is answered for block b + shift.
   */
  constructor(
    private readonly solve: (seeds: readonly ValueId[], defs: Definitions) => Solution | undefined,
    private readonly makeQuick: () => QuickRanges,
    private readonly makeWitnesses: (q: QuickRanges) => Witnesses,
    private readonly shift = 0,
  ) {}

  /**
   * Whether the range of `v` in block `b` is known and has no negative
   * value. A value that surely holds a negative one in the solver's answer
   * (range-witness.ts) is settled without the fixpoint. (Its time is the
   * ranges pass's, @fzy/ir pass-clock.ts, as `of`'s is.)
   */
  nonNegative(v: ValueId, b: BlockId): boolean {
    activeClock?.enter(PASS.ranges);
    const yes = this.provenNonNegative(v, (b + this.shift) as BlockId);
    activeClock?.leave();
    return yes;
  }

  /** The range of `v` where it is used in block `b` (undefined: not an integer or unknown). */
  of(v: ValueId, b: BlockId): Range | undefined {
    activeClock?.enter(PASS.ranges);
    const r = this.rangeAt(v, (b + this.shift) as BlockId);
    activeClock?.leave();
    return r;
  }

  private provenNonNegative(v: ValueId, b: BlockId): boolean {
    const q = this.quick();
    if (q.of(v) === SOLVER) {
      const w = (this.witnesses ??= this.makeWitnesses(q)).of(v, b);
      if (w && w.lo < 0) return false;
    }
    const r = this.rangeAt(v, b);
    return r !== undefined && r.lo >= 0n;
  }

  private rangeAt(v: ValueId, b: BlockId): Range | undefined {
    const q = this.quick().of(v);
    if (q !== SOLVER) return q && { lo: big(q.lo), hi: big(q.hi) };
    const s = this.solutionFor(v);
    if (!s) return undefined;
    const r = s.values[v];
    const f = s.facts.get(v, b);
    const x = r && f ? meet(r, f) : r ?? f;
    return x && { lo: big(x.lo), hi: big(x.hi) };
  }

  private quick(): QuickRanges {
    if (this.quick_) return this.quick_;
    const q = (this.quick_ = this.makeQuick());
    this.rest = q.askable.filter((v) => q.of(v) === SOLVER);
    return q;
  }

  private solutionFor(v: ValueId): Solution | null {
    if (this.rest.length > 0) {
      // (Not `??=`: a solve without a fixpoint is kept as null, and asking again must not solve again.)
      if (this.solution === undefined) this.solution = this.solve(this.rest, this.quick_!.defs) ?? null;
      const s = this.solution;
      // Without a fixpoint for those askable values, there is none for any slice that holds them.
      if (!s || s.slice?.values[v] === 1) return s;
    }
    const others = (this.others ??= new Map());
    let o = others.get(v);
    if (o === undefined) others.set(v, (o = this.solve([...this.rest, v], this.quick_!.defs) ?? null));
    return o;
  }
}

/** The values the lowering may ask the range of (see the header). */
export function askableValues(func: Func): ValueId[] {
  const out: ValueId[] = [];
  for (const bl of func.blocks) for (const i of bl.insts) askableOperands(func, i, out);
  return out;
}

/** The solvers' array pool of each module (range-scratch.ts): it lives as long as the module's index. */
const POOLS = new WeakMap<ModuleIndex, RangeScratch>();

/**
 * The ranges of `func`'s values. The analysis reads "a block's only
 * predecessor" for its branch facts, and the call is a way into the entry
 * block that no terminator shows: a function whose entry block is branched
 * to is analysed as the lowering sees it, behind a fresh entry block
 * (detach-entry.ts; `plan` is then made anew for that form), and asked one
 * block later. Without it the entry block got its only predecessor's branch
 * fact, which does not hold on the call.
 */
export function analyzeRanges(ix: ModuleIndex, func: Func, plan: SsaPlan): Ranges {
  if (!entryIsTarget(func)) return analyzeDetached(ix, func, plan, 0);
  const detached = withFreshEntry(func);
  return analyzeDetached(ix, detached, planSsa(detached), 1);
}

/** analyzeRanges of a function whose entry block no terminator names; `shift` as Ranges takes it. */
function analyzeDetached(ix: ModuleIndex, func: Func, plan: SsaPlan, shift: number): Ranges {
  let pool = POOLS.get(ix);
  if (!pool) POOLS.set(ix, (pool = new RangeScratch()));
  // Without a fixpoint the intervals are not sound: know nothing (solve gives undefined).
  return new Ranges(
    (seeds, defs) => solveRanges(ix, func, plan, "incremental", seeds, defs, pool),
    () => new QuickRanges(ix, func, plan.dom),
    (q) => new Witnesses(func, plan.dom, q),
    shift,
  );
}

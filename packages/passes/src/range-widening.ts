/**
 * The range solver's widening schedule (range-solver.ts): from round
 * WIDEN_AFTER on, a block's entry is widened against its last one; a bound
 * that moved jumps to the next constant of the function (or its neighbour)
 * in that direction during THRESHOLD_ROUNDS rounds, and to the type's limit
 * after them, so the fixpoint is reached in a bounded number of rounds.
 * Monotone: an interval that fits in the old one keeps the old one.
 */
import type { Inst } from "@fzy/ir";
import { thresholdsOf } from "./range-graph.js";
import { full, type Iv, widenTo, type Z } from "./range-lattice.js";
import type { PMap, PMapShape } from "./range-var-map.js";

const WIDEN_AFTER = 6;
/** Rounds after WIDEN_AFTER during which a moving bound jumps to the next constant rather than the type's limit. */
const THRESHOLD_ROUNDS = 3;
/** The first round whose moving bounds jump to the type's limit. */
export const SETTLE_FROM = WIDEN_AFTER + THRESHOLD_ROUNDS;

export class Widening {
  /** The thresholds (each integer constant and its neighbours), made at the first widening: most functions settle before. */
  private thresholds: Z[] | undefined;
  private round = 0;

  /** `constInsts`: every integer constant of the function (not only a slice's: they are the thresholds). */
  constructor(private readonly shape: PMapShape, private readonly varBits: readonly number[], private readonly constInsts: readonly Inst[]) {}

  /** Whether entries are widened in `round`. */
  widens(round: number): boolean {
    return round + 1 > WIDEN_AFTER;
  }

  /** `entry` widened against `old`, the block's entry at its last visit, in `round`. (The tag: widenVar reads the round only through thresholdRound.) */
  apply(entry: PMap<Iv>, old: PMap<Iv>, round: number): PMap<Iv> {
    this.round = round;
    return this.shape.mergeChanged(entry, old, this.thresholdRound() ? 1 : 0, this.widenVar);
  }

  /** Whether a bound that moves this round jumps to a threshold (else to the type's limit). */
  private thresholdRound(): boolean {
    return this.round + 1 - WIDEN_AFTER <= THRESHOLD_ROUNDS;
  }

  /** The widening of one variable's interval r, bound to o at the last visit (a method bound once, not a closure per call). */
  private readonly widenVar = (v: number, r: Iv, o: Iv): Iv => {
    // Within the old interval no bound moves: widenTo keeps the old one (and needs no thresholds).
    const bits = this.varBits[v]!, within = r.lo >= o.lo && r.hi <= o.hi;
    const steps = !within && this.thresholdRound() ? (this.thresholds ??= thresholdsOf(this.constInsts)) : NONE;
    return within ? o : widenTo(o, r, steps, bits ? full(bits) : undefined);
  };
}

const NONE: readonly never[] = [];

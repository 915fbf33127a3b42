/**
 * The range solver's narrowing on the edges out of each block that
 * branches on a comparison (range-solver.ts): the comparison, the bound it
 * compares with, and the variables equal to the compared value there (its
 * aliases at the block's exit), which the join into each successor narrows.
 */
import type { BlockId, ValueId, VarId } from "@fzy/ir";
import type { BranchCmp } from "./range-facts.js";
import { type Iv, same } from "./range-lattice.js";
import type { PMap, PMapShape } from "./range-var-map.js";
import { type ArrayPool, Slot } from "./range-scratch.js";
import { type Aliases, aliasHas } from "./range-transfer.js";

export interface EdgeNarrowing {
  readonly cmp: BranchCmp;
  readonly k: Iv;
  readonly vars: ReadonlySet<VarId>;
}

/** What the narrowings read of the solve: each block's comparison and exit aliases, and the bound as seen in a block. */
export interface NarrowingEnv {
  readonly cmps: readonly (BranchCmp | undefined)[];
  readonly aliases: readonly PMap<Aliases>[];
  /** Variables a compared value may be an alias of (range-graph.ts comparedAliases). */
  readonly aliasVars: ReadonlyMap<ValueId, ReadonlySet<VarId>>;
  readonly varBits: readonly number[];
  readonly shape: PMapShape;
  valueIn(v: ValueId, b: number): Iv | undefined;
}

export class EdgeNarrowings {
  /**
   * Each block's narrowing, kept from its first question under a key until
   * the block is visited again or the key changes: it reads the block's
   * aliases (set by its visit), the facts and the interval of the compared
   * value. The solver's key is the round's, while those can move only before
   * the block's visit in the round (the facts are recomputed at the round's
   * start; the compared value's definition dominates the block), and a new
   * one after each move in a round that goes back to earlier blocks. A
   * branch's two successors then share one. Valid when `askedIn` holds the
   * key (-1: none since the block's visit): no clearing per round.
   */
  private readonly known: (EdgeNarrowing | undefined)[];
  private readonly askedIn: number[];
  /** The last one computed for each block, and the aliases it was made from (NOT_MADE: none yet). */
  private readonly last: (EdgeNarrowing | undefined)[];
  private readonly lastAliases: (PMap<Aliases> | typeof NOT_MADE)[];

  constructor(private readonly env: NarrowingEnv, nb: number, pool: ArrayPool) {
    this.known = pool.take(Slot.Narrowings, nb, undefined);
    this.askedIn = pool.take(Slot.NarrowedIn, nb, -1);
    this.last = pool.take(Slot.NarrowLast, nb, undefined);
    this.lastAliases = pool.take<PMap<Aliases> | typeof NOT_MADE>(Slot.NarrowAliases, nb, NOT_MADE);
  }

  /** The narrowing on the edges out of p, kept under `key` (a number at least 0). */
  of(p: BlockId, key: number): EdgeNarrowing | undefined {
    if (this.askedIn[p] === key) return this.known[p];
    const e = this.compute(p);
    this.known[p] = e;
    this.askedIn[p] = key;
    return e;
  }

  /** Tells that b was visited (its aliases may have changed). */
  visited(b: BlockId): void {
    this.askedIn[b] = -1;
  }

  private compute(p: BlockId): EdgeNarrowing | undefined {
    const { cmps, aliases, aliasVars, varBits, shape } = this.env;
    const cmp = cmps[p];
    if (!cmp) return undefined;
    const k = this.env.valueIn(cmp.y, p);
    if (!k) return undefined;
    // The variables narrowed are a function of p's aliases: the same object as at the last
    // computation gives the same list (and the same narrowing when the bound is the same too).
    const al = aliases[p];
    if (this.lastAliases[p] === al) {
      const last = this.last[p];
      return last && (same(last.k, k) ? last : (this.last[p] = { cmp, k, vars: last.vars }));
    }
    // None when no variable is narrowed (joinPreds then has nothing to join one by one). The transfers record
    // only these aliases (range-transfer.ts TransferEnv.compared): to look for another value, record it there.
    let vars: Set<VarId> | undefined;
    for (const v of aliasVars.get(cmp.x) ?? NONE) {
      if (varBits[v] && aliasHas(shape.get(al, v), cmp.x)) (vars ??= new Set()).add(v);
    }
    this.lastAliases[p] = al;
    return (this.last[p] = vars && { cmp, k, vars });
  }
}

const NONE: readonly never[] = [];
/** A block whose narrowing was not computed yet. */
const NOT_MADE: unique symbol = Symbol("not made");

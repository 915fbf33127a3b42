/**
 * Range answers without the fixpoint: most questions the lowering asks
 * (a constant divisor or index, a remainder by a constant, a mask, a
 * length, a parameter) are about values whose interval no loop and no
 * branch can change. For those the solver's answer is the transfer
 * functions (range-transfer.ts) evaluated once along the definitions, and
 * this file computes exactly that, so only the values no such evaluation
 * answers go to the solver (range-analysis.ts).
 *
 * A value is answered here when, following the operands its transfer reads
 * (operandsRead: the slice's edges, range-slice.ts), every value met is defined in a
 * reachable block by an instruction other than a variable's `get` (or is a
 * parameter) and none is compared by a branch (so no branch fact narrows
 * it, range-facts.ts). Such a value's interval is then fixed from the
 * solver's first round on (its definitions come before it in reverse
 * postorder, and nothing it reads varies), and it has no fact in any block:
 * the solver's answer is the one computed here whenever the solver reaches
 * a fixpoint. (When it does not, the solver answers nothing; this answer is
 * still sound.) Anything else, or a chain deeper than MAX_DEPTH, is left to
 * the solver.
 *
 * Cost: one scan of the function (definitions, comparisons, the askable
 * values), then each value evaluated at most once.
 */
import type { BlockId, DominatorTree, Func, Inst, ModuleIndex, ValueId } from "@fzy/ir";
import { full, intBits, type Iv } from "./range-lattice.js";
import { DenseMemo, Recursion } from "./range-memo.js";
import { type Definitions, scanDefinitions } from "./range-scan.js";
import { type Aliases, operandsRead, transfer, type TransferEnv, type VarState } from "./range-transfer.js";
import type { PMapShape } from "./range-var-map.js";

/** The answer of a value the quick evaluation cannot give (the solver must). */
export const SOLVER: unique symbol = Symbol("solver");

/** How many definitions deep an evaluation follows before it leaves the value to the solver (keeps the recursion shallow). */
const MAX_DEPTH = 48;

type Answer = Iv | undefined | typeof SOLVER;
/** An answer as memoized (null: no interval, as undefined marks a value not evaluated yet). */
type Stored = Iv | null | typeof SOLVER;

export class QuickRanges implements TransferEnv {
  /** The function's scan, which every solve of it starts from too (range-scan.ts). */
  readonly defs: Definitions;
  readonly defInst: readonly (Inst | undefined)[];
  /** The block of each value's definition (-1: none). */
  private readonly defBlock: readonly number[];
  /** The askable values (range-analysis.ts askableValues), listed by the scan. */
  readonly askable: ValueId[] = [];
  /** TransferEnv's: the constants' intervals (the function's, range-scan.ts) and the variables' widths (none tracked). */
  readonly consts: (Iv | undefined)[];
  readonly varBits: readonly number[] = [];
  readonly compared: readonly number[] = [];
  readonly narrowedVars: readonly number[] = [];
  /** Each value's answer once evaluated; the compared values are SOLVER from the start. A cycle or a chain too deep is left to the solver. */
  private readonly memo: DenseMemo<ValueId, Stored>;
  private readonly rec = new Recursion(MAX_DEPTH);
  /** Set when an operand the transfer reads is left to the solver. */
  private slow = false;
  private readonly st: VarState = { vars: undefined, prev: undefined, alias: undefined, trackAlias: false };

  constructor(readonly ix: ModuleIndex, readonly func: Func, private readonly dom: DominatorTree<BlockId>) {
    const nv = func.values.length;
    this.defs = scanDefinitions(func, this.askable);
    this.defInst = this.defs.defInst;
    this.defBlock = this.defs.defBlock;
    this.consts = this.defs.consts;
    this.memo = new DenseMemo<ValueId, Stored>(nv);
    // A value a branch compares may have facts: the solver answers it (one array for both: no second one per function).
    for (const c of this.defs.cmps) if (c) { this.memo.set(c.x, SOLVER); this.memo.set(c.y, SOLVER); }
  }

  /** The solver's interval of `v` (in any block), or SOLVER when only the solver can tell. */
  of(v: ValueId): Answer {
    const r = this.rec.memoized(this.memo, v, SOLVER, this.compute);
    return r === null ? undefined : r;
  }

  private readonly compute = (v: ValueId): Stored => {
    const i = this.defInst[v];
    if (!i) {
      if (v >= this.func.params.length) return SOLVER;
      const bits = this.bitsOf(v);
      return bits ? full(bits) : null; // as the solver starts (and keeps) a parameter
    }
    if (i.op === "get" || i.op === "set" || !this.dom.isReachable(this.defBlock[v] as BlockId)) return SOLVER;
    // Only the operands the transfer reads (range-transfer.ts operandsRead) must be answered here: an
    // operation whose interval its types fix (a bitwise or, an opaque value) answers whatever its operands are.
    const slow = this.slow;
    this.slow = false;
    operandsRead(this.defInst, i, this.read);
    const failed = this.slow;
    this.slow = slow;
    return failed ? SOLVER : transfer(this, this.defBlock[v]!, i, this.st) ?? null;
  };

  private readonly read = (v: ValueId): void => {
    if (this.of(v) === SOLVER) this.slow = true;
  };

  /** An operand's interval for the transfer: those it reads are evaluated already (operandsRead); any other reads nothing. */
  valueIn(v: ValueId): Iv | undefined {
    const r = this.memo.get(v);
    return typeof r === "object" && r !== null ? r : undefined;
  }

  bitsOf(v: ValueId): number {
    return intBits(this.func.values[v]!.type);
  }

  /** Transfers compare a result with its last one for identity only: there is none here. */
  current(): Iv | undefined {
    return undefined;
  }

  // Variables are never evaluated here (their `get` is left to the solver).
  get shape(): PMapShape {
    throw new Error("quick ranges track no variables");
  }

  aliasOf(): Aliases {
    throw new Error("quick ranges track no variables");
  }
}

/**
 * The fixpoint of the range analysis: chaotic iteration over the blocks in
 * rounds (Cousot & Cousot 1977), in reverse postorder with each loop's
 * blocks together after its header (range-order.ts; Bourdoncle 1993 on
 * orders), with widening at joins after a few rounds (range-widening.ts).
 *
 * The rounds are kept because the answer depends on them (widening starts,
 * and uses thresholds, at fixed round numbers), but a round visits only the
 * blocks whose inputs changed since their last visit: a predecessor's exit
 * state, a value defined elsewhere (reads follow a definition in its block,
 * in the same visit) or a branch fact the block reads. A block whose inputs
 * did not change would compute what it computed before (the widened entry
 * contains the joined one, so re-widening keeps it): skipping it gives the
 * same result as visiting every block every round. Round 0 visits everything:
 * only earlier predecessors in the order count (later ones contribute
 * bottom, so loops start optimistic). Round 1 visits, besides the changed
 * blocks, those whose inputs differ from round 0's by that rule: the blocks
 * with a later predecessor (their join and their aliases change) and the
 * successors of a block whose aliases may have changed (their edge narrowing
 * reads them). The branch facts are recomputed at a round's start only when
 * a compared value moved since (they are a function of those intervals).
 *
 * From round SETTLE_FROM on (moving bounds jump to the type's limit), a
 * round settles each loop before going on (Bourdoncle's recursive strategy):
 * a block marked behind the one being visited is visited in the same round,
 * the lowest first, but a loop's header marked from inside its loop only
 * once its loop's body has no marked block left ahead (range-worklist.ts:
 * a loop of n latches is not joined again after each), and the facts are
 * recomputed after each visit that moved a compared value. Loops one after
 * another, each entered only once the one before has widened (its exit's
 * fact bounds the next test), settle in one such round, not one round each.
 * (A round that would not end, on inputs whose intervals go back and forth,
 * is ended by the budget below.)
 *
 * A visit after round 0 transfers only the instructions whose result can
 * differ from their first (range-transfer.ts mayVary), and a block whose
 * entry aliases are the same object as at its last visit keeps its exit
 * aliases (they are a function of the entry aliases and the instructions).
 *
 * Variable states are persistent maps (range-var-map.ts): a block's state
 * shares all it did not change with its predecessor's, and a join works only
 * where its predecessors' states differ, plus the variables narrowed on an
 * edge or left empty by a `set`, which are joined one by one. A loop header
 * joins only its block parameters' variables over its back edges
 * (range-graph.ts wholeJoinPreds): any other comes back as the header had it,
 * narrowed or widened on the way, and joining that copy again only made it
 * coarser (and joined every enclosing or earlier loop's counters at each
 * header, round after round). An unchanged state keeps its object.
 *
 * Given seeds, only their slice is solved (range-slice.ts): the slice's
 * instructions are transferred, its variables tracked and the comparisons of
 * its values narrow; the rest (the order, the rounds, the widening
 * thresholds, which are every constant of the function) is as for the whole.
 */
import type { BlockId, Func, Inst, ModuleIndex, ValueId, VarId } from "@fzy/ir";
import type { SsaPlan } from "./ssa-plan.js";
import { BranchFacts, type BranchCmp } from "./range-facts.js";
import { full, intBits, type Iv, isEmpty, join, meet, narrow, same } from "./range-lattice.js";
import { type PMap, PMapShape } from "./range-var-map.js";
import { Adjacency } from "./range-adjacency.js";
import { comparedAliases, countedPreds, narrowedVarsOf, round1Revisits, setVarsOf, successorRows, wholeJoinPreds } from "./range-graph.js";
import { ASKABLE, type Definitions, scanFunction } from "./range-scan.js";
import type { Slice } from "./range-slice.js";
import { type ArrayPool, FRESH, Slot } from "./range-scratch.js";
import { RoundWorklist } from "./range-worklist.js";
import { loopContiguousOrder, type VisitOrder } from "./range-order.js";
import { SETTLE_FROM, Widening } from "./range-widening.js";
import { type EdgeNarrowing, EdgeNarrowings, type NarrowingEnv } from "./range-narrowings.js";
import { type Aliases, transfer, type TransferEnv, varyingOf, type VarState } from "./range-transfer.js";

/**
 * A solve gives up (no answer) once its steps pass this many per item of the
 * function (a reachable block or an instruction it transfers): a step is a
 * position a round looks at, an instruction transferred, or a block or read
 * of a facts walk (BranchFacts.steps). The solves that settle take at most
 * 22 on every input measured; a chain of variables through one loop, each
 * taking the one before a trip later, would settle a variable per trip, in
 * time quadratic in its length.
 */
export const STEPS_PER_ITEM = 32;
/** The plain iteration's budget (it is the tests' reference: much larger, so it settles where the solve does). */
const PLAIN_STEPS_PER_ITEM = 10_000;

export interface Solution {
  readonly values: readonly (Iv | undefined)[];
  readonly facts: BranchFacts;
  /** The values solved (range-slice.ts); undefined: all of them. */
  readonly slice: Slice | undefined;
}

/**
 * Runs the analysis, for the slice of `seeds` when given (range-slice.ts;
 * the answers for its values are those of the whole function), else for the
 * whole function; undefined when it does not reach a fixpoint (the
 * intervals would not be sound). `defs`: the function's scan if made (scanDefinitions);
 * `pool`: where the arrays that do not outlive the solve come from (range-scratch.ts).
 */
export function solveRanges(ix: ModuleIndex, func: Func, plan: SsaPlan, mode: SolveMode = "incremental", seeds?: Iterable<ValueId> | typeof ASKABLE, defs?: Definitions, pool: ArrayPool = FRESH): Solution | undefined {
  return new Solver(ix, func, plan, mode === "every block", seeds, defs, pool).run();
}

/**
 * "every block" is the plain iteration the skips above must agree with: every
 * block (in a settling round going back to the lowest one marked behind),
 * every instruction, every alias and all the facts recomputed (the tests
 * compare the two; the lowering never asks it).
 */
export type SolveMode = "incremental" | "every block";

class Solver implements TransferEnv, NarrowingEnv {
  readonly defInst: readonly (Inst | undefined)[];
  readonly shape: PMapShape;
  readonly consts: (Iv | undefined)[];
  /** aliasOf's lists, by value (made at the first `set` of the value). */
  private readonly setAliases: (Aliases | undefined)[] = [];
  /** The width of each integer value (0: not an integer; -1: not asked yet), and of each variable. */
  private readonly bits: number[];
  readonly varBits: number[];
  private readonly values: (Iv | undefined)[];
  private readonly facts: BranchFacts;
  readonly cmps: (BranchCmp | undefined)[];
  /** The instructions of each block that are transferred: all of them, or those of the slice. */
  private readonly insts: readonly (readonly Inst[])[];
  private readonly slice: Slice | undefined;
  private readonly entries: PMap<Iv>[];
  private readonly exits: PMap<Iv>[];
  readonly aliases: PMap<Aliases>[];
  /** The entry aliases each block's exit aliases were made from (NOT_VISITED before its first visit). */
  private readonly aliasesIn: (PMap<Aliases> | typeof NOT_VISITED)[];
  /** The instructions of each block that a visit after round 0 must transfer again (mayVary), made at round 1. */
  private readonly varying: (readonly Inst[] | undefined)[];
  /** Variables each block sets (their exit interval may be empty); undefined: none. */
  private readonly setVars: (VarId[] | undefined)[];
  /** Variables a compared value (a branch's `x`) may be an alias of: it is a `get` of them or was `set` into them. */
  readonly aliasVars: Map<ValueId, Set<VarId>>;
  /** Blocks to revisit when a value's interval changes (but its own, see the header); blocks whose successors to revisit; each block's successors. */
  private readonly readers: Adjacency;
  private readonly edgeReaders: Adjacency;
  private readonly succs: Adjacency;
  /** The order rounds visit blocks in (range-order.ts), and the blocks each round visits (range-worklist.ts). */
  private readonly order: VisitOrder;
  private readonly work: RoundWorklist;
  private readonly reachablePreds: (readonly BlockId[] | undefined)[] = [];
  /** The predecessors each block joins whole, from round 1 (range-graph.ts wholeJoinPreds). */
  private readonly wholePreds: (readonly BlockId[] | undefined)[] = [];
  /** joinPreds' scratch (only the first preds.length / counted entries are meaningful): the predecessors' exit states, the narrowing of each edge, the variables to join one by one (marked with the visit's stamp). */
  private readonly joinInputs: PMap<Iv>[] = [];
  private readonly edges: (EdgeNarrowing | undefined)[] = [];
  private readonly special: VarId[] = [];
  private readonly specialMark: number[];
  private stamp = 0;
  /** 1 for the values a branch compares (the branch facts are a function of their intervals only), and for the variables they may alias (TransferEnv). */
  readonly compared: number[];
  readonly narrowedVars: number[];
  /** The widening schedule (range-widening.ts). */
  private readonly widening: Widening;
  private round = 0;
  /** The narrowings' key (range-narrowings.ts): a new one each round, and in a settling round after each move of a value or the facts. */
  private epoch = 0;
  /** The narrowing on the edges out of each block (range-narrowings.ts). */
  private readonly narrowings: EdgeNarrowings;
  private changed = false;
  /** The variable state of the block being visited: one object, reset at each visit. */
  private readonly st: VarState = { vars: undefined, prev: undefined, alias: undefined, trackAlias: false };
  /** Whether a compared value's interval changed since the facts were last computed. */
  private valuesMoved = true;
  /** The solve's steps so far (see STEPS_PER_ITEM; the facts walks count theirs), and its budget, made at the first check. */
  private steps = 0;
  private budget: number | undefined;
  /** Blocks round 1 visits even when unchanged (see the header); made at round 1. */
  private revisit1: number[] | undefined;

  constructor(readonly ix: ModuleIndex, readonly func: Func, private readonly plan: SsaPlan, private readonly everyBlock: boolean, seeds: Iterable<ValueId> | typeof ASKABLE | undefined, defs: Definitions | undefined, private readonly pool: ArrayPool) {
    const nb = func.blocks.length, nv = func.values.length;
    // Plain arrays, not typed ones: a typed array of more than a few elements is an off-heap allocation per function.
    const { defInst, defBlock, constInsts, cmps, slice, insts, accesses, accessVars, accessBlocks, consts } = scanFunction(func, seeds, defs, pool);
    [this.defInst, this.cmps, this.slice, this.insts, this.consts] = [defInst, cmps, slice, insts, consts];
    this.setVars = setVarsOf(nb, func.vars.length, accesses, accessVars, accessBlocks);
    this.shape = new PMapShape(func.vars.length);
    // Each value's and variable's width, read once (a value's at its first question: most values are
    // outside the slice): types have many shapes, and transfers ask per instruction.
    this.bits = pool.take(Slot.Bits, nv, -1);
    this.specialMark = pool.take(Slot.SpecialMark, func.vars.length, 0);
    this.varBits = new Array<number>(func.vars.length);
    for (let v = 0; v < func.vars.length; v++) this.varBits[v] = intBits(func.vars[v]!.type);
    this.values = new Array(nv).fill(undefined);
    for (let p = 0; p < func.params.length; p++) {
      const bits = this.bitsOf(p as ValueId);
      if (bits) this.values[p] = full(bits);
    }
    this.aliasVars = comparedAliases(this.cmps, accesses, accessVars);
    this.facts = new BranchFacts(func, this.insts, plan.dom, this.cmps, (v) => this.bitsOf(v), this.defInst, pool);
    this.entries = pool.take(Slot.Entries, nb, undefined);
    this.exits = pool.take(Slot.Exits, nb, undefined);
    this.aliases = pool.take(Slot.Aliases, nb, undefined);
    this.aliasesIn = pool.take<PMap<Aliases> | typeof NOT_VISITED>(Slot.AliasesIn, nb, NOT_VISITED);
    this.varying = pool.take(Slot.Varying, nb, undefined);
    this.succs = successorRows(func, pool);
    this.readers = new Adjacency(nv, (add) => {
      const { readStart, readItems } = this.facts;
      for (let b = 0; b < nb; b++) for (let i = readStart[b]!; i < readStart[b + 1]!; i++) if (defBlock[readItems[i]!] !== b) add(readItems[i]!, b);
    }, pool, [Slot.ReadersStart, Slot.ReadersItems]);
    this.compared = pool.take(Slot.Compared, nv, 0);
    for (const c of this.cmps) if (c) this.compared[c.x] = this.compared[c.y] = 1;
    this.narrowedVars = narrowedVarsOf(this.aliasVars, this.varBits, pool.take(Slot.NarrowedVars, func.vars.length, 0));
    this.edgeReaders = new Adjacency(nv, (add) => {
      for (let b = 0 as BlockId; b < nb; b++) if (this.cmps[b]) add(this.cmps[b]!.y, b);
    }, pool, [Slot.EdgeReadersStart, Slot.EdgeReadersItems]);
    this.order = loopContiguousOrder(plan.dom);
    this.work = new RoundWorklist(this.order.position, this.order.blocks.length, pool, this.order.loopEnd);
    this.narrowings = new EdgeNarrowings(this, nb, pool);
    this.widening = new Widening(this.shape, this.varBits, constInsts);
  }

  bitsOf(v: ValueId): number {
    const known = this.bits[v]!;
    return known >= 0 ? known : (this.bits[v] = intBits(this.func.values[v]!.type));
  }

  current(v: ValueId): Iv | undefined {
    return this.values[v];
  }

  aliasOf(v: ValueId): Aliases {
    return (this.setAliases[v] ??= { value: v, next: undefined });
  }

  valueIn(v: ValueId, b: number): Iv | undefined {
    const r = this.values[v];
    const f = this.facts.ofRead(v, b as BlockId);
    return r && f ? meet(r, f) : r ?? f;
  }

  run(): Solution | undefined {
    let converged = false;
    const rpo = this.order.blocks;
    for (this.round = 0; !converged; this.round++) {
      // Round 0 (and every round of the plain iteration) visits every block, round 1 some that are not marked too.
      const all = this.round === 0 || this.everyBlock;
      const again = this.round === 1 ? (this.revisit1 ??= round1Revisits(this.plan.dom, this.order, this.succs, (b) => this.predsOf(b), this.pool)) : undefined;
      const settle = this.round >= SETTLE_FROM;
      this.epoch++;
      this.work.startRound(all || again !== undefined, settle);
      if (this.valuesMoved || this.everyBlock) this.refreshFacts();
      this.changed = false;
      for (let i = this.work.next(); i >= 0; i = this.work.next()) {
        this.steps++;
        const b = rpo[i]!;
        if (!this.work.take(b) && !all && !(again && again[b])) continue;
        this.visit(b);
        // (A settling round reads facts of the values as they are now: the next loop's reach may depend on them.)
        if (settle && this.valuesMoved) this.refreshFacts();
        if (this.overBudget()) return undefined;
      }
      converged = !this.changed;
    }
    if (this.everyBlock) this.facts.recompute(this.values, () => {});
    // (A converged last round moved no value: the facts are already those of the final values.)
    return { values: this.values, facts: this.facts, slice: this.slice };
  }

  /** Recomputes the branch facts (a function of the compared values' intervals). */
  private refreshFacts(): void {
    this.valuesMoved = false;
    this.epoch++;
    this.facts.recompute(this.values, this.touchBlock, this.everyBlock);
  }

  /** Whether the steps so far pass the budget (per item: a reachable block or an instruction it transfers). */
  private overBudget(): boolean {
    const rpo = this.order.blocks, perItem = this.everyBlock ? PLAIN_STEPS_PER_ITEM : STEPS_PER_ITEM;
    return this.steps + this.facts.steps > (this.budget ??= perItem * rpo.reduce((n, b) => n + this.insts[b]!.length, rpo.length));
  }

  /** A block whose facts changed; its successors too when the bound its branch narrows by may have (the edge narrowing reads it). */
  private readonly touchBlock = (b: BlockId, branch: boolean): void => {
    this.work.mark(b);
    if (branch) this.touchSuccessors(b);
  };

  private touchSuccessors(b: number): void {
    for (let i = this.succs.start[b]!; i < this.succs.start[b + 1]!; i++) this.work.mark(this.succs.items[i]!);
  }

  /** Predecessors that count this round: reachable, and (in round 0) already visited. */
  private predsOf(b: BlockId): readonly BlockId[] {
    return this.round > 0 ? (this.reachablePreds[b] ??= countedPreds(this.plan.dom, this.order, b, false)) : countedPreds(this.plan.dom, this.order, b, true);
  }

  private visit(b: BlockId): void {
    const preds = this.predsOf(b);
    let entry = preds.length > 0 ? this.joinPreds(b, preds) : undefined;
    if (this.widening.widens(this.round)) entry = this.widening.apply(entry, this.entries[b], this.round);
    // An unchanged state stays the object it was (the blocks after it compare it by identity then, not slot by slot).
    if (this.shape.sameIntervals(entry, this.entries[b])) entry = this.entries[b];
    else this.changed = true;
    this.entries[b] = entry;
    const id = this.plan.dom.idom(b);
    const aliasIn = id !== null && preds.length === 1 && preds[0] === id ? this.aliases[id] : undefined;
    const known = this.aliasesIn[b] === aliasIn && !this.everyBlock;
    this.aliasesIn[b] = aliasIn;
    const st = this.st;
    st.vars = entry;
    st.prev = this.exits[b];
    st.alias = known ? this.aliases[b] : aliasIn;
    st.trackAlias = !known;
    const insts = this.round === 0 || this.everyBlock ? this.insts[b]! : (this.varying[b] ??= varyingOf(this, this.insts[b]!));
    this.steps += insts.length;
    for (let k = 0; k < insts.length; k++) {
      const inst = insts[k]!;
      const r = transfer(this, b, inst, st);
      if (inst.dst !== null && !same(this.values[inst.dst], r)) {
        this.values[inst.dst] = r;
        this.changed = true;
        if (this.round >= SETTLE_FROM) this.epoch++;
        if (this.compared[inst.dst]) {
          this.valuesMoved = true;
          this.facts.noteMoved(inst.dst);
        }
        const rd = this.readers, er = this.edgeReaders;
        for (let i = rd.start[inst.dst]!; i < rd.start[inst.dst + 1]!; i++) this.work.mark(rd.items[i]!);
        for (let i = er.start[inst.dst]!; i < er.start[inst.dst + 1]!; i++) this.touchSuccessors(er.items[i]!);
      }
    }
    if (this.shape.sameIntervals(st.vars, this.exits[b])) st.vars = this.exits[b];
    else {
      this.changed = true;
      this.touchSuccessors(b);
    }
    this.exits[b] = st.vars;
    this.aliases[b] = st.alias;
    this.narrowings.visited(b);
  }

  /** Entry state: the variables bound at every predecessor's exit, each to the join over the feasible edges. */
  private joinPreds(b: BlockId, preds: readonly BlockId[]): PMap<Iv> {
    const hint = this.entries[b];
    // A loop header joins its entries' states whole, and its block parameters' variables over every predecessor below.
    const whole = this.round > 0 ? (this.wholePreds[b] ??= wholeJoinPreds(this.plan.dom, b, preds)) : preds;
    let entry: PMap<Iv>;
    if (whole.length === 1) entry = this.exits[whole[0]!];
    else {
      const ins = this.joinInputs;
      for (let i = 0; i < whole.length; i++) ins[i] = this.exits[whole[i]!];
      entry = this.shape.joinAll(ins, whole.length, hint);
    }
    // Variables the structural join may get wrong: narrowed on an edge, or empty at a predecessor's exit
    // (each once, in the order met; in scratch lists: this runs at every visit).
    // (Counted, not truncated: setting an array's length is a call into the runtime.)
    const special = this.special, edges = this.edges, mark = this.specialMark, stamp = ++this.stamp;
    let nSpecial = 0, anyEdge = false;
    for (let i = 0; i < preds.length; i++) {
      const p = preds[i]!;
      const e = this.narrowings.of(p, this.epoch);
      edges[i] = e;
      if (e) {
        anyEdge = true;
        for (const v of e.vars) if (mark[v] !== stamp) { mark[v] = stamp; special[nSpecial++] = v; }
      }
      const sets = this.setVars[p];
      if (sets) {
        for (const v of sets) {
          const x = this.shape.get(this.exits[p], v);
          if (x && isEmpty(x) && mark[v] !== stamp) { mark[v] = stamp; special[nSpecial++] = v; }
        }
      }
    }
    if (whole !== preds) for (const v of this.plan.phis[b]!) if (mark[v] !== stamp) { mark[v] = stamp; special[nSpecial++] = v; }
    for (let k = 0; k < nSpecial; k++) {
      const v = special[k]!;
      const r = this.joinVar(b, v, preds, anyEdge ? edges : undefined), h = this.shape.get(hint, v);
      entry = this.shape.set(entry, v, same(r, h) ? h : r);
    }
    return entry;
  }

  private joinVar(b: BlockId, v: VarId, preds: readonly BlockId[], edges: readonly (EdgeNarrowing | undefined)[] | undefined): Iv | undefined {
    const bits = this.varBits[v]!;
    let r: Iv | undefined;
    for (let i = 0; i < preds.length; i++) {
      const p = preds[i]!;
      let x = this.shape.get(this.exits[p], v);
      if (!x) return undefined;
      const e = edges?.[i];
      if (e && bits && e.vars.has(v)) x = narrow(x, e.cmp.cc, e.k, bits, e.cmp.then === b);
      if (isEmpty(x)) continue; // infeasible edge
      r = join(r, x);
    }
    return r;
  }
}

/** A block not visited yet (its aliases were made from nothing). */
const NOT_VISITED: unique symbol = Symbol("not visited");

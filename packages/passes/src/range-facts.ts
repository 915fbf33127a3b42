/**
 * Branch facts of the range analysis: in a block whose only predecessor
 * branched on `icmp %x, %y`, %x and %y are known to satisfy the condition
 * (on that side), and so in every block that block dominates. (The entry
 * block is never branched to here: the lowering gives such a function a
 * fresh entry first, detach-entry.ts, as the call is a way in too.)
 *
 * The facts of a block are its dominator's plus at most two of its own, so
 * they are computed in one walk of the dominator tree with a scoped table
 * (a value's current fact, and an undo log popped on the way back up:
 * range-fact-scope.ts)
 * instead of a map copied per block. During the walk each block records the
 * facts of the values it reads (the operands of the instructions the solver
 * transfers, those of a slice or all, and of the comparison it branches on),
 * which is what the solver asks; any other question walks up the blocks that
 * own facts.
 *
 * A walk after the first enters only the dominator subtrees where something
 * can differ from the last walk: the blocks whose compared values moved (the
 * solver notes them, noteMoved) and the paths down to them from the lowest
 * block dominating them all, where the walk starts (range-walk-marks.ts; the
 * facts above it stay in scope from the last walk, range-fact-scope.ts); and
 * below a block whose own facts moved, but there only the subtrees holding a
 * block that reads a value whose fact moved or owns a fact on it (each
 * value's such blocks are listed by their number in the tree's preorder,
 * made by the first walk, where a subtree is an interval: one binary search
 * per value and subtree); a block owning an unchanged fact on the value ends
 * the move below it. Everything else would enter the same facts and record
 * none.
 */
import type { BlockId, DominatorTree, Func, Inst, ValueId } from "@fzy/ir";
import { Adjacency } from "./range-adjacency.js";
import { FactScope } from "./range-fact-scope.js";
import { InheritedFacts, type OwnFacts } from "./range-fact-inherit.js";
import { WalkMarks } from "./range-walk-marks.js";
import { firstAtLeast, holdsBetween } from "./sorted-lists.js";
import { type ArrayPool, FRESH, Slot } from "./range-scratch.js";
import { condRange, full, type Iv, meet, narrow, same, SWAPPED } from "./range-lattice.js";

/** The comparison a block's terminator branches on, when it is a two-way branch on an icmp. */
export interface BranchCmp {
  readonly x: ValueId;
  readonly y: ValueId;
  readonly cc: string;
  readonly then: BlockId;
}

export function branchCmp(func: Func, defInst: readonly (Inst | undefined)[], b: BlockId): BranchCmp | undefined {
  const t = func.blocks[b]!.term;
  if (t.op !== "br" || t.then === t.else) return undefined;
  const c = defInst[t.cond];
  if (!c || c.op !== "icmp" || c.imm.kind !== "cc") return undefined;
  return { x: c.args[0]!, y: c.args[1]!, cc: c.imm.cc, then: t.then };
}

/** Sorts xs[from..to) ascending in place: by insertion when short (most blocks read a few values), else through a typed copy. */
function sortSegment(xs: number[], from: number, to: number): void {
  if (to - from <= 32) {
    for (let i = from + 1; i < to; i++) {
      const x = xs[i]!;
      let j = i - 1;
      while (j >= from && xs[j]! > x) { xs[j + 1] = xs[j]!; j--; }
      xs[j + 1] = x;
    }
    return;
  }
  const sorted = Int32Array.from(xs.slice(from, to)).sort();
  for (let i = from; i < to; i++) xs[i] = sorted[i - from]!;
}

/** The inputs of a block whose own facts were never computed (no interval is this object). */
const NOT_COMPUTED: Iv = { lo: 1, hi: 0 };

/** Whether two blocks' own facts are equal (their values are those of one comparison). */
const sameOwn = (a: OwnFacts | undefined, b: OwnFacts | undefined): boolean => a === b || (!!a && !!b && same(a.fx, b.fx) && same(a.fy, b.fy));

const meetOpt = (r: Iv | undefined, f: Iv | undefined): Iv | undefined => (r && f ? meet(r, f) : r ?? f);

export class BranchFacts {
  /** Values each block reads, distinct, ascending: readItems[readStart[b] .. readStart[b + 1]) (flat: no array per block). */
  readonly readStart: readonly number[];
  readonly readItems: readonly number[];
  /** The facts of block b's reads, aligned with them (undefined: none), from the last walk. */
  private answers: ((Iv | undefined)[] | undefined)[];
  /** Facts a block sets itself, in order (later wins), from the last walk. */
  private own: (OwnFacts | undefined)[];
  /** The facts of the values a block does not read, from its dominators' own (made at the first such question; dropped by a walk). */
  private inherited: InheritedFacts | undefined;
  /** The facts in scope during a walk (range-fact-scope.ts). */
  private readonly scope: FactScope;
  /** The intervals each block's own facts were computed from (values[x], values[y], cur[x], cur[y]). */
  /** (Flat, four per block, NOT_COMPUTED before its first computation: no array per block.) */
  private readonly inputs: (Iv | undefined)[];
  /** recompute's stack, and the block of each mark on it. */
  private readonly walkStack: number[] = [];
  private readonly walkBlocks: BlockId[] = [];
  /** Each block's preorder number in the dominator tree, and the end of its subtree's numbers (the first walk's). */
  private readonly pre: number[];
  private readonly subtreeEnd: number[];
  /** The blocks in that preorder, and how many the first walk reached. */
  private readonly byPre: BlockId[];
  private reached = 0;
  /** Per value, the preorder numbers of the blocks that read it or own a fact on it, ascending (made at the first question: most functions settle before). */
  private touches: Adjacency | undefined;
  private readonly nValues: number;
  private readonly pool: ArrayPool;
  /** Whether a walk was made (the first one records every block). */
  private walked = false;
  /** The walks' steps so far (the solver's measure of their work): blocks looked at or passed to set a start's facts in scope, and reads recorded. */
  steps = 0;
  /** Whether the block's only predecessor branches on a comparison (it may own facts). */
  private readonly cmpOfPred: (BranchCmp | undefined)[];
  /** The blocks whose own facts compare each value (compressed rows). */
  private readonly factBlocks: Adjacency;
  /** The blocks the next walk must enter, and where it starts (range-walk-marks.ts). */
  private readonly marks: WalkMarks;

  constructor(
    func: Func,
    blockInsts: readonly (readonly Inst[])[],
    private readonly dom: DominatorTree<BlockId>,
    private readonly cmps: readonly (BranchCmp | undefined)[],
    readonly bitsOf: (v: ValueId) => number,
    defInst: readonly (Inst | undefined)[],
    pool: ArrayPool = FRESH,
  ) {
    const n = func.blocks.length;
    // Plain arrays: a typed array of more than a few elements is an off-heap allocation per function.
    const seen = pool.take(Slot.Seen, func.values.length, -1);
    // Each block's reads go straight into one flat list, then its segment is sorted in place.
    const all: number[] = [];
    const readStart = new Array<number>(n + 1).fill(0);
    for (let b = 0; b < n; b++) {
      const insts = blockInsts[b]!;
      const from = all.length;
      for (let k = 0; k < insts.length; k++) {
        const inst = insts[k]!;
        const args = inst.args;
        for (let j = 0; j < args.length; j++) {
          const v = args[j]!;
          if (seen[v] !== b) { seen[v] = b; all.push(v); }
        }
        if (inst.op === "select") {
          const c = defInst[args[0]!];
          const v = c && c.op === "icmp" && c.imm.kind === "cc" ? c.args[1]! : undefined;
          if (v !== undefined && seen[v] !== b) { seen[v] = b; all.push(v); }
        }
      }
      const cmp = cmps[b];
      if (cmp) {
        if (seen[cmp.x] !== b) { seen[cmp.x] = b; all.push(cmp.x); }
        if (seen[cmp.y] !== b) { seen[cmp.y] = b; all.push(cmp.y); }
      }
      sortSegment(all, from, all.length);
      readStart[b + 1] = all.length;
    }
    this.readStart = readStart;
    this.readItems = all;
    this.answers = new Array(n).fill(undefined);
    this.scope = new FactScope(func.values.length, pool);
    this.own = new Array(n).fill(undefined);
    this.cmpOfPred = func.blocks.map((_, b) => {
      const preds = dom.preds[b]!;
      return preds.length === 1 ? cmps[preds[0]!] : undefined;
    });
    this.factBlocks = new Adjacency(func.values.length, (add) => {
      for (let b = 0; b < n; b++) {
        const c = this.cmpOfPred[b];
        if (c) { add(c.x, b); if (c.y !== c.x) add(c.y, b); }
      }
    }, pool, [Slot.FactBlocksStart, Slot.FactBlocksItems]);
    this.marks = new WalkMarks(dom, n, pool);
    this.inputs = pool.take<Iv | undefined>(Slot.Inputs, 4 * n, NOT_COMPUTED);
    this.nValues = func.values.length;
    this.pre = pool.take(Slot.Pre, n, -1);
    this.subtreeEnd = pool.take(Slot.SubtreeEnd, n, -1);
    this.byPre = pool.take(Slot.ByPre, n, 0 as BlockId);
    this.pool = pool;
  }

  /** The fact for `v` in `b`, for a value `b` reads. */
  ofRead(v: ValueId, b: BlockId): Iv | undefined {
    const ans = this.answers[b];
    return ans && ans[this.indexIn(b, v)];
  }

  /** The fact for `v` in `b` (undefined: none). */
  get(v: ValueId, b: BlockId): Iv | undefined {
    if (!(b >= 0 && b < this.answers.length)) return undefined;
    const i = this.indexIn(b, v);
    if (i >= 0) return this.answers[b]?.[i];
    return (this.inherited ??= new InheritedFacts(this.own, this.dom)).of(v, b);
  }

  /** Position of `v` among b's reads, or -1. */
  private indexIn(b: BlockId, v: number): number {
    const xs = this.readItems, start = this.readStart[b]!, end = this.readStart[b + 1]!, at = firstAtLeast(xs, start, end, v);
    return at < end && xs[at] === v ? at - start : -1;
  }

  /**
   * Recomputes every block's facts from the current value intervals; calls
   * `changed(b, branch)` for each block whose recorded facts differ from the
   * last walk; `branch` when among them is the fact of the value its own
   * branch compares against (`y`, which bounds the narrowing on its edges).
   */
  recompute(values: readonly (Iv | undefined)[], changed: (b: BlockId, branch: boolean) => void, whole = false): void {
    this.inherited = undefined;
    const root = this.dom.rpo[0];
    if (root === undefined) return;
    const scope = this.scope, cur = scope.cur, first = !this.walked;
    // (The first walk and a walk of every block start at the root, which enters every block the notes mark.)
    const noted = this.marks.start(), start = first || whole ? root : noted;
    if (start === undefined) return;
    this.steps += scope.moveBase(this.dom.idom(start), this.dom, this.enterKept);
    // Explicit stack (dominator trees may be 10k deep): a block id to enter, or ~mark to undo back to mark.
    // (Kept between walks: every walk empties it, and `blocks`, again.)
    const stack = this.walkStack, blocks = this.walkBlocks;
    stack.push(start);
    // A subtree reached where no fact that it reads or compares moved, and with no block in it whose
    // compared values moved (`needs`, see WalkMarks), would enter the same facts and record nothing: it is skipped whole.
    const needs = this.marks.needs;
    const skip = !first && !whole;
    let order = 0;
    while (stack.length) {
      const top = stack.pop()!;
      if (top < 0) {
        scope.undoTo(~top);
        const b = blocks.pop()!;
        if (first) this.subtreeEnd[b] = order;
        continue;
      }
      const b = top as BlockId;
      this.steps++;
      if (skip && !needs[b] && !this.movesBelow(b)) continue;
      needs[b] = 0;
      stack.push(~scope.mark);
      blocks.push(b);
      if (first) { this.pre[b] = order; this.byPre[order++] = b; }
      this.enter(b, values, cur);
      // (A walk of every block records every block: it does not rely on the flags it checks.)
      if (scope.nDiffering > 0 || whole) this.record(b, cur, changed);
      const kids = this.dom.children(b);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    if (first) this.reached = order;
    this.walked = true;
  }

  /** How many differing values movesBelow checks one by one; beyond, it enters the subtree (as a walk of every block would). */
  private static readonly CHECKED = 8;

  /** Whether the subtree of `b` holds a block that reads a differing value or owns a fact on it. */
  private movesBelow(b: BlockId): boolean {
    const { differs, differing: list, nDiffering } = this.scope;
    if (nDiffering === 0) return false;
    if (list.length > BranchFacts.CHECKED) return true;
    const { start, items } = (this.touches ??= this.touchRows()), from = this.pre[b]!, end = this.subtreeEnd[b]!;
    for (let i = 0; i < list.length; i++) {
      const v = list[i]!;
      if (!differs[v]) continue;
      // The first block at or after b in preorder that touches v: in b's subtree when before its end.
      if (holdsBetween(items, start[v]!, start[v + 1]!, from, end)) return true;
    }
    return false;
  }

  /** The rows of `touches`, from the blocks the first walk reached, in its preorder (added in that order: each row ascends). */
  private touchRows(): Adjacency {
    const { readStart, readItems, byPre, cmpOfPred, reached } = this;
    return new Adjacency(this.nValues, (add) => {
      for (let at = 0; at < reached; at++) {
        const b = byPre[at]!;
        for (let i = readStart[b]!; i < readStart[b + 1]!; i++) add(readItems[i]!, at);
        const c = cmpOfPred[b];
        if (c) { add(c.x, at); add(c.y, at); }
      }
    }, this.pool, [Slot.TouchStart, Slot.TouchItems]);
  }

  /**
   * Tells that the interval of `v` changed since the last walk: the blocks
   * whose own facts compare it are walked again.
   */
  noteMoved(v: ValueId): void {
    const { start, items } = this.factBlocks;
    for (let i = start[v]!; i < start[v + 1]!; i++) this.marks.note(items[i]! as BlockId);
  }

  /** Sets the facts `b` owns in scope, and whether they differ from the last walk's. */
  private enter(b: BlockId, values: readonly (Iv | undefined)[], cur: readonly (Iv | undefined)[]): void {
    const cmp = this.cmpOfPred[b];
    if (!cmp) return;
    const { x, y } = cmp;
    // The facts are a function of these four intervals: when they are the same objects as in
    // the last walk, so are the facts (no recomputation, no allocation).
    const inputs = this.inputs, at = 4 * b, before = this.own[b];
    let own = before;
    if (!(inputs[at] === values[x] && inputs[at + 1] === values[y] && inputs[at + 2] === cur[x] && inputs[at + 3] === cur[y])) {
      const fresh = this.ownFacts(b, cmp, values, cur);
      // Equal facts keep the last walk's object (and intervals): the blocks below then see the same
      // inputs as in the last walk and are neither recomputed nor recorded again.
      if (!sameOwn(fresh, own)) own = fresh;
      inputs[at] = values[x];
      inputs[at + 1] = values[y];
      inputs[at + 2] = cur[x];
      inputs[at + 3] = cur[y];
    }
    this.own[b] = own;
    if (own !== before || !this.walked) {
      // x's and y's facts from here down may differ from the last walk's, whether b now owns them or not.
      this.scope.set(x, own?.fx, 1);
      this.scope.set(y, own?.fy, 1);
    } else {
      // The same object as the last walk set: from here down, as in the last walk.
      this.enterKept(b);
    }
  }

  /** Sets the facts `b` owns in scope as the last walk had them (unchanged since: they do not differ). */
  private readonly enterKept = (b: BlockId): void => {
    const own = this.own[b];
    if (own?.fx) this.scope.set(own.x, own.fx, 0);
    if (own?.fy) this.scope.set(own.y, own.fy, 0);
  };

  /** The facts b owns: x narrowed by the comparison, then y by the swapped one (x may be y). */
  private ownFacts(b: BlockId, cmp: BranchCmp, values: readonly (Iv | undefined)[], cur: readonly (Iv | undefined)[]): OwnFacts | undefined {
    const { x, y, cc } = cmp;
    const taken = cmp.then === b;
    const bits = this.bitsOf(x);
    const kx = meetOpt(values[x], cur[x]), ky = meetOpt(values[y], cur[y]);
    const fx = bits && ky ? narrow(meet(cur[x] ?? full(bits), kx ?? full(bits)), cc, ky, bits, taken) : undefined;
    let fy: Iv | undefined;
    if (bits && kx) {
      const sc = SWAPPED[cc];
      const r = sc ? condRange(sc, kx, bits, taken) : undefined;
      const cy = y === x && fx ? fx : cur[y];
      if (r) fy = meet(cy ?? full(bits), r);
    }
    return fx || fy ? { x, fx, y, fy } : undefined;
  }

  private record(b: BlockId, cur: readonly (Iv | undefined)[], changed: (b: BlockId, branch: boolean) => void): void {
    const start = this.readStart[b]!, end = this.readStart[b + 1]!, items = this.readItems;
    const prev = this.answers[b];
    let any = false, diff = false;
    for (let i = start; i < end; i++) {
      const f = cur[items[i]!];
      if (f) any = true;
      if (!same(f, prev?.[i - start])) diff = true;
    }
    this.steps += end - start;
    if (!diff) return; // (prev is kept: equal facts, same objects)
    const y = this.cmps[b]?.y;
    const branch = y !== undefined && !same(cur[y], prev?.[this.indexIn(b, y)]);
    if (!any) this.answers[b] = undefined;
    else {
      // Rewritten in place when there is one: only ofRead and get read a block's answers, when asked.
      // (A plain loop: a typed-array view per block and round costs more than the answers.)
      const ans = prev ?? new Array<Iv | undefined>(end - start);
      for (let i = start; i < end; i++) ans[i - start] = cur[items[i]!];
      this.answers[b] = ans;
    }
    changed(b, branch);
  }
}


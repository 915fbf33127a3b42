/**
 * The loop analysis that unrolling small counted loops (optimize-unroll.ts)
 * runs on, kept valid through the unrollings made on it, and the users of
 * the loop headers' values that an unrolling renames; the predecessor and
 * edge queries of its checks.
 */
import { edgeAt, edgeCount, termEdges, type LBlockId, type LEdge, type LInst, type LTerm, type LValue } from "@fzy/lir";
import type { LoopDominators } from "./loop-nest.js";
import type { LoopForest } from "./optimize-licm.js";
import { MaxHeap } from "./max-heap.js";
import { everyUse, instDef, type MFunction } from "./optimize-ir.js";
import { everyTermUse } from "./optimize-uses.js";

/** What the checks read of the graph: predecessors and reachability. */
export type Preds = Pick<LoopDominators, "predCount" | "pred" | "isReachable">;

/** A loop's blocks as the checks read them: membership and one pass over them. */
export interface LoopBlocks extends Iterable<LBlockId> {
  has(b: LBlockId): boolean;
}

/**
 * One analysis of the loops, kept valid through the unrollings made on it.
 * Unrolling an innermost loop L changes the predecessors of its own blocks
 * and cold blocks, and of its exit block, reached from the last header copy
 * instead of the header (renamed here, `exited`). No other loop's blocks
 * change but those of the loops around L: they hold L's copies too, and
 * lose L's body and cold blocks when L runs no trip (they die: reached from
 * L's header only, they lead nowhere but into L and its cold blocks). They
 * are innermost once every loop in them is unrolled: a loop holding L's
 * exit would reach L's header from its body and so hold L. So the analysis
 * answers as a new one would, for the whole pass: a function of thousands
 * of small loops, each alone or in an outer loop, reads itself once.
 *
 * Nothing is copied per enclosing loop: a loop's blocks are its blocks in
 * the nest (an interval test) but the killed ones, plus the copies of every
 * unrolled loop nested in it (each copy knows its loop: one more interval
 * test), so an unrolling at the bottom of a deep nest costs its own size.
 */
export class Analysis implements Preds {
  /** Headers of the loops unrolled on this analysis (no loops any more). */
  readonly unrolled = new Set<LBlockId>();
  /** By header: how many loops directly in it are unrolled. */
  private readonly unrolledChildren = new Map<LBlockId, number>();
  /** By unrolled header: its copies, blocks [from, to). */
  private readonly copiesOf = new Map<LBlockId, readonly [number, number]>();
  /** By appended block (its id minus `blocks`): the header of the loop it is a copy of. */
  private readonly copyOwner: LBlockId[] = [];
  /** Blocks of the analysed function killed since (the body and cold blocks of loops of no trip). */
  private readonly killed = new Set<LBlockId>();
  /** By exit block of an unrolled loop: its header, now the last header copy, as a predecessor. */
  private readonly exited = new Map<LBlockId, Map<LBlockId, LBlockId>>();
  /** How many blocks the analysed function had: those appended since are unrolled copies, all reachable. */
  readonly blocks: number;
  /** The loop headers in block order... */
  private readonly headers: readonly LBlockId[];
  /** ...the index of each there (by header)... */
  private readonly headerIndex = new Map<LBlockId, number>();
  /**
   * ...and those still offered to the search (`offered`: in the heap), the
   * heap holding `headers.length - 1 - index` so that its highest entry is
   * the first offered header in block order; each is in it at most once.
   */
  private readonly heap: MaxHeap;
  private readonly offered: boolean[];
  private unreached: boolean | undefined;
  private uses: HeaderUses | undefined;

  constructor(readonly m: MFunction, readonly forest: LoopForest) {
    this.blocks = m.blocks.length;
    this.headers = [...forest.loops.keys()].sort((a, b) => a - b);
    this.headers.forEach((h, k) => this.headerIndex.set(h, k));
    this.heap = new MaxHeap(new Int32Array(this.headers.length));
    for (let k = 0; k < this.headers.length; k++) this.heap.push(this.headers.length - 1 - k); // (descending: each stays where pushed)
    this.offered = this.headers.map(() => true);
  }

  /** The first header in block order still offered, taken out of the offer; undefined when none is. */
  nextOffered(): LBlockId | undefined {
    if (this.heap.size === 0) return undefined;
    const k = this.headers.length - 1 - this.heap.pop();
    this.offered[k] = false;
    return this.headers[k];
  }

  /** Offers the loop at `h` (if it heads one) to the search again. */
  private offer(h: LBlockId | undefined): void {
    const k = h === undefined ? undefined : this.headerIndex.get(h);
    if (k === undefined || this.offered[k] || this.unrolled.has(h!)) return;
    this.offered[k] = true;
    this.heap.push(this.headers.length - 1 - k);
  }

  /**
   * Offers again, after the loop at `h` (entered from `pre`, left to
   * `exit`) was unrolled and blocks `rewritten` renamed, the loops whose
   * checks may now answer otherwise: a loop's checks read its header and its
   * predecessors, its entry block, its blocks and cold blocks. The unrolling
   * changed the blocks of the loops around it, of which only the enclosing
   * one can be innermost; the predecessors of `exit`, which may head a
   * loop; and, in `pre` and the rewritten blocks, the operands and edge
   * arguments: the loop holding each and the loops each enters may see a
   * constant start now.
   */
  offerAgain(h: LBlockId, pre: LBlockId, exit: LBlockId, rewritten: Iterable<LBlockId>): void {
    this.offer(this.forest.nest.parent(h));
    this.offer(exit);
    for (const b of [pre, ...rewritten]) {
      this.offer(this.holder(b));
      for (const e of termEdges(this.m.blocks[b]!.term)) this.offer(e.block);
    }
  }

  /** The innermost loop not unrolled holding block `b`, if any. */
  private holder(b: LBlockId): LBlockId | undefined {
    const nest = this.forest.nest;
    let l = b < this.blocks ? nest.innermost(b) : nest.parent(this.copyOwner[b - this.blocks]!);
    while (l !== undefined && this.unrolled.has(l)) l = nest.parent(l);
    return l;
  }

  /** The blocks of the loop at `h`, with the copies of the loops unrolled in it, without the killed ones. */
  body(h: LBlockId): LoopBlocks {
    const own = this.forest.loops.get(h)!;
    return this.copyOwner.length === 0 && this.killed.size === 0 ? own : new GrownBody(this, h, own);
  }

  /** Whether the loop at `h` holds no loop but unrolled ones. */
  innermost(h: LBlockId): boolean {
    return (this.unrolledChildren.get(h) ?? 0) === this.forest.nest.children(h).length;
  }

  /**
   * Notes that the loop at `h` is unrolled: blocks `from` to `to`
   * (exclusive) are its copies, which belong to every loop around it; with
   * `killed`, its body and cold blocks died.
   */
  noteUnrolled(h: LBlockId, from: number, to: number, killed: readonly LBlockId[]): void {
    this.unrolled.add(h);
    const p = this.forest.nest.parent(h);
    if (p !== undefined) this.unrolledChildren.set(p, (this.unrolledChildren.get(p) ?? 0) + 1);
    if (to > from) this.copiesOf.set(h, [from, to]);
    for (let b = from; b < to; b++) this.copyOwner[b - this.blocks] = h;
    for (const b of killed) this.killed.add(b);
  }

  /** Whether block `b` is in the loop at `h` (see `body`). */
  holds(h: LBlockId, b: LBlockId): boolean {
    const nest = this.forest.nest;
    if (b < this.blocks) return nest.contains(h, b) && !this.killed.has(b);
    const owner = this.copyOwner[b - this.blocks]!;
    return owner !== h && nest.contains(h, owner);
  }

  /** The blocks of the loop at `h` (see `body`): its own in the nest but the killed ones, then the copies of the unrolled loops in it. */
  *blocksOf(h: LBlockId, own: Iterable<LBlockId>): Generator<LBlockId> {
    for (const b of own) if (!this.killed.has(b)) yield b;
    const nest = this.forest.nest, inner = [...nest.children(h)];
    while (inner.length > 0) {
      const l = inner.pop()!, copies = this.copiesOf.get(l);
      if (copies) for (let b = copies[0]; b < copies[1]; b++) yield b as LBlockId;
      inner.push(...nest.children(l));
    }
  }

  /** Notes that `exit` is now reached from `to` where it was from `from`. */
  renamePred(exit: LBlockId, from: LBlockId, to: LBlockId): void {
    let renamed = this.exited.get(exit);
    if (!renamed) this.exited.set(exit, (renamed = new Map()));
    renamed.set(from, to);
  }

  predCount(b: LBlockId): number {
    return this.forest.dom.predCount(b);
  }

  pred(b: LBlockId, k: number): LBlockId {
    const p = this.forest.dom.pred(b, k);
    return this.exited.get(b)?.get(p) ?? p;
  }

  /** Blocks appended since the analysis are unrolled copies, all reachable. */
  isReachable(b: LBlockId): boolean {
    return b >= this.blocks || this.forest.dom.isReachable(b);
  }

  /** Whether a live block is unreachable from the entry: unrolling leaves that unchanged (a loop of no trip kills its body, reachable before). */
  hasUnreached(): boolean {
    if (this.unreached === undefined) {
      const { m, forest: { dom } } = this;
      this.unreached = false;
      for (let b = 0; b < m.blocks.length && !this.unreached; b++) this.unreached = !m.blocks[b]!.dead && !dom.isReachable(b as LBlockId);
    }
    return this.unreached;
  }

  /** The users of the loop headers' values, made at the first unrolling. */
  headerUses(): HeaderUses {
    return (this.uses ??= new HeaderUses(this.m, this.forest.loops.keys()));
  }
}

/**
 * The blocks using each value a loop header defines (its parameters and
 * instructions' results): the only values of an unrolled loop that blocks
 * outside it use and unrolling renames. A list may hold a block that no
 * longer uses the value (renaming it again changes nothing) or twice, but
 * holds every block that does, as long as each block an unrolling rewrites
 * or appends is `record`ed.
 */
export class HeaderUses {
  /** By header value: the blocks using it. */
  private readonly users = new Map<LValue, LBlockId[]>();

  constructor(private readonly m: MFunction, headers: Iterable<LBlockId>) {
    for (const h of headers) {
      const blk = m.blocks[h]!;
      for (const p of blk.params) this.users.set(p, []);
      for (const i of blk.insts) for (const d of defsOf(i)) this.users.set(d, []);
    }
    for (let b = 0; b < m.blocks.length; b++) this.record(b as LBlockId);
  }

  /** Notes the uses of header values in block `b` as it is now. */
  record(b: LBlockId): void {
    const blk = this.m.blocks[b]!;
    const note = (v: LValue): boolean => {
      this.users.get(v)?.push(b);
      return true;
    };
    for (const i of blk.insts) everyUse(i, note);
    everyTermUse(blk.term, note);
  }

  /** The blocks that may use `v`. */
  usersOf(v: LValue): readonly LBlockId[] {
    return this.users.get(v) ?? [];
  }
}

/** A loop's blocks once unrollings grew or killed some (Analysis.body). */
class GrownBody implements LoopBlocks {
  constructor(private readonly a: Analysis, private readonly h: LBlockId, private readonly own: Iterable<LBlockId>) {}

  has(b: LBlockId): boolean {
    return this.a.holds(this.h, b);
  }

  [Symbol.iterator](): Iterator<LBlockId> {
    return this.a.blocksOf(this.h, this.own);
  }
}

/** The values an instruction defines. */
export function defsOf(i: LInst): readonly LValue[] {
  if (i.op === "call" || i.op === "call_indirect") return i.dsts;
  const d = instDef(i);
  return d === undefined ? [] : [d];
}

/** The one predecessor of `b` that `f` holds for (a repeated one counts as often as it appears); undefined for none or several. */
export function onlyPred(preds: Preds, b: LBlockId, f: (p: LBlockId) => boolean): LBlockId | undefined {
  let one: LBlockId | undefined;
  for (let k = 0, n = preds.predCount(b); k < n; k++) {
    const p = preds.pred(b, k);
    if (!f(p)) continue;
    if (one !== undefined) return undefined;
    one = p;
  }
  return one;
}

/** Whether `f` holds for every predecessor of `b`. */
export function allPreds(preds: Preds, b: LBlockId, f: (p: LBlockId) => boolean): boolean {
  for (let k = 0, n = preds.predCount(b); k < n; k++) if (!f(preds.pred(b, k))) return false;
  return true;
}

/** The one edge of `t` to block `h`; undefined for none or several. */
export function onlyEdgeTo(t: LTerm, h: LBlockId): LEdge | undefined {
  let one: LEdge | undefined;
  for (let k = 0, n = edgeCount(t); k < n; k++) {
    const e = edgeAt(t, k);
    if (e.block !== h) continue;
    if (one) return undefined;
    one = e;
  }
  return one;
}

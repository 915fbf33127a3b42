/**
 * The loop nesting forest of a control-flow graph, built once in
 * near-linear time: each block's innermost natural loop, each loop's
 * enclosing loop, and every loop's body as a contiguous slice of one block
 * order (so membership is an interval test and a body is never copied).
 *
 * Loops are the natural loops of the back edges t -> h (h dominates t;
 * Aho, Sethi, Ullman, "Compilers", 1986, 10.4), one per header (the back
 * edges of a header share its loop). Two such loops with different headers
 * are disjoint or nested, so they form a forest. Method (the one of LLVM's
 * LoopInfo, after Havlak, "Nesting of reducible and irreducible loops",
 * TOPLAS 1997): headers are taken in reverse RPO, so every loop nested in
 * a loop is found before it; from a header's back edges a backward search
 * over predecessors claims the unclaimed blocks, and on meeting a block of
 * an already found loop it jumps to the outermost loop found so far around
 * that block (a union-find with path compression), makes it a child, and
 * goes on from that loop's header's predecessors. Each block is claimed
 * once and each header's predecessors are searched once per level of the
 * forest it is lifted to, so the work is linear in blocks + edges up to
 * the inverse Ackermann factor; the explicit body set per header it
 * replaces cost the sum of the body sizes, depth^2 on a nest.
 *
 * Invariants: `order` lists every block in some loop, each loop's blocks
 * in [start, end): first its own blocks (in no inner loop) in RPO, the
 * header first, then its child loops in RPO of their headers. Blocks in no
 * loop and unreachable blocks have no position.
 */
import type { LBlockId } from "@fzy/lir";

/** What loop finding asks of a dominator tree: a DominatorTree and a FlatDominators (@fzy/ir) both answer it. */
export interface LoopDominators {
  readonly rpo: readonly LBlockId[];
  readonly rpoIndex: readonly number[];
  isReachable(b: LBlockId): boolean;
  dominates(a: LBlockId, b: LBlockId): boolean;
  strictlyDominates(a: LBlockId, b: LBlockId): boolean;
  predCount(b: LBlockId): number;
  pred(b: LBlockId, i: number): LBlockId;
}

export class LoopNest {
  // Plain arrays, not typed ones: a function is small as a rule, and a typed array over 64 bytes is slow to make.
  /** Innermost loop header of each block (-1: in no loop). */
  private readonly loopOf: number[];
  /** The enclosing loop's header of each header (-1: outermost, or not a header). */
  private readonly parentOf: number[];
  private readonly ownOf: LBlockId[][] = [];
  private readonly childrenOf: LBlockId[][] = [];
  /** Blocks in nesting order (see the header); `pos` is each block's index there (-1: none). */
  private readonly order: LBlockId[] = [];
  private readonly pos: number[];
  private readonly start: number[];
  private readonly end: number[];

  constructor(private readonly dom: LoopDominators, n: number) {
    this.loopOf = new Array<number>(n).fill(-1);
    this.parentOf = new Array<number>(n).fill(-1);
    this.pos = new Array<number>(n).fill(-1);
    this.start = new Array<number>(n).fill(0);
    this.end = new Array<number>(n).fill(0);
    this.discover();
    this.layOut();
  }

  /** Whether `h` heads a loop. */
  isHeader(h: LBlockId): boolean {
    return this.loopOf[h] === h;
  }

  /** The innermost loop header around `b`, or undefined. */
  innermost(b: LBlockId): LBlockId | undefined {
    const l = this.loopOf[b]!;
    return l < 0 ? undefined : (l as LBlockId);
  }

  /** The header of the loop enclosing the loop of `h`, or undefined. */
  parent(h: LBlockId): LBlockId | undefined {
    const p = this.parentOf[h]!;
    return p < 0 ? undefined : (p as LBlockId);
  }

  /** The blocks of the loop of `h` in no inner loop, in RPO (the header first). */
  own(h: LBlockId): readonly LBlockId[] {
    return this.ownOf[h] ?? [];
  }

  /** The loops directly inside the loop of `h`, in RPO of their headers. */
  children(h: LBlockId): readonly LBlockId[] {
    return this.childrenOf[h] ?? [];
  }

  /** Whether `b` is in the loop of header `h` (an interval test). */
  contains(h: LBlockId, b: LBlockId): boolean {
    const p = this.pos[b]!;
    return p >= this.start[h]! && p < this.end[h]!;
  }

  /** The loop of `h` as a read-only set (a view of the nesting order, nothing copied). */
  body(h: LBlockId): ReadonlySet<LBlockId> {
    return new LoopBody(this, this.order, this.start[h]!, this.end[h]!, h);
  }

  private discover(): void {
    const { dom, loopOf, parentOf } = this;
    const rep = new Array<number>(loopOf.length).fill(0); // union-find: a header's outermost enclosing loop found so far
    const top = (h: number): number => {
      let r = h;
      while (rep[r] !== r) r = rep[r]!;
      for (let x = h; rep[x] !== r; ) { const nx = rep[x]!; rep[x] = r; x = nx; }
      return r;
    };
    const work: LBlockId[] = [];
    for (let i = dom.rpo.length - 1; i >= 0; i--) {
      const h = dom.rpo[i]!;
      for (let k = 0, np = dom.predCount(h); k < np; k++) {
        const p = dom.pred(h, k);
        if (dom.isReachable(p) && dom.dominates(h, p)) work.push(p);
      }
      if (work.length === 0) continue;
      loopOf[h] = h;
      rep[h] = h;
      while (work.length > 0) {
        const b = work.pop()!, l = loopOf[b]!;
        let from: LBlockId;
        if (l < 0) {
          loopOf[b] = h;
          from = b;
        } else {
          const t = top(l);
          if (t === h) continue;
          parentOf[t] = h;
          rep[t] = h;
          from = t as LBlockId;
        }
        for (let k = 0, np = dom.predCount(from); k < np; k++) if (dom.isReachable(dom.pred(from, k))) work.push(dom.pred(from, k));
      }
    }
  }

  /** Own blocks and children per loop, then the nesting order by a depth-first walk of the forest. */
  private layOut(): void {
    const { dom, loopOf, parentOf, ownOf, childrenOf } = this;
    const roots: LBlockId[] = [];
    for (const b of dom.rpo) {
      const l = loopOf[b]!;
      if (l < 0) continue;
      (ownOf[l] ??= []).push(b);
      if (l !== b) continue;
      const p = parentOf[b]!;
      if (p < 0) roots.push(b);
      else (childrenOf[p] ??= []).push(b);
    }
    const stack: { h: LBlockId; next: number }[] = [];
    const enter = (h: LBlockId) => {
      this.start[h] = this.order.length;
      for (const b of ownOf[h]!) { this.pos[b] = this.order.length; this.order.push(b); }
      stack.push({ h, next: 0 });
    };
    for (const r of roots) {
      enter(r);
      while (stack.length > 0) {
        const f = stack[stack.length - 1]!, kids = childrenOf[f.h];
        if (kids && f.next < kids.length) { enter(kids[f.next++]!); continue; }
        this.end[f.h] = this.order.length;
        stack.pop();
      }
    }
  }
}

/** Each header's loop as a view of `nest`, headers in the order their first back edge is met (sources in RPO, then successor order). */
export function loopsByHeader(
  succs: readonly (readonly LBlockId[])[], dom: LoopDominators, nest: LoopNest,
): ReadonlyMap<LBlockId, ReadonlySet<LBlockId>> {
  const loops = new Map<LBlockId, ReadonlySet<LBlockId>>();
  for (const t of dom.rpo) {
    for (const h of succs[t]!) if (nest.isHeader(h) && !loops.has(h) && nest.contains(h, t)) loops.set(h, nest.body(h)); // t -> h is a back edge
  }
  return loops;
}

/** One loop's blocks: a slice of the nesting order; `has` is the nest's interval test. */
class LoopBody implements ReadonlySet<LBlockId> {
  constructor(
    private readonly nest: LoopNest, private readonly order: readonly LBlockId[],
    private readonly lo: number, private readonly hi: number, private readonly h: LBlockId,
  ) {}

  get size(): number {
    return this.hi - this.lo;
  }

  has(b: LBlockId): boolean {
    return this.nest.contains(this.h, b);
  }

  *values(): SetIterator<LBlockId> {
    for (let i = this.lo; i < this.hi; i++) yield this.order[i]!;
  }

  keys(): SetIterator<LBlockId> {
    return this.values();
  }

  *entries(): SetIterator<[LBlockId, LBlockId]> {
    for (const b of this.values()) yield [b, b];
  }

  [Symbol.iterator](): SetIterator<LBlockId> {
    return this.values();
  }

  forEach(f: (value: LBlockId, key: LBlockId, set: ReadonlySet<LBlockId>) => void, thisArg?: unknown): void {
    for (const b of this.values()) f.call(thisArg, b, b, this);
  }
}

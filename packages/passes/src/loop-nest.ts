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

/** What loop finding asks of a dominator tree: a DominatorTree and a FlatDominators (@fzy/ir) both answer it, over IR or lowered-form block ids (`B`). */
export interface LoopDominators<B extends number = LBlockId> {
  readonly rpo: readonly B[];
  readonly rpoIndex: readonly number[];
  isReachable(b: B): boolean;
  dominates(a: B, b: B): boolean;
  strictlyDominates(a: B, b: B): boolean;
  predCount(b: B): number;
  pred(b: B, i: number): B;
}

export class LoopNest<B extends number = LBlockId> {
  // Plain arrays, not typed ones: a function is small as a rule, and a typed array over 64 bytes is slow to make.
  /** Innermost loop header of each block (-1: in no loop). */
  private readonly loopOf: number[];
  /** The enclosing loop's header of each header (-1: outermost, or not a header). */
  private readonly parentOf: number[];
  private readonly ownOf: B[][] = [];
  private readonly childrenOf: B[][] = [];
  /** Blocks in nesting order (see the header); `pos` is each block's index there (-1: none). */
  private readonly order: B[] = [];
  private readonly pos: number[];
  private readonly start: number[];
  private readonly end: number[];

  constructor(private readonly dom: LoopDominators<B>, n: number) {
    this.loopOf = new Array<number>(n).fill(-1);
    this.parentOf = new Array<number>(n).fill(-1);
    this.pos = new Array<number>(n).fill(-1);
    this.start = new Array<number>(n).fill(0);
    this.end = new Array<number>(n).fill(0);
    this.discover();
    this.layOut();
  }

  /** Whether `h` heads a loop. */
  isHeader(h: B): boolean {
    return this.loopOf[h] === h;
  }

  /** The innermost loop header around `b`, or undefined. */
  innermost(b: B): B | undefined {
    const l = this.loopOf[b]!;
    return l < 0 ? undefined : (l as B);
  }

  /** The header of the loop enclosing the loop of `h`, or undefined. */
  parent(h: B): B | undefined {
    const p = this.parentOf[h]!;
    return p < 0 ? undefined : (p as B);
  }

  /** The blocks of the loop of `h` in no inner loop, in RPO (the header first). */
  own(h: B): readonly B[] {
    return this.ownOf[h] ?? [];
  }

  /** The loops directly inside the loop of `h`, in RPO of their headers. */
  children(h: B): readonly B[] {
    return this.childrenOf[h] ?? [];
  }

  /** Whether `b` is in the loop of header `h` (an interval test). */
  contains(h: B, b: B): boolean {
    const p = this.pos[b]!;
    return p >= this.start[h]! && p < this.end[h]!;
  }

  /** `b`'s place in the nesting order (-1: in no loop): the loop of `h` holds the places from spanStart(h) up to spanEnd(h), excluded. */
  place(b: B): number {
    return this.pos[b]!;
  }
  spanStart(h: B): number {
    return this.start[h]!;
  }
  spanEnd(h: B): number {
    return this.end[h]!;
  }

  /** The loop of `h` as a read-only set (a view of the nesting order, nothing copied). */
  body(h: B): ReadonlySet<B> {
    return new LoopBody<B>(this, this.order, this.start[h]!, this.end[h]!, h);
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
    const work: B[] = [];
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
        let from: B;
        if (l < 0) {
          loopOf[b] = h;
          from = b;
        } else {
          const t = top(l);
          if (t === h) continue;
          parentOf[t] = h;
          rep[t] = h;
          from = t as B;
        }
        for (let k = 0, np = dom.predCount(from); k < np; k++) if (dom.isReachable(dom.pred(from, k))) work.push(dom.pred(from, k));
      }
    }
  }

  /** Own blocks and children per loop, then the nesting order by a depth-first walk of the forest. */
  private layOut(): void {
    const { dom, loopOf, parentOf, ownOf, childrenOf } = this;
    const roots: B[] = [];
    for (const b of dom.rpo) {
      const l = loopOf[b]!;
      if (l < 0) continue;
      (ownOf[l] ??= []).push(b);
      if (l !== b) continue;
      const p = parentOf[b]!;
      if (p < 0) roots.push(b);
      else (childrenOf[p] ??= []).push(b);
    }
    const stack: { h: B; next: number }[] = [];
    const enter = (h: B) => {
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
export function loopsByHeader<B extends number>(
  succs: readonly (readonly B[])[], dom: LoopDominators<B>, nest: LoopNest<B>,
): ReadonlyMap<B, ReadonlySet<B>> {
  const loops = new Map<B, ReadonlySet<B>>();
  for (const t of dom.rpo) {
    for (const h of succs[t]!) if (nest.isHeader(h) && !loops.has(h) && nest.contains(h, t)) loops.set(h, nest.body(h)); // t -> h is a back edge
  }
  return loops;
}

/** One loop's blocks: a slice of the nesting order; `has` is the nest's interval test. */
class LoopBody<B extends number> implements ReadonlySet<B> {
  constructor(
    private readonly nest: LoopNest<B>, private readonly order: readonly B[],
    private readonly lo: number, private readonly hi: number, private readonly h: B,
  ) {}

  get size(): number {
    return this.hi - this.lo;
  }

  has(b: B): boolean {
    return this.nest.contains(this.h, b);
  }

  *values(): SetIterator<B> {
    for (let i = this.lo; i < this.hi; i++) yield this.order[i]!;
  }

  keys(): SetIterator<B> {
    return this.values();
  }

  *entries(): SetIterator<[B, B]> {
    for (const b of this.values()) yield [b, b];
  }

  [Symbol.iterator](): SetIterator<B> {
    return this.values();
  }

  forEach(f: (value: B, key: B, set: ReadonlySet<B>) => void, thisArg?: unknown): void {
    for (const b of this.values()) f.call(thisArg, b, b, this);
  }
}

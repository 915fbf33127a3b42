/**
 * Which of a variable's candidate blocks need a parameter, decided by
 * reaching definitions over the dominator tree instead of by walking the
 * blocks where the variable is live (ssa-plan.ts asks this when the quick
 * answers of QuickLiveness leave a candidate open). A walk visits every
 * block where v is live, and n variables each live across a chain of n
 * diamonds are live in n^2 (variable, block) pairs, though each needs one
 * parameter.
 *
 * Give v a parameter at every candidate (a block of v's iterated dominance
 * frontier). Then v's value at the end of a block b is that of the nearest
 * block dominating b, b included, that assigns v or has a parameter for it,
 * and on entry to a block without a parameter it is its immediate
 * dominator's (Cytron et al.'s renaming). A parameter is used when a read
 * before any assignment sees it, or when a used parameter takes it along an
 * incoming edge. The entry, without a dominator, takes its value on entry
 * from its incoming (back) edges: it counts as a parameter that is never
 * kept (and is the nearest such block when no other dominates). v is live
 * on entry to a candidate y exactly when y's parameter is used: a path from
 * y to a read that assigns v nowhere passes candidates, each of which takes
 * the value of the one before; and a chain of uses is such a path. Keeping
 * the used parameters only is pruned SSA (as dead-parameter elimination
 * after minimal SSA).
 *
 * The candidates need not be the whole iterated frontier, only a part of it
 * that holds every frontier block where v is live: a read, or the edge into
 * a used parameter, sees the nearest parameter or assignment of the whole
 * frontier; a parameter seen is used, so v is live there and it is a
 * candidate, and the candidates, part of the frontier, hold none nearer.
 *
 * Per variable: O((m + q) log m) for m assigning and candidate blocks and
 * q reads and edges into used parameters (NearestMarked, ssa-nearest.ts).
 */
import type { Flow, Sites } from "./ssa-liveness.js";
import { type DominatorOrder, NearestMarked } from "./ssa-nearest.js";
import type { Ints, IntTables } from "./ssa-tables.js";

/** The used parameters among a variable's candidates, for every variable of one plan in turn (see the header). */
export class ReachingUses {
  /** v's assigning and candidate blocks. */
  private readonly marks: NearestMarked;
  /** === v + 1 at v's candidates, and at those whose parameter is found used. */
  private readonly candidate: Ints;
  private readonly used: Ints;
  /** Used parameters whose incoming edges are still to be followed; a block enters once per variable. */
  private readonly work: Ints;

  constructor(private readonly g: Flow, private readonly order: DominatorOrder, tables: IntTables) {
    this.marks = new NearestMarked(order, g.n, tables);
    this.candidate = tables.ints(g.n);
    this.used = tables.ints(g.n);
    this.work = tables.ints(g.n);
  }

  /**
   * Keeps the first `count` entries of `candidates` (reachable blocks, each
   * once, holding every block of v's iterated frontier where v is live) whose
   * parameter is used, in their order; returns how many.
   */
  keepUsed(v: number, sites: Sites, candidates: Ints, count: number): number {
    const stamp = v + 1, { defStamp } = sites, { idom, pred, predStart, reachable } = this.g;
    const { candidate, used, work } = this;
    const marks = this.marks;
    marks.begin();
    for (let k = sites.defStart[v]!; k < sites.defStart[v + 1]!; k++) if (reachable[sites.defBlocks[k]!]) marks.add(sites.defBlocks[k]!);
    for (let i = 0; i < count; i++) {
      candidate[candidates[i]!] = stamp;
      // An assigning candidate is marked already: at most one mark per block.
      if (defStamp[candidates[i]!] !== stamp) marks.add(candidates[i]!);
    }
    marks.finish();
    const entry = this.order.blockAt[0]!;
    let top = 0;
    // A parameter whose value is used (or the entry's value on entry): its incoming edges are followed.
    const mark = (y: number): void => {
      if (used[y] === stamp) return;
      used[y] = stamp;
      work[top++] = y;
    };
    // v's value at the end of block b: marks it used when it is a parameter's or the entry's.
    const sees = (b: number): void => {
      const r = marks.nearest(b);
      if (r < 0) mark(entry);
      else if (defStamp[r] !== stamp) mark(r);
    };
    for (let k = sites.useStart[v]!; k < sites.useStart[v + 1]!; k++) {
      const u = sites.useBlocks[k]!;
      if (!reachable[u]) continue;
      // The read comes before any assignment in u: it sees u's own parameter, or the entry's value on entry.
      if (candidate[u] === stamp || u === entry) mark(u);
      else sees(idom[u]!);
    }
    while (top > 0) {
      const y = work[--top]!;
      for (let i = predStart[y]!; i < predStart[y + 1]!; i++) sees(pred[i]!);
    }
    let kept = 0;
    for (let i = 0; i < count; i++) if (used[candidates[i]!] === stamp) candidates[kept++] = candidates[i]!;
    return kept;
  }
}

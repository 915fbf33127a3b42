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
 * on entry to a candidate y exactly when y's
 * parameter is used: a path from y to a read that assigns v nowhere passes
 * candidates, each of which takes the value of the one before; and a chain
 * of uses is such a path. Keeping the used parameters only is pruned SSA
 * (as dead-parameter elimination after minimal SSA).
 *
 * The candidates need not be the whole iterated frontier, only a part of it
 * that holds every frontier block where v is live: a read, or the edge into
 * a used parameter, sees the nearest dominating parameter of the whole
 * frontier, where v is live, so among the candidates; no other candidate
 * lies between it and the reader.
 *
 * Nearest dominating marked block: the marked blocks' dominator subtrees are
 * nested intervals of the tree's preorder; sorted, they cut the preorder into
 * at most 2m + 1 pieces, each with one innermost interval, and a question is
 * a binary search among the pieces. Per variable: O((m + q) log m) for m
 * assigning and candidate blocks and q reads and edges into used parameters.
 */
import type { BlockId, DominatorTree } from "@fzy/ir";
import type { Flow, Sites } from "./ssa-liveness.js";
import type { Ints, IntTables } from "./ssa-tables.js";

/** The used parameters among a variable's candidates, for every variable of one plan in turn (see the header). */
export class ReachingUses {
  /** A reachable block's preorder number in the dominator tree, one past its subtree's last, and the block at each number. */
  private readonly pre: Ints;
  private readonly end: Ints;
  private readonly blockAt: Ints;
  /** === v + 1 at v's candidates, and at those whose parameter is found used. */
  private readonly candidate: Ints;
  private readonly used: Ints;
  /** Used parameters whose incoming edges are still to be followed; a block enters once per variable. */
  private readonly work: Ints;
  /** The marked blocks' preorder numbers, sorted; then the pieces: where each starts, and its innermost marked block (-1: none). */
  private readonly keys: Int32Array;
  private readonly pieceStart: Ints;
  private readonly pieceOwner: Ints;
  private pieces = 0;
  /** The marked blocks whose subtree holds the piece being cut, outermost first. */
  private readonly open: Ints;

  constructor(private readonly g: Flow, dom: DominatorTree<BlockId>, tables: IntTables) {
    const n = g.n;
    this.pre = tables.ints(n, -1);
    this.end = tables.ints(n);
    this.blockAt = tables.ints(n);
    this.candidate = tables.ints(n);
    this.used = tables.ints(n);
    this.work = tables.ints(n);
    this.keys = new Int32Array(n);
    this.pieceStart = tables.ints(2 * n + 1);
    this.pieceOwner = tables.ints(2 * n + 1);
    this.open = tables.ints(n);
    this.numberTree(dom.rpo);
  }

  /**
   * Preorder numbers from subtree sizes, children in reverse postorder: a
   * block comes after its immediate dominator there, so each block's number
   * is known before its children take theirs.
   */
  private numberTree(rpo: readonly BlockId[]): void {
    const { idom } = this.g, { pre, end, blockAt } = this;
    const size = end, next = blockAt; // work space until each is filled
    for (let k = 0; k < rpo.length; k++) size[rpo[k]!] = 1;
    for (let k = rpo.length - 1; k > 0; k--) size[idom[rpo[k]!]!]! += size[rpo[k]!]!;
    pre[rpo[0]!] = 0;
    next[rpo[0]!] = 1;
    for (let k = 1; k < rpo.length; k++) {
      const b = rpo[k]!, d = idom[b]!;
      pre[b] = next[d]!;
      next[d]! += size[b]!;
      next[b] = pre[b]! + 1;
    }
    for (let k = 0; k < rpo.length; k++) end[rpo[k]!] = pre[rpo[k]!]! + size[rpo[k]!]!;
    for (let k = 0; k < rpo.length; k++) blockAt[pre[rpo[k]!]!] = rpo[k]!;
  }

  /**
   * Keeps the first `count` entries of `candidates` (reachable blocks, each
   * once, holding every block of v's iterated frontier where v is live) whose
   * parameter is used, in their order; returns how many.
   */
  keepUsed(v: number, sites: Sites, candidates: Ints, count: number): number {
    const stamp = v + 1, { defStamp } = sites, { idom, pred, predStart, reachable } = this.g;
    const { candidate, used, work } = this;
    let marked = 0;
    for (let k = sites.defStart[v]!; k < sites.defStart[v + 1]!; k++) {
      const b = sites.defBlocks[k]!;
      if (reachable[b]) this.keys[marked++] = this.pre[b]!;
    }
    for (let i = 0; i < count; i++) {
      candidate[candidates[i]!] = stamp;
      // An assigning candidate is marked already: each block once.
      if (defStamp[candidates[i]!] !== stamp) this.keys[marked++] = this.pre[candidates[i]!]!;
    }
    this.cut(marked);
    const entry = this.blockAt[0]!;
    let top = 0;
    // A parameter whose value is used (or the entry's value on entry): its incoming edges are followed.
    const mark = (y: number): void => {
      if (used[y] === stamp) return;
      used[y] = stamp;
      work[top++] = y;
    };
    // v's value at the end of block b: marks it used when it is a parameter's or the entry's.
    const sees = (b: number): void => {
      const r = this.nearest(b);
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

  /** Cuts the preorder into pieces by the subtrees of the blocks whose preorder numbers are the first `marked` keys (distinct). */
  private cut(marked: number): void {
    const keys = this.keys.subarray(0, marked).sort(), { end, blockAt, open } = this;
    this.pieces = 0;
    let depth = 0;
    for (let i = 0; i < marked; i++) {
      const at = keys[i]!;
      while (depth > 0 && end[open[depth - 1]!]! <= at) {
        depth--;
        this.piece(end[open[depth]!]!, depth > 0 ? open[depth - 1]! : -1);
      }
      this.piece(at, blockAt[at]!);
      open[depth++] = blockAt[at]!;
    }
    while (depth > 0) {
      depth--;
      this.piece(end[open[depth]!]!, depth > 0 ? open[depth - 1]! : -1);
    }
  }

  /** A piece from preorder number `at` on, inside `owner`'s subtree and no deeper marked one's; it replaces a piece starting there too (an inner subtree ending where an outer one does). */
  private piece(at: number, owner: number): void {
    const k = this.pieces > 0 && this.pieceStart[this.pieces - 1] === at ? this.pieces - 1 : this.pieces++;
    this.pieceStart[k] = at;
    this.pieceOwner[k] = owner;
  }

  /** The nearest marked block dominating `b` (b included), or -1. */
  private nearest(b: number): number {
    const at = this.pre[b]!, start = this.pieceStart;
    // The last piece starting at or before `at`.
    let lo = 0, hi = this.pieces;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (start[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.pieceOwner[lo - 1]! : -1;
  }
}

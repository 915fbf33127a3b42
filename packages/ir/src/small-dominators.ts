/**
 * The dominator tree of a small CFG (under SMALL_GRAPH_BLOCKS blocks), made
 * again for each function in one object's arrays, so that the resolver and
 * the verifier, which ask for a tree per function, allocate nothing per
 * function once their object has grown to the largest function (a
 * DominatorTree allocates about ten arrays per call; most functions are
 * small).
 *
 * Same answers as DominatorTree (dominators.ts) on the same successor lists:
 * the same reverse postorder (a depth-first search visiting successors in
 * their listed order), predecessors once per edge in block order, children
 * in reverse postorder, and the same `isReachable` and `strictlyDominates`.
 * The immediate dominators come from the iterative algorithm of Cooper,
 * Harvey and Kennedy ("A Simple, Fast Dominance Algorithm", 2001): quadratic
 * at worst, which on fewer than 64 blocks costs less than Lengauer-Tarjan's
 * set-up; dominance is answered in O(1) from pre- and postorder numbers of
 * the tree.
 *
 * Invariant: every answer (and `rpo`, an array reused) is valid only until
 * the next `begin`; a caller reads it while it checks one function and keeps
 * none of it. Predecessors and children are flat (int32 arrays indexed from
 * a start per block), asked for by count and index.
 */
import type { BlockId, Func } from "./module.js";

/** Graphs with fewer blocks than this are what SmallDominators is for (larger ones take a DominatorTree, which may be kept). */
export const SMALL_GRAPH_BLOCKS = 64;

/** A reusable dominator tree for graphs of fewer than SMALL_GRAPH_BLOCKS nodes (entry = node 0), filled by `begin`, `edge` per successor in block order, then `finish`. */
export class SmallDominators {
  /** Reachable blocks in reverse postorder. */
  private readonly order: BlockId[] = [];
  private n = 0;
  private edges = 0;
  /** Successors, flat: block b's are at [succFrom[b], succFrom[b + 1]). */
  private readonly succFrom = new Int32Array(SMALL_GRAPH_BLOCKS + 1);
  private succ = new Int32Array(4 * SMALL_GRAPH_BLOCKS);
  /** Predecessors, flat in the same way (once per edge, in block order), and the tree's children (in reverse postorder). */
  private readonly predFrom = new Int32Array(SMALL_GRAPH_BLOCKS + 1);
  private predList = new Int32Array(4 * SMALL_GRAPH_BLOCKS);
  private readonly kidFrom = new Int32Array(SMALL_GRAPH_BLOCKS + 1);
  private readonly kid = new Int32Array(SMALL_GRAPH_BLOCKS);
  /** Per block: position in `rpo` (-1: unreachable), immediate dominator (-1: none yet), tree pre- and postorder numbers. */
  private readonly rpoIndex = new Int32Array(SMALL_GRAPH_BLOCKS);
  private readonly idoms = new Int32Array(SMALL_GRAPH_BLOCKS);
  private readonly pre = new Int32Array(SMALL_GRAPH_BLOCKS);
  private readonly post = new Int32Array(SMALL_GRAPH_BLOCKS);
  /** Depth-first stack: a node and the index of its next successor (or child) to try. */
  private readonly stackNode = new Int32Array(SMALL_GRAPH_BLOCKS);
  private readonly stackNext = new Int32Array(SMALL_GRAPH_BLOCKS);

  /** Start a graph of `n` blocks (0 < n < SMALL_GRAPH_BLOCKS). */
  begin(n: number): void {
    if (!(n > 0 && n < SMALL_GRAPH_BLOCKS)) throw new RangeError(`SmallDominators: ${n} blocks`);
    this.n = n;
    this.edges = 0;
    this.succFrom.fill(-1, 0, n + 1);
  }

  /** An edge from `b` to `s`; edges come block by block in increasing `b`, each block's in its terminator's order. */
  edge(b: number, s: number): void {
    if (this.edges === this.succ.length) {
      const grown = new Int32Array(this.succ.length * 2);
      grown.set(this.succ);
      this.succ = grown;
    }
    const from = this.succFrom;
    for (let k = b; k >= 0 && from[k] === -1; k--) from[k] = this.edges; // blocks since the last edge start here
    this.succ[this.edges++] = s;
  }

  /** Compute the tree of the edges given since `begin`. */
  finish(): void {
    const n = this.n, from = this.succFrom;
    for (let k = n; k >= 0 && from[k] === -1; k--) from[k] = this.edges;
    this.predecessors();
    this.reversePostorder();
    this.immediateDominators();
    this.numberTree();
  }

  /** The tree of `func`'s CFG (fewer than SMALL_GRAPH_BLOCKS blocks), its successors in module.ts `successors` order. */
  ofFunction(func: Func): this {
    const blocks = func.blocks;
    this.begin(blocks.length);
    for (let b = 0; b < blocks.length; b++) {
      const t = blocks[b]!.term;
      switch (t.op) {
        case "jump": this.edge(b, t.target); break;
        case "br": this.edge(b, t.then); this.edge(b, t.else); break;
        case "switch":
          for (let i = 0; i < t.cases.length; i++) this.edge(b, t.cases[i]!.target);
          if (t.default !== null) this.edge(b, t.default);
          break;
        case "ret": case "unreachable": break;
      }
    }
    this.finish();
    return this;
  }

  /** Reachable blocks in reverse postorder; rpo[0] is the entry. */
  get rpo(): readonly BlockId[] {
    return this.order;
  }

  /** How many predecessors `b` has (once per edge), and its `i`th (in block order). */
  predCount(b: BlockId): number {
    return this.predFrom[b + 1]! - this.predFrom[b]!;
  }
  pred(b: BlockId, i: number): BlockId {
    return this.predList[this.predFrom[b]! + i]! as BlockId;
  }

  /** How many children `b` has in the dominator tree, and its `i`th (in reverse postorder). */
  childCount(b: BlockId): number {
    return this.kidFrom[b + 1]! - this.kidFrom[b]!;
  }
  child(b: BlockId, i: number): BlockId {
    return this.kid[this.kidFrom[b]! + i]! as BlockId;
  }

  /** Whether `b` is reachable from the entry. */
  isReachable(b: BlockId): boolean {
    return b >= 0 && b < this.n && this.rpoIndex[b]! >= 0;
  }

  /** The immediate dominator of `b`; null for the entry and for unreachable blocks. */
  idom(b: BlockId): BlockId | null {
    if (!this.isReachable(b) || b === 0) return null;
    return this.idoms[b]! as BlockId;
  }

  /** Whether `a` dominates `b` (reflexive); false when either is unreachable. */
  dominates(a: BlockId, b: BlockId): boolean {
    if (!this.isReachable(a) || !this.isReachable(b)) return false;
    return this.pre[a]! <= this.pre[b]! && this.post[b]! <= this.post[a]!;
  }

  /** Whether `a` dominates `b` and differs from it. */
  strictlyDominates(a: BlockId, b: BlockId): boolean {
    return a !== b && this.dominates(a, b);
  }

  /** Predecessors, once per edge, in block order (out-of-range edges dropped, as predecessorsOfGraph does): counted, then placed. */
  private predecessors(): void {
    const n = this.n, from = this.succFrom, succ = this.succ, at = this.predFrom.fill(0, 0, n + 1);
    if (this.predList.length < this.edges) this.predList = new Int32Array(this.succ.length);
    for (let k = 0; k < this.edges; k++) {
      const s = succ[k]!;
      if (s >= 0 && s < n) at[s + 1]!++;
    }
    for (let b = 0; b < n; b++) at[b + 1]! += at[b]!;
    // Placed at at[s]++, which leaves at[s] where s + 1's start; shifted back after.
    for (let b = 0; b < n; b++) {
      for (let k = from[b]!; k < from[b + 1]!; k++) {
        const s = succ[k]!;
        if (s >= 0 && s < n) this.predList[at[s]!++] = b;
      }
    }
    for (let b = n; b > 0; b--) at[b] = at[b - 1]!;
    at[0] = 0;
  }

  /** `rpo` and `rpoIndex` by a depth-first search from block 0 (dominators.ts `depthFirst`, with the postorder kept in `pre` meanwhile). */
  private reversePostorder(): void {
    const n = this.n, from = this.succFrom, succ = this.succ, node = this.stackNode, next = this.stackNext;
    const seen = this.rpoIndex.fill(-1, 0, n), postorder = this.pre;
    let top = 0, post = 0;
    node[0] = 0;
    next[0] = from[0]!;
    seen[0] = 0;
    while (top >= 0) {
      const b = node[top]!, k = next[top]!;
      if (k < from[b + 1]!) {
        next[top] = k + 1;
        const x = succ[k]!;
        if (x >= 0 && x < n && seen[x] === -1) {
          seen[x] = 0;
          top++;
          node[top] = x;
          next[top] = from[x]!;
        }
      } else {
        postorder[post++] = b;
        top--;
      }
    }
    const rpo = this.order;
    rpo.length = post;
    for (let i = 0; i < post; i++) {
      const b = postorder[post - 1 - i]!;
      rpo[i] = b as BlockId;
      seen[b] = i;
    }
  }

  /** Cooper, Harvey and Kennedy: each reachable block's idom from its processed predecessors, to a fixpoint in reverse postorder. */
  private immediateDominators(): void {
    const rpo = this.order, idom = this.idoms.fill(-1, 0, this.n), at = this.rpoIndex;
    idom[0] = 0;
    for (let changed = true; changed;) {
      changed = false;
      for (let i = 1; i < rpo.length; i++) {
        const b = rpo[i]!, last = this.predFrom[b + 1]!;
        let d = -1;
        for (let j = this.predFrom[b]!; j < last; j++) {
          let p = this.predList[j]!;
          if (idom[p] === -1) continue; // unreachable, or not reached yet in this sweep
          if (d === -1) { d = p; continue; }
          let q = d;
          while (p !== q) {
            while (at[p]! > at[q]!) p = idom[p]!;
            while (at[q]! > at[p]!) q = idom[q]!;
          }
          d = p;
        }
        if (idom[b] !== d) { idom[b] = d; changed = true; }
      }
    }
  }

  /** Children in reverse postorder (counted, then placed), and pre- and postorder numbers of the tree (an explicit stack). */
  private numberTree(): void {
    const n = this.n, rpo = this.order, idom = this.idoms, at = this.kidFrom.fill(0, 0, n + 1), kid = this.kid;
    for (let i = 1; i < rpo.length; i++) at[idom[rpo[i]!]! + 1]!++;
    for (let b = 0; b < n; b++) at[b + 1]! += at[b]!;
    for (let i = 1; i < rpo.length; i++) kid[at[idom[rpo[i]!]!]!++] = rpo[i]!;
    for (let b = n; b > 0; b--) at[b] = at[b - 1]!;
    at[0] = 0;
    const node = this.stackNode, next = this.stackNext;
    let top = 0, preN = 0, postN = 0;
    node[0] = 0;
    next[0] = at[0]!;
    this.pre[0] = preN++;
    while (top >= 0) {
      const b = node[top]!, i = next[top]!;
      if (i < at[b + 1]!) {
        next[top] = i + 1;
        const k = kid[i]!;
        this.pre[k] = preN++;
        top++;
        node[top] = k;
        next[top] = at[k]!;
      } else {
        this.post[b] = postN++;
        top--;
      }
    }
  }
}

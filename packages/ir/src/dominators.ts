/**
 * The dominator tree shared by the verifier and the lowering (its graph
 * orders and edge lists are in cfg-order.ts).
 *
 * Dominators follow Lengauer and Tarjan, "A Fast Algorithm for Finding
 * Dominators in a Flowgraph" (TOPLAS 1979), the simple version with path
 * compression (O(m log n)): semidominators from a depth-first numbering,
 * computed in reverse preorder through a forest of processed nodes, then
 * immediate dominators from them. The fixpoint of Cooper, Harvey and Kennedy
 * ("A Simple, Fast Dominance Algorithm", 2001), used before, is quadratic
 * when a block with many predecessors sits under a deep tree (its finger
 * walks the whole depth once per predecessor: 10k nested branches joining
 * one exit took 0.2 s). Every traversal is an explicit worklist, never
 * recursion, so deep CFGs cannot overflow the JS stack.
 *
 * Invariants of a DominatorTree: only blocks reachable from the entry are in
 * `rpo`; unreachable blocks have no immediate dominator, dominate nothing and
 * are dominated by nothing. Successor ids outside the graph are ignored (the
 * verifier reports them separately). `dominates` is reflexive and O(1), using
 * preorder/postorder numbers of the dominator tree.
 */
import { blockSuccessors, depthFirst, predecessorsOfGraph, work } from "./cfg-order.js";
import type { BlockId, Func } from "./module.js";

/** Graphs with fewer blocks than this take the iterative idoms (FlatDominators) and SmallDominators. */
export const SMALL_GRAPH_BLOCKS = 64;

const NO_CHILDREN: readonly never[] = [];

/**
 * A filled array of small integers. Plain arrays rather than typed arrays:
 * most functions are small, and a typed array over 64 bytes costs an
 * off-heap allocation the collector must track, several times the cost of a
 * plain array (tens of thousands of small functions made this show).
 */
function ints(n: number, fill = 0): number[] {
  return new Array<number>(n).fill(fill);
}

/** The dominator tree of a CFG, with reachability, predecessors and reverse postorder. */
export class DominatorTree<B extends number = BlockId> {
  /** Reachable nodes in reverse postorder; rpo[0] is the entry. */
  readonly rpo: readonly B[];
  /** Predecessors of every node (reachable or not). */
  readonly preds: readonly (readonly B[])[];
  /** Position of each node in `rpo`, or -1 when unreachable. */
  readonly rpoIndex: readonly number[];
  /** Per node, in one array (-1 where unreachable): its immediate dominator at [0, n), its preorder and postorder numbers in the tree at [n, 2n) and [2n, 3n). */
  private readonly nums: number[];
  private readonly n: number;
  /** Children lists, only for nodes that have children. */
  private readonly kids: (B[] | undefined)[];

  constructor(succs: readonly (readonly B[])[], entry = 0 as B) {
    const n = (this.n = succs.length);
    this.rpoIndex = ints(n, -1);
    this.nums = ints(3 * n, -1);
    this.preds = predecessorsOfGraph(succs);
    this.kids = new Array(n);
    if (entry < 0 || entry >= n) {
      this.rpo = [];
      return;
    }
    // Work space: computeIdoms' six arrays at [0, 6n) (the DFS parents first, its preorder at [n, 2n) until computeIdoms moves it), the DFS stack and postorder at [6n, 9n), a path at [9n, 10n).
    const tree = joinFree(this.preds, entry);
    const s = work(10 * n).fill(0, 0, tree ? n : 6 * n);
    const rpo = depthFirst(succs, entry, s, 0, 6 * n);
    this.rpo = rpo;
    for (let i = 0; i < rpo.length; i++) this.rpoIndex[rpo[i]!] = i;
    const idoms = this.nums;
    if (tree) {
      // Every node reached but the entry has one predecessor, reached before it: its immediate dominator.
      idoms[entry] = entry;
      for (let i = 1; i < rpo.length; i++) idoms[rpo[i]!] = this.preds[rpo[i]!]![0]!;
    } else {
      const flat = flatPredecessors(this.preds);
      computeIdoms(rpo.length, flat.from, flat.list, s, n, idoms);
    }
    // Children lists at their size (see predecessorsOfGraph), in reverse postorder.
    const count = s.fill(0, 0, n);
    for (const b of rpo) if (b !== entry) count[idoms[b]!]!++;
    for (const b of rpo) {
      if (b === entry) continue;
      const d = idoms[b]!;
      const ks = (this.kids[d] ??= new Array<B>(count[d]!));
      ks[ks.length - count[d]!--] = b;
    }
    numberTree(this.kids, entry, this.nums, n, s);
  }

  /** Whether `b` is reachable from the entry. */
  isReachable(b: B): boolean {
    return this.rpoIndex[b] !== undefined && this.rpoIndex[b]! >= 0;
  }

  /** The immediate dominator of `b`; null for the entry and for unreachable nodes. */
  idom(b: B): B | null {
    const d = b >= 0 && b < this.n ? this.nums[b] : undefined;
    return d === undefined || d < 0 || d === b ? null : (d as B);
  }

  /** Children of `b` in the dominator tree, in reverse postorder. */
  children(b: B): readonly B[] {
    return this.kids[b] ?? NO_CHILDREN;
  }

  /** How many predecessors `b` has (once per edge), and its `i`th: `preds` without the arrays (small-dominators.ts has none). */
  predCount(b: B): number {
    return this.preds[b]!.length;
  }
  pred(b: B, i: number): B {
    return this.preds[b]![i]!;
  }

  /** How many children `b` has in the dominator tree, and its `i`th: `children` without the arrays. */
  childCount(b: B): number {
    return this.kids[b]?.length ?? 0;
  }
  child(b: B, i: number): B {
    return this.kids[b]![i]!;
  }

  /** Whether `a` dominates `b` (reflexive); false when either is unreachable. */
  dominates(a: B, b: B): boolean {
    const pa = this.preorder(a), pb = this.preorder(b);
    return pa >= 0 && pb >= 0 && pa <= pb && this.postorder(b) <= this.postorder(a);
  }

  /** Whether `a` dominates `b` and differs from it. */
  strictlyDominates(a: B, b: B): boolean {
    return a !== b && this.dominates(a, b);
  }

  /** `b`'s preorder and postorder numbers in the tree (-1: unreachable): `a` dominates `b` when its preorder number is at most b's and its postorder number at least b's. */
  preorder(b: B): number {
    return b >= 0 && b < this.n ? this.nums[this.n + b]! : -1;
  }
  postorder(b: B): number {
    return b >= 0 && b < this.n ? this.nums[2 * this.n + b]! : -1;
  }
}

/**
 * Whether no node but the entry has more than one predecessor (edges
 * counted once each): a graph without joins, such as straight code or the
 * chain of blocks a nest of inlined calls leaves. Its dominator tree is its
 * depth-first tree, each reached node's idom its one predecessor, and
 * Lengauer-Tarjan's set-up is skipped.
 */
function joinFree(preds: readonly (readonly number[])[], entry: number): boolean {
  for (let b = 0; b < preds.length; b++) if (preds[b]!.length > 1 && b !== entry) return false;
  return true;
}

/** The dominator tree of a function's CFG (entry = block 0). */
export function computeDominators(func: Func): DominatorTree<BlockId> {
  return new DominatorTree(blockSuccessors(func));
}

/** The dominator tree of any graph given by successor lists (the lowered form reuses this). */
export function computeDominatorsOfGraph<B extends number>(succs: readonly (readonly B[])[], entry = 0 as B): DominatorTree<B> {
  return new DominatorTree(succs, entry);
}

/** The flat predecessors of the last flatPredecessors call (grown as needed, like cfg-order.ts work). */
const FLAT = { from: new Int32Array(256), list: new Int32Array(256) };

/** `preds` as computeIdoms reads them: node w's at [from[w], from[w + 1]) of `list` (valid until the next call). */
function flatPredecessors(preds: readonly (readonly number[])[]): { from: Int32Array; list: Int32Array } {
  const n = preds.length;
  let edges = 0;
  for (let w = 0; w < n; w++) edges += preds[w]!.length;
  if (FLAT.from.length < n + 1) FLAT.from = new Int32Array(Math.max(n + 1, 2 * FLAT.from.length));
  if (FLAT.list.length < edges) FLAT.list = new Int32Array(Math.max(edges, 2 * FLAT.list.length));
  const { from, list } = FLAT;
  for (let w = 0, k = 0; w < n; w++) {
    from[w] = k;
    for (const v of preds[w]!) list[k++] = v;
  }
  from[n] = edges;
  return FLAT;
}

/** EVAL: the node of least semidominator on the forest path above v (v itself at a root), compressing that path (a stack at `path`). */
function evaluate(s: Int32Array, v: number, SEMI: number, ANC: number, LABEL: number, path: number): number {
  if (s[ANC + v] === 0) return v;
  let x = v, top = 0;
  while (s[ANC + s[ANC + x]! - 1] !== 0) { s[path + top++] = x; x = s[ANC + x]! - 1; }
  while (top > 0) {
    const y = s[path + --top]!;
    const a = s[ANC + y]! - 1;
    if (s[SEMI + s[LABEL + a]!]! < s[SEMI + s[LABEL + y]!]!) s[LABEL + y] = s[LABEL + a]!;
    s[ANC + y] = s[ANC + a]!;
  }
  return s[LABEL + v]!;
}

/** Preorder and postorder numbers of a tree (written into `nums` at [n, 2n) and [2n, 3n), which hold -1 elsewhere), by an iterative DFS (its stack in `s` at [6n, 8n)). */
function numberTree<B extends number>(kids: readonly (readonly B[] | undefined)[], root: number, nums: number[], n: number, s: Int32Array): void {
  const PRE = n, POST = 2 * n, NODES = 6 * n, NEXT = 7 * n;
  let preN = 0, postN = 0, top = 0;
  s[NODES] = root;
  s[NEXT] = 0;
  nums[PRE + root] = preN++;
  while (top >= 0) {
    const b = s[NODES + top]!;
    const i = s[NEXT + top]!;
    const ks = kids[b] ?? NO_CHILDREN;
    if (i < ks.length) {
      s[NEXT + top] = i + 1;
      const k = ks[i]!;
      nums[PRE + k] = preN++;
      top++;
      s[NODES + top] = k;
      s[NEXT + top] = 0;
    } else {
      nums[POST + b] = postN++;
      top--;
    }
  }
}

/** An Int32Array of at least `size` entries: `a` itself when it has room (its contents are garbage either way). */
function room(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  return a.length >= size ? a : new Int32Array(Math.max(size, 2 * a.length));
}

/**
 * A dominator tree filled again for each graph of any size (`begin`, `edge`
 * per successor in block order, `finish`) in arrays it grows and keeps, for
 * a caller that keeps no tree from one graph to the next (the optimizer of
 * the lowered form): a DominatorTree makes an array per node for its
 * predecessors and children, and most of its cost was those. The same
 * Lengauer-Tarjan and the same answers as a DominatorTree on the same
 * successor lists: the same reverse postorder, children in it, dominance
 * from the tree's pre- and postorder numbers. Every answer is valid until
 * the next `begin`.
 */
export class FlatDominators<B extends number = number> {
  private n = 0;
  private edges = 0;
  /** Successors and predecessors (once per edge, in block order), flat: block b's at [from[b], from[b + 1]). */
  private succFrom = new Int32Array(64);
  private succ = new Int32Array(256);
  private predFrom = new Int32Array(64);
  private predList = new Int32Array(256);
  /** The tree's children, flat (in reverse postorder), and per node its immediate dominator (-1: unreachable) and pre- and postorder numbers. */
  private kidFrom = new Int32Array(64);
  private kid = new Int32Array(64);
  private idoms: number[] = [];
  private pre = new Int32Array(64);
  private post = new Int32Array(64);
  /** Reachable nodes in reverse postorder (rpo[0] is the entry), and each node's position there (-1: unreachable). */
  private readonly order: B[] = [];
  private readonly at: number[] = [];

  /** Start a graph of `n` nodes (entry 0). */
  begin(n: number): void {
    this.n = n;
    this.edges = 0;
    this.succFrom = room(this.succFrom, n + 1).fill(-1, 0, n + 1);
  }

  /** An edge from `b` to `s`; edges come node by node in increasing `b`, each node's in its list order. */
  edge(b: number, s: number): void {
    if (this.edges === this.succ.length) {
      const grown = new Int32Array(2 * this.succ.length);
      grown.set(this.succ);
      this.succ = grown;
    }
    const from = this.succFrom;
    for (let k = b; k >= 0 && from[k] === -1; k--) from[k] = this.edges; // nodes since the last edge start here
    this.succ[this.edges++] = s;
  }

  /** Compute the tree of the edges given since `begin`. */
  finish(): void {
    const n = this.n, from = this.succFrom;
    for (let k = n; k >= 0 && from[k] === -1; k--) from[k] = this.edges;
    this.predecessors();
    const s = work(10 * n).fill(0, 0, 6 * n);
    const count = this.depthFirst(s);
    // Written in place (an emptied array gives up its storage, to be grown again for the next graph); entries past
    // n are stale and never read: every read is of a node below n.
    const idoms = this.idoms;
    for (let b = 0; b < n; b++) idoms[b] = -1;
    if (n < SMALL_GRAPH_BLOCKS) this.iterativeIdoms(s, count);
    else computeIdoms(count, this.predFrom, this.predList, s, n, idoms);
    this.numberTree(s, count);
  }

  /**
   * Cooper, Harvey and Kennedy ("A Simple, Fast Dominance Algorithm", 2001):
   * each reachable node's idom from its processed predecessors, to a
   * fixpoint in reverse postorder (read backwards from the search's
   * postorder at [8n, 9n) of `s`). Quadratic at worst, which on fewer than
   * SMALL_GRAPH_BLOCKS nodes costs less than Lengauer-Tarjan's set-up; the
   * same tree.
   */
  private iterativeIdoms(s: Int32Array, count: number): void {
    const n = this.n, idom = this.idoms, LAST = 8 * n + count - 1, AT = 9 * n;
    for (let i = 0; i < count; i++) s[AT + s[LAST - i]!] = i; // each reachable node's place in reverse postorder
    idom[0] = 0;
    for (let changed = true; changed;) {
      changed = false;
      for (let i = 1; i < count; i++) {
        const b = s[LAST - i]!, last = this.predFrom[b + 1]!;
        let d = -1;
        for (let j = this.predFrom[b]!; j < last; j++) {
          let p = this.predList[j]!;
          if (idom[p] === -1) continue; // unreachable, or not reached yet in this sweep
          if (d === -1) { d = p; continue; }
          let q = d;
          while (p !== q) {
            while (s[AT + p]! > s[AT + q]!) p = idom[p]!;
            while (s[AT + q]! > s[AT + p]!) q = idom[q]!;
          }
          d = p;
        }
        if (idom[b] !== d) { idom[b] = d; changed = true; }
      }
    }
  }

  /** Reachable nodes in reverse postorder; rpo[0] is the entry. */
  get rpo(): readonly B[] {
    return this.order;
  }

  /** Position of each node in `rpo`, or -1 when unreachable. */
  get rpoIndex(): readonly number[] {
    return this.at;
  }

  /** Whether `b` is reachable from the entry. */
  isReachable(b: B): boolean {
    return b >= 0 && b < this.n && this.idoms[b]! >= 0;
  }

  /** The immediate dominator of `b`; null for the entry and for unreachable nodes. */
  idom(b: B): B | null {
    return b > 0 && this.isReachable(b) ? (this.idoms[b]! as B) : null;
  }

  /** How many predecessors `b` has (once per edge), and its `i`th (in block order). */
  predCount(b: B): number {
    return this.predFrom[b + 1]! - this.predFrom[b]!;
  }
  pred(b: B, i: number): B {
    return this.predList[this.predFrom[b]! + i]! as B;
  }

  /** Whether `a` dominates `b` (reflexive); false when either is unreachable. */
  dominates(a: B, b: B): boolean {
    if (!(a >= 0 && a < this.n && b >= 0 && b < this.n) || this.idoms[a]! < 0 || this.idoms[b]! < 0) return false;
    return this.pre[a]! <= this.pre[b]! && this.post[b]! <= this.post[a]!;
  }

  /** Whether `a` dominates `b` and differs from it. */
  strictlyDominates(a: B, b: B): boolean {
    return a !== b && this.dominates(a, b);
  }

  /** How many children `b` has in the dominator tree, and its `i`th (in reverse postorder). */
  childCount(b: B): number {
    return this.kidFrom[b + 1]! - this.kidFrom[b]!;
  }
  child(b: B, i: number): B {
    return this.kid[this.kidFrom[b]! + i]! as B;
  }

  /** Predecessors, counted, then placed (out-of-range edges dropped, as predecessorsOfGraph does). */
  private predecessors(): void {
    const n = this.n, from = this.succFrom, succ = this.succ;
    const at = (this.predFrom = room(this.predFrom, n + 1)).fill(0, 0, n + 1);
    const list = (this.predList = room(this.predList, this.edges));
    for (let k = 0; k < this.edges; k++) {
      const x = succ[k]!;
      if (x >= 0 && x < n) at[x + 1]!++;
    }
    for (let b = 0; b < n; b++) at[b + 1]! += at[b]!;
    for (let b = 0; b < n; b++) {
      for (let k = from[b]!; k < from[b + 1]!; k++) {
        const x = succ[k]!;
        if (x >= 0 && x < n) list[at[x]!++] = b;
      }
    }
    for (let b = n; b > 0; b--) at[b] = at[b - 1]!;
    at[0] = 0;
  }

  /** depthFirst's search on the flat successors, into the same places of `s` (parents + 1 at [0, n), preorder at [n, 2n), the stack at [6n, 8n), the postorder at [8n, 9n)); returns how many nodes it reached. */
  private depthFirst(s: Int32Array): number {
    const n = this.n, from = this.succFrom, succ = this.succ, PREORDER = n, STACK = 6 * n, NEXT = 7 * n, POST = 8 * n;
    let pre = 0, post = 0, top = 0;
    s[STACK] = 0;
    s[NEXT] = from[0]!;
    s[PREORDER + pre++] = 0;
    s[0] = 1; // marks the entry visited; reset below
    while (top >= 0) {
      const b = s[STACK + top]!, k = s[NEXT + top]!;
      if (k < from[b + 1]!) {
        s[NEXT + top] = k + 1;
        const x = succ[k]!;
        if (x >= 0 && x < n && s[x] === 0) {
          s[x] = b + 1;
          s[PREORDER + pre++] = x;
          top++;
          s[STACK + top] = x;
          s[NEXT + top] = from[x]!;
        }
      } else {
        s[POST + post++] = b;
        top--;
      }
    }
    s[0] = 0;
    return pre;
  }

  /** Children in reverse postorder (counted, then placed; the search's postorder is still at [8n, 9n) of `s`), then pre- and postorder numbers of the tree. */
  private numberTree(s: Int32Array, count: number): void {
    const n = this.n, idom = this.idoms, LAST = 8 * n + count - 1; // the postorder backwards: the reverse postorder, entry first
    const at = (this.kidFrom = room(this.kidFrom, n + 1)).fill(0, 0, n + 1), kid = (this.kid = room(this.kid, n));
    for (let i = 1; i < count; i++) at[idom[s[LAST - i]!]! + 1]!++;
    for (let b = 0; b < n; b++) at[b + 1]! += at[b]!;
    for (let i = 1; i < count; i++) kid[at[idom[s[LAST - i]!]!]!++] = s[LAST - i]!;
    const order = this.order, index = this.at;
    for (let b = 0; b < n; b++) index[b] = -1; // in place, then cut to length: callers read rpo and rpoIndex whole (idoms only below n)
    for (let i = 0; i < count; i++) { const b = s[LAST - i]!; order[i] = b as B; index[b] = i; }
    if (index.length > n) index.length = n;
    if (order.length > count) order.length = count;
    for (let b = n; b > 0; b--) at[b] = at[b - 1]!;
    at[0] = 0;
    const pre = (this.pre = room(this.pre, n)), post = (this.post = room(this.post, n)), NODE = 6 * n, NEXT = 7 * n;
    let top = 0, preN = 0, postN = 0;
    s[NODE] = 0;
    s[NEXT] = at[0]!;
    pre[0] = preN++;
    while (top >= 0) {
      const b = s[NODE + top]!, i = s[NEXT + top]!;
      if (i < at[b + 1]!) {
        s[NEXT + top] = i + 1;
        const k = kid[i]!;
        pre[k] = preN++;
        top++;
        s[NODE + top] = k;
        s[NEXT + top] = at[k]!;
      } else {
        post[b] = postN++;
        top--;
      }
    }
  }
}

/**
 * Lengauer–Tarjan: writes the idom of every reachable node into `idom`
 * (which holds -1 elsewhere), with idom(entry) = entry, from predecessors
 * given flat (node w's at [predFrom[w], predFrom[w + 1])). The work space `s`
 * holds the DFS parents + 1 in its first n slots and the preorder of the
 * `count` reachable nodes at [n, 2n) (depthFirst), zeros at [2n, 6n), and
 * room for a path at [9n, 10n). The preorder is moved to [6n, 7n) first, and
 * the rest of [0, 6n) is the work space: `semi` (preorder numbers), the
 * forest of processed nodes with path compression (`ancestor` + 1, `label`:
 * EVAL and LINK of the paper), and the buckets of nodes by semidominator as
 * linked lists.
 */
function computeIdoms(count: number, predFrom: Int32Array, predList: Int32Array, s: Int32Array, n: number, idom: number[]): void {
  const PARENT = 0, SEMI = n, ANC = 2 * n, LABEL = 3 * n, HEAD = 4 * n, NEXT = 5 * n, VERTEX = 6 * n, PATH = 9 * n;
  s.copyWithin(VERTEX, n, n + count);
  s.fill(0, n, 2 * n);
  for (let i = 0; i < count; i++) {
    const v = s[VERTEX + i]!;
    s[SEMI + v] = i + 1;
    s[LABEL + v] = v;
  }
  for (let i = count - 1; i > 0; i--) {
    const w = s[VERTEX + i]!;
    for (let j = predFrom[w]!; j < predFrom[w + 1]!; j++) {
      const v = predList[j]!;
      if (s[SEMI + v] === 0) continue; // unreachable predecessor
      const u = evaluate(s, v, SEMI, ANC, LABEL, PATH);
      if (s[SEMI + u]! < s[SEMI + w]!) s[SEMI + w] = s[SEMI + u]!;
    }
    const sd = s[VERTEX + s[SEMI + w]! - 1]!;
    s[NEXT + w] = s[HEAD + sd]!;
    s[HEAD + sd] = w + 1;
    const p = s[PARENT + w]! - 1;
    s[ANC + w] = p + 1;
    for (let v = s[HEAD + p]! - 1; v >= 0; v = s[NEXT + v]! - 1) {
      const u = evaluate(s, v, SEMI, ANC, LABEL, PATH);
      idom[v] = s[SEMI + u]! < s[SEMI + v]! ? u : p;
    }
    s[HEAD + p] = 0;
  }
  for (let i = 1; i < count; i++) {
    const w = s[VERTEX + i]!;
    if (idom[w] !== s[VERTEX + s[SEMI + w]! - 1]) idom[w] = idom[idom[w]!]!;
  }
  idom[s[VERTEX]!] = s[VERTEX]!;
}

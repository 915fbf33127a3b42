/**
 * Control-flow analyses shared by the verifier and the lowering: predecessor
 * lists, reverse postorder and the dominator tree.
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
import { type BlockId, type Func, successors } from "./module.js";

/** Successor lists of a function's blocks, in block order (duplicates kept). */
export function blockSuccessors(func: Func): BlockId[][] {
  return func.blocks.map((b) => successors(b.term));
}

/** Predecessor lists of a function's blocks (a block appears once per edge). */
export function predecessors(func: Func): BlockId[][] {
  return predecessorsOfGraph(blockSuccessors(func));
}

/** Predecessor lists of a graph given by successor lists; out-of-range edges are dropped. */
export function predecessorsOfGraph<B extends number>(succs: readonly (readonly B[])[]): B[][] {
  // Counted first so every list is allocated at its size (a list grown by
  // push from empty reserves 17 slots: most blocks have one or two).
  const n = succs.length;
  const count = ints(n);
  for (const ss of succs) for (const s of ss) if (s >= 0 && s < n) count[s]!++;
  const preds: B[][] = new Array(n);
  for (let b = 0; b < n; b++) preds[b] = new Array(count[b]!);
  count.fill(0);
  for (let b = 0; b < n; b++) {
    for (const s of succs[b]!) if (s >= 0 && s < n) preds[s]![count[s]!++] = b as B;
  }
  return preds;
}

/** The blocks reachable from the entry (block 0), in reverse postorder. */
export function reversePostorder(func: Func): BlockId[] {
  return reversePostorderOfGraph(blockSuccessors(func));
}

/**
 * Reverse postorder of the nodes reachable from `entry`, by an iterative
 * depth-first search that visits successors in their listed order.
 */
export function reversePostorderOfGraph<B extends number>(succs: readonly (readonly B[])[], entry = 0 as B): B[] {
  const n = succs.length;
  return entry < 0 || entry >= n ? [] : depthFirst(succs, entry, ints(n), []).reverse();
}

/**
 * One depth-first search from `entry` (in range): returns the postorder;
 * fills `parent` (tree parent + 1, 0 for the entry and unreachable nodes:
 * a zeroed array needs no fill) and `preorder`.
 */
function depthFirst<B extends number>(succs: readonly (readonly B[])[], entry: B, parent: number[], preorder: B[]): B[] {
  const n = succs.length;
  const post: B[] = [];
  // Each stack entry is a node and the index of the next successor to try.
  const nodes: B[] = [entry];
  const next: number[] = [0];
  preorder.push(entry);
  parent[entry] = entry + 1; // marks it visited; reset below
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const b = nodes[top]!;
    const ss = succs[b]!;
    const i = next[top]!;
    if (i < ss.length) {
      next[top] = i + 1;
      const s = ss[i]!;
      if (s >= 0 && s < n && parent[s] === 0) {
        parent[s] = b + 1;
        preorder.push(s);
        nodes.push(s);
        next.push(0);
      }
    } else {
      post.push(b);
      nodes.pop();
      next.pop();
    }
  }
  parent[entry] = 0;
  return post;
}

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
  private readonly idoms: number[];
  /** Children lists, only for nodes that have children. */
  private readonly kids: (B[] | undefined)[];
  private readonly pre: number[];
  private readonly post: number[];

  constructor(succs: readonly (readonly B[])[], entry = 0 as B) {
    const n = succs.length;
    this.rpoIndex = ints(n, -1);
    this.idoms = ints(n, -1);
    this.pre = ints(n, -1);
    this.post = ints(n, -1);
    this.preds = predecessorsOfGraph(succs);
    this.kids = new Array(n);
    if (entry < 0 || entry >= n) {
      this.rpo = [];
      return;
    }
    const scratch = ints(6 * n);
    const preorder: B[] = [];
    const rpo = depthFirst(succs, entry, scratch, preorder).reverse();
    this.rpo = rpo;
    for (let i = 0; i < rpo.length; i++) this.rpoIndex[rpo[i]!] = i;
    computeIdoms(preorder, this.preds, scratch, n, this.idoms);
    // Children lists at their size (see predecessorsOfGraph), in reverse postorder.
    const count = scratch.fill(0, 0, n);
    for (const b of rpo) if (b !== entry) count[this.idoms[b]!]!++;
    for (const b of rpo) {
      if (b === entry) continue;
      const d = this.idoms[b]!;
      const ks = (this.kids[d] ??= new Array<B>(count[d]!));
      ks[ks.length - count[d]!--] = b;
    }
    numberTree(this.kids, entry, this.pre, this.post);
  }

  /** Whether `b` is reachable from the entry. */
  isReachable(b: B): boolean {
    return this.rpoIndex[b] !== undefined && this.rpoIndex[b]! >= 0;
  }

  /** The immediate dominator of `b`; null for the entry and for unreachable nodes. */
  idom(b: B): B | null {
    const d = this.idoms[b];
    return d === undefined || d < 0 || d === b ? null : (d as B);
  }

  /** Children of `b` in the dominator tree, in reverse postorder. */
  children(b: B): readonly B[] {
    return this.kids[b] ?? NO_CHILDREN;
  }

  /** Whether `a` dominates `b` (reflexive); false when either is unreachable. */
  dominates(a: B, b: B): boolean {
    const pa = this.pre[a], pb = this.pre[b];
    if (pa === undefined || pb === undefined || pa < 0 || pb < 0) return false;
    return pa <= pb && this.post[b]! <= this.post[a]!;
  }

  /** Whether `a` dominates `b` and differs from it. */
  strictlyDominates(a: B, b: B): boolean {
    return a !== b && this.dominates(a, b);
  }
}

/** The dominator tree of a function's CFG (entry = block 0). */
export function computeDominators(func: Func): DominatorTree<BlockId> {
  return new DominatorTree(blockSuccessors(func));
}

/**
 * The trees made by `dominatorsOf` and `rememberDominators`, by function,
 * each with the CFG it was made from (per block: its number of successors,
 * then the successors), so that a function whose blocks were changed in
 * place is never answered with a stale tree.
 */
const TREES = new WeakMap<Func, { readonly tree: DominatorTree<BlockId>; readonly edges: readonly number[] }>();

/**
 * The dominator tree of a function's CFG, made once per function object: the
 * parser hands on the tree it made while resolving the body (`rememberDominators`),
 * and the verifier and later users ask here instead of making another.
 * The answer is checked against the function's current successors, in
 * O(blocks + edges) without allocating.
 */
export function dominatorsOf(func: Func): DominatorTree<BlockId> {
  const known = TREES.get(func);
  if (known !== undefined && sameEdges(func, known.edges)) return known.tree;
  const succs = blockSuccessors(func);
  const tree = new DominatorTree(succs);
  TREES.set(func, { tree, edges: flatEdges(succs) });
  return tree;
}

/** Keep `tree`, made from `succs` (which must be the successors of `func`'s blocks), for `dominatorsOf(func)`. */
export function rememberDominators(func: Func, succs: readonly (readonly BlockId[])[], tree: DominatorTree<BlockId>): void {
  TREES.set(func, { tree, edges: flatEdges(succs) });
}

function flatEdges(succs: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const ss of succs) {
    out.push(ss.length);
    for (const s of ss) out.push(s);
  }
  return out;
}

/** Whether `func`'s blocks have exactly the successors `edges` lists (see TREES). */
function sameEdges(func: Func, edges: readonly number[]): boolean {
  const blocks = func.blocks;
  let k = 0;
  for (let b = 0; b < blocks.length; b++) {
    const t = blocks[b]!.term;
    switch (t.op) {
      case "jump": if (edges[k] !== 1 || edges[k + 1] !== t.target) return false; k += 2; break;
      case "br": if (edges[k] !== 2 || edges[k + 1] !== t.then || edges[k + 2] !== t.else) return false; k += 3; break;
      case "switch": {
        const cases = t.cases, n = cases.length + (t.default === null ? 0 : 1);
        if (edges[k++] !== n) return false;
        for (let i = 0; i < cases.length; i++) if (edges[k++] !== cases[i]!.target) return false;
        if (t.default !== null && edges[k++] !== t.default) return false;
        break;
      }
      default: if (edges[k++] !== 0) return false;
    }
  }
  return k === edges.length;
}

/** The dominator tree of any graph given by successor lists (the lowered form reuses this). */
export function computeDominatorsOfGraph<B extends number>(succs: readonly (readonly B[])[], entry = 0 as B): DominatorTree<B> {
  return new DominatorTree(succs, entry);
}

/**
 * Lengauer–Tarjan: writes the idom of every reachable node into `idom`
 * (which holds -1 elsewhere), with idom(entry) = entry. `scratch` (6n, zero)
 * holds the DFS parents + 1 in its first n slots; the rest is the work space:
 * `semi` (preorder numbers), the forest of processed nodes with path
 * compression (`ancestor` + 1, `label`: EVAL and LINK of the paper), and the
 * buckets of nodes by semidominator as linked lists.
 */
function computeIdoms(vertex: readonly number[], preds: readonly (readonly number[])[], scratch: number[], n: number, idom: number[]): void {
  const count = vertex.length;
  const PARENT = 0, SEMI = n, ANC = 2 * n, LABEL = 3 * n, HEAD = 4 * n, NEXT = 5 * n;
  const s = scratch;
  // semi = preorder number + 1 (0: unreachable); bucket heads and links are node + 1 (0: none).
  for (let i = 0; i < count; i++) {
    const v = vertex[i]!;
    s[SEMI + v] = i + 1;
    s[LABEL + v] = v;
  }
  const path: number[] = [];
  // EVAL: the node of least semidominator on the forest path above v (v itself at a root), compressing that path.
  const evaluate = (v: number): number => {
    if (s[ANC + v] === 0) return v;
    let x = v;
    while (s[ANC + s[ANC + x]! - 1] !== 0) { path.push(x); x = s[ANC + x]! - 1; }
    while (path.length > 0) {
      const y = path.pop()!;
      const a = s[ANC + y]! - 1;
      if (s[SEMI + s[LABEL + a]!]! < s[SEMI + s[LABEL + y]!]!) s[LABEL + y] = s[LABEL + a]!;
      s[ANC + y] = s[ANC + a]!;
    }
    return s[LABEL + v]!;
  };
  for (let i = count - 1; i > 0; i--) {
    const w = vertex[i]!;
    for (const v of preds[w]!) {
      if (s[SEMI + v] === 0) continue; // unreachable predecessor
      const u = evaluate(v);
      if (s[SEMI + u]! < s[SEMI + w]!) s[SEMI + w] = s[SEMI + u]!;
    }
    const sd = vertex[s[SEMI + w]! - 1]!;
    s[NEXT + w] = s[HEAD + sd]!;
    s[HEAD + sd] = w + 1;
    const p = s[PARENT + w]! - 1;
    s[ANC + w] = p + 1;
    for (let v = s[HEAD + p]! - 1; v >= 0; v = s[NEXT + v]! - 1) {
      const u = evaluate(v);
      idom[v] = s[SEMI + u]! < s[SEMI + v]! ? u : p;
    }
    s[HEAD + p] = 0;
  }
  for (let i = 1; i < count; i++) {
    const w = vertex[i]!;
    if (idom[w] !== vertex[s[SEMI + w]! - 1]) idom[w] = idom[idom[w]!]!;
  }
  idom[vertex[0]!] = vertex[0]!;
}

/** Preorder and postorder numbers of a tree (written into pre/post, which hold -1 elsewhere), by an iterative DFS. */
function numberTree<B extends number>(kids: readonly (readonly B[] | undefined)[], root: number, pre: number[], post: number[]): void {
  let preN = 0, postN = 0;
  const nodes: number[] = [root];
  const next: number[] = [0];
  pre[root] = preN++;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const b = nodes[top]!;
    const i = next[top]!;
    const ks = kids[b] ?? NO_CHILDREN;
    if (i < ks.length) {
      next[top] = i + 1;
      const k = ks[i]!;
      pre[k] = preN++;
      nodes.push(k);
      next.push(0);
    } else {
      post[b] = postN++;
      nodes.pop();
      next.pop();
    }
  }
}

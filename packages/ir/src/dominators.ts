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
  const preds: B[][] = succs.map(() => []);
  succs.forEach((ss, b) => {
    for (const s of ss) if (s >= 0 && s < succs.length) preds[s]!.push(b as B);
  });
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
  return depthFirst(succs, entry).rpo;
}

/** One depth-first search: reverse postorder, preorder and each node's tree parent (-1 for the entry and unreachable nodes). */
interface DepthFirst<B extends number> {
  readonly rpo: B[];
  readonly preorder: Int32Array;
  readonly parent: Int32Array;
}

function depthFirst<B extends number>(succs: readonly (readonly B[])[], entry: B): DepthFirst<B> {
  const n = succs.length;
  const parent = new Int32Array(n).fill(-1);
  if (entry < 0 || entry >= n) return { rpo: [], preorder: new Int32Array(0), parent };
  const visited = new Uint8Array(n);
  const post: B[] = [];
  const pre: number[] = [entry];
  // Each stack entry is a node and the index of the next successor to try.
  const nodes: B[] = [entry];
  const next: number[] = [0];
  visited[entry] = 1;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const b = nodes[top]!;
    const ss = succs[b]!;
    const i = next[top]!;
    if (i < ss.length) {
      next[top] = i + 1;
      const s = ss[i]!;
      if (s >= 0 && s < n && !visited[s]) {
        visited[s] = 1;
        parent[s] = b;
        pre.push(s);
        nodes.push(s);
        next.push(0);
      }
    } else {
      post.push(b);
      nodes.pop();
      next.pop();
    }
  }
  return { rpo: post.reverse(), preorder: Int32Array.from(pre), parent };
}

/** The dominator tree of a CFG, with reachability, predecessors and reverse postorder. */
export class DominatorTree<B extends number = BlockId> {
  /** Reachable nodes in reverse postorder; rpo[0] is the entry. */
  readonly rpo: readonly B[];
  /** Predecessors of every node (reachable or not). */
  readonly preds: readonly (readonly B[])[];
  /** Position of each node in `rpo`, or -1 when unreachable. */
  readonly rpoIndex: Int32Array;
  private readonly idoms: Int32Array;
  private readonly kids: B[][];
  private readonly pre: Int32Array;
  private readonly post: Int32Array;

  constructor(succs: readonly (readonly B[])[], entry = 0 as B) {
    const n = succs.length;
    const dfs = depthFirst(succs, entry);
    this.rpo = dfs.rpo;
    this.preds = predecessorsOfGraph(succs);
    this.rpoIndex = new Int32Array(n).fill(-1);
    this.rpo.forEach((b, i) => { this.rpoIndex[b] = i; });
    this.idoms = computeIdoms(dfs, this.preds, n);
    this.kids = Array.from({ length: n }, () => []);
    for (const b of this.rpo) {
      if (b !== entry) this.kids[this.idoms[b]!]!.push(b);
    }
    [this.pre, this.post] = numberTree(this.kids, this.rpo.length > 0 ? entry : -1, n);
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
    return this.kids[b] ?? [];
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

/** The dominator tree of any graph given by successor lists (the lowered form reuses this). */
export function computeDominatorsOfGraph<B extends number>(succs: readonly (readonly B[])[], entry = 0 as B): DominatorTree<B> {
  return new DominatorTree(succs, entry);
}

/**
 * Lengauer–Tarjan: idom of every reachable node, -1 elsewhere; idom(entry) =
 * entry. `semi` holds preorder numbers; `ancestor`/`label` are the forest of
 * processed nodes with path compression (EVAL/LINK of the paper).
 */
function computeIdoms<B extends number>(dfs: DepthFirst<B>, preds: readonly (readonly B[])[], n: number): Int32Array {
  const idom = new Int32Array(n).fill(-1);
  const vertex = dfs.preorder, parent = dfs.parent;
  const count = vertex.length;
  if (count === 0) return idom;
  const semi = new Int32Array(n).fill(-1);
  for (let i = 0; i < count; i++) semi[vertex[i]!] = i;
  const ancestor = new Int32Array(n).fill(-1);
  const label = new Int32Array(n);
  for (let v = 0; v < n; v++) label[v] = v;
  // Buckets as linked lists: the nodes whose semidominator is a given node.
  const bucketHead = new Int32Array(n).fill(-1);
  const bucketNext = new Int32Array(n).fill(-1);
  const path: number[] = [];
  // EVAL: the node of least semidominator on the forest path above v (v itself at a root), compressing that path.
  const evaluate = (v: number): number => {
    if (ancestor[v]! < 0) return v;
    let x = v;
    while (ancestor[ancestor[x]!]! >= 0) { path.push(x); x = ancestor[x]!; }
    while (path.length > 0) {
      const y = path.pop()!;
      const a = ancestor[y]!;
      if (semi[label[a]!]! < semi[label[y]!]!) label[y] = label[a]!;
      ancestor[y] = ancestor[a]!;
    }
    return label[v]!;
  };
  for (let i = count - 1; i > 0; i--) {
    const w = vertex[i]!;
    for (const v of preds[w]!) {
      if (semi[v]! < 0) continue; // unreachable predecessor
      const u = evaluate(v);
      if (semi[u]! < semi[w]!) semi[w] = semi[u]!;
    }
    const s = vertex[semi[w]!]!;
    bucketNext[w] = bucketHead[s]!;
    bucketHead[s] = w;
    const p = parent[w]!;
    ancestor[w] = p;
    for (let v = bucketHead[p]!; v >= 0; v = bucketNext[v]!) {
      const u = evaluate(v);
      idom[v] = semi[u]! < semi[v]! ? u : p;
    }
    bucketHead[p] = -1;
  }
  const root = vertex[0]!;
  for (let i = 1; i < count; i++) {
    const w = vertex[i]!;
    if (idom[w] !== vertex[semi[w]!]) idom[w] = idom[idom[w]!]!;
  }
  idom[root] = root;
  return idom;
}

/** Preorder and postorder numbers of a tree, by an iterative DFS; -1 for nodes not in it. */
function numberTree<B extends number>(kids: readonly (readonly B[])[], root: number, n: number): [Int32Array, Int32Array] {
  const pre = new Int32Array(n).fill(-1);
  const post = new Int32Array(n).fill(-1);
  if (root < 0) return [pre, post];
  let preN = 0, postN = 0;
  const nodes: number[] = [root];
  const next: number[] = [0];
  pre[root] = preN++;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const b = nodes[top]!;
    const i = next[top]!;
    const ks = kids[b]!;
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
  return [pre, post];
}

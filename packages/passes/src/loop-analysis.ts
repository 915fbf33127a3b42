/**
 * Which blocks lie inside a loop. A block is in a loop exactly when it is in
 * a strongly connected component of more than one block, or has an edge to
 * itself. For a reducible graph this is the union of the natural loops; an
 * irreducible cycle counts as a loop too.
 *
 * Components are found with Tarjan's algorithm ("Depth-first search and
 * linear graph algorithms", SIAM J. Computing 1972), written with an explicit
 * stack so a deep or long graph cannot overflow the call stack: linear in
 * blocks plus edges. Only blocks reachable from the entry are visited.
 */
import { blockSuccessors, type BlockId, type DominatorTree, type Func } from "@fzy/ir";

/** The blocks reachable from `entry` that lie on a cycle (successor lists per block). */
export function blocksInLoops<B extends number>(succs: readonly (readonly B[])[], entry = 0 as B): Set<B> {
  const n = succs.length;
  const inLoop = new Set<B>();
  if (entry < 0 || entry >= n) return inLoop;
  // One block (most small functions): in a loop exactly when it branches to itself.
  if (n === 1) {
    if (succs[0]!.includes(entry)) inLoop.add(entry);
    return inLoop;
  }
  const UNSEEN = -1;
  // Plain arrays: a typed array over 64 bytes is an off-heap allocation, per function.
  const index = new Array<number>(n).fill(UNSEEN);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<number>(n).fill(0);
  const sccStack: B[] = [];
  // The depth-first path: a node and the position of its next successor to visit.
  const path: B[] = [entry];
  const nextEdge: number[] = [0];
  let counter = 0;
  index[entry] = low[entry] = counter++;
  sccStack.push(entry);
  onStack[entry] = 1;
  while (path.length > 0) {
    const top = path.length - 1;
    const v = path[top]!;
    const ss = succs[v]!;
    if (nextEdge[top]! < ss.length) {
      const w = ss[nextEdge[top]!++]!;
      if (w < 0 || w >= n) continue;
      if (w === v) inLoop.add(v);
      if (index[w] === UNSEEN) {
        index[w] = low[w] = counter++;
        sccStack.push(w);
        onStack[w] = 1;
        path.push(w);
        nextEdge.push(0);
      } else if (onStack[w]) {
        low[v] = Math.min(low[v]!, index[w]!);
      }
      continue;
    }
    // All successors of v are done: close its component if v is its root.
    path.pop();
    nextEdge.pop();
    if (path.length > 0) {
      const parent = path[path.length - 1]!;
      low[parent] = Math.min(low[parent]!, low[v]!);
    }
    if (low[v] !== index[v]) continue;
    // v alone on top: a component of one block (no array for it; most components are).
    if (sccStack[sccStack.length - 1] === v) {
      sccStack.pop();
      onStack[v] = 0;
      continue;
    }
    for (;;) {
      const w = sccStack.pop()!;
      onStack[w] = 0;
      inLoop.add(w);
      if (w === v) break;
    }
  }
  return inLoop;
}

/**
 * Whether the reachable CFG has no cycle: every edge between reachable
 * blocks goes forward in reverse postorder, a topological order of an
 * acyclic graph (a cycle needs an edge back to an earlier block, or to
 * itself). Blocks off the entry's reach are outside blocksInLoops' answer too.
 */
export function isAcyclic<B extends number>(dom: DominatorTree<B>): boolean {
  const { rpo, preds, rpoIndex } = dom;
  for (let k = 0; k < rpo.length; k++) {
    const b = rpo[k]!;
    const ps = preds[b]!;
    for (let j = 0; j < ps.length; j++) {
      const p = ps[j]!;
      if (dom.isReachable(p) && rpoIndex[p]! >= k) return false;
    }
  }
  return true;
}

/** The empty block set (shared, never written). */
const NO_BLOCKS: ReadonlySet<BlockId> = new Set();

/**
 * The blocks of `func` in a loop: none when it is acyclic (most small
 * functions: no successor lists, no component search). `succs`: the
 * successor lists of its blocks, when the caller keeps them.
 */
export function loopBlocksOf(func: Func, dom: DominatorTree<BlockId>, succs: () => readonly (readonly BlockId[])[] = () => blockSuccessors(func)): ReadonlySet<BlockId> {
  return isAcyclic(dom) ? NO_BLOCKS : blocksInLoops(succs());
}

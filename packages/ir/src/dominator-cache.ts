/**
 * Dominator trees handed on from the parser to the verifier (and to any
 * later user of the same function object), so that a large function's tree
 * is made once, not once per phase.
 *
 * Only large functions' trees are kept (`KEEP_TREE_BLOCKS`): a small tree
 * costs less to make again than to keep, as every kept tree is copied by the
 * collector while the module lives (keeping all of corpus x10's trees made
 * parsing about 10% slower), while a 60,000-block function's tree is most of
 * what verifying it costs.
 *
 * Invariant: a kept tree is answered only for a function whose blocks still
 * have exactly the successors it was made from (checked on every lookup in
 * O(blocks + edges), without allocating), so a function changed in place is
 * never answered with a stale tree.
 */
import { computeDominators, type DominatorTree } from "./dominators.js";
import type { BlockId, Func } from "./module.js";
import { SMALL_GRAPH_BLOCKS } from "./small-dominators.js";

/** The smallest function, in blocks, whose tree the parser keeps (a smaller one's is made again in place: small-dominators.ts). */
export const KEEP_TREE_BLOCKS = SMALL_GRAPH_BLOCKS;

/** Kept trees by function, each with its CFG: per block, its number of successors, then the successors. */
const TREES = new WeakMap<Func, { readonly tree: DominatorTree<BlockId>; readonly edges: readonly number[] }>();

/** The dominator tree of `func`: the kept one while its CFG is unchanged, else a new one (not kept). */
export function dominatorsOf(func: Func): DominatorTree<BlockId> {
  const known = TREES.get(func);
  if (known !== undefined && sameEdges(func, known.edges)) return known.tree;
  return computeDominators(func);
}

/** Keep `tree`, made from `succs` (the successors of `func`'s blocks), for `dominatorsOf(func)`. */
export function rememberDominators(func: Func, succs: readonly (readonly BlockId[])[], tree: DominatorTree<BlockId>): void {
  const edges: number[] = [];
  for (const ss of succs) {
    edges.push(ss.length);
    for (const s of ss) edges.push(s);
  }
  TREES.set(func, { tree, edges });
}

/** Whether `func`'s blocks have exactly the successors `edges` lists. */
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

/**
 * Dominator trees of small flow graphs, one per shape: functions whose
 * blocks have the same successor lists share one tree. A tree is read only
 * (@fzy/ir DominatorTree: every answer follows from the successor lists),
 * so sharing it is safe, as the SSA plan already shares one tree among the
 * functions of one block. Many functions of a module have the same shape
 * (a chain of inlined calls leaves the same straight line of blocks in each
 * caller; small helpers branch alike), and building a tree makes an array
 * per block for its predecessors and children: looked up, a repeated shape
 * costs one pass over its successor lists.
 *
 * A shape is found by a hash of its successor lists (FNV-1a over the
 * numbers) and then compared entry by entry, so two graphs share a tree
 * only when their lists are equal. The table is bounded: past MAX_SHAPES it
 * starts again, so a module of many shapes keeps only recent ones. The
 * lowering forgets the shapes at the end of each module (lower-scratch.ts).
 */
import { type BlockId, computeDominatorsOfGraph, type DominatorTree } from "@fzy/ir";
import { sameGraph } from "./optimize-lists.js";

/** Graphs of fewer blocks than this are looked up (larger ones rarely repeat, and their comparison costs more). */
export const SHAPED_BELOW = 64;

/** The most shapes kept at a time. */
const MAX_SHAPES = 1024;

/** A tree and the successor lists it was built for (the caller's own: successor lists are never changed, so they are kept, not copied). */
interface Shape {
  readonly tree: DominatorTree<BlockId>;
  readonly succs: readonly (readonly BlockId[])[];
}

export class DominatorShapes {
  private readonly byHash = new Map<number, Shape[]>();
  private count = 0;

  /** Forgets every shape. */
  clear(): void {
    this.byHash.clear();
    this.count = 0;
  }

  /** The dominator tree of the graph of successor lists `succs` (fewer than SHAPED_BELOW blocks), shared with every equal graph seen before. */
  treeOf(succs: readonly (readonly BlockId[])[]): DominatorTree<BlockId> {
    const h = hashOf(succs);
    const bucket = this.byHash.get(h);
    if (bucket !== undefined) for (const s of bucket) if (s.succs === succs || sameGraph(s.succs, succs)) return s.tree;
    const tree = computeDominatorsOfGraph(succs);
    if (this.count >= MAX_SHAPES) this.clear();
    const shape: Shape = { tree, succs }, list = this.byHash.get(h);
    if (list !== undefined) list.push(shape);
    else this.byHash.set(h, [shape]);
    this.count++;
    return tree;
  }
}

/** FNV-1a over the block count and each block's successor count and successors. */
function hashOf(succs: readonly (readonly BlockId[])[]): number {
  let h = Math.imul(0x811c9dc5 ^ succs.length, 0x01000193);
  for (let b = 0; b < succs.length; b++) {
    const ss = succs[b]!;
    h = Math.imul(h ^ ss.length, 0x01000193);
    for (let k = 0; k < ss.length; k++) h = Math.imul(h ^ ss[k]!, 0x01000193);
  }
  return h;
}

/**
 * The optimizer's dominator trees: one FlatDominators (@fzy/ir) filled again
 * for each graph, so no predecessor lists or tree arrays are made per
 * function (a DominatorTree made an array per block for each, and that was
 * most of its cost). The fold walks it, and loop finding (licm, unrolling)
 * reads it; the answers are a DominatorTree's on the same successor lists
 * (MFunction.successors: edges in terminator order).
 *
 * Invariant: a tree returned here is valid until the next call (one tree at
 * a time: the fold's walk, or one loop forest from its findLoops until the
 * next); MFunction.dominators reuses it while it still holds the graph.
 */
import { FlatDominators } from "@fzy/ir";
import type { LBlockId, LTerm } from "@fzy/lir";
import { sameGraph } from "./optimize-lists.js";

const FLAT = new FlatDominators<LBlockId>();
/** The successor lists FLAT holds the tree of (undefined: a graph given block by block, which no caller keeps). */
let holds: readonly (readonly LBlockId[])[] | undefined;

/** A block as far as its edges go. */
interface EdgeBlock {
  readonly dead: boolean;
  readonly term: LTerm;
}

/** What the fold's walk asks of a dominator tree. */
export interface DominatorWalk {
  childCount(b: number): number;
  child(b: number, i: number): number;
  strictlyDominates(a: number, b: number): boolean;
}

/**
 * The dominator tree of `succs`: the one `last` gave when it still holds
 * that graph (no edge changed since), otherwise made again.
 */
export function dominatorsOf(succs: readonly (readonly LBlockId[])[], last: readonly (readonly LBlockId[])[] | undefined): FlatDominators<LBlockId> {
  if (last === undefined || holds !== last || !sameGraph(last, succs)) {
    FLAT.begin(succs.length);
    for (let b = 0; b < succs.length; b++) for (const s of succs[b]!) FLAT.edge(b, s);
    FLAT.finish();
  }
  holds = succs;
  return FLAT;
}

/** The dominator tree of the live blocks' edges (dead blocks have none), without making successor lists. */
export function dominatorsOfBlocks(blocks: readonly EdgeBlock[]): DominatorWalk {
  const n = blocks.length, t = FLAT;
  holds = undefined;
  t.begin(n);
  for (let b = 0; b < n; b++) {
    const blk = blocks[b]!;
    if (blk.dead) continue;
    const term = blk.term;
    switch (term.op) {
      case "jump": t.edge(b, term.target.block); break;
      case "brif": t.edge(b, term.then.block); t.edge(b, term.else.block); break;
      case "br_table": case "switch":
        t.edge(b, term.default.block);
        for (let k = 0; k < term.targets.length; k++) t.edge(b, term.targets[k]!.block);
        break;
      case "return": case "trap": break;
    }
  }
  t.finish();
  return t;
}

/**
 * Whether every edge of a live block goes to a later block: then no cycle is
 * possible, which settles most functions (every one-block function) without
 * making the successor lists. Clean-up keeps it so (a threaded or merged
 * edge goes where a later block went), so the fold of such a graph needs
 * no tree that loop finding could reuse.
 */
export function forwardOnly(blocks: readonly EdgeBlock[]): boolean {
  for (let b = 0; b < blocks.length; b++) {
    const blk = blocks[b]!, t = blk.term;
    if (blk.dead) continue;
    switch (t.op) {
      case "jump": if (t.target.block <= b) return false; break;
      case "brif": if (t.then.block <= b || t.else.block <= b) return false; break;
      case "br_table": case "switch":
        if (t.default.block <= b) return false;
        for (let k = 0; k < t.targets.length; k++) if (t.targets[k]!.block <= b) return false;
        break;
      case "return": case "trap": break;
    }
  }
  return true;
}

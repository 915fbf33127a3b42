/**
 * The dominator tree the fold walks (optimize-fold.ts), made from the live
 * blocks' terminators straight into one reused FlatDominators (@fzy/ir):
 * no successor lists, predecessor lists or tree arrays made per function,
 * where a DominatorTree made an array per block for each. The answers are
 * a DominatorTree's on the same successor lists (MFunction.successors:
 * edges in terminator order), so the walk visits blocks in the same order
 * either way.
 *
 * Invariant: a tree returned here is valid until the next call; the fold
 * reads it during one walk and keeps none of it.
 */
import { FlatDominators } from "@fzy/ir";
import type { MBlock, MFunction } from "./optimize-ir.js";

const FLAT = new FlatDominators();

/** What the fold's walk asks of a dominator tree (a DominatorTree answers it too). */
export interface DominatorWalk {
  childCount(b: number): number;
  child(b: number, i: number): number;
  strictlyDominates(a: number, b: number): boolean;
}

/**
 * The dominator tree of `m` for the fold's walk: the reused form for a graph
 * without a backward edge (loop finding will need no tree there), otherwise
 * MFunction.dominators (kept for loop finding when no edge changes since).
 */
export function dominatorsToWalk(m: MFunction): DominatorWalk {
  return forwardOnly(m) ? flatDominators(m.blocks) : m.dominators(m.successors());
}

/** The dominator tree of the live blocks' edges (dead blocks have none), in the reused form. */
function flatDominators(blocks: readonly MBlock[]): DominatorWalk {
  const n = blocks.length, t = FLAT;
  t.begin(n);
  for (let b = 0; b < n; b++) {
    const blk = blocks[b]!;
    if (blk.dead) continue;
    const term = blk.term;
    switch (term.op) {
      case "jump": t.edge(b, term.target.block); break;
      case "brif": t.edge(b, term.then.block); t.edge(b, term.else.block); break;
      case "br_table":
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
export function forwardOnly(m: MFunction): boolean {
  const blocks = m.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const blk = blocks[b]!, t = blk.term;
    if (blk.dead) continue;
    switch (t.op) {
      case "jump": if (t.target.block <= b) return false; break;
      case "brif": if (t.then.block <= b || t.else.block <= b) return false; break;
      case "br_table":
        if (t.default.block <= b) return false;
        for (let k = 0; k < t.targets.length; k++) if (t.targets[k]!.block <= b) return false;
        break;
      case "return": case "trap": break;
    }
  }
  return true;
}

/**
 * The optimizer's dominator trees: one FlatDominators (@fzy/ir) filled again
 * for each graph, so no predecessor lists or tree arrays are made per
 * function (a DominatorTree made an array per block for each, and that was
 * most of its cost). The fold walks it, and loop finding (licm, unrolling)
 * reads it; the answers are a DominatorTree's on the successor lists
 * MFunction.successors makes (edges in terminator order, none for a dead
 * block), read here from the blocks without making those lists.
 *
 * Invariant: a tree returned here is valid until the next call (one tree at
 * a time: the fold's walk, or one loop forest from its findLoops until the
 * next). The edges the tree was built from are kept, flat, so a call for
 * the same blocks whose edges did not change since (loop finding after a
 * fold that folded no branch) returns the tree as it is.
 */
import { FlatDominators } from "@fzy/ir";
import { edgeAt, edgeCount, type LBlockId, type LTerm } from "@fzy/lir";

const FLAT = new FlatDominators<LBlockId>();
/**
 * The blocks FLAT holds the tree of, and their edges then: per block its
 * number of edges (0 for a dead block), then their targets, the first
 * `heldLength` entries of `held` (written in place and appended to, never
 * truncated: later entries are stale).
 */
let heldBy: readonly EdgeBlock[] | undefined;
const held: number[] = [];
let heldLength = 0;

/** A block as far as its edges go. */
interface EdgeBlock {
  readonly dead: boolean;
  readonly term: LTerm;
}

/** What the fold's walk asks of a dominator tree (by plain block numbers). */
export interface DominatorWalk {
  childCount(b: number): number;
  child(b: number, i: number): number;
  strictlyDominates(a: number, b: number): boolean;
}

/** The dominator tree of the live blocks' edges (dead blocks have none), without making successor lists; kept when `blocks` still has the edges it was built from. */
export function dominatorsOfBlocks(blocks: readonly EdgeBlock[]): FlatDominators<LBlockId> {
  if (heldBy === blocks && holdsEdgesOf(blocks)) return FLAT;
  const n = blocks.length, t = FLAT;
  let at = 0;
  t.begin(n);
  for (let b = 0; b < n; b++) {
    const blk = blocks[b]!, term = blk.term, count = blk.dead ? 0 : edgeCount(term);
    held[at++] = count;
    for (let k = 0; k < count; k++) {
      const s = edgeAt(term, k).block;
      held[at++] = s;
      t.edge(b, s);
    }
  }
  t.finish();
  heldBy = blocks;
  heldLength = at;
  return t;
}

/** Whether `blocks` has exactly the edges FLAT's tree was built from. */
function holdsEdgesOf(blocks: readonly EdgeBlock[]): boolean {
  let at = 0;
  for (let b = 0; b < blocks.length; b++) {
    const blk = blocks[b]!, term = blk.term, count = blk.dead ? 0 : edgeCount(term);
    if (at >= heldLength || held[at++] !== count) return false;
    for (let k = 0; k < count; k++) if (held[at++] !== edgeAt(term, k).block) return false;
  }
  return at === heldLength;
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

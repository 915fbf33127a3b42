/**
 * The order the range solver visits blocks in: reverse postorder, but with
 * each loop's blocks together, right after its header (a weak topological
 * order in the sense of Bourdoncle, "Efficient chaotic iteration strategies
 * with widenings", 1993). A depth-first search that takes a loop's body
 * branch first puts the body after everything the loop's exit reaches: a
 * round that settles each loop in turn, lowest position first
 * (range-solver.ts), would visit all that code before the body, each trip.
 *
 * Each loop's members (its own blocks and the headers of its inner loops)
 * keep their order in reverse postorder, and an inner loop's blocks follow
 * its header. Dominators still come first (a natural loop holds the
 * immediate dominator of each of its blocks but its header), and only back
 * edges go to a block at or before their source in reducible code.
 */
import type { BlockId, DominatorTree } from "@fzy/ir";
import { LoopNest } from "./loop-nest.js";

export interface VisitOrder {
  /** Reachable blocks in visiting order (the entry first). */
  readonly blocks: readonly BlockId[];
  /** Each block's position in `blocks` (-1: unreachable). */
  readonly position: readonly number[];
  /**
   * By position: the last position of the loop headed by the block there
   * (its blocks are the positions from the header's to that one), or -1
   * when that block heads no loop; undefined when no block heads one.
   */
  readonly loopEnd: readonly number[] | undefined;
}

/** The visiting order of the blocks of `dom`'s function (its reverse postorder when no loop's blocks are apart). */
export function loopContiguousOrder(dom: DominatorTree<BlockId>): VisitOrder {
  const n = dom.rpoIndex.length;
  if (!hasBackEdge(dom)) return { blocks: dom.rpo, position: dom.rpoIndex, loopEnd: undefined };
  const nest = new LoopNest<BlockId>(dom, n);
  // Each loop's members in reverse postorder (a header is a member of the loop around it); index n: outside every loop.
  const members: (BlockId[] | undefined)[] = new Array(n + 1).fill(undefined);
  for (const b of dom.rpo) {
    const at = nest.isHeader(b) ? nest.parent(b) : nest.innermost(b);
    (members[at ?? n] ??= []).push(b);
  }
  const blocks: BlockId[] = [], loopEnd: number[] = [];
  // A frame per loop being laid out: its members, the next one, and its header's position (-1: outside every loop).
  const stack: { list: BlockId[]; next: number; head: number }[] = [{ list: members[n]!, next: 0, head: -1 }];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.next === f.list.length) {
      stack.pop();
      if (f.head >= 0) loopEnd[f.head] = blocks.length - 1;
      continue;
    }
    const b = f.list[f.next++]!;
    loopEnd.push(nest.isHeader(b) ? blocks.length : -1); // (a header without other members ends where it is)
    blocks.push(b);
    if (nest.isHeader(b) && members[b]) stack.push({ list: members[b]!, next: 0, head: blocks.length - 1 });
  }
  if (isSame(blocks, dom.rpo)) return { blocks: dom.rpo, position: dom.rpoIndex, loopEnd };
  const position = new Array<number>(n).fill(-1);
  for (let i = 0; i < blocks.length; i++) position[blocks[i]!] = i;
  return { blocks, position, loopEnd };
}

/** Whether some edge goes to a block at or before its source in reverse postorder. */
function hasBackEdge(dom: DominatorTree<BlockId>): boolean {
  for (const b of dom.rpo) {
    const at = dom.rpoIndex[b]!;
    for (let k = 0, np = dom.predCount(b); k < np; k++) if (dom.rpoIndex[dom.pred(b, k)]! >= at) return true;
  }
  return false;
}

function isSame(a: readonly BlockId[], b: readonly BlockId[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

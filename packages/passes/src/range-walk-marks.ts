/**
 * The blocks the next walk of the branch facts (range-facts.ts) must enter,
 * and where it starts. The solver notes the blocks whose own facts compare
 * a value that moved; the walk starts at the lowest block dominating them
 * all and enters the paths from there down to each. Above its start nothing
 * moved: a walk entering there would enter the same facts as the last one
 * and record none (range-fact-scope.ts keeps those facts in scope), so a
 * round whose changes are deep in a long dominator chain costs what is
 * below them, not the chain.
 */
import type { BlockId, DominatorTree } from "@fzy/ir";
import { type ArrayPool, Slot } from "./range-scratch.js";

export class WalkMarks {
  /**
   * 1 for the blocks the next walk must enter (the walk clears each as it
   * enters it): those noted and, once the walk's start is known, the blocks
   * between them and it, so the walk reaches every marked block.
   */
  readonly needs: number[];
  /** The blocks noted since the last walk started. */
  private readonly noted: BlockId[] = [];

  constructor(private readonly dom: DominatorTree<BlockId>, nBlocks: number, pool: ArrayPool) {
    this.needs = pool.take(Slot.Needs, nBlocks, 0);
  }

  /** Notes a block the next walk must enter (an unreachable one is never walked). */
  note(b: BlockId): void {
    if (this.needs[b] || !this.dom.isReachable(b)) return;
    this.needs[b] = 1;
    this.noted.push(b);
  }

  /**
   * Where the next walk starts: the lowest block that dominates every block
   * noted (undefined: none), with the paths down to them marked; the notes
   * are then used up. (The climbs pass only blocks the walk then enters.)
   */
  start(): BlockId | undefined {
    const { noted, dom, needs } = this;
    if (noted.length === 0) return undefined;
    let top = noted[0]!;
    for (let i = 1; i < noted.length; i++) while (!dom.dominates(top, noted[i]!)) top = dom.idom(top)!;
    // Each climb stops at a marked block: `top`, or one whose own path up to it is (or will be) marked.
    needs[top] = 1;
    for (let i = 0; i < noted.length; i++) {
      if (noted[i] === top) continue;
      for (let b = dom.idom(noted[i]!); b !== null && !needs[b]; b = dom.idom(b)) needs[b] = 1;
    }
    noted.length = 0;
    return top;
  }
}

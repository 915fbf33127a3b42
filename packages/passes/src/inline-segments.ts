/**
 * The segments of a function the inliner (inline-small-functions.ts) is
 * rewriting, numbered as its blocks would be had every inlined call split
 * its block: a splice ends a segment where a split would have ended the
 * block, and the rest of the block is the next segment, as the
 * continuation would have been. Scanning the segments in this order
 * inlines the calls in the order a split at each would, which names them
 * (`name.k.`) and numbers their values and variables, so a spliced body
 * has the names and ids of a split one.
 *
 * Per segment: the sites (inline-sites.ts) of the body it came from, `lo`
 * to `hi`; the block holding it (`home`); its instructions, those of `src`
 * from `from` on; `shift`, what to add to a site's instruction index to
 * find it in `src`; and the name its block would have had. Typed arrays
 * shared by every function, grown to the largest.
 */
import type { Block, Inst } from "@fzy/ir";
import type { ModuleSites } from "./inline-sites.js";

export class Segments {
  lo = new Int32Array(16);
  hi = new Int32Array(16);
  shift = new Int32Array(16);
  from = new Int32Array(16);
  home = new Int32Array(16);
  src: Inst[][] = [];
  /**
   * The name of the block a segment's chain of continuations grew from,
   * which the continuation of every call inlined there extends: the calls
   * of one block give `b.f.0.cont`, `b.g.0.cont`, ..., not names that each
   * repeat the one before (n calls in a block made names of total length
   * n^2).
   */
  names: string[] = [];

  /** Room for `n` segments. */
  room(n: number): void {
    if (this.lo.length >= n) return;
    const size = Math.max(n, this.lo.length * 2);
    this.lo = new Int32Array(size);
    this.hi = new Int32Array(size);
    this.shift = new Int32Array(size);
    this.from = new Int32Array(size);
    this.home = new Int32Array(size);
  }

  /** Function g's blocks, `blocks` from `at` on, as segments from `seg` on (one each, with its sites). */
  place(blocks: readonly Block[], sites: ModuleSites, g: number, at: number, seg: number): void {
    const { blockStart, blockSite } = sites;
    const first = blockStart[g]!, count = blockStart[g + 1]! - first;
    for (let b = 0; b < count; b++) {
      this.lo[seg + b] = blockSite[first + b]!;
      this.hi[seg + b] = blockSite[first + b + 1]!;
      this.shift[seg + b] = 0;
      this.from[seg + b] = 0;
      this.home[seg + b] = at + b;
      this.src[seg + b] = blocks[at + b]!.insts as Inst[];
      this.names[seg + b] = blocks[at + b]!.name;
    }
  }

  /** Drop the instruction lists and names of the function done (the next one writes its own before reading). */
  release(): void {
    this.src.length = this.names.length = 0;
  }
}

/**
 * The integer constants of a function by value id, as written (not made
 * canonical), for the loop passes: licm asks for a divisor, unrolling for
 * a counter's start, step and bound. A dense table indexed by value id,
 * shared by every function and refilled per use: a Map per function and
 * pass was a visible share of unrolling's search (most functions unroll
 * nothing, yet ask).
 *
 * Invariant: a table is valid until the next call of `intConstants` (the
 * optimizer is synchronous and not re-entrant, and licm is done with its
 * table before unrolling makes one). Values made after the table answer
 * undefined.
 */
import type { LValue } from "@fzy/lir";
import type { MFunction } from "./optimize-ir.js";

/** What the loop passes ask of the constants. */
export interface IntConstants {
  get(v: LValue): bigint | undefined;
  has(v: LValue): boolean;
}

class DenseConstants implements IntConstants {
  /** By value id (grown, never shrunk; entries at and past `n` are stale). */
  private vals: (bigint | undefined)[] = [];
  /** The values of the function the table was filled for. */
  private n = 0;

  fill(m: MFunction): this {
    const n = (this.n = m.types.length);
    // Filled to the function's size: stores by value id into an empty array made it sparse (a slow dictionary).
    if (this.vals.length < n) this.vals = new Array<bigint | undefined>(Math.max(n, 2 * this.vals.length)).fill(undefined);
    else this.vals.fill(undefined, 0, n);
    const vals = this.vals, blocks = m.blocks;
    for (let b = 0; b < blocks.length; b++) {
      const blk = blocks[b]!;
      if (blk.dead) continue;
      const insts = blk.insts;
      for (let k = 0; k < insts.length; k++) {
        const i = insts[k]!;
        if (i.op === "iconst") vals[i.dst] = i.value;
      }
    }
    return this;
  }

  get(v: LValue): bigint | undefined {
    return v < this.n ? this.vals[v] : undefined;
  }

  has(v: LValue): boolean {
    return v < this.n && this.vals[v] !== undefined;
  }
}

const SHARED = new DenseConstants();

/** The integer constants of `m`'s live blocks, by value (see the file header for how long the answer holds). */
export function intConstants(m: MFunction): IntConstants {
  return SHARED.fill(m);
}

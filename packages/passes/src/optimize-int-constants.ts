/**
 * The integer and bool constants of a function by value id, for the passes
 * that ask about a few values: as written (licm asks for a divisor,
 * unrolling for a counter's start, step and bound) or canonical (threading
 * for a branch's condition, composition for the arms' constants). Dense
 * tables indexed by value id, shared by every function and refilled per
 * use: a Map per function and pass was a visible share of those passes.
 *
 * Invariant: a table is valid until the next call that fills the same one
 * (`intConstants` or `canonicalConstants`): the optimizer is synchronous
 * and not re-entrant, and each pass is done with its table before the next
 * pass makes one. Values made after the table was filled answer undefined.
 */
import type { LValue } from "@fzy/lir";
import { canonical } from "./optimize-constants.js";
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

  /** `canonical`: each constant in its type's canonical form (optimize-constants.ts), else as written. */
  constructor(private readonly canonical: boolean) {}

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
        if (i.op === "iconst") vals[i.dst] = this.canonical ? canonical(i.type, i.value) : i.value;
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

const AS_WRITTEN = new DenseConstants(false), CANONICAL = new DenseConstants(true);

/** The integer constants of `m`'s live blocks as written, by value (see the file header for how long the answer holds). */
export function intConstants(m: MFunction): IntConstants {
  return AS_WRITTEN.fill(m);
}

/** The integer and bool constants of `m`'s live blocks in canonical form, by value (valid as intConstants' answer is). */
export function canonicalConstants(m: MFunction): IntConstants {
  return CANONICAL.fill(m);
}

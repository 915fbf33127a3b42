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
 *
 * A table fills the entry block first (and blocks its caller names: a
 * loop's preheader) and the other blocks at the first question it cannot
 * answer from those: the fold moves constants to the entry block, so most
 * searches (a loop's start, step and bound, a branch arm's value) end there,
 * and a value has one definition, so what a block read defines (a constant,
 * a parameter, another instruction's result) answers as the whole table
 * would. The passes that ask change the function only so far that the
 * later fill answers as an eager one: licm and unrolling move instructions
 * between live blocks (a value stays a constant, or not, wherever it moves;
 * the later fill reads every block again), threading rewrites terminators,
 * composition adds instructions whose new values answer undefined anyway.
 */
import type { LBlockId, LInst, LValue } from "@fzy/lir";
import { canonical } from "./optimize-constants.js";
import { instDef, type MBlock, type MFunction } from "./optimize-ir.js";

/** What the loop passes ask of the constants. */
export interface IntConstants {
  get(v: LValue): bigint | undefined;
  has(v: LValue): boolean;
}

class DenseConstants implements IntConstants {
  /** By value id: the constant, or null for a value read that is no constant; valid where `stamps` holds `gen` (grown, never shrunk). */
  private vals: (bigint | null)[] = [];
  /** The fill each entry of `vals` was written by: a new fill needs no clearing, only a new `gen`. */
  private stamps = new Uint32Array(0);
  private gen = 0;
  /** The values of the function the table was filled for. */
  private n = 0;
  /** The function whose blocks after the entry are still to be filled, if any. */
  private rest: MFunction | undefined;

  /** `canonical`: each constant in its type's canonical form (optimize-constants.ts), else as written. */
  constructor(private readonly canonical: boolean) {}

  /** Fills the table for `m`: the entry block now, the others when asked. */
  fill(m: MFunction): this {
    const n = (this.n = m.types.length);
    if (this.stamps.length < n) {
      const size = Math.max(n, 2 * this.stamps.length);
      // Filled to its size: stores by value id into an empty array made it sparse (a slow dictionary).
      this.vals = new Array<bigint | null>(size).fill(null);
      this.stamps = new Uint32Array(size);
    }
    this.gen = (this.gen + 1) >>> 0;
    if (this.gen === 0) { // (wrapped: no stamp may pass for the new fill's)
      this.stamps.fill(0);
      this.gen = 1;
    }
    if (m.blocks.length > 0) this.fillEntry(m);
    return this;
  }

  get(v: LValue): bigint | undefined {
    if (v >= this.n) return undefined;
    if (this.stamps[v] !== this.gen) {
      if (this.rest === undefined) return undefined;
      this.fillBlocks(this.rest);
      if (this.stamps[v] !== this.gen) return undefined;
    }
    return this.vals[v] ?? undefined;
  }

  has(v: LValue): boolean {
    return this.get(v) !== undefined;
  }

  /** Reads what block `b` defines too, when the whole function is not read yet: the questions about its values then read no more. */
  readBlock(b: LBlockId): void {
    if (this.rest !== undefined) this.markBlock(this.rest.blocks[b]!);
  }

  /** Fills the entry block and leaves the other blocks for the first value it does not define. */
  private fillEntry(m: MFunction): void {
    this.rest = m;
    this.markBlock(m.blocks[0]!);
  }

  /** Every value `blk` defines: its constants, null for the others. */
  private markBlock(blk: MBlock): void {
    if (blk.dead) return;
    const vals = this.vals, stamps = this.stamps, gen = this.gen, n = this.n;
    for (const p of blk.params) {
      if (p >= n) continue;
      vals[p] = null;
      stamps[p] = gen;
    }
    for (const i of blk.insts) {
      const d = instDef(i);
      if (d === undefined || d >= n) continue; // (made after the fill)
      vals[d] = i.op === "iconst" ? this.constant(i) : null;
      stamps[d] = gen;
    }
  }

  /** Fills the constants of every live block (the entry again: licm may have hoisted a constant into it since it was read). */
  private fillBlocks(m: MFunction): void {
    const vals = this.vals, stamps = this.stamps, gen = this.gen, n = this.n, blocks = m.blocks;
    this.rest = undefined;
    for (let b = 0; b < blocks.length; b++) {
      const blk = blocks[b]!;
      if (blk.dead) continue;
      const insts = blk.insts;
      for (let k = 0; k < insts.length; k++) {
        const i = insts[k]!;
        if (i.op !== "iconst" || i.dst >= n) continue; // (made after the fill)
        vals[i.dst] = this.constant(i);
        stamps[i.dst] = gen;
      }
    }
  }

  private constant(i: LInst & { op: "iconst" }): bigint {
    return this.canonical ? canonical(i.type, i.value) : i.value;
  }
}

const AS_WRITTEN = new DenseConstants(false), CANONICAL = new DenseConstants(true);

/** The integer constants as written, read from the entry block and the blocks the caller names first. */
export interface EntryFirstConstants extends IntConstants {
  /** Reads block `b`'s definitions now: the caller asks about values it defines (no answer changes, only what it costs). */
  readBlock(b: LBlockId): void;
}

/** The integer constants of `m`'s live blocks as written, by value (see the file header for how long the answer holds). */
export function intConstants(m: MFunction): EntryFirstConstants {
  return AS_WRITTEN.fill(m);
}

/** The integer and bool constants of `m`'s live blocks in canonical form, by value (valid as intConstants' answer is). */
export function canonicalConstants(m: MFunction): IntConstants {
  return CANONICAL.fill(m);
}

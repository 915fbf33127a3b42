/**
 * The replacements the optimizer's passes make (value v now reads value w)
 * and how they reach the operands: a union-find style map, resolved once
 * into a dense table per apply, then every live block renamed through it
 * (in place: optimize-remap.ts). Passes between two applies read operands
 * through `resolve`.
 *
 * A fold walk that visited every live block (optimize-fold.ts) resolved
 * each instruction's operands as it went, and made every replacement of a
 * value where the value is defined, which dominates its other uses, so
 * those instructions read final values already: until the next
 * replacement, an apply renames the terminators only (their edges pass
 * values along edges the walk does not follow in dominance order).
 */
import type { LInst, LTerm, LValue } from "@fzy/lir";
import { type Missing, remapTerm, renameInPlace } from "./optimize-remap.js";
import { Scratch } from "./optimize-scratch.js";

/** A block as applying replacements sees it (an MBlock of optimize-ir.ts). */
interface Block {
  insts: LInst[];
  term: LTerm;
  readonly dead: boolean;
}

/** A function as applying replacements sees it (an MFunction of optimize-ir.ts, which imports this file). */
interface Renamed {
  readonly types: readonly unknown[];
  readonly blocks: readonly Block[];
  readonly base: { readonly origins?: unknown };
  /** Throws for an operand replaced by no value. */
  readonly noValue: Missing;
}

const FINAL = new Scratch();
/** The table of a Replacements that has made none (never written: the first replacement makes its own). */
const NONE: number[] = [];

/** A union-find style replacement map: `resolve(v)` follows replacements to the final value. */
export class Replacements {
  /** By value id: the value it was replaced by (-1: none); made at the first replacement, with room for `expected` values. */
  private to: number[] = NONE;
  /** A replacement was made since the last `apply` (so a second apply in a row walks nothing). */
  private pending = false;
  /** Replacements made so far, and their number when a fold walk last resolved every live instruction (-1: never). */
  private made = 0;
  private resolvedAt = -1;
  /** Whether the table the last `take` gave must rename instructions too, not only terminators. */
  private stale = true;

  /** Replacements for a function of about `expected` values (more may be made: the table grows). */
  constructor(private readonly expected = 0) {}

  /** From now on every use of `from` reads `to`. */
  replace(from: LValue, to: LValue): void {
    if (from === to) return;
    if (from >= this.to.length) this.grow(from);
    this.to[from] = to;
    this.pending = true;
    this.made++;
  }

  /** Room for value `from`: at once for the whole function (growing one entry at a time made the table anew again and again). */
  private grow(from: LValue): void {
    const old = this.to, to = new Array<number>(Math.max(from + 1, this.expected, 2 * old.length)).fill(-1);
    for (let v = 0; v < old.length; v++) to[v] = old[v]!;
    this.to = to;
  }

  /** Every instruction of every live block reads final operands now (see the file header). */
  resolvedInstructions(): void {
    this.resolvedAt = this.made;
  }

  /** A pass added instructions that may read replaced values (until the next fold walk, an apply renames every instruction). */
  instructionsAdded(): void {
    this.resolvedAt = -1;
  }

  resolve(v: LValue): LValue {
    if (v >= this.to.length || this.to[v]! < 0) return v;
    let r = v;
    while (r < this.to.length && this.to[r]! >= 0) r = this.to[r]! as LValue;
    // Path compression keeps later lookups O(1).
    let c = v;
    while (c < this.to.length && this.to[c]! >= 0 && this.to[c] !== r) {
      const next = this.to[c]! as LValue;
      this.to[c] = r;
      c = next;
    }
    return r;
  }

  /** Rewrite every operand of `m` to its final value. */
  apply(m: Renamed): void {
    const final = this.take(m);
    if (!final) return;
    for (const b of m.blocks) if (!b.dead) this.applyToBlock(m, b, final);
  }

  /**
   * The final value of every value of `m` by id, when a replacement was made
   * since the last apply (else every operand is final already: passes between
   * applies read resolved operands). The replacements count as applied from
   * then on: the caller renames every live block with it (applyToBlock), in
   * a walk of its own (dead-value elimination counts uses in the same walk).
   */
  take(m: Renamed): Int32Array | undefined {
    if (!this.pending) return undefined;
    this.pending = false;
    this.stale = this.resolvedAt !== this.made;
    const n = m.types.length, final = FINAL.take(n, 0);
    for (let v = 0; v < n; v++) final[v] = this.resolve(v as LValue);
    return final;
  }

  /** Rename every operand of block `b` of `m` by `final`, the table `take` gave (its instructions only when they may read a replaced value). */
  applyToBlock(m: Renamed, b: Block, final: Int32Array): void {
    if (this.stale) {
      const insts = b.insts;
      for (let k = 0; k < insts.length; k++) renameInPlace(insts[k]!, final, false, m.noValue);
    }
    b.term = remapTerm(b.term, final, undefined, m.noValue, m.base.origins !== undefined);
  }
}

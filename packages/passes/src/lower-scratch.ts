/**
 * Scratch tables of the per-function lowering, made once per module and
 * handed, emptied, to each function in turn (QBE's per-function pool, in
 * the small): a module of many small functions then allocates no map or set
 * per function for tables most functions leave empty or nearly so.
 *
 * Invariant: functions are lowered one at a time (lower-module.ts), and no
 * table escapes its function's lowering (none reaches the lowered form or
 * the report), so a table taken for the next function is never still read.
 * Each accessor returns the table empty; an already empty one is not
 * cleared (clearing allocates a fresh backing store).
 *
 * A module ends like a function, so the next module's lowering takes the
 * tables over (takeLoweringScratch): a module of one large function
 * otherwise grew them anew for every call, and fresh memory costs far more
 * than the writes that fill it (as the LLVM printer's workspace).
 */
import { type BlockId, Spare, type ValueId } from "@fzy/ir";
import { LBuilderScratch, type LBlockId, type LEdge, type LValue } from "@fzy/lir";
import { BlockVariablesScratch } from "./block-variables.js";
import { SsaTables } from "./ssa-tables.js";

/** Map and Set alike: emptied only when they hold something. */
export function emptied<T extends { readonly size: number; clear(): void }>(t: T): T {
  if (t.size > 0) t.clear();
  return t;
}

/**
 * A table by dense id (a value's), the get/set/has of a map: an array
 * allocated when an id past its end is written (a function that writes
 * none allocates nothing; appending one entry at a time would copy it again
 * and again), its holes read as unset, and the ids written, so emptying it
 * costs what the function wrote, not the table's size.
 */
export class DenseTable<K extends number, V> {
  private at: (V | undefined)[] = [];
  /** The ids written, the first `writes` of them: the list keeps its length (truncating it frees its store, which each function then grew anew). */
  private readonly written: K[] = [];
  private writes = 0;

  get(k: K): V | undefined { return k < this.at.length ? this.at[k] : undefined; }
  has(k: K): boolean { return this.get(k) !== undefined; }
  set(k: K, v: V): void {
    if (k >= this.at.length) this.grow(k);
    const at = this.at;
    if (at[k] === undefined) {
      if (this.writes < this.written.length) this.written[this.writes] = k;
      else this.written.push(k);
      this.writes++;
    }
    at[k] = v;
  }

  /** A larger array with room past `k`, holding the entries written so far. */
  private grow(k: K): void {
    const old = this.at, at = new Array<V | undefined>(Math.max(k + 1 + (k >> 3), 2 * old.length, 16));
    for (let i = 0; i < this.writes; i++) {
      const id = this.written[i]!;
      at[id] = old[id];
    }
    this.at = at;
  }

  /** Empty (no room is made: the table grows as it is written). */
  emptied(): this {
    for (let i = 0; i < this.writes; i++) this.at[this.written[i]!] = undefined;
    this.writes = 0;
    return this;
  }
}

/**
 * An array by dense id, holes read as undefined, handed over with every id
 * below n empty: filled over those n (no allocation once the module's
 * largest function has been seen; ids at or above n are never read).
 */
function cleared<T>(a: (T | undefined)[], n: number): (T | undefined)[] {
  if (a.length < n) return new Array<T | undefined>(n);
  // A loop, not fill(): the builtin's call costs more than a small function's few ids.
  for (let i = 0; i < n; i++) a[i] = undefined;
  return a;
}

/** The reusable tables of one module's lowering (see the file header). */
export class LoweringScratch {
  /** The lowered-form builder's tables (lir builder.ts), one function at a time. */
  readonly builder = new LBuilderScratch();
  /** The SSA plan's integer tables (ssa-tables.ts), one plan at a time. */
  readonly ssa = new SsaTables();
  /** The variables' per-block tables (block-variables.ts), one function at a time. */
  readonly variables = new BlockVariablesScratch();
  private defs_: unknown[] = [];
  private parts_: unknown[] = [];
  private readonly constInt_ = new DenseTable<ValueId, bigint>();
  private readonly strLit_ = new DenseTable<ValueId, Uint8Array>();
  private readonly skipped_ = new Set<BlockId>();
  private readonly panicBlocks_ = new Map<string, LBlockId>();
  private readonly marks_ = new Map<BlockId, LValue>();
  private readonly chainLinks_ = new Map<BlockId, BlockId>();
  private readonly directArrays_ = new Map<ValueId, unknown>();
  private readonly grouped_ = new Set<number>();
  private readonly addrCache_ = new Map<number, LValue>();
  private readonly edgesByTarget_ = new DenseTable<BlockId, LEdge>();
  private readonly positions_ = new DenseTable<ValueId, number>();

  /** FunctionEmitter.constInt, empty. */
  constInt(): DenseTable<ValueId, bigint> { return this.constInt_.emptied(); }
  /** FunctionEmitter.strLit, empty. */
  strLit(): DenseTable<ValueId, Uint8Array> { return this.strLit_.emptied(); }
  /** FunctionEmitter.defInst, for a function of `values` values (typed by its one user: no import of the IR's instructions here). */
  defs<T>(values: number): (T | undefined)[] { return (this.defs_ = cleared(this.defs_, values)) as (T | undefined)[]; }
  /** FunctionEmitter's machine parts of each value, for a function of `values` values. */
  parts<T>(values: number): (T | undefined)[] { return (this.parts_ = cleared(this.parts_, values)) as (T | undefined)[]; }
  /** FunctionEmitter.skipped. */
  skipped(): Set<BlockId> { return emptied(this.skipped_); }
  /** FunctionEmitter's shared panic blocks. */
  panicBlocks(): Map<string, LBlockId> { return emptied(this.panicBlocks_); }
  /** The block lowering's arena marks by loop header. */
  marks(): Map<BlockId, LValue> { return emptied(this.marks_); }
  /** The block lowering's literal-chain links by their head. */
  chainLinks(): Map<BlockId, BlockId> { return emptied(this.chainLinks_); }
  /** The array lowering's arrays in direct memory (typed by their one user, lower-arrays.ts: no import back to it). */
  directArrays<T>(): Map<ValueId, T> { return emptied(this.directArrays_) as Map<ValueId, T>; }
  /** The array lowering's grouped check leaders of the current block. */
  grouped(): Set<number> { return emptied(this.grouped_); }
  /** The switch lowering's shared case edges by target block (one switch at a time). */
  edgesByTarget(): DenseTable<BlockId, LEdge> { return this.edgesByTarget_.emptied(); }
  /** The bounds-check planner's position of each value defined in the current block (lower-bounds-checks.ts). */
  positions(): DenseTable<ValueId, number> { return this.positions_.emptied(); }
  /** The array lowering's element addresses of the current block. */
  addrCache(): Map<number, LValue> { return emptied(this.addrCache_); }
}

/** The scratch of the last module lowering that finished (@fzy/ir spare.ts). */
const spare = new Spare<LoweringScratch>();

/** The spare scratch if there is one (then no other lowering can take it), else a new one. */
export function takeLoweringScratch(): LoweringScratch {
  return spare.take() ?? new LoweringScratch();
}

/** Hands a scratch no lowering uses any more to the next module's lowering. */
export function releaseLoweringScratch(s: LoweringScratch): void {
  spare.give(s);
}

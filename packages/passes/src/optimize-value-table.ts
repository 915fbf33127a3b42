/**
 * The scoped hash table of value numbering (optimize-fold.ts) for the
 * operations keyed by small integers: a tag (opcode, kind or condition,
 * result type, hot or cold) and up to three operand ids. Open addressing
 * with linear probing in plain arrays, sized once for every instruction of
 * the function, so it never grows; nothing is allocated per lookup (string
 * keys made one string per instruction, then hashed it).
 *
 * Removal is last-in first-out only (the dominator-tree walk leaves a scope
 * after every scope opened inside it), which is what makes clearing a slot
 * safe under linear probing: every entry whose probe passed the slot was
 * added later and is already gone, and every earlier entry was placed when
 * the slot was empty, so its search never crossed it. The table logs the
 * slots it fills, so a scope is a mark in that log (`mark`, `undoTo`). Only
 * the slots within the current capacity are used; storage beyond it is stale.
 */

/** An open-addressing table from (tag, a, b, c) to a value id. */
export class ValueTable {
  private keys: number[] = [];
  private vals: number[] = [];
  private mask = 0;
  /** The live entries it was last sized for. */
  entries = 0;
  /** The slots filled since `reset`, in order, the first `logged` of them (kept across functions: grown, never shrunk). */
  private log = new Int32Array(64);
  private logged = 0;

  /** A table for at most `entries` live entries at a time (load factor at most 1/2). */
  constructor(entries: number) {
    this.reset(entries);
  }

  /**
   * Empty the table and size it for `entries` (the storage is kept when large
   * enough: one table serves every function, see `sharedValueTable`).
   */
  reset(entries: number): this {
    this.entries = entries;
    this.logged = 0;
    let cap = 8;
    while (cap < 2 * entries + 2) cap *= 2;
    this.mask = cap - 1;
    if (this.vals.length < cap) {
      this.keys = new Array<number>(4 * cap).fill(0);
      this.vals = new Array<number>(cap).fill(-1);
    } else {
      this.vals.fill(-1, 0, cap); // a slot is empty by its value alone: stale keys are never compared
    }
    return this;
  }

  private slot(tag: number, a: number, b: number, c: number): number {
    let h = Math.imul(tag ^ 0x2545f491, 0x9e3779b1) ^ Math.imul(a + 1, 0x85ebca77) ^ Math.imul(b + 1, 0xc2b2ae3d) ^ Math.imul(c + 1, 0x27d4eb2f);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    let s = h & this.mask;
    const k = this.keys, v = this.vals;
    while (v[s]! >= 0) {
      const o = 4 * s;
      if (k[o] === tag && k[o + 1] === a && k[o + 2] === b && k[o + 3] === c) return s;
      s = (s + 1) & this.mask;
    }
    return s;
  }

  /** The slot of the key: where it is, or the empty slot where `put` stores it (valid until the next add or remove). */
  find(tag: number, a: number, b: number, c: number): number {
    return this.slot(tag, a, b, c);
  }

  /** The value in a slot `find` returned, or -1 when the key is absent. */
  at(slot: number): number {
    return this.vals[slot]!;
  }

  /** Store `value` for an absent key in the empty slot `find` just returned for it; returns the slot. */
  put(slot: number, tag: number, a: number, b: number, c: number, value: number): number {
    const o = 4 * slot;
    this.keys[o] = tag;
    this.keys[o + 1] = a;
    this.keys[o + 2] = b;
    this.keys[o + 3] = c;
    this.vals[slot] = value;
    if (this.logged === this.log.length) this.growLog();
    this.log[this.logged++] = slot;
    return slot;
  }

  private growLog(): void {
    const log = new Int32Array(2 * this.log.length);
    log.set(this.log);
    this.log = log;
  }

  /** How many entries were put since `reset`: a scope opening here closes with `undoTo` this mark. */
  get mark(): number {
    return this.logged;
  }

  /** Remove the entries put since `mark`, the latest first (the scope that opened at `mark` closes). */
  undoTo(mark: number): void {
    for (let k = this.logged - 1; k >= mark; k--) this.vals[this.log[k]!] = -1;
    this.logged = mark;
  }

  /** The value stored for the key, or -1. */
  get(tag: number, a: number, b: number, c: number): number {
    return this.vals[this.slot(tag, a, b, c)]!;
  }

  /** Store `value` for a key not present; returns its slot. */
  add(tag: number, a: number, b: number, c: number, value: number): number {
    return this.put(this.slot(tag, a, b, c), tag, a, b, c, value);
  }

}

const SHARED = new ValueTable(0);

/**
 * The one table the optimizer's value numbering uses, emptied and sized for
 * `entries` (a table per function made two arrays of several KB each, for
 * the collector, per function).
 */
export function sharedValueTable(entries: number): ValueTable {
  return SHARED.reset(entries);
}

/** Small integers for the kind, condition and type strings of the numbered keys: a few dozen, shared by every function (only their equality matters). */
const IDS = new Map<string, number>();

/** The small integer of key part `s` (see IDS). */
export function keyId(s: string): number {
  let x = IDS.get(s);
  if (x === undefined) IDS.set(s, (x = IDS.size));
  return x;
}

/**
 * The small integer of a value type in a key: the LIR types by a switch (a
 * map lookup per numbered instruction was a visible share of the fold),
 * anything else (none today) past them through keyId; "" (no type part) is 0.
 */
export function typeKey(t: string): number {
  switch (t) {
    case "": return 0;
    case "bool": return 1;
    case "i8": return 2;
    case "i16": return 3;
    case "i32": return 4;
    case "i64": return 5;
    case "f32": return 6;
    case "f64": return 7;
    case "ptr": return 8;
    default: return 16 + keyId(t);
  }
}

/**
 * Small integers for the symbols of address constants, shared by every
 * function (only their equality within one function matters). Emptied only
 * when it passes SYMBOL_LIMIT entries, so it stays small: a Map cleared per
 * function made a new table per function.
 */
const SYMBOLS = new Map<string, number>();
const SYMBOL_LIMIT = 4096;

/** The small integer of symbol `s` (the same for the whole of a function: see `trimSymbols`). */
export function symbolId(s: string): number {
  let x = SYMBOLS.get(s);
  if (x === undefined) SYMBOLS.set(s, (x = SYMBOLS.size));
  return x;
}

/** Empty the symbol table when it has grown past its limit (called between functions only, never during one). */
export function trimSymbols(): void {
  if (SYMBOLS.size > SYMBOL_LIMIT) SYMBOLS.clear();
}

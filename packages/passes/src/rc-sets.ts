/**
 * Membership tables of the counted-value liveness (rc-liveness.ts): one set
 * of counted values (by dense index) per block, answering "is i in the set
 * of b" and "put i in the set of b".
 *
 * Two forms of the same sets. A bit matrix (blocks x counted values) is the
 * fastest while it is small; its size is the product of the two, so a
 * function with many blocks and many counted values (a chain of n blocks
 * each making its own counted value: n^2 bits, though every set holds one or
 * two members) needs a table whose size follows the members instead: a hash
 * set of (block, index) pairs. `blockSets` starts with the matrix only while
 * its words stay within a constant factor of the function's size, and the
 * hash set moves to the matrix once that is no larger, so either way the
 * tables are linear in the function plus the total size of the sets.
 */
import type { Scratch } from "./optimize-scratch.js";

/** A set of counted values (dense indices) per block. */
export interface BlockSets {
  /** Whether i is in the set of block b. */
  has(b: number, i: number): boolean;
  /** Put i in the set of block b; whether it was not there before. */
  add(b: number, i: number): boolean;
  /** How many table entries (32-bit words) the sets were given: linear in the function plus the sizes of the sets when `blockSets` chose the form. */
  readonly words: number;
}

/** The sets as a bit matrix: row b holds block b's set in `rowWords` words. */
class BitMatrix implements BlockSets {
  readonly words: number;

  constructor(private readonly bits: Int32Array, private readonly rowWords: number, blocks: number) {
    this.words = blocks * rowWords;
  }

  has(b: number, i: number): boolean {
    return (this.bits[b * this.rowWords + (i >>> 5)]! & (1 << (i & 31))) !== 0;
  }

  add(b: number, i: number): boolean {
    const w = b * this.rowWords + (i >>> 5), bit = 1 << (i & 31);
    if (this.bits[w]! & bit) return false;
    this.bits[w]! |= bit;
    return true;
  }
}

/**
 * The sets as one open-addressing hash set of (block, index) pairs, linear
 * probing, at most half full: slot s holds block + 1 at 2s (0: empty) and
 * the index at 2s + 1. When the sets turn out dense (many values live across
 * many blocks), the pairs move to a bit matrix as soon as it is no larger
 * than the hash set would grow to: the tables stay within a constant factor
 * of the smaller form, and a dense set costs a bit, not a slot, per member.
 */
class PairHashSet implements BlockSets {
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  /** The matrix the pairs moved to, if they did. */
  private matrix: BitMatrix | undefined;

  constructor(private readonly blocks: number, private readonly rowWords: number, private readonly scratch: Scratch) {
    let capacity = 16;
    while (capacity < 2 * blocks) capacity *= 2;
    this.slots = new Int32Array(2 * capacity);
    this.mask = capacity - 1;
  }

  get words(): number {
    return this.matrix?.words ?? this.slots.length;
  }

  has(b: number, i: number): boolean {
    if (this.matrix !== undefined) return this.matrix.has(b, i);
    const slots = this.slots;
    for (let s = pairHash(b, i) & this.mask; ; s = (s + 1) & this.mask) {
      const key = slots[2 * s]!;
      if (key === 0) return false;
      if (key === b + 1 && slots[2 * s + 1] === i) return true;
    }
  }

  add(b: number, i: number): boolean {
    if (this.matrix !== undefined) return this.matrix.add(b, i);
    const slots = this.slots;
    let s = pairHash(b, i) & this.mask;
    for (; ; s = (s + 1) & this.mask) {
      const key = slots[2 * s]!;
      if (key === 0) break;
      if (key === b + 1 && slots[2 * s + 1] === i) return false;
    }
    slots[2 * s] = b + 1;
    slots[2 * s + 1] = i;
    if (2 * ++this.size > this.mask + 1) this.grow();
    return true;
  }

  /** Double the capacity and put every pair again (the amortized cost per pair stays constant), or move the pairs to the matrix when it is no larger. */
  private grow(): void {
    const old = this.slots;
    if (this.blocks * this.rowWords <= 2 * old.length) {
      const matrix = (this.matrix = new BitMatrix(this.scratch.take(this.blocks * this.rowWords, 0), this.rowWords, this.blocks));
      for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) matrix.add(old[s]! - 1, old[s + 1]!);
      this.slots = NO_SLOTS;
      return;
    }
    this.slots = new Int32Array(2 * old.length);
    this.mask = 2 * this.mask + 1;
    for (let s = 0; s < old.length; s += 2) {
      const key = old[s]!;
      if (key === 0) continue;
      let t = pairHash(key - 1, old[s + 1]!) & this.mask;
      while (this.slots[2 * t] !== 0) t = (t + 1) & this.mask;
      this.slots[2 * t] = key;
      this.slots[2 * t + 1] = old[s + 1]!;
    }
  }
}

/** The slots of a hash set whose pairs moved to a matrix (shared, never written). */
const NO_SLOTS = new Int32Array(0);

/** A 32-bit hash of the pair (b, i), its low bits mixed from both (murmur3's finalizer). */
function pairHash(b: number, i: number): number {
  let h = Math.imul(b, 0x9e3779b1) ^ i;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

/** Matrix words allowed per block and value of the function: up to 16 words a row (512 counted values), any function starts with the matrix. */
const MATRIX_WORDS_PER_ITEM = 16;

/** Which form of sets `blockSets` makes: the matrix while it is small, else the hash set (tests ask for each). */
export type SetsForm = "matrix" | "hash" | "auto";

/** The form `blockSets` starts with for a function of `blocks` blocks and `values` values, `counted` of them counted. */
export function setsForm(blocks: number, values: number, counted: number): "matrix" | "hash" {
  return blocks * ((counted + 31) >>> 5) <= MATRIX_WORDS_PER_ITEM * (blocks + values) ? "matrix" : "hash";
}

/**
 * Empty sets for `blocks` blocks over `counted` counted values, in the given
 * form; a matrix lives in `scratch` (valid until its next take), a hash set
 * is made with room for about one member per block (and moves to a matrix
 * in `scratch` if the sets turn out dense).
 */
export function blockSets(form: "matrix" | "hash", blocks: number, counted: number, scratch: Scratch): BlockSets {
  const rowWords = (counted + 31) >>> 5;
  if (form === "hash") return new PairHashSet(blocks, rowWords, scratch);
  return new BitMatrix(scratch.take(blocks * rowWords, 0), rowWords, blocks);
}

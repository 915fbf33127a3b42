/**
 * A module's symbol names (its functions, say) by position: name -> index,
 * for the printers, which look a callee up by the name a call holds. One
 * index serves module after module: `clear` empties it in O(1) (a
 * generation stamp per slot) and its arrays keep their size, so a printer
 * that holds it across calls pays no table growth after the first module
 * of a size. A Map of every function of a module would grow and rehash
 * into fresh memory on every call, which costs more than the look-ups it
 * serves on a module of many small functions.
 *
 * Open addressing with linear probing over the names' FNV-1a hashes
 * (UTF-16 units), at most half full.
 */
import { FNV_BASIS, fnv } from "@fzy/ir";

export class SymbolIndex {
  private stamps = new Int32Array(64);
  private hashes = new Int32Array(64);
  private indices = new Int32Array(64);
  private keys: (string | undefined)[] = new Array<string | undefined>(64).fill(undefined);
  private gen = 1;
  private count = 0;

  /** Empty the index, with room for `n` names without growing. */
  clear(n = 0): void {
    this.gen++;
    this.count = 0;
    if (n * 2 > this.stamps.length) this.resize(slotsFor(n), false);
  }

  /** The index of `name`, or -1. */
  get(name: string): number {
    const h = hashOf(name), stamps = this.stamps, mask = stamps.length - 1;
    for (let slot = h & mask; stamps[slot] === this.gen; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === h && this.keys[slot] === name) return this.indices[slot]!;
    }
    return -1;
  }

  /** Give `name` the index `i` unless it has one; returns the index it had before, or -1 (then it has `i` now). */
  add(name: string, i: number): number {
    const h = hashOf(name), stamps = this.stamps, mask = stamps.length - 1;
    let slot = h & mask;
    for (; stamps[slot] === this.gen; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === h && this.keys[slot] === name) return this.indices[slot]!;
    }
    stamps[slot] = this.gen;
    this.hashes[slot] = h;
    this.indices[slot] = i;
    this.keys[slot] = name;
    if (++this.count * 2 > stamps.length) this.resize(stamps.length * 2, true);
    return -1;
  }

  /** `n` slots (a power of two), keeping the current names when `keep`. */
  private resize(n: number, keep: boolean): void {
    const { stamps, hashes, indices, keys, gen } = this;
    const mask = n - 1;
    this.stamps = new Int32Array(n);
    this.hashes = new Int32Array(n);
    this.indices = new Int32Array(n);
    this.keys = new Array<string | undefined>(n).fill(undefined);
    this.gen = 1;
    if (!keep) return;
    for (let i = 0; i < stamps.length; i++) {
      if (stamps[i] !== gen) continue;
      let slot = hashes[i]! & mask;
      while (this.stamps[slot] === 1) slot = (slot + 1) & mask;
      this.stamps[slot] = 1;
      this.hashes[slot] = hashes[i]!;
      this.indices[slot] = indices[i]!;
      this.keys[slot] = keys[i];
    }
  }
}

/** The smallest power of two of at least 64 slots that holds `n` names at half load. */
function slotsFor(n: number): number {
  let s = 64;
  while (s < n * 2) s *= 2;
  return s;
}

function hashOf(s: string): number {
  let h = FNV_BASIS;
  for (let i = 0; i < s.length; i++) h = fnv(h, s.charCodeAt(i));
  return h;
}

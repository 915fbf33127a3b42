/**
 * Interning of names read from source text: the same characters give the
 * same dense id and the same string, found by hashing the characters in
 * place (FNV-1a over UTF-16 units) in an open-addressing table, so a name
 * written a thousand times is sliced from the source once, and tables keyed
 * by name can be arrays indexed by id. Linear probing; the table doubles at
 * half load, so a lookup is O(length of the name). The lexer hashes a name
 * while it scans it (`internHashed`), so interning reads its characters once
 * more, only to compare them.
 *
 * In front of the table sits a small direct-mapped cache of recent names
 * (by hash: the name's id and where in the source it was last written): a
 * name is mostly written near its last use (a function's values, the
 * opcodes, the types), and there the check reads the source twice in cache
 * instead of a table slot, the strings array and the string, three reads
 * that miss the processor's cache once the table outgrows it. A cache entry
 * only answers when the characters match, so it is never wrong, only
 * sometimes absent.
 *
 * StringIndex is the same open addressing over strings that are not
 * interned: the verifier's duplicate checks, the LLVM printer's symbols.
 */
/** FNV-1a (32 bits) over UTF-16 units: the starting value, and one step. */
export const FNV_BASIS = 0x811c9dc5 | 0;
export const fnv = (h: number, unit: number): number => Math.imul(h ^ unit, 0x01000193);

/** FNV-1a of `s[from, to)`. */
function fnvOf(s: string, from: number, to: number): number {
  let h = FNV_BASIS;
  for (let i = from; i < to; i++) h = fnv(h, s.charCodeAt(i));
  return h;
}

export class NameTable {
  /** The name of each id. */
  readonly strings: string[] = [];
  /**
   * Open-addressing slots, two int32 each: id + 1 (0: empty) and the name's
   * hash, side by side so that a probe reads one cache line, not two.
   */
  private slots = new Int32Array(512);
  /** The recent-name cache: per entry the hash, id + 1 (0: empty), offset and length of the name in `recentSrc`. */
  private readonly recent = new Int32Array(RECENT * 4);
  private recentSrc = "";

  /** The id of `src[from, to)`, interned. */
  intern(src: string, from: number, to: number): number {
    return this.internHashed(src, from, to, fnvOf(src, from, to));
  }

  /** `intern` when the caller has hashed the characters already (`fnv` over them from FNV_BASIS, as the lexer does while scanning). */
  internHashed(src: string, from: number, to: number, h: number): number {
    const len = to - from;
    const rc = this.recent, r = (h & (RECENT - 1)) * 4;
    if (rc[r] === h && rc[r + 1] !== 0 && rc[r + 3] === len && src === this.recentSrc && sameSpan(src, rc[r + 2]!, from, len)) {
      rc[r + 2] = from; // the nearer copy
      return rc[r + 1]! - 1;
    }
    const id = this.lookupSlot(src, from, to, h);
    if (src !== this.recentSrc) { rc.fill(0); this.recentSrc = src; }
    rc[r] = h;
    rc[r + 1] = id + 1;
    rc[r + 2] = from;
    rc[r + 3] = len;
    return id;
  }

  /** `internHashed` through the table. */
  private lookupSlot(src: string, from: number, to: number, h: number): number {
    const len = to - from;
    const slots = this.slots, mask = (slots.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slots[slot * 2]!;
      if (e === 0) return this.add(slot, h, src.slice(from, to));
      if (slots[slot * 2 + 1] === h && sameText(this.strings[e - 1]!, src, from, len)) return e - 1;
    }
  }

  /** The id of `name`, or -1 when it was never interned. */
  lookup(name: string): number {
    const h = fnvOf(name, 0, name.length);
    const slots = this.slots, mask = (slots.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slots[slot * 2]!;
      if (e === 0) return -1;
      if (slots[slot * 2 + 1] === h && this.strings[e - 1] === name) return e - 1;
    }
  }

  private add(slot: number, h: number, s: string): number {
    const id = this.strings.length;
    this.strings.push(s);
    this.slots[slot * 2] = id + 1;
    this.slots[slot * 2 + 1] = h;
    if (this.strings.length * 4 > this.slots.length) this.grow(); // at half load
    return id;
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.slots = new Int32Array(old.length * 2));
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      const e = old[i]!;
      if (e === 0) continue;
      let slot = old[i + 1]! & mask;
      while (slots[slot * 2] !== 0) slot = (slot + 1) & mask;
      slots[slot * 2] = e;
      slots[slot * 2 + 1] = old[i + 1]!;
    }
  }
}

/** Entries of the recent-name cache (a power of two: 64 KB, which stays in the processor's cache). */
const RECENT = 4096;

/** Whether `src[a, a + len)` and `src[b, b + len)` are the same text. */
function sameSpan(src: string, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (src.charCodeAt(a + i) !== src.charCodeAt(b + i)) return false;
  return true;
}

/** Whether `k` is `src[from, from + len)` (a loop: names are short, and a builtin call costs more than it compares). */
function sameText(k: string, src: string, from: number, len: number): boolean {
  if (k.length !== len) return false;
  for (let i = 0; i < len; i++) if (k.charCodeAt(i) !== src.charCodeAt(from + i)) return false;
  return true;
}

/** A map from name ids (0..size-1) to non-negative numbers, emptied in O(1) by a generation stamp per slot. */
export class IdMap {
  private readonly values: Int32Array;
  private readonly stamps: Int32Array;
  private gen = 1;

  constructor(size: number) {
    this.values = new Int32Array(size);
    this.stamps = new Int32Array(size);
  }

  clear(): void {
    this.gen++;
  }

  /** The number kept for `id`, or -1. */
  get(id: number): number {
    return id >= 0 && this.stamps[id] === this.gen ? this.values[id]! : -1;
  }

  set(id: number, v: number): void {
    this.stamps[id] = this.gen;
    this.values[id] = v;
  }
}

/**
 * Strings by position (name -> a non-negative number), emptied in O(1) by a
 * generation stamp per slot: for duplicate checks over long lists of names
 * (the verifier's: `add` answers whether a name came before) and for the
 * printers' look-up of a module's symbols. The strings are hashed here
 * (FNV-1a) into open-addressing slots, at most half full; one index serves
 * list after list, module after module, and keeps its size, which costs
 * less than a Map that grows and rehashes, in fresh memory, to hold every
 * name of a module on every call.
 */
export class StringIndex {
  private stamps = new Int32Array(64);
  private hashes = new Int32Array(64);
  private indices = new Int32Array(64);
  private keys: (string | undefined)[] = new Array<string | undefined>(64).fill(undefined);
  private gen = 1;
  private count = 0;

  /** Room for `count` strings without growing (an index reused for lists of up to `count` names grows once, not step by step); emptied when it grows. */
  reserve(count: number): void {
    if (count * 2 > this.stamps.length) this.resize(slotsFor(count), false);
  }

  /** Empty the index. */
  clear(): void {
    this.gen++;
    this.count = 0;
  }

  /** The number `s` was added with, or -1. */
  get(s: string): number {
    const h = fnvOf(s, 0, s.length), stamps = this.stamps, mask = stamps.length - 1;
    for (let slot = h & mask; stamps[slot] === this.gen; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === h && this.keys[slot] === s) return this.indices[slot]!;
    }
    return -1;
  }

  /** Give `s` the number `i` unless it has one; returns the number it had before, or -1 (then it has `i` now). */
  add(s: string, i = 0): number {
    const h = fnvOf(s, 0, s.length), stamps = this.stamps, mask = stamps.length - 1;
    let slot = h & mask;
    for (; stamps[slot] === this.gen; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === h && this.keys[slot] === s) return this.indices[slot]!;
    }
    stamps[slot] = this.gen;
    this.hashes[slot] = h;
    this.indices[slot] = i;
    this.keys[slot] = s;
    if (++this.count * 2 > stamps.length) this.resize(stamps.length * 2, true);
    return -1;
  }

  /** `n` slots (a power of two), keeping the current strings when `keep`, else empty. */
  private resize(n: number, keep: boolean): void {
    const { stamps, hashes, indices, keys, gen } = this;
    const mask = n - 1;
    this.stamps = new Int32Array(n);
    this.hashes = new Int32Array(n);
    this.indices = new Int32Array(n);
    this.keys = new Array<string | undefined>(n).fill(undefined);
    this.gen = 1;
    if (!keep) {
      this.count = 0;
      return;
    }
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

/** The smallest power of two of at least 64 slots that holds `n` strings at half load. */
function slotsFor(n: number): number {
  let s = 64;
  while (s < n * 2) s *= 2;
  return s;
}

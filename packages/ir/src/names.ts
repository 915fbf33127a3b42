/**
 * Interning of names read from source text: the same characters give the
 * same dense id and the same string, found by hashing the characters in
 * place (FNV-1a over UTF-16 units) in an open-addressing table, so a name
 * written a thousand times is sliced from the source once, and tables keyed
 * by name can be arrays indexed by id. Linear probing; the table doubles at
 * half load, so a lookup is O(length of the name).
 */
/** FNV-1a (32 bits) over UTF-16 units: the starting value, and one step. */
export const FNV_BASIS = 0x811c9dc5 | 0;
export const fnv = (h: number, unit: number): number => Math.imul(h ^ unit, 0x01000193);

export class NameTable {
  /** The name of each id. */
  readonly strings: string[] = [];
  /**
   * Open-addressing slots, two int32 each: id + 1 (0: empty) and the name's
   * hash, side by side so that a probe reads one cache line, not two.
   */
  private slots = new Int32Array(512);

  /** The id of `src[from, to)`, interned. */
  intern(src: string, from: number, to: number): number {
    let h = FNV_BASIS;
    for (let i = from; i < to; i++) h = fnv(h, src.charCodeAt(i));
    return this.internHashed(src, from, to, h);
  }

  /** `intern` when the caller has hashed the characters already (`fnv` over them from FNV_BASIS, as the lexer does while scanning). */
  internHashed(src: string, from: number, to: number, h: number): number {
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
    let h = FNV_BASIS;
    for (let i = 0; i < name.length; i++) h = fnv(h, name.charCodeAt(i));
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

/**
 * Interning of names read from source text: the same characters give the
 * same string, found by hashing the characters in place (FNV-1a over UTF-16
 * units) in an open-addressing table, so a name written a thousand times is
 * sliced from the source once. Linear probing; the table doubles at half
 * load, so lookups stay O(length of the name).
 */
export class NameTable {
  private keys: (string | undefined)[] = new Array(256);
  private hashes = new Int32Array(256);
  private count = 0;

  /** The interned string of `src[from, to)`. */
  intern(src: string, from: number, to: number): string {
    const len = to - from;
    if (len > 64) return src.slice(from, to); // long names are rare; not worth keeping
    let h = 0x811c9dc5 | 0;
    for (let i = from; i < to; i++) h = Math.imul(h ^ src.charCodeAt(i), 0x01000193);
    const mask = this.keys.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const k = this.keys[slot];
      if (k === undefined) return this.add(slot, h, src.slice(from, to));
      if (this.hashes[slot] === h && k.length === len && src.startsWith(k, from)) return k;
    }
  }

  private add(slot: number, h: number, s: string): string {
    this.keys[slot] = s;
    this.hashes[slot] = h;
    if (++this.count * 2 > this.keys.length) this.grow();
    return s;
  }

  private grow(): void {
    const oldKeys = this.keys, oldHashes = this.hashes;
    this.keys = new Array(oldKeys.length * 2);
    this.hashes = new Int32Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      if (k === undefined) continue;
      let slot = oldHashes[i]! & mask;
      while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
      this.keys[slot] = k;
      this.hashes[slot] = oldHashes[i]!;
    }
  }
}

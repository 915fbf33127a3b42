/**
 * The names a builder gives to the values or blocks of the function it
 * builds (builder.ts): one list by id, reused from one function to the
 * next, handed out at its exact size when the function is finished.
 */

/** Name lists up to this length are shared with the last equal one (NameTable.upTo). */
const SHARED_NAMES_UP_TO = 8;

/**
 * The names given to the ids of one kind (values or blocks) of the function
 * being built: one list by id, valid below `valid` (the first name given
 * sticks). Entries are made undefined up to an id only when that id is
 * named or the names are read, so naming costs one store per id named and
 * forgetting costs nothing. The list is allocated at its size when it must
 * grow (appending to a long list copies it again and again), and kept.
 */
export class NameTable {
  private byId: (string | undefined)[] = [];
  /** Entries below this belong to the function being built; the rest are stale or holes. */
  private valid = 0;

  /** Names `id`, unless it already has a name. */
  set(id: number, name: string): void {
    if (id < this.valid) {
      if (this.byId[id] === undefined) this.byId[id] = name;
      return;
    }
    if (!(id >= 0)) return;
    this.clearTo(id + 1);
    this.byId[id] = name;
  }

  /** Entries from `valid` up to `n` (exclusive) made undefined; `valid` moved to n. */
  private clearTo(n: number): void {
    let byId = this.byId;
    if (n > byId.length) {
      // Allocated at once (holes past n are never read: entries are written before they are valid), with
      // room for the ids made after a jump (a branch tree's unnamed values, then a few named ones).
      const grown = new Array<string | undefined>(Math.max(n + (n >> 3), 2 * byId.length, 16));
      for (let i = 0; i < this.valid; i++) grown[i] = byId[i];
      this.byId = byId = grown;
    }
    for (let i = this.valid; i < n; i++) byId[i] = undefined;
    this.valid = n;
  }

  /**
   * The last short list given out: the next function's, when equal, is this
   * one (small functions alike name their values and their one block alike).
   */
  private last: readonly (string | undefined)[] = [];

  /** The name of every id below `n` (undefined where none), copied out at its size; a short list equal to the last one given out is that one. */
  upTo(n: number): readonly (string | undefined)[] {
    if (this.valid < n) this.clearTo(n);
    const byId = this.byId;
    if (n > SHARED_NAMES_UP_TO) return byId.slice(0, n);
    const last = this.last;
    let same = last.length === n;
    for (let i = 0; same && i < n; i++) same = last[i] === byId[i];
    return same ? last : (this.last = byId.slice(0, n));
  }

  /** Forgets every name. */
  forget(): void {
    this.valid = 0;
  }
}

/**
 * The local names of one LLVM function. Values and labels share one
 * namespace per function, so every local goes through one `LocalNames`
 * (function.ts says in which order): a name already taken gets `.1`, `.2`,
 * ... (the first free one), so the same function always prints the same
 * names.
 *
 * Spelling (LangRef, "Identifiers"): a name matching
 * `[-a-zA-Z$._][-a-zA-Z$._0-9]*` is written bare, anything else (a leading
 * digit, a space, non-ASCII) quoted with `\XX` escapes.
 */

/**
 * Whether `name` ends in `.K`, K decimal digits: the shape of a name `claim`
 * makes from a taken one (`v.3`), so the only names a made name can equal.
 */
function hasNumberSuffix(name: string): boolean {
  let i = name.length - 1;
  const last = name.charCodeAt(i);
  if (!(last >= 0x30 && last <= 0x39)) return false;
  while (--i >= 0) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) return true;
    if (!(c >= 0x30 && c <= 0x39)) return false;
  }
  return false;
}

/**
 * FNV-1a (Fowler, Noll and Vo) over every UTF-16 code unit of `name`, then
 * MurmurHash3's finalizer (Appleby), since the table takes the low bits and
 * FNV leaves those of short names that differ in one character clustered.
 * Every code unit counts: a hash of the ends only (an earlier choice, since
 * names made by inlining are long) put every name that differs only in the
 * middle (`value_17_of_this_loop`, `outer.0.mid.1.inner.0.x`) on one chain,
 * and 20,000 such names took 3.4 s, each claim comparing itself with all
 * the names before it. The whole name is printed anyway, so hashing it is
 * linear in the text.
 */
function hashName(name: string): number {
  const n = name.length;
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Marks an empty table slot (a new table is all free without a fill: a fill touched every page of a large one). */
const EMPTY = 0;

/**
 * The names claimed so far in one function.
 *
 * The names are kept in an open-addressing hash table (linear probing) of
 * indices into the list of names, in typed arrays that one LocalNames
 * reuses for every function of a module: a claim hashes the name
 * and reads an array or two, where a `Set` of strings grew and rehashed its
 * table for every large function and left it to the collector.
 *
 * A made name `base.K` can only equal a name that also ends in `.K` (split
 * at the last dot: the same base and the same K). So while no name claimed
 * as it is ends in `.K`, a made name can only equal another made name of
 * the same base, and the suffixes of one base are handed out in increasing
 * order: every made name is free without a look-up, and made names are not
 * added to the table. The first claim of a name that ends in `.K` adds the
 * made names, and from then on every candidate is looked up (the suffixes
 * are tried in the same order in both modes, so the names are the same).
 */
export class LocalNames {
  /** The names in the table, by index: the first `count` (the entries after them are stale, never read). */
  private names: string[] = [];
  private count = 0;
  /** By name index: its slot in the table, its hash, and the suffix to try first at its next claim (0: never repeated). */
  private slot = new Int32Array(64);
  private hash = new Int32Array(64);
  private nextSuffix = new Int32Array(64);
  /**
   * Open-addressing table: slot i holds a name index + 1 at 2i (EMPTY: free) and
   * its hash at 2i + 1 (compared before the strings, in the same cache line);
   * at least twice as many slots as names, a power of two.
   */
  private table = new Int32Array(256);
  /** Table slots looked at by every look-up so far (a test bounds it: the work of a claim). */
  probes = 0;
  /** The hash of the name `find` looked up last. */
  private found = 0;
  /** The names made while they were not added to the table (see the class comment); undefined once they are. */
  private made: string[] | undefined = [];
  private madeCount = 0;

  /** Forgets every claim: the names of the next function (one LocalNames serves a whole module). */
  clear(): void {
    const { slot, table } = this;
    for (let j = 0; j < this.count; j++) table[2 * slot[j]!] = EMPTY;
    this.count = 0;
    this.madeCount = 0;
    this.made ??= [];
  }

  /**
   * Makes room for `count` more names without growing anything on the way:
   * each growth is a copy into memory not touched before, which costs more
   * than the claims themselves for a function of many names.
   */
  reserve(count: number): void {
    const total = this.count + count;
    if (this.slot.length < total) {
      const size = Math.max(total, 2 * this.slot.length);
      this.slot = grownTo(this.slot, size, this.count);
      this.hash = grownTo(this.hash, size, this.count);
      this.nextSuffix = grownTo(this.nextSuffix, size, this.count);
    }
    if (this.names.length < total) this.names = grownNames(this.names, total, this.count);
    const need = 4 * total;
    if (this.table.length >= need) return;
    let size = this.table.length;
    while (size < need) size *= 2;
    this.table = new Int32Array(size);
    this.rehash();
  }

  /** `base` if it is free, else the first free `base.K`; marks the result as taken. */
  claim(base: string): string {
    if (this.made !== undefined && hasNumberSuffix(base)) {
      const made = this.made;
      this.made = undefined;
      for (let k = 0; k < this.madeCount; k++) this.add(made[k]!, this.find(made[k]!));
    }
    const at = this.find(base);
    const j = this.table[2 * at]! - 1;
    if (j < 0) {
      this.add(base, at);
      return base;
    }
    let k = this.nextSuffix[j] || 1;
    if (this.made !== undefined) {
      this.nextSuffix[j] = k + 1;
      const name = `${base}.${k}`;
      this.made[this.madeCount++] = name;
      return name;
    }
    let name = `${base}.${k}`, free = this.find(name);
    while (this.table[2 * free] !== EMPTY) {
      name = `${base}.${++k}`;
      free = this.find(name);
    }
    this.nextSuffix[j] = k + 1;
    this.add(name, free);
    return name;
  }

  /** The slot of `name` in the table, or the free slot where it would go (its hash in `found`). */
  private find(name: string): number {
    const { table, names } = this, mask = (table.length >> 1) - 1, h = (this.found = hashName(name));
    let i = h & mask, probes = 1;
    for (let j = table[2 * i]!; j !== EMPTY && (table[2 * i + 1] !== h || names[j - 1] !== name); j = table[2 * i]!) {
      i = (i + 1) & mask;
      probes++;
    }
    this.probes += probes;
    return i;
  }

  /** Adds `name`, just looked up by `find`, at free slot `at`, growing the table when it gets half full. */
  private add(name: string, at: number): void {
    const j = this.count++;
    if (j === this.slot.length) {
      this.slot = grownTo(this.slot, 2 * j, j);
      this.hash = grownTo(this.hash, 2 * j, j);
      this.nextSuffix = grownTo(this.nextSuffix, 2 * j, j);
    }
    this.names[j] = name;
    this.table[2 * at] = j + 1;
    this.table[2 * at + 1] = this.found;
    this.slot[j] = at;
    this.hash[j] = this.found;
    this.nextSuffix[j] = 0;
    if (4 * (j + 1) > this.table.length) {
      this.table = new Int32Array(2 * this.table.length);
      this.rehash();
    }
  }

  /** Puts every name into the table, a new one (all free). */
  private rehash(): void {
    const { table, hash, slot } = this, mask = (table.length >> 1) - 1;
    for (let j = 0; j < this.count; j++) {
      let i = hash[j]! & mask;
      while (table[2 * i] !== EMPTY) i = (i + 1) & mask;
      table[2 * i] = j + 1;
      table[2 * i + 1] = hash[j]!;
      slot[j] = i;
    }
  }
}

/** A copy of the first `used` entries of `old` in an array of `size`. */
function grownTo(old: Int32Array, size: number, used: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(old.subarray(0, used));
  return next;
}

/** A copy of the first `used` names in an array of `size` (allocated at once: V8 keeps it dense, without holes read). */
function grownNames(old: readonly string[], size: number, used: number): string[] {
  const next = new Array<string>(size);
  for (let j = 0; j < used; j++) next[j] = old[j]!;
  return next;
}


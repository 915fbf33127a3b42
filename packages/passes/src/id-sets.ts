/**
 * Persistent sets of dense ids (0 .. size - 1), for the counted-value
 * liveness (rc-liveness.ts): a trie of 16-way nodes over 32-bit words, each
 * word the members among 32 consecutive ids (the array mapped trie of
 * range-var-map.ts, with words of bits as leaves). A set is never changed
 * once made: an update copies one path, so a set shares all but what changed
 * with the set it came from, and a union or a difference skips whole the
 * subtrees two sets share (the same node, or for a word the same number).
 * That is what keeps the liveness of n values live across n blocks linear:
 * the blocks share one set instead of holding n members each.
 *
 * Invariants: the empty set and every empty subtree are the number 0 (a
 * node left empty is dropped), so a set's shape follows its members only;
 * an update or a union that adds nothing returns its input itself.
 */

/** A set: a word of 32 members (at the last level), or a node of 16 subtrees; 0 is empty. */
export type IdSet = number | readonly IdSet[];

const WIDTH = 16, WIDTH_BITS = 4, WORD_BITS = 5;

/** The operations on the sets of ids below one size (the depth of the trie follows the size). */
export class IdSets {
  /** The levels of nodes above the words (0: a set is one word). */
  private readonly depth: number;
  /** Nodes made so far (a count of work for tests: unions of shared sets make none). */
  nodesMade = 0;

  constructor(size: number) {
    let d = 0;
    while (2 ** (WORD_BITS + WIDTH_BITS * d) < size) d++;
    this.depth = d;
  }

  has(s: IdSet, id: number): boolean {
    for (let l = this.depth; l > 0; l--) {
      if (s === 0) return false;
      s = (s as readonly IdSet[])[slot(id, l)]!;
    }
    return ((s as number) & (1 << (id & 31))) !== 0;
  }

  /** `s` with `id` in it (`s` itself when it is there). */
  add(s: IdSet, id: number): IdSet {
    return this.put(s, id, this.depth, true);
  }

  /** `s` without `id` (`s` itself when it is not there). */
  remove(s: IdSet, id: number): IdSet {
    return this.put(s, id, this.depth, false);
  }

  private put(s: IdSet, id: number, l: number, member: boolean): IdSet {
    if (l === 0) return member ? (s as number) | (1 << (id & 31)) : (s as number) & ~(1 << (id & 31));
    if (s === 0 && !member) return 0;
    const node = s === 0 ? EMPTY_NODE : (s as readonly IdSet[]), i = slot(id, l);
    const old = node[i]!, neu = this.put(old, id, l - 1, member);
    if (neu === old) return s;
    if (neu === 0 && onlyIn(node, i)) return 0;
    const copy = this.copy(node);
    copy[i] = neu;
    return copy;
  }

  /** a ∪ b: `a` itself when b adds nothing to it, `b` itself when a adds nothing to b. */
  union(a: IdSet, b: IdSet): IdSet {
    return this.unionAt(a, b, this.depth);
  }

  private unionAt(a: IdSet, b: IdSet, l: number): IdSet {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    if (l === 0) return (a as number) | (b as number);
    const x = a as readonly IdSet[], y = b as readonly IdSet[];
    let out: IdSet[] | undefined, allB = true;
    for (let i = 0; i < WIDTH; i++) {
      const xi = x[i]!, yi = y[i]!;
      if (yi === 0 || xi === yi) { if (xi !== yi) allB = false; continue; } // (the two cases unionAt settles first, without a call)
      const c = xi === 0 ? yi : this.unionAt(xi, yi, l - 1);
      if (c !== yi) allB = false;
      if (c !== xi) (out ??= this.copy(x))[i] = c;
    }
    return out === undefined ? a : allB ? b : out;
  }

  /** Push the members of a that are not in b onto `ids`, in increasing order. */
  pushMinus(a: IdSet, b: IdSet, ids: number[]): void {
    this.minusAt(a, b, this.depth, 0, ids);
  }

  private minusAt(a: IdSet, b: IdSet, l: number, base: number, ids: number[]): void {
    if (a === b || a === 0) return;
    if (l === 0) {
      for (let w = (a as number) & ~(b as number); w !== 0; w &= w - 1) ids.push(base + 31 - Math.clz32(w & -w));
      return;
    }
    const x = a as readonly IdSet[], y = b === 0 ? EMPTY_NODE : (b as readonly IdSet[]);
    const step = 2 ** (WORD_BITS + WIDTH_BITS * (l - 1));
    for (let i = 0; i < WIDTH; i++) {
      const xi = x[i]!;
      if (xi !== 0 && xi !== y[i]) this.minusAt(xi, y[i]!, l - 1, base + i * step, ids);
    }
  }

  private copy(node: readonly IdSet[]): IdSet[] {
    this.nodesMade++;
    return node.slice();
  }
}

/** The node with no members (shared, never written: updates copy it). */
const EMPTY_NODE: readonly IdSet[] = new Array<IdSet>(WIDTH).fill(0);

/** Whether every slot of `node` but slot i is empty. */
function onlyIn(node: readonly IdSet[], i: number): boolean {
  for (let j = 0; j < WIDTH; j++) if (j !== i && node[j] !== 0) return false;
  return true;
}

/** The slot of `id` in a node at level l >= 1. */
function slot(id: number, l: number): number {
  return (id >>> (WORD_BITS + WIDTH_BITS * (l - 1))) & (WIDTH - 1);
}

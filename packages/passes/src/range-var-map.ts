/**
 * Persistent maps from a dense id (a variable) to a value, for the range
 * analysis's per-block variable states: a fixed-depth trie of 16-way nodes
 * with path copying (Bagwell's array mapped tries without the bitmap; the
 * ids are dense; narrower nodes when there are only a few ids). An update copies one path, so a block's state shares all
 * but what the block changed with the state it came from, and two states are
 * compared, merged or joined in time proportional to where they differ:
 * subtrees that are the same object are skipped whole. A join or a merge
 * also skips the subtrees it already joined or merged (see JoinMemo).
 *
 * Invariants: `undefined` is the empty map and the only empty node (a node
 * left with no entries is dropped), so a missing subtree means "no keys".
 * Maps are never mutated after they are returned.
 */
import { type Iv, same } from "./range-lattice.js";


type Slot<T> = Node<T> | T | undefined;
type Node<T> = readonly Slot<T>[];
/** A persistent map; undefined is the empty map. */
export type PMap<T> = Node<T> | undefined;

/** The shape of the maps over ids 0..size-1: node width (16, or less for a few ids) and depth. */
export class PMapShape {
  readonly depth: number;
  private readonly bits: number;
  private readonly width: number;
  /** joinAll's scratch nodes, one per level (it is not reentrant). */
  private readonly outScratch: Slot<Iv>[][] = [];
  private readonly kidScratch: Slot<Iv>[][] = [];
  /** The last join of each node (as the first input) above the last level (see JoinMemo). */
  private readonly joinMemo = new Map<Node<Iv>, JoinMemo>();
  /**
   * The last mergeChanged of each node (as `a`), at every level: a widening
   * round passes the states its loops widened on to every block after them,
   * whose own entries last held the same older leaves (a leaf's merge repeats
   * block after block; unmemoized, a round of n loops in sequence walked the
   * leaves of all n counters at each block).
   */
  private readonly mergeMemo = new Map<Node<Iv>, MergeMemo>();

  constructor(size: number) {
    this.bits = size <= 2 ? 1 : size <= 4 ? 2 : size <= 8 ? 3 : 4;
    this.width = 1 << this.bits;
    let d = 1;
    while (this.width ** d < size) d++;
    this.depth = d;
  }

  get<T>(m: PMap<T>, k: number): T | undefined {
    let n: Slot<T> = m;
    for (let l = this.depth - 1; l >= 0 && n !== undefined; l--) n = (n as Node<T>)[(k >> (l * this.bits)) & (this.width - 1)];
    return n as T | undefined;
  }

  /** `m` with `k` bound to `x` (removed when x is undefined); `m` itself when nothing changes. */
  set<T>(m: PMap<T>, k: number, x: T | undefined): PMap<T> {
    return this.setAt(m, k, x, this.depth - 1) as PMap<T>;
  }

  private setAt<T>(n: Slot<T>, k: number, x: T | undefined, l: number): Slot<T> {
    const i = (k >> (l * this.bits)) & (this.width - 1);
    const node = n as Node<T> | undefined;
    const old = node?.[i];
    const neu = l === 0 ? x : this.setAt(old, k, x, l - 1);
    if (neu === old) return n;
    const copy = node ? node.slice() : new Array<Slot<T>>(this.width).fill(undefined);
    copy[i] = neu;
    return neu === undefined && copy.every((s) => s === undefined) ? undefined : copy;
  }

  /**
   * `a` with each interval that `b` binds to an unequal one replaced by
   * f(key, a's, b's): a's own object where nothing is replaced, b's node
   * where a node's every slot ends up b's. f must be a function of its
   * arguments and `tag` only: the same subtrees met again with the same tag
   * give their last result without a walk (the widening of nested loop
   * headers meets the same subtrees at every level, as their joins do).
   */
  mergeChanged(a: PMap<Iv>, b: PMap<Iv>, tag: number, f: (k: number, x: Iv, y: Iv) => Iv): PMap<Iv> {
    return this.mergeAt(a, b, this.depth - 1, 0, tag, f) as PMap<Iv>;
  }

  private mergeAt(x: Slot<Iv>, y: Slot<Iv>, l: number, base: number, tag: number, f: (k: number, x: Iv, y: Iv) => Iv): Slot<Iv> {
    if (x === y || x === undefined || y === undefined) return x;
    const a = x as Node<Iv>, b = y as Node<Iv>;
    // (A node has one place in the trie, so its keys, `base`, are the same at every meeting.)
    const known = this.mergeMemo.get(a);
    if (known !== undefined && known.b === b && known.tag === tag) return known.r;
    const r = l === 0 ? this.mergeLeaves(a, b, base, f) : this.mergeNodes(a, b, l, base, tag, f);
    // (A node's record is rewritten in place: only its last merge is kept, and the walk below never reaches the node itself.)
    if (known === undefined) this.mergeMemo.set(a, { b, tag, r });
    else { known.b = b; known.tag = tag; known.r = r; }
    return r;
  }

  /** mergeAt of two nodes above the last level. */
  private mergeNodes(a: Node<Iv>, b: Node<Iv>, l: number, base: number, tag: number, f: (k: number, x: Iv, y: Iv) => Iv): Slot<Iv> {
    let out: Slot<Iv>[] | undefined, allB = true;
    for (let i = 0; i < this.width; i++) {
      const ai = a[i], bi = b[i];
      // (mergeAt's own first case, settled here without a call: most slots of two states are shared.)
      const c = ai === bi || ai === undefined || bi === undefined ? ai : this.mergeAt(ai, bi, l - 1, base | (i << (l * this.bits)), tag, f);
      if (c !== bi) allB = false;
      if (c !== ai) (out ??= a.slice())[i] = c;
    }
    return out === undefined ? a : allB ? b : out;
  }

  /** mergeAt of two last-level nodes, slot by slot in one loop (a call per interval cost more than the merge). */
  private mergeLeaves(a: Node<Iv>, b: Node<Iv>, base: number, f: (k: number, x: Iv, y: Iv) => Iv): Slot<Iv> {
    let out: Slot<Iv>[] | undefined, allB = true;
    for (let i = 0; i < this.width; i++) {
      const x = a[i] as Iv | undefined, y = b[i] as Iv | undefined;
      const c = x === y || x === undefined || y === undefined || same(x, y) ? x : f(base | i, x, y);
      if (c !== y) allB = false;
      if (c !== x) (out ??= a.slice())[i] = c;
    }
    return out === undefined ? a : allB ? b : out;
  }

  /** Whether two interval maps bind the same keys to equal intervals. */
  sameIntervals(a: PMap<Iv>, b: PMap<Iv>): boolean {
    return this.sameAt(a, b, this.depth - 1);
  }

  private sameAt(x: Slot<Iv>, y: Slot<Iv>, l: number): boolean {
    if (x === y) return true;
    if (x === undefined || y === undefined) return false;
    const a = x as Node<Iv>, b = y as Node<Iv>;
    // The last level compares its intervals in the loop (a call per interval cost more than the comparison).
    if (l === 0) {
      for (let i = 0; i < this.width; i++) if (!same(a[i] as Iv | undefined, b[i] as Iv | undefined)) return false;
      return true;
    }
    for (let i = 0; i < this.width; i++) if (a[i] !== b[i] && !this.sameAt(a[i], b[i], l - 1)) return false; // (shared slots without a call)
    return true;
  }

  /**
   * The keys bound in every map of ms[0 .. n), each to the join of its intervals (the entry
   * state of a block from its predecessors' exit states). Where all inputs
   * share a subtree or an interval, the result shares it too; where the
   * result equals `hint` (the block's previous entry), it is `hint`'s object,
   * so a state that did not change stays the same object from visit to visit.
   */
  joinAll(ms: readonly PMap<Iv>[], n: number, hint: PMap<Iv>): PMap<Iv> {
    return this.joinAt(ms, n, hint, this.depth - 1) as PMap<Iv>;
  }

  /** The join of xs[0 .. n) (scratch lists are longer: setting an array's length calls into the runtime). */
  private joinAt(xs: readonly Slot<Iv>[], n: number, h: Slot<Iv>, l: number): Slot<Iv> {
    // Scratch per level (one node being built, its children's inputs): a new
    // node is allocated only when the result is none of hint and the inputs.
    const x0 = xs[0];
    let shared = true;
    for (let k = 0; k < n; k++) {
      const x = xs[k];
      if (x === undefined) return undefined;
      if (x !== x0) shared = false;
    }
    if (shared) return l < 0 && h !== undefined && same(h as Iv, x0 as Iv) ? h : x0;
    if (l < 0) return joinLeaves(xs as Iv[], n, h as Iv | undefined);
    if (l === 0) return this.joinNodes(xs, n, h, l);
    const known = this.joinMemo.get(x0 as Node<Iv>);
    if (known !== undefined && known.h === h && sameInputs(known, xs, n)) return known.r;
    const r = this.joinNodes(xs, n, h, l), b = xs[1] as Node<Iv>, rest = n > 2 ? xs.slice(2, n) : undefined;
    if (known === undefined) this.joinMemo.set(x0 as Node<Iv>, { b, rest, h, r });
    else { known.b = b; known.rest = rest; known.h = h; known.r = r; }
    return r;
  }

  /** joinAt of nodes at level l >= 0 that are not all the same object. */
  private joinNodes(xs: readonly Slot<Iv>[], n: number, h: Slot<Iv>, l: number): Slot<Iv> {
    const width = this.width, x0 = xs[0];
    const out = (this.outScratch[l] ??= new Array<Slot<Iv>>(width));
    const ks = (this.kidScratch[l] ??= []);
    let any = false;
    for (let i = 0; i < width; i++) {
      // Children all the same object (or one missing) are settled here, without allocating.
      const c0 = (x0 as Node<Iv>)[i], hi = (h as Node<Iv> | undefined)?.[i];
      let missing = c0 === undefined, alike = true;
      for (let k = 1; k < n; k++) {
        const c = (xs[k] as Node<Iv>)[i];
        if (c === undefined) missing = true;
        if (c !== c0) alike = false;
      }
      let r: Slot<Iv>;
      if (missing) r = undefined;
      else if (alike) r = l === 0 && hi !== undefined && same(hi as Iv, c0 as Iv) ? hi : c0;
      else {
        for (let k = 0; k < n; k++) ks[k] = (xs[k] as Node<Iv>)[i];
        r = this.joinAt(ks, n, hi, l - 1);
      }
      out[i] = r;
      if (r !== undefined) any = true;
    }
    if (!any) return undefined;
    if (h !== undefined && sameSlots(h as Node<Iv>, out, width)) return h;
    for (let k = 0; k < n; k++) if (sameSlots(xs[k] as Node<Iv>, out, width)) return xs[k];
    return out.slice(0, width);
  }
}

/**
 * A join of nodes (the first is the memo's key, then b and the rest) with
 * hint h, and its result r. Nodes are never mutated, so joining the same
 * objects again gives r again (or a new node equal to it): r is returned
 * without walking the subtrees. This is what keeps the joins of a loop nest
 * linear: the loop headers n deep each join an entry state and back edges'
 * states that differ in the counters of every enclosing loop, and the
 * header one level in joins the same subtrees (its inputs share all but the
 * paths its own loop's variables changed).
 */
interface JoinMemo {
  b: Node<Iv>;
  /** The inputs after the second (undefined: there were two). */
  rest: readonly Slot<Iv>[] | undefined;
  h: Slot<Iv>;
  r: Slot<Iv>;
}

/** The last mergeChanged of a node (as `a`) with `b` and `tag`, and its result r (rewritten in place by the next). */
interface MergeMemo {
  b: Node<Iv>;
  tag: number;
  r: Slot<Iv>;
}

/** Whether xs[1 .. n) are the memo's inputs after the first. */
function sameInputs(m: JoinMemo, xs: readonly Slot<Iv>[], n: number): boolean {
  if (m.b !== xs[1]) return false;
  const rest = m.rest;
  if (rest === undefined || rest.length !== n - 2) return rest === undefined && n === 2;
  for (let k = 2; k < n; k++) if (rest[k - 2] !== xs[k]) return false;
  return true;
}

/** Whether two nodes hold the same objects in every slot. */
function sameSlots<T>(a: Node<T>, b: readonly Slot<T>[], width: number): boolean {
  for (let i = 0; i < width; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The join of intervals, as `hint` or one of them when it equals one (keeps sharing). */
function joinLeaves(xs: readonly Iv[], n: number, hint: Iv | undefined): Iv {
  // The bounds first, an object only when the join is none of those at hand (most joins repeat the last one).
  let lo = xs[0]!.lo, hi = xs[0]!.hi;
  for (let k = 1; k < n; k++) {
    const x = xs[k]!;
    if (x.lo < lo) lo = x.lo;
    if (x.hi > hi) hi = x.hi;
  }
  if (hint !== undefined && hint.lo === lo && hint.hi === hi) return hint;
  for (let k = 0; k < n; k++) if (xs[k]!.lo === lo && xs[k]!.hi === hi) return xs[k]!;
  return { lo, hi };
}

/**
 * The nearest marked block dominating a block, for the SSA plan's questions
 * of a variable (ssa-reaching.ts, ssa-liveness.ts): which assignment or
 * parameter a read sees, which assignment cuts a read off.
 *
 * The marked blocks' dominator subtrees are nested intervals of the tree's
 * preorder; sorted, they cut the preorder into at most 2m + 1 pieces for m
 * marked blocks, each with one innermost interval, and a question is a
 * binary search among the pieces: O(m log m) to mark, O(log m) to ask. When
 * the marks are many (as a counter's frontier through a deep nest), one scan
 * of the preorder fills the answer for every block instead: O(n) to mark,
 * O(1) to ask.
 */
import type { BlockId } from "@fzy/ir";
import type { Ints, IntTables } from "./ssa-tables.js";
import { firstAbove } from "./sorted-lists.js";

/** Preorder numbers of the reachable blocks in the dominator tree. */
export class DominatorOrder {
  /** A reachable block's preorder number, and one past its subtree's last. */
  readonly pre: Ints;
  readonly end: Ints;
  /** The block at each preorder number; blockAt[0] is the entry. */
  readonly blockAt: Ints;
  /** How many blocks are reachable (numbered). */
  readonly count: number;

  /**
   * Of `n` blocks, with immediate dominators `idom` and reachable ones
   * `rpo`, from subtree sizes, children in reverse postorder: a block comes
   * after its immediate dominator there, so each block's number is known
   * before its children take theirs.
   */
  constructor(n: number, idom: Ints, rpo: readonly BlockId[], tables: IntTables) {
    const pre = (this.pre = tables.ints(n, -1)), end = (this.end = tables.ints(n)), blockAt = (this.blockAt = tables.ints(n));
    this.count = rpo.length;
    const size = end, next = blockAt; // work space until each is filled
    for (let k = 0; k < rpo.length; k++) size[rpo[k]!] = 1;
    for (let k = rpo.length - 1; k > 0; k--) size[idom[rpo[k]!]!]! += size[rpo[k]!]!;
    pre[rpo[0]!] = 0;
    next[rpo[0]!] = 1;
    for (let k = 1; k < rpo.length; k++) {
      const b = rpo[k]!, d = idom[b]!;
      pre[b] = next[d]!;
      next[d]! += size[b]!;
      next[b] = pre[b]! + 1;
    }
    for (let k = 0; k < rpo.length; k++) end[rpo[k]!] = pre[rpo[k]!]! + size[rpo[k]!]!;
    for (let k = 0; k < rpo.length; k++) blockAt[pre[rpo[k]!]!] = rpo[k]!;
  }
}

/** One set of marked reachable blocks at a time (`add` each, then `finish`), and the nearest one dominating a block. */
export class NearestMarked {
  /** The marked blocks' preorder numbers, then sorted. */
  private readonly keys: Ints;
  private marked = 0;
  /** The pieces: where each starts in preorder, and its innermost marked block (-1: none). */
  private readonly pieceStart: Ints;
  private readonly pieceOwner: Ints;
  private pieces = 0;
  /** The marked blocks whose subtree holds the piece being cut, outermost first. */
  private readonly open: Ints;
  /** For many marks: === `set` at the marked preorder numbers, and the answer at each preorder number (made at the first such set). */
  private dense = false;
  private set = 0;
  private markedAt: Ints | undefined;
  private answerAt: Ints | undefined;

  constructor(private readonly order: DominatorOrder, private readonly n: number, private readonly tables: IntTables) {
    this.keys = tables.ints(n);
    this.pieceStart = tables.ints(2 * n + 1);
    this.pieceOwner = tables.ints(2 * n + 1);
    this.open = tables.ints(n);
  }

  /** Starts a new set, empty. */
  begin(): void {
    this.marked = 0;
  }

  /** Marks reachable block `b` (a block marked twice counts once); at most n marks per set. */
  add(b: number): void {
    this.keys[this.marked++] = this.order.pre[b]!;
  }

  /** Cuts the preorder into pieces by the marked blocks' subtrees, or, for many marks, answers for every block. */
  finish(): void {
    this.dense = this.marked > DENSE_FROM && this.marked * DENSE_FROM > this.n;
    if (this.dense) return this.answerAll();
    const { end, blockAt } = this.order, keys = this.keys, open = this.open;
    sortPrefix(keys, this.marked);
    this.pieces = 0;
    let depth = 0;
    for (let i = 0; i < this.marked; i++) {
      const at = keys[i]!;
      if (i > 0 && at === keys[i - 1]) continue;
      while (depth > 0 && end[open[depth - 1]!]! <= at) {
        depth--;
        this.piece(end[open[depth]!]!, depth > 0 ? open[depth - 1]! : -1);
      }
      this.piece(at, blockAt[at]!);
      open[depth++] = blockAt[at]!;
    }
    while (depth > 0) {
      depth--;
      this.piece(end[open[depth]!]!, depth > 0 ? open[depth - 1]! : -1);
    }
  }

  /** The nearest marked block dominating reachable block `b` (b included), or -1. */
  nearest(b: number): number {
    if (this.dense) return this.answerAt![this.order.pre[b]!]!;
    const at = this.order.pre[b]!, start = this.pieceStart;
    // The last piece starting at or before `at`.
    const above = firstAbove(start, 0, this.pieces, at);
    return above > 0 ? this.pieceOwner[above - 1]! : -1;
  }

  /** The nearest marked block above each preorder number, by one scan with the marked blocks open there. */
  private answerAll(): void {
    const { end, blockAt, count } = this.order, keys = this.keys, open = this.open;
    const markedAt = (this.markedAt ??= this.tables.ints(this.n)), answerAt = (this.answerAt ??= this.tables.ints(this.n));
    const set = ++this.set;
    for (let i = 0; i < this.marked; i++) markedAt[keys[i]!] = set;
    let depth = 0;
    for (let at = 0; at < count; at++) {
      while (depth > 0 && end[open[depth - 1]!]! <= at) depth--;
      if (markedAt[at] === set) open[depth++] = blockAt[at]!;
      answerAt[at] = depth > 0 ? open[depth - 1]! : -1;
    }
  }

  /** A piece from preorder number `at` on, inside `owner`'s subtree and no deeper marked one's; it replaces a piece starting there too (an inner subtree ending where an outer one does). */
  private piece(at: number, owner: number): void {
    const k = this.pieces > 0 && this.pieceStart[this.pieces - 1] === at ? this.pieces - 1 : this.pieces++;
    this.pieceStart[k] = at;
    this.pieceOwner[k] = owner;
  }
}

/** The number of marks, and of marks per block (as 1 / DENSE_FROM), over which a set answers for every block. */
const DENSE_FROM = 16;

/** Sorts the first `count` entries of `a` in increasing order: in place by insertion when few (most variables have few marks), else by the builtin numeric sort. */
function sortPrefix(a: Ints, count: number): void {
  if (count <= 16) {
    for (let i = 1; i < count; i++) {
      const x = a[i]!;
      let j = i - 1;
      for (; j >= 0 && a[j]! > x; j--) a[j + 1] = a[j]!;
      a[j + 1] = x;
    }
  } else if (a instanceof Int32Array) a.subarray(0, count).sort();
  else {
    const sorted = a.slice(0, count).sort((x, y) => x - y);
    for (let i = 0; i < count; i++) a[i] = sorted[i]!;
  }
}

/**
 * Locals shared by live intervals, for large functions (function.ts
 * SHARED_LOCALS_FROM): V8 refuses a function of more than 50,000 locals, and
 * binaryen's coalesce-locals, which would otherwise merge them, takes time
 * quadratic in a large function's size (module.ts SLOW_ON_LARGE_FUNCTIONS).
 *
 * Every point of the function gets a position: its reachable blocks in an
 * order where each comes after the blocks that dominate it (the structured
 * layout's, structure.ts layoutOrder, so that a value's reads sit near its
 * definition), the unreachable blocks after them; in each block its start,
 * its instructions, then its terminator. A value's interval runs from the
 * first to the last position that defines or reads it: an instruction's
 * results and operands at the instruction; a block parameter at its block's
 * start and at the terminator of each predecessor (its edge copies assign
 * it there, while they read their arguments, so the two never share).
 *
 * Along edges that go forward in that order positions only grow, so the
 * interval covers every point where the value is live on paths without a
 * retreating edge (target at or before its source). For those, one rule:
 * when the interval starts before a retreating edge's target and reaches
 * it, the value is live at the target's start (the definition dominates
 * the target, so it comes first), hence also at the edge's source, and the
 * interval is stretched to the source's terminator, until no such edge
 * stretches it further. By induction over the retreating edges of a path
 * to a read, every point where the value is live is then inside its
 * interval. (A value defined before a loop and read in it so covers the
 * loop.) The rule does not need a reducible graph (though function.ts
 * gives it only reducible ones, reducible.ts).
 *
 * Values whose intervals do not overlap share a local of their wasm type,
 * given out in order of interval start (interval graph colouring: the
 * fewest locals the intervals allow). Time is linear in the function's
 * size, apart from a logarithmic factor per value where there are loops.
 */
import type binaryen from "binaryen";
import { instDefs, instUses, type LFunction, type LType, type LValue, termEdges, termOwnUses } from "@fzy/lir";
import { wasmType } from "./types.js";

/**
 * Sets index[v] for every value `fn` defines or reads, apart from the entry
 * block's parameters (the wasm parameters, whose index is already set) and
 * the values `noLocal` names (constants spelled at each read): a local from
 * `add(type)`, shared with values whose intervals do not overlap.
 */
export function shareLocals(
  fn: LFunction, order: readonly number[], index: Int32Array, add: (t: LType) => number, noLocal: (v: number) => boolean = () => false, copied?: Uint8Array,
): void {
  const n = fn.valueTypes.length;
  const first = new Int32Array(n).fill(0x7fffffff), last = new Int32Array(n).fill(-1);
  const touch = (v: LValue, at: number) => {
    if (at < first[v]!) first[v] = at;
    if (at > last[v]!) last[v] = at;
  };
  /** Every value a copied block (structure.ts Shape.copied: no parameters, no successors) defines or reads, at `at`. */
  const touchCopy = (c: number, at: number) => {
    for (const inst of fn.blocks[c]!.insts) {
      for (const d of instDefs(inst)) touch(d, at);
      for (const u of instUses(inst)) touch(u, at);
    }
    for (const u of termOwnUses(fn.blocks[c]!.term)) touch(u, at);
  };
  const { start, term, positions } = blockPositions(fn, order);
  fn.blocks.forEach((b, k) => {
    // A copied block's code runs where each branch to it is: its values are touched at those terminators instead.
    if (copied?.[k]) return;
    for (const p of b.params) touch(p, start[k]!);
    b.insts.forEach((inst, i) => {
      for (const d of instDefs(inst)) touch(d, start[k]! + 1 + i);
      for (const u of instUses(inst)) touch(u, start[k]! + 1 + i);
    });
    for (const u of termOwnUses(b.term)) touch(u, term[k]!);
    for (const e of termEdges(b.term)) {
      for (const a of e.args) touch(a, term[k]!);
      for (const p of fn.blocks[e.block]?.params ?? []) touch(p, term[k]!);
      if (copied?.[e.block]) touchCopy(e.block, term[k]!);
    }
  });
  const back = RetreatingEdges.of(fn, start, term);
  for (let v = 0; v < n; v++) if (last[v]! >= 0) last[v] = back.stretch(first[v]!, last[v]!);
  for (const p of fn.blocks[0]!.params) last[p] = -1; // the wasm parameters: not shared
  for (let v = 0; v < n; v++) if (noLocal(v)) last[v] = -1;
  giveLocals(fn, first, last, positions, index, add);
}

/** Each block's start and terminator position: the blocks of `order`, then the others in id order. */
function blockPositions(fn: LFunction, order: readonly number[]): { start: Int32Array; term: Int32Array; positions: number } {
  const n = fn.blocks.length, start = new Int32Array(n).fill(-1), term = new Int32Array(n);
  let at = 0;
  const place = (b: number) => {
    start[b] = at;
    term[b] = at + 1 + fn.blocks[b]!.insts.length;
    at = term[b]! + 1;
  };
  for (const b of order) place(b);
  for (let b = 0; b < n; b++) if (start[b] === -1) place(b);
  return { start, term, positions: at };
}

/**
 * The retreating edges of a function, by their target's start position:
 * for each target (sorted), the latest terminator of a source, with a sparse
 * table answering the latest over a range of targets in constant time.
 */
class RetreatingEdges {
  private constructor(
    /** The targets' start positions, ascending. */
    private readonly at: Int32Array,
    /** table[j][i]: the latest source terminator over targets i .. i + 2^j - 1. */
    private readonly table: Int32Array[],
  ) {}

  static of(fn: LFunction, start: Int32Array, term: Int32Array): RetreatingEdges {
    const latest = new Map<number, number>();
    fn.blocks.forEach((b, k) => {
      for (const e of termEdges(b.term)) {
        const at = start[e.block]!;
        if (at <= start[k]!) latest.set(at, Math.max(latest.get(at) ?? -1, term[k]!));
      }
    });
    const at = Int32Array.from(latest.keys()).sort();
    const table = [Int32Array.from(at, (s) => latest.get(s)!)];
    for (let w = 1; 2 * w <= at.length; w *= 2) {
      const prev = table[table.length - 1]!, next = new Int32Array(at.length - 2 * w + 1);
      for (let i = 0; i < next.length; i++) next[i] = Math.max(prev[i]!, prev[i + w]!);
      table.push(next);
    }
    return new RetreatingEdges(at, table);
  }

  /** The end of an interval [first, last] stretched over the retreating edges whose target lies in (first, end]. */
  stretch(first: number, last: number): number {
    if (this.at.length === 0) return last;
    const lo = this.after(first);
    for (;;) {
      const hi = this.after(last) - 1;
      if (hi < lo) return last;
      const j = 31 - Math.clz32(hi - lo + 1), row = this.table[j]!;
      const reach = Math.max(row[lo]!, row[hi - (1 << j) + 1]!);
      if (reach <= last) return last;
      last = reach;
    }
  }

  /** The index of the first target whose start is after position p. */
  private after(p: number): number {
    let lo = 0, hi = this.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at[mid]! <= p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Gives every value with an interval (last >= 0) a local: at each position,
 * first to the values starting there (from the free locals of their wasm
 * type, or a new one), then freeing those ending there. Values starting and
 * ending at one position therefore never share.
 */
function giveLocals(fn: LFunction, first: Int32Array, last: Int32Array, positions: number, index: Int32Array, add: (t: LType) => number): void {
  const startsAt = bucketed(first, last, positions, first), endsAt = bucketed(first, last, positions, last);
  const free = new Map<binaryen.Type, number[]>();
  for (let p = 0; p < positions; p++) {
    for (let k = startsAt.from[p]!; k < startsAt.from[p + 1]!; k++) {
      const v = startsAt.values[k]!, t = fn.valueTypes[v]!;
      index[v] = free.get(wasmType(t))?.pop() ?? add(t);
    }
    for (let k = endsAt.from[p]!; k < endsAt.from[p + 1]!; k++) {
      const v = endsAt.values[k]!, t = wasmType(fn.valueTypes[v]!), list = free.get(t);
      if (list) list.push(index[v]!); else free.set(t, [index[v]!]);
    }
  }
}

/** The values with an interval grouped by key[v] (a position), in value order within a group: values[from[p] .. from[p + 1]). */
function bucketed(first: Int32Array, last: Int32Array, positions: number, key: Int32Array): { from: Int32Array; values: Int32Array } {
  const from = new Int32Array(positions + 1);
  let count = 0;
  for (let v = 0; v < key.length; v++) if (last[v]! >= 0 && first[v]! <= last[v]!) { from[key[v]! + 1]!++; count++; }
  for (let p = 0; p < positions; p++) from[p + 1]! += from[p]!;
  const values = new Int32Array(count), next = from.slice(0, positions);
  for (let v = 0; v < key.length; v++) if (last[v]! >= 0 && first[v]! <= last[v]!) values[next[key[v]!]!++] = v;
  return { from, values };
}

/**
 * Control-flow clean-up after folding: unreachable blocks are dropped, a
 * block that only jumps to a block with no other predecessor absorbs it, and
 * an edge into an empty block is threaded past it when that block only
 * jumps on, or branches on a value the edge fixes (jump threading with
 * constant block arguments: a match whose result feeds a match on that
 * result then dispatches once, straight to the final arm).
 *
 * Threading an edge past block B is sound when B has no instructions and its
 * parameters are read by nothing but B's own terminator: whatever B's
 * terminator passes on is a parameter (replaced by the edge's argument) or
 * a value defined in a block that dominates B, hence also every predecessor
 * of B. Each edge takes at most MAX_HOPS hops, so cycles of empty blocks end.
 * Cost: linear in blocks and edges (times MAX_HOPS).
 */
import { edge, edgeAt, edgeCount, type LBlockId, type LEdge, type LValue } from "@fzy/lir";
import { switchEdge } from "./optimize-edges.js";
import { everyUse, type MBlock, mapTermEdges, type MFunction, type Replacements } from "./optimize-ir.js";
import { everyTermUse } from "./optimize-uses.js";
import { canonicalConstants, type IntConstants } from "./optimize-int-constants.js";
import { Scratch } from "./optimize-scratch.js";

const MAX_HOPS = 4;

const SEEN = new Scratch(), EDGES = new Scratch(), READ = new Scratch(), OWN = new Scratch();
/** dropUnreachable's worklist, emptied before each use. */
const WORK: number[] = [];

/** Mark the blocks no path from the entry reaches as dead. */
export function dropUnreachable(m: MFunction): void {
  const blocks = m.blocks, seen = SEEN.take(blocks.length, 0);
  const work = WORK;
  work.length = 0;
  work.push(0);
  seen[0] = 1;
  while (work.length) {
    const t = blocks[work.pop()!]!.term;
    for (let k = 0, n = edgeCount(t); k < n; k++) {
      const s = edgeAt(t, k).block;
      if (!seen[s]) { seen[s] = 1; work.push(s); }
    }
  }
  for (let i = 0; i < blocks.length; i++) if (!seen[i]) blocks[i]!.dead = true;
}

/** Number of edges into each block from live blocks. */
function edgeCounts(m: MFunction): Int32Array {
  const n = EDGES.take(m.blocks.length, 0);
  for (const b of m.blocks) if (!b.dead) for (let k = 0, c = edgeCount(b.term); k < c; k++) n[edgeAt(b.term, k).block]!++;
  return n;
}

/** A block ending in `jump C` where C has no other predecessor takes C's code and terminator. */
export function mergeChains(m: MFunction, r: Replacements): void {
  const preds = edgeCounts(m), blocks = m.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const blk = blocks[b]!;
    if (blk.dead) continue;
    for (let t = blk.term; t.op === "jump"; t = blk.term) {
      const c = t.target.block, next = blocks[c]!;
      // Hot and cold code stay apart: a cold block is placed out of line, and its values must not reach hot code.
      if (c === b || c === 0 || preds[c] !== 1 || next.cold !== blk.cold) break;
      const params = next.params, args = t.target.args;
      for (let k = 0; k < params.length; k++) r.replace(params[k]!, r.resolve(args[k]!));
      for (const i of next.insts) blk.insts.push(i); // in place: a long chain stays linear
      blk.term = next.term;
      next.dead = true;
    }
  }
}

/** Thread edges past empty blocks that jump on or branch on an argument the edge fixes; whether an edge changed. */
export function threadEdges(m: MFunction, r: Replacements): boolean {
  // Only an empty block other than the entry can be threaded past: without one there is nothing to do.
  let empty = false, withParams = false;
  for (let b = 1; b < m.blocks.length; b++) {
    const blk = m.blocks[b]!;
    if (blk.dead || blk.insts.length > 0) continue;
    empty = true;
    if (blk.params.length > 0) withParams = true;
  }
  if (!empty) return false;
  // Only an empty block's parameters are asked about (as the edges were before any is threaded): none, no walk.
  const threading = new Threading(m, r, withParams ? readOutsideTerms(m, r) : undefined);
  let changed = false;
  for (let b = 0; b < m.blocks.length; b++) {
    const blk = m.blocks[b]!;
    if (!blk.dead && threading.threadFrom(b as LBlockId, blk)) changed = true;
  }
  return changed;
}

/**
 * The threading of one function's edges, block by block in order. Methods,
 * not closures per block or edge: most terminators have no edge to thread,
 * and each was given a closure and rebuilt for nothing.
 */
class Threading {
  /** The integer constants, made when a threadable block's branch first asks (most threading passes only jumps). */
  private consts: IntConstants | undefined;
  /** The block whose terminator is being threaded (`threaded` reads it), and `threaded` bound once. */
  private from = 0 as LBlockId;
  private readonly threadedEdge = (e: LEdge): LEdge => this.threaded(e);

  constructor(private readonly m: MFunction, private readonly r: Replacements, private readonly readOutsideTerm: Int32Array | undefined) {}

  /**
   * Thread the edges of block `b` (`blk`); whether its terminator changed. It
   * is rebuilt only when an edge threads: `threaded` reads no block before
   * `b`'s terminator is written, so asking it twice gives the same edges.
   */
  threadFrom(b: LBlockId, blk: MBlock): boolean {
    this.from = b;
    const t = blk.term;
    for (let k = 0, n = edgeCount(t); k < n; k++) {
      const e = edgeAt(t, k);
      if (this.threaded(e) === e) continue;
      blk.term = mapTermEdges(t, this.threadedEdge);
      return true;
    }
    return false;
  }

  /** Edge `e` of block `from`, threaded past up to MAX_HOPS empty blocks (itself when none). */
  private threaded(e: LEdge): LEdge {
    for (let hop = 0; hop < MAX_HOPS && e.block !== this.from && this.threadable(e.block); hop++) {
      const next = this.step(e);
      if (!next) break;
      e = next;
    }
    return e;
  }

  private threadable(b: LBlockId): boolean {
    const blk = this.m.blocks[b]!;
    if (b === 0 || blk.dead || blk.insts.length > 0) return false;
    const params = blk.params;
    for (let k = 0; k < params.length; k++) if (this.readOutsideTerm![params[k]!] !== 0) return false;
    return true;
  }

  /** Where an edge into empty block `e.block` leads after it, if that block decides it alone. */
  private step(e: LEdge): LEdge | undefined {
    const t = this.m.blocks[e.block]!.term;
    switch (t.op) {
      case "jump": return this.on(t.target, e);
      case "brif": {
        const c = this.konst(this.sub(t.cond, e));
        return c === undefined ? undefined : this.on(c !== 0n ? t.then : t.else, e);
      }
      case "br_table": {
        const c = this.konst(this.sub(t.index, e));
        if (c === undefined) return undefined;
        const i = BigInt.asUintN(32, c);
        return this.on(i < BigInt(t.targets.length) ? t.targets[Number(i)]! : t.default, e);
      }
      case "switch": {
        const c = this.konst(this.sub(t.value, e));
        return c === undefined ? undefined : this.on(switchEdge(t, c), e);
      }
      default: return undefined;
    }
  }

  /** Edge `x` of the empty block `e` enters, taken from `e` instead: its arguments read through `e`'s (undefined: a self-loop). */
  private on(x: LEdge, e: LEdge): LEdge | undefined {
    if (x.block === e.block) return undefined;
    const args: LValue[] = [];
    for (let k = 0; k < x.args.length; k++) args.push(this.sub(x.args[k]!, e));
    return edge(x.block, args);
  }

  /** Value `v` as read in the block edge `e` enters, seen from `e`: a parameter of that block is `e`'s argument for it. */
  private sub(v: LValue, e: LEdge): LValue {
    const r = this.r, x = r.resolve(v);
    const k = this.m.blocks[e.block]!.params.indexOf(x);
    return k >= 0 ? r.resolve(e.args[k]!) : x;
  }

  private konst(v: LValue): bigint | undefined {
    return (this.consts ??= canonicalConstants(this.m)).get(v);
  }
}

/** Which values (resolved) something reads other than the terminator of the block whose parameter they are (1: read). */
function readOutsideTerms(m: MFunction, r: Replacements): Int32Array {
  const readOutsideTerm = READ.take(m.types.length, 0);
  const ownBlock = OWN.take(m.types.length, -1); // the block whose parameter a value is
  const markRead = (v: LValue): boolean => { readOutsideTerm[r.resolve(v)] = 1; return true; };
  let b = 0; // the block whose terminator noteTermRead is given the values of
  // A terminator's reads count as outside unless they are its own block's parameters.
  const noteTermRead = (v: LValue): boolean => {
    const x = r.resolve(v);
    if (ownBlock[x] !== b) readOutsideTerm[x] = 1;
    return true; // (everyTermUse goes on to the next value)
  };
  // Plain loops and one closure each: the terminator's lists of uses and edges were two arrays per block.
  for (b = 0; b < m.blocks.length; b++) {
    const blk = m.blocks[b]!;
    if (blk.dead) continue;
    const params = blk.params, insts = blk.insts;
    for (let k = 0; k < params.length; k++) ownBlock[params[k]!] = b;
    for (let k = 0; k < insts.length; k++) everyUse(insts[k]!, markRead);
    everyTermUse(blk.term, noteTermRead);
  }
  return readOutsideTerm;
}

/**
 * The clean-up, in order: unreachable blocks, chains, threading, then
 * chains again when threading changed an edge. One round of mergeChains is
 * a fixpoint (merging moves edges without changing any block's count of
 * incoming edges, and each block follows its own chain to its end), and
 * merging makes no block unreachable, so without a threaded edge a second
 * round would find nothing.
 */
export function simplifyCfg(m: MFunction, r: Replacements): void {
  // One block (many small functions): nothing is unreachable, and no edge enters the entry to merge or thread.
  if (m.blocks.length === 1) return;
  dropUnreachable(m);
  mergeChains(m, r);
  if (!threadEdges(m, r)) return;
  dropUnreachable(m);
  mergeChains(m, r);
}

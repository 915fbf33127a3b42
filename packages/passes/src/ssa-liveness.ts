/**
 * The flat control-flow graph and the variable liveness of the SSA plan
 * (ssa-plan.ts): successors and reachable predecessors in compressed rows,
 * the blocks where each variable is read before being assigned and where it
 * is assigned, and liveness by walking backwards from the reads (the path
 * exploration of Brandner et al., "Computing Liveness Sets for SSA-Form
 * Programs", INRIA RR-7503, 2011): each of a variable's live blocks is
 * visited once, with no fixpoint iteration.
 */
import type { BlockId, DominatorTree, Func, VarId } from "@fzy/ir";

/**
 * A zero-filled (or `fill`-filled) array of small integers. Plain arrays, not
 * typed arrays: most functions are small, and a typed array over 64 bytes
 * costs an off-heap allocation that the collector must track, several times
 * the cost of a plain array (planSsa over 20k small functions spent half its
 * time collecting them).
 */
export function ints(n: number, fill = 0): number[] {
  return new Array<number>(n).fill(fill);
}

/** One row of a bit matrix (block x variable) seen as a read-only set of variables. */
export class BitRowSet implements ReadonlySet<VarId> {
  constructor(private readonly bits: Uint32Array, private readonly from: number, private readonly words: number) {}

  has(v: VarId): boolean {
    const w = v >>> 5;
    return v >= 0 && w < this.words && (this.bits[this.from + w]! & (1 << (v & 31))) !== 0;
  }

  get size(): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) {
      let x = this.bits[this.from + w]!;
      while (x !== 0) { x &= x - 1; n++; }
    }
    return n;
  }

  *values(): IterableIterator<VarId> {
    for (let w = 0; w < this.words; w++) {
      const x = this.bits[this.from + w]!;
      if (x === 0) continue;
      for (let i = 0; i < 32; i++) if (x & (1 << i)) yield ((w << 5) + i) as VarId;
    }
  }

  keys(): IterableIterator<VarId> {
    return this.values();
  }

  *entries(): IterableIterator<[VarId, VarId]> {
    for (const v of this.values()) yield [v, v];
  }

  [Symbol.iterator](): IterableIterator<VarId> {
    return this.values();
  }

  forEach(cb: (value: VarId, key: VarId, set: ReadonlySet<VarId>) => void, thisArg?: unknown): void {
    for (const v of this.values()) cb.call(thisArg, v, v, this);
  }
}

/** The reachable part of the CFG in flat arrays: successors and reachable predecessors (compressed rows), dominator levels. */
export class Flow {
  readonly n: number;
  readonly nv: number;
  readonly edges: number;
  readonly succStart: number[];
  readonly succ: number[];
  readonly predStart: number[];
  readonly pred: number[];
  /** Immediate dominator, -1 for the entry and unreachable blocks; depth in the dominator tree. */
  readonly idom: number[];
  readonly level: number[];
  /** 1 for blocks reachable from the entry. */
  readonly reachable: number[];

  constructor(func: Func, dom: DominatorTree<BlockId>) {
    const n = (this.n = func.blocks.length);
    this.nv = func.vars.length;
    // From the dominator tree's predecessor lists (one entry per in-range edge, in block order), not
    // from the terminators again: the successor rows are their transpose (the order within a row
    // does not matter to the plan), the predecessor rows keep the reachable entries.
    const preds = dom.preds;
    const reachable = (this.reachable = ints(n));
    for (const b of dom.rpo) reachable[b] = 1;
    const succStart = (this.succStart = ints(n + 1)), predStart = (this.predStart = ints(n + 1));
    // Indexed loops: a constructor run once per function, often before the engine optimizes it (no iterator objects).
    for (let s = 0; s < n; s++) {
      const ps = preds[s]!;
      let r = 0;
      for (let j = 0; j < ps.length; j++) {
        succStart[ps[j]! + 1]!++;
        r += reachable[ps[j]!]!;
      }
      predStart[s + 1] = predStart[s]! + r;
    }
    for (let b = 0; b < n; b++) succStart[b + 1]! += succStart[b]!;
    this.edges = succStart[n]!;
    const succ = (this.succ = ints(this.edges)), pred = (this.pred = ints(predStart[n]!));
    const fill = succStart.slice(0, n);
    for (let s = 0, k = 0; s < n; s++) {
      const ps = preds[s]!;
      for (let j = 0; j < ps.length; j++) {
        const p = ps[j]!;
        succ[fill[p]!++] = s;
        if (reachable[p]) pred[k++] = p;
      }
    }
    this.idom = ints(n, -1);
    this.level = ints(n);
    for (const b of dom.rpo) {
      const d = dom.idom(b);
      if (d !== null) {
        this.idom[b] = d;
        this.level[b] = this.level[d]! + 1;
      }
    }
  }

  /** A join: two or more reachable incoming edges (so not the entry with a single back edge). */
  isJoin(y: number): boolean {
    return this.predStart[y + 1]! - this.predStart[y]! >= 2;
  }
}

/**
 * Where each variable is read and assigned: for each variable the blocks that
 * read it before any assignment in the block (upward-exposed uses) and the
 * blocks that assign it, in block order (compressed rows). `stampVar(v)` marks
 * v's blocks in two stamp arrays for O(1) questions while v is placed.
 */
export class Sites {
  readonly useStart: number[];
  readonly useBlocks: number[];
  readonly defStart: number[];
  readonly defBlocks: number[];
  /** === v + 1 at blocks with an upward-exposed read of v / an assignment of v, after stampVar(v). */
  readonly useStamp: number[];
  readonly defStamp: number[];

  constructor(func: Func, g: Flow) {
    const nv = g.nv;
    const useCount = ints(nv + 1), defCount = ints(nv + 1);
    const uses: number[] = [], defs: number[] = [];
    // Per block, the variables seen so far (stamp b + 1), and whether the first sight assigned.
    const seen = ints(nv), assigned = ints(nv);
    for (let b = 0; b < g.n; b++) {
      for (const inst of func.blocks[b]!.insts) {
        if (inst.imm.kind !== "var" || (inst.op !== "get" && inst.op !== "set")) continue;
        const v = inst.imm.var;
        if (inst.op === "get" && seen[v] !== b + 1) {
          seen[v] = b + 1;
          uses.push(v, b);
          useCount[v + 1]!++;
        }
        if (inst.op === "set" && assigned[v] !== b + 1) {
          seen[v] = b + 1;
          assigned[v] = b + 1;
          defs.push(v, b);
          defCount[v + 1]!++;
        }
      }
    }
    [this.useStart, this.useBlocks] = rows(nv, useCount, uses);
    [this.defStart, this.defBlocks] = rows(nv, defCount, defs);
    this.useStamp = ints(g.n);
    this.defStamp = ints(g.n);
  }

  stampVar(v: number): void {
    for (let k = this.useStart[v]!; k < this.useStart[v + 1]!; k++) this.useStamp[this.useBlocks[k]!] = v + 1;
    for (let k = this.defStart[v]!; k < this.defStart[v + 1]!; k++) this.defStamp[this.defBlocks[k]!] = v + 1;
  }
}

/** Compressed rows from (row, item) pairs listed in item order per row; `count[r + 1]` holds row r's size. */
export function rows(nr: number, count: number[], pairs: readonly number[]): [number[], number[]] {
  for (let r = 0; r < nr; r++) count[r + 1]! += count[r]!;
  const start = count.slice();
  const items = ints(pairs.length >> 1);
  for (let k = 0; k < pairs.length; k += 2) items[count[pairs[k]!]!++] = pairs[k + 1]!;
  return [start, items];
}

/**
 * The blocks where v is live on entry: from every block that reads v before
 * assigning it, backwards through reachable predecessors, stopping at blocks
 * that assign it (whose stamp must be v's). Unreachable blocks keep their own
 * reads only (they are never walked into). Marks `out[b] = v + 1`; returns
 * the blocks marked.
 */
export function liveBlocks(g: Flow, sites: Sites, v: number, out: number[], stack: number[]): number[] {
  const stamp = v + 1, found: number[] = [];
  const { pred, predStart, reachable } = g, defStamp = sites.defStamp;
  for (let k = sites.useStart[v]!; k < sites.useStart[v + 1]!; k++) {
    const b = sites.useBlocks[k]!;
    if (out[b] === stamp) continue;
    out[b] = stamp;
    found.push(b);
    if (reachable[b]) stack.push(b);
    while (stack.length) {
      const x = stack.pop()!;
      for (let i = predStart[x]!; i < predStart[x + 1]!; i++) {
        const p = pred[i]!;
        if (out[p] === stamp || defStamp[p] === stamp) continue;
        out[p] = stamp;
        found.push(p);
        stack.push(p);
      }
    }
  }
  return found;
}

/**
 * Liveness answered per (variable, block) while v is placed: at once from the
 * block's own accesses, or when every read of v is cut off from the block by
 * an assignment (below), else by v's backward walk, done once per variable.
 *
 * The cut: if each block u reading v before assigning it has an assigning
 * block d != u that dominates u but not y, then every path from y to u runs
 * through d (a path avoiding d, prefixed by one from the entry to y that
 * avoids d, would reach u without d), so v is dead on entry to y. On a deep
 * loop nest this answers the frontier questions of every counter without
 * walking the inner loops where it is live.
 */
export class LiveStamps {
  private readonly live: number[];
  private walked = -1;
  private readonly stack: number[] = [];
  /** For the variable `cutVar`: per read block, the nearest dominating assigning block (-1: none found near). */
  private cutVar = -1;
  private readonly cut: number[] = [];

  constructor(private readonly g: Flow, private readonly sites: Sites, private readonly dom: DominatorTree<BlockId>) {
    this.live = ints(g.n);
  }

  isLiveIn(v: number, y: number): boolean {
    if (this.sites.useStamp[y] === v + 1) return true;
    if (this.sites.defStamp[y] === v + 1) return false;
    if (this.walked !== v) {
      if (this.cutOff(v, y)) return false;
      liveBlocks(this.g, this.sites, v, this.live, this.stack);
      this.walked = v;
    }
    return this.live[y] === v + 1;
  }

  /** Whether an assignment cuts every read of v off from y; false when that is not shown cheaply (few reads, near assignments). */
  private cutOff(v: number, y: number): boolean {
    const { useStart, useBlocks, defStamp } = this.sites;
    const from = useStart[v]!, to = useStart[v + 1]!;
    if (to - from > CUT_READS) return false;
    if (this.cutVar !== v) {
      this.cutVar = v;
      this.cut.length = 0;
      for (let k = from; k < to; k++) {
        const u = useBlocks[k]!;
        let d = this.g.reachable[u] ? this.g.idom[u]! : -2; // -2: an unreachable read, never on a path from y
        for (let steps = 0; d >= 0 && defStamp[d] !== v + 1; steps++) d = steps < CUT_STEPS ? this.g.idom[d]! : -1;
        this.cut.push(d);
      }
    }
    for (const d of this.cut) if (d === -1 || (d >= 0 && this.dom.dominates(d as BlockId, y as BlockId))) return false;
    return true;
  }
}

/** Limits of the cut test: reads per variable, and dominator-tree steps from a read up to an assignment. */
const CUT_READS = 8;
const CUT_STEPS = 32;

/** Every block's live-in set, as rows of one bit matrix (block x variable). */
export function allLiveIn(g: Flow, sites: Sites): ReadonlySet<VarId>[] {
  const words = (g.nv + 31) >>> 5;
  const bits = new Uint32Array(g.n * words);
  const out = ints(g.n), stack: number[] = [];
  for (let v = 0; v < g.nv; v++) {
    sites.stampVar(v);
    for (const b of liveBlocks(g, sites, v, out, stack)) bits[b * words + (v >>> 5)]! |= 1 << (v & 31);
  }
  return Array.from({ length: g.n }, (_, b) => new BitRowSet(bits, b * words, words));
}


/**
 * The flat control-flow graph and the variable liveness of the SSA plan
 * (ssa-plan.ts): successors and reachable predecessors in compressed rows,
 * the blocks where each variable is read before being assigned and where it
 * is assigned, and liveness by walking backwards from the reads (the path
 * exploration of Brandner et al., "Computing Liveness Sets for SSA-Form
 * Programs", INRIA RR-7503, 2011) for the plan's live-in sets: each of a
 * variable's live blocks is visited once, with no fixpoint iteration. The
 * placement of parameters asks only the quick answers (QuickLiveness).
 */
import type { BlockId, DominatorTree, Func, VarId } from "@fzy/ir";
import { type DominatorOrder, NearestMarked } from "./ssa-nearest.js";
import { FRESH_TABLES, type Ints, type IntTables } from "./ssa-tables.js";

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
  readonly succStart: Ints;
  readonly succ: Ints;
  readonly predStart: Ints;
  readonly pred: Ints;
  /** Immediate dominator, -1 for the entry and unreachable blocks; depth in the dominator tree. */
  readonly idom: Ints;
  readonly level: Ints;
  /** 1 for blocks reachable from the entry. */
  readonly reachable: Ints;

  /** `tables`: where its tables come from (ssa-tables.ts). */
  constructor(func: Func, dom: DominatorTree<BlockId>, tables: IntTables = FRESH_TABLES) {
    const n = (this.n = func.blocks.length);
    this.nv = func.vars.length;
    // From the dominator tree's predecessor lists (one entry per in-range edge, in block order), not
    // from the terminators again: the successor rows are their transpose (the order within a row
    // does not matter to the plan), the predecessor rows keep the reachable entries.
    const preds = dom.preds, rpo = dom.rpo;
    const reachable = (this.reachable = tables.ints(n));
    // Indexed loops: a constructor run once per function, often before the engine optimizes it (no iterator objects).
    for (let k = 0; k < rpo.length; k++) reachable[rpo[k]!] = 1;
    const succStart = (this.succStart = tables.ints(n + 1)), predStart = (this.predStart = tables.ints(n + 1));
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
    const succ = (this.succ = tables.ints(this.edges)), pred = (this.pred = tables.ints(predStart[n]!));
    const fill = copyOf(succStart, n, tables);
    for (let s = 0, k = 0; s < n; s++) {
      const ps = preds[s]!;
      for (let j = 0; j < ps.length; j++) {
        const p = ps[j]!;
        succ[fill[p]!++] = s;
        if (reachable[p]) pred[k++] = p;
      }
    }
    this.idom = tables.ints(n, -1);
    this.level = tables.ints(n);
    for (let k = 0; k < rpo.length; k++) {
      const b = rpo[k]!, d = dom.idom(b);
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
  readonly useStart: Ints;
  readonly useBlocks: Ints;
  readonly defStart: Ints;
  readonly defBlocks: Ints;
  /** === v + 1 at blocks with an upward-exposed read of v / an assignment of v, after stampVar(v). */
  readonly useStamp: Ints;
  readonly defStamp: Ints;

  constructor(func: Func, g: Flow, tables: IntTables = FRESH_TABLES) {
    const nv = g.nv;
    const seen = tables.ints(nv), assigned = tables.ints(nv);
    const [nu, nd] = scanAccesses(func, g.n, seen, assigned);
    [this.useStart, this.useBlocks] = pairRows(nv, USE_PAIRS, nu, tables);
    [this.defStart, this.defBlocks] = pairRows(nv, DEF_PAIRS, nd, tables);
    this.useStamp = tables.ints(g.n);
    this.defStamp = tables.ints(g.n);
  }

  stampVar(v: number): void {
    for (let k = this.useStart[v]!; k < this.useStart[v + 1]!; k++) this.useStamp[this.useBlocks[k]!] = v + 1;
    for (let k = this.defStart[v]!; k < this.defStart[v + 1]!; k++) this.defStamp[this.defBlocks[k]!] = v + 1;
  }
}

/**
 * The (variable, block) pairs of Sites' scan, shared by every call and grown
 * as needed (as @fzy/ir's dominator work space): the scan calls out to
 * nothing while they are in use, and a list grown per function is copied as
 * it grows, past 16k entries into new large objects each time (a join of
 * 16,000 blocks spent most of its plan there).
 */
let USE_PAIRS: Int32Array = new Int32Array(1024);
let DEF_PAIRS: Int32Array = new Int32Array(1024);

/** `pairs` with room for at least `size` numbers, its first `used` kept. */
export function grown(pairs: Int32Array, size: number, used: number): Int32Array {
  if (pairs.length >= size) return pairs;
  const bigger = new Int32Array(Math.max(size, 2 * pairs.length));
  bigger.set(pairs.subarray(0, used));
  return bigger;
}

/**
 * Sites' scan: per block, a variable's first access when it is a read (an
 * upward-exposed use), and its first assignment, as (variable, block) pairs
 * in USE_PAIRS and DEF_PAIRS, in block order; returns how many numbers each
 * holds. `seen` and `assigned` are per-variable stamps (b + 1 in block b).
 */
function scanAccesses(func: Func, n: number, seen: Ints, assigned: Ints): [number, number] {
  let uses = USE_PAIRS, defs = DEF_PAIRS, nu = 0, nd = 0;
  for (let b = 0; b < n; b++) {
    const insts = func.blocks[b]!.insts, stamp = b + 1;
    for (let k = 0; k < insts.length; k++) {
      const inst = insts[k]!, op = inst.op;
      if ((op !== "get" && op !== "set") || inst.imm.kind !== "var") continue;
      const v = inst.imm.var;
      if (op === "get") {
        if (seen[v] === stamp) continue;
        seen[v] = stamp;
        if (nu + 2 > uses.length) uses = USE_PAIRS = grown(uses, nu + 2, nu);
        uses[nu++] = v;
        uses[nu++] = b;
      } else if (assigned[v] !== stamp) {
        seen[v] = stamp;
        assigned[v] = stamp;
        if (nd + 2 > defs.length) defs = DEF_PAIRS = grown(defs, nd + 2, nd);
        defs[nd++] = v;
        defs[nd++] = b;
      }
    }
  }
  return [nu, nd];
}

/** Compressed rows (start, items) over `nv` variables from the first `used` numbers of (variable, block) `pairs`, blocks in pair order per row. */
function pairRows(nv: number, pairs: Int32Array, used: number, tables: IntTables): [Ints, Ints] {
  const start = tables.ints(nv + 1);
  for (let k = 0; k < used; k += 2) start[pairs[k]! + 1]!++;
  for (let v = 0; v < nv; v++) start[v + 1]! += start[v]!;
  const fill = copyOf(start, nv, tables), items = tables.ints(used >> 1);
  for (let k = 0; k < used; k += 2) items[fill[pairs[k]!]!++] = pairs[k + 1]!;
  return [start, items];
}

/** Compressed rows from the first `used` numbers of (row, item) `pairs`, listed in item order per row; `count[r + 1]` holds row r's size. */
export function rows(nr: number, count: Ints, pairs: Int32Array, used: number, tables: IntTables): [Ints, Ints] {
  for (let r = 0; r < nr; r++) count[r + 1]! += count[r]!;
  const start = copyOf(count, nr + 1, tables);
  const items = tables.ints(used >> 1);
  for (let k = 0; k < used; k += 2) items[count[pairs[k]!]!++] = pairs[k + 1]!;
  return [start, items];
}

/** The first `n` entries of `a`, in a table of `tables`. */
function copyOf(a: Ints, n: number, tables: IntTables): Ints {
  if (Array.isArray(a)) return a.slice(0, n);
  const out = tables.ints(n);
  for (let i = 0; i < n; i++) out[i] = a[i]!;
  return out;
}

/**
 * The blocks where v is live on entry: from every block that reads v before
 * assigning it, backwards through reachable predecessors, stopping at blocks
 * that assign it (whose stamp must be v's). Unreachable blocks keep their own
 * reads only (they are never walked into). Marks `out[b] = v + 1` and
 * appends the blocks marked to `found`. `stack`: a table of at least g.n
 * entries to work in.
 */
function liveBlocks(g: Flow, sites: Sites, v: number, out: Ints, stack: Ints, found: number[]): void {
  const stamp = v + 1;
  const { pred, predStart, reachable } = g, defStamp = sites.defStamp;
  for (let k = sites.useStart[v]!; k < sites.useStart[v + 1]!; k++) {
    const b = sites.useBlocks[k]!;
    if (out[b] === stamp) continue;
    out[b] = stamp;
    found.push(b);
    // A block enters the stack once, when marked: it never holds more than the blocks.
    let top = 0;
    if (reachable[b]) stack[top++] = b;
    while (top > 0) {
      const x = stack[--top]!;
      for (let i = predStart[x]!; i < predStart[x + 1]!; i++) {
        const p = pred[i]!;
        if (out[p] === stamp || defStamp[p] === stamp) continue;
        out[p] = stamp;
        found.push(p);
        stack[top++] = p;
      }
    }
  }
}

/** What QuickLiveness knows of v on entry to a block: live, dead, or not shown cheaply. */
export const LIVE = 1, DEAD = 0, OPEN = -1;

/**
 * Liveness answered per (variable, block) while v is placed, when it is
 * cheap: from the block's own accesses, or dead when every read of v is cut
 * off from the block by an assignment (below); else left open (OPEN), for
 * ReachingUses (ssa-reaching.ts) to settle.
 *
 * The cut: if each block u reading v before assigning it has an assigning
 * block d != u that dominates u but not y, then every path from y to u runs
 * through d (a path avoiding d, prefixed by one from the entry to y that
 * avoids d, would reach u without d), so v is dead on entry to y. It is
 * enough to ask of the nearest such d above each read: y is cut off when
 * none of them dominates it. On a deep loop nest this answers the frontier
 * questions of every counter, so that the frontier blocks beyond, where it
 * is dead too, are not followed. The nearest d are found by climbing a few
 * steps from each of a few reads (most variables), else among all of v's
 * assigning blocks at once (NearestMarked).
 */
export class QuickLiveness {
  /**
   * For the variable `cutVar`: per read block, the nearest dominating
   * assigning block (NONE_ABOVE, FAR: not found near), the first `cuts`
   * entries (a list emptied by its length would be given up and grown again
   * per variable); `farCut` when some is FAR: then, unless some read has no
   * assigning block above it at all (`uncut`), the nearest ones above every
   * read, marked in `cutting`.
   */
  private cutVar = -1;
  private readonly cut: number[] = new Array<number>(CUT_READS).fill(0);
  private cuts = 0;
  private farCut = false;
  private uncut = false;
  private assigning: NearestMarked | undefined;
  private cutting: NearestMarked | undefined;

  /** `order`: the dominator tree's preorder, made at the first question that needs it. */
  constructor(
    private readonly g: Flow, private readonly sites: Sites, private readonly dom: DominatorTree<BlockId>,
    private readonly order: () => DominatorOrder, private readonly tables: IntTables,
  ) {}

  /** LIVE, DEAD or OPEN: v on entry to y; `sites` stamped for v. */
  liveIn(v: number, y: number): number {
    if (this.sites.useStamp[y] === v + 1) return LIVE;
    if (this.sites.defStamp[y] === v + 1) return DEAD;
    if (this.cutVar !== v) this.findCut(v);
    if (this.farCut) return !this.uncut && this.cutting!.nearest(y) < 0 ? DEAD : OPEN;
    for (let k = 0; k < this.cuts; k++) {
      const d = this.cut[k]!;
      if (d === NONE_ABOVE || (d >= 0 && this.dom.dominates(d as BlockId, y as BlockId))) return OPEN;
    }
    return DEAD;
  }

  /** The nearest assigning block strictly above each reachable read of v: near ones in `cut`, else all in `cutting`. */
  private findCut(v: number): void {
    const { useStart, useBlocks, defStamp } = this.sites;
    const from = useStart[v]!, to = useStart[v + 1]!;
    this.cutVar = v;
    this.cuts = 0;
    this.farCut = to - from > CUT_READS;
    for (let k = from; k < to && !this.farCut; k++) {
      const u = useBlocks[k]!;
      let d = this.g.reachable[u] ? this.g.idom[u]! : UNREACHABLE;
      for (let steps = 0; d >= 0 && defStamp[d] !== v + 1; steps++) d = steps < CUT_STEPS ? this.g.idom[d]! : FAR;
      this.cut[this.cuts++] = d;
      this.farCut = d === FAR;
    }
    if (this.farCut) this.findAllCuts(v);
  }

  /** findCut among all of v's assigning blocks, for many reads or far assignments. */
  private findAllCuts(v: number): void {
    const { useStart, useBlocks, defStart, defBlocks } = this.sites, { idom, reachable } = this.g;
    this.uncut = false;
    const assigning = (this.assigning ??= new NearestMarked(this.order(), this.g.n, this.tables));
    const cutting = (this.cutting ??= new NearestMarked(this.order(), this.g.n, this.tables));
    assigning.begin();
    for (let k = defStart[v]!; k < defStart[v + 1]!; k++) if (reachable[defBlocks[k]!]) assigning.add(defBlocks[k]!);
    assigning.finish();
    cutting.begin();
    for (let k = useStart[v]!; k < useStart[v + 1]!; k++) {
      const u = useBlocks[k]!;
      if (!reachable[u]) continue;
      const d = idom[u]! >= 0 ? assigning.nearest(idom[u]!) : -1;
      if (d < 0) {
        this.uncut = true;
        return;
      }
      cutting.add(d);
    }
    cutting.finish();
  }
}

/** Limits of the near cut: reads per variable, and dominator-tree steps from a read up to an assignment. */
const CUT_READS = 8;
const CUT_STEPS = 32;
/** findCut's entries that are not blocks: no assigning block above the read (idom's -1 past the entry), one not found near, an unreachable read (never on a path from y). */
const NONE_ABOVE = -1, FAR = -2, UNREACHABLE = -3;

/** Every block's live-in set, as rows of one bit matrix (block x variable). */
export function allLiveIn(g: Flow, sites: Sites): ReadonlySet<VarId>[] {
  const words = (g.nv + 31) >>> 5;
  const bits = new Uint32Array(g.n * words);
  const out = FRESH_TABLES.ints(g.n), stack = FRESH_TABLES.ints(g.n), found: number[] = [];
  for (let v = 0; v < g.nv; v++) {
    sites.stampVar(v);
    found.length = 0;
    liveBlocks(g, sites, v, out, stack, found);
    for (const b of found) bits[b * words + (v >>> 5)]! |= 1 << (v & 31);
  }
  return Array.from({ length: g.n }, (_, b) => new BitRowSet(bits, b * words, words));
}


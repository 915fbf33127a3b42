/**
 * Facts the LLVM text states about a function's values so that LLVM can use
 * them (it cannot recover them from plain wrapping arithmetic):
 *
 *  - `nuw` / `nsw` on `add`, `sub`, `mul` and `shl` whose operand ranges
 *    prove that the unsigned / signed result does not wrap;
 *  - `!range` (and `!noundef`) on a load from a read-only data object of
 *    the module (constant tables, lookup tables): the range is the smallest
 *    and largest value of that type anywhere the load may read in the
 *    object's bytes; and on a load whose lowered form carries a range (an
 *    enum cell's discriminant, lir types.ts LLoadRange), which the lowering
 *    promises;
 *  - `noundef` on parameters and results (function.ts): every lowered value
 *    is defined, since the program it comes from has no uninitialised value.
 *
 * The facts are only as strong as the ranges, and a wrong one is undefined
 * behaviour, so the analysis is sound before it is precise: unsigned
 * intervals per value, computed by abstract interpretation over the blocks
 * (Cousot and Cousot, "Abstract interpretation", POPL 1977): a block
 * parameter is the union of what its incoming edges pass, an instruction
 * its transfer function of its operands' intervals, repeated until nothing
 * changes. A parameter that grows more than WIDEN_AFTER times is widened to
 * its whole type, so the iteration ends; after MAX_ROUNDS rounds without a
 * fixed point every value is taken as unbounded (no facts at all). Then
 * up to NARROW_ROUNDS rounds (fewer when one changes nothing, since the
 * next would repeat it) recompute every parameter as exactly the union of its
 * incoming edges (the narrowing of the same paper: from a post-fixpoint of a
 * monotone system each such step stays one, so it stays sound), which gives
 * back what a remainder or mask bounds inside a widened loop. Anything the
 * transfer functions do not know is its whole type.
 *
 * The rounds visit the blocks in index order, but only the blocks that read
 * a value changed since their last visit (a chaotic-iteration worklist,
 * Cousot 1977 again): visiting any other block sets nothing, since its
 * inputs are unchanged and parameters only grow while solving, so the
 * rounds, the growth counts and the result are exactly those of visiting
 * every block every round, at the cost of the blocks that really change.
 * The narrowing rounds visit only the blocks a full round would change
 * (see narrow). The blocks to visit are bits of 32-bit words: a round finds
 * them a word at a time, so the rounds of a large function in which only a
 * few blocks change (a change travelling out of a deep loop nest one
 * backward edge per round) cost those blocks, not a scan of every block.
 *
 * Intervals of the types of at most 32 bits are plain numbers in one typed
 * array, those of the 64-bit types BigInt pairs (facts-intervals.ts: both
 * give the same intervals), so the common case allocates nothing per value.
 * The solver reads the function once, into the typed arrays of
 * facts-code.ts, and visits only those; a load's interval is read off the
 * data once (facts-loads.ts).
 */
import { activeClock, type LFunction, type LInst, type LType, type LValue, PASS } from "@fzy/lir";
import { BINARY_OPS, Conv, type EncodeSink, type FactsCode, type Readers, readersOf, Row } from "./facts-code.js";
import {
  binaryB, binaryN, isInt, type Range, SMAX, UMAX, union, wrapFlagsB, wrapFlagsN,
} from "./facts-intervals.js";
import type { DataRanges } from "./facts-loads.js";
import { FactsScratch } from "./facts-scratch.js";
import { FactsValues, sameRange } from "./facts-values.js";

export { rangeNode } from "./facts-loads.js";

/** Rounds over the function before the analysis gives up (every value unbounded). */
const MAX_ROUNDS = 24;
/** Rounds of narrowing after the fixed point. */
const NARROW_ROUNDS = 2;

/** Slots of the reused arrays (facts-scratch.ts); facts-values.ts takes byte slots 0 and 1 and float slots 0 and 1, facts-code.ts the int32 slots from 8 on and byte slot 8. */
const U8_GROWTHS = 2;
const I32_PTR_BASE = 0, I32_IN_START = 1, I32_IN_EDGES = 2, I32_DIRTY = 3, I32_LATER = 4, I32_CHANGED_AT = 5;

/**
 * The first row kind that reads an operand (facts-code.ts Row: the kinds
 * before it are set from the row alone, the same at every visit). Solve's
 * first round visits every row, so a later visit of such a row would set
 * what it holds, and the later rounds and narrowing skip them.
 */
const FIRST_READING = Row.Select;

/** The operations that can carry `nuw`/`nsw`. */
export const FLAGGED: ReadonlySet<string> = new Set(["iadd", "isub", "imul", "ishl"]);

/** The load ranges of a function without loads. */
const NO_RANGES: (Range | undefined)[] = [];

/** The words of a set of n blocks, one bit per block (block b: bit b & 31 of word b >>> 5). */
const wordsFor = (n: number): number => (n + 31) >>> 5;

/** Adds block b to `set`. */
function mark(set: Int32Array, b: number): void {
  set[b >>> 5]! |= 1 << (b & 31);
}

/** The lowest block of word w of `set` (its bits not 0), taken out of the set. */
function takeLowest(set: Int32Array, w: number): number {
  const bits = set[w]!, low = bits & -bits;
  set[w] = bits ^ low;
  return (w << 5) | (31 - Math.clz32(low));
}

type Binary = Extract<LInst, { op: "binary" }>;
type Load = Extract<LInst, { op: "load" }>;

/** The facts of one function (load ranges read when made, the other ranges solved at the first question). */
export class LlvmFacts extends FactsValues implements EncodeSink {
  /** The base of each ptr_add (-1: none) and the symbol each symbol_addr names (facts-code.ts EncodeSink, facts-loads.ts Addresses). */
  readonly ptrBase: Int32Array;
  symbols: (string | undefined)[] | undefined = undefined;
  readonly valueCount: number;
  private readonly code: FactsCode;
  /** What each load of the code may read (undefined: unknown). */
  private readonly loadRanges: (Range | undefined)[];
  /** Where loadedBy looks for the next load asked for. */
  private nextLoad = 0;
  /** The blocks reading each value (readersOf), once solve or narrow needed them. */
  private readers: Readers | undefined;
  private isSolved = false;

  /** `scratch`: typed arrays to reuse (those of the facts made before with it become invalid). */
  constructor(fn: LFunction, private readonly data: DataRanges, private readonly scratch = new FactsScratch()) {
    super(fn.valueTypes, scratch);
    const nv = (this.valueCount = fn.valueTypes.length);
    this.ptrBase = scratch.i32(I32_PTR_BASE, nv, -1);
    this.code = scratch.encoder.encode(fn, this);
    const loads = this.code.loads;
    this.loadRanges = loads.length === 0 ? NO_RANGES : loads.map((i) => data.loaded(i, this));
  }

  /**
   * Solves the ranges at the first question about them: a load's range is
   * read off the data (loadRange), so a function that asks only about
   * loads is never solved.
   */
  private ensureSolved(): void {
    if (this.isSolved) return;
    this.isSolved = true;
    const clock = activeClock;
    clock?.enter(PASS.facts);
    if (this.solve()) this.narrow();
    else this.forget();
    clock?.leave();
  }

  /** ` nuw`, ` nsw`, ` nuw nsw` or "" for a binary instruction (after the opcode). */
  wrapFlags(inst: Binary): string {
    const t = this.types[inst.dst]!;
    if (!isInt(t) || !FLAGGED.has(inst.kind)) return "";
    this.ensureSolved();
    if (this.num[inst.dst]) return wrapFlagsN(inst.kind, t, this.lo(inst.a), this.hi(inst.a), this.hi(inst.b), this.constNumber(inst.b));
    const a = this.range(inst.a);
    return wrapFlagsB(inst.kind, t, a[0], a[1], this.range(inst.b)[1], this.constBig(inst.b));
  }

  /**
   * The interval a load from read-only data reads (unsigned), or undefined
   * when it is not such a load or the interval is the whole type.
   */
  loadRange(inst: Load): Range | undefined {
    if (!isInt(inst.type)) return undefined;
    const r = this.loadedBy(inst);
    return r && (r[0] !== 0n || r[1] !== UMAX[inst.type]) ? r : undefined;
  }

  /**
   * What `inst` may read, as read off the data when the facts were made:
   * the printer asks for the loads in code order, so a cursor finds each
   * one in a step or two (a load asked for out of that order is read off
   * the data again).
   */
  private loadedBy(inst: Load): Range | undefined {
    const loads = this.code.loads;
    for (let k = this.nextLoad; k < loads.length; k++) {
      if (loads[k] !== inst) continue;
      this.nextLoad = k + 1;
      return this.loadRanges[k];
    }
    return this.data.loaded(inst, this);
  }

  /** Iterate to the fixed point; false when MAX_ROUNDS did not reach it. */
  private solve(): boolean {
    const code = this.code, n = code.blockCount;
    const { kind, dst, blockStart, paramStart, params, edgeStart, edgeTo, argStart, args } = code;
    // Without a backward edge nothing is ever sent round again: every block a value reaches comes after the block
    // that sets it (uses are dominated by definitions, and a dominator comes first when edges only go forward), so
    // the first round visits each reader after the change anyway and no reader lists are needed. With one, the
    // first round (which visits every block) notes where it changed each value last, and the reader lists are made
    // after it only when a block read a value changed after its visit (else the next round would visit nothing).
    let readers: Readers | undefined;
    let changedAt = code.forward ? undefined : this.scratch.i32(I32_CHANGED_AT, this.types.length, -1);
    const growths = this.scratch.u8(U8_GROWTHS, this.types.length, 0);
    // dirty: blocks still to visit this round; later: blocks a change made stale after their visit this round.
    const words = wordsFor(n);
    let dirty = this.scratch.i32(I32_DIRTY, words, -1), later = this.scratch.i32(I32_LATER, words, 0);
    if (n & 31) dirty[words - 1] = -1 >>> (32 - (n & 31));
    let at = -1, changed = false;
    // Whether the value being set is a parameter set by an edge at the end of block `at`. Any other value is set
    // before its readers in block `at` run (SSA: a result is read after its definition, an entry parameter after
    // the block starts), so they already saw it and block `at` need not be visited again for it.
    let onEdge = false;
    const touched = (v: LValue) => {
      changed = true;
      if (changedAt) changedAt[v] = onEdge ? 2 * at + 1 : 2 * at;
      if (!readers) return;
      for (let k = readers.start[v]!, end = readers.start[v + 1]!; k < end; k++) {
        const b = readers.blocks[k]!;
        if (b > at) mark(dirty, b);
        else if (b < at || onEdge) mark(later, b);
      }
    };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      changed = false;
      // In block order: a block marked during the visit of block `at` comes after it, in this word or a later one.
      for (let w = 0; w < words; w++) {
        while (dirty[w] !== 0) {
          const bi = takeLowest(dirty, w);
          at = bi;
          if (bi === 0) for (let k = paramStart[0]!; k < paramStart[1]!; k++) if (this.storeFull(params[k]! as LValue)) touched(params[k]! as LValue);
          for (let r = blockStart[bi]!, end = blockStart[bi + 1]!; r < end; r++) {
            const k = kind[r]!;
            // A row that reads no operand was set at the first round's visit and would set the same again.
            if (k < FIRST_READING && round > 0) continue;
            const d = dst[r]! as LValue;
            // false: an operand not reached yet (a later round brings it)
            if (k === Row.Full ? this.storeFull(d) : this.transfer(r) && this.storeOut(d)) touched(d);
          }
          onEdge = true;
          for (let e = edgeStart[bi]!, end = edgeStart[bi + 1]!; e < end; e++) {
            const to = edgeTo[e]!;
            if (to === 0) continue;
            for (let k = 0, p0 = paramStart[to]!, np = paramStart[to + 1]! - p0, a0 = argStart[e]!; k < np; k++) {
              const p = params[p0 + k]! as LValue, arg = args[a0 + k]! as LValue;
              if (this.has[arg] && this.join(p, arg, growths)) touched(p);
            }
          }
          onEdge = false;
        }
      }
      if (!changed) return true;
      if (changedAt) {
        readers = this.readers = readersOf(code, this.types.length, this.scratch, { position: changedAt, stale: later });
        changedAt = undefined;
        if (!readers) return true;
      }
      [dirty, later] = [later, dirty];
    }
    return false;
  }

  /**
   * The narrowing rounds (see the file header), visiting only the blocks a
   * full round would change. A round recomputes every parameter (outside
   * the entry) as the union of its incoming edges and every instruction from
   * its operands; the fixed point already left each result the transfer of
   * its final operands (solve revisits every reader of a change), so at the
   * start only a block with a parameter that is not exactly that union would
   * change, and later only a block an input of which changed since its last
   * visit: by the same rule as in solve, in this round when it comes after
   * the change, else in the next. A visit of any other block would compute
   * what it holds. So the result is exactly that of NARROW_ROUNDS full
   * rounds (the second only when the first changed something).
   */
  private narrow(): void {
    const code = this.code, n = code.blockCount;
    // Only the entry: no parameter a round would recompute, and its instructions are at their transfer already.
    if (n < 2) return;
    const { kind, dst, blockStart, paramStart, params, edgeStart, edgeTo } = code;
    // The edges into each block, in block and edge order: edges inStart[b] .. inStart[b + 1] - 1 of `inEdges`.
    const inStart = this.scratch.i32(I32_IN_START, n + 2, 0), edgeCount = edgeStart[n]!;
    for (let e = 0; e < edgeCount; e++) if (edgeTo[e]! < n) inStart[edgeTo[e]! + 2]!++;
    for (let b = 0; b < n; b++) inStart[b + 2]! += inStart[b + 1]!;
    const inEdges = this.scratch.i32(I32_IN_EDGES, edgeCount);
    for (let e = 0; e < edgeCount; e++) if (edgeTo[e]! < n) inEdges[inStart[edgeTo[e]! + 1]!++] = e;
    const words = wordsFor(n);
    let dirty = this.scratch.i32(I32_DIRTY, words, 0), later = this.scratch.i32(I32_LATER, words, 0);
    let any = false;
    for (let bi = 1; bi < n; bi++) {
      if (this.paramsNarrow(bi, inStart, inEdges)) {
        mark(dirty, bi);
        any = true;
      }
    }
    if (!any) return;
    const readers = (this.readers ??= readersOf(code, this.types.length, this.scratch));
    let at = -1;
    const stale = (b: number) => mark(b > at ? dirty : later, b);
    // The blocks that may see a change of `v`: its readers, and the targets of the edges a reader ends with.
    const touched = (v: LValue) => {
      for (let k = readers.start[v]!, end = readers.start[v + 1]!; k < end; k++) {
        const b = readers.blocks[k]!;
        if (b !== at) stale(b);
        for (let e = edgeStart[b]!, ee = edgeStart[b + 1]!; e < ee; e++) if (edgeTo[e]! > 0 && edgeTo[e]! < n) stale(edgeTo[e]!);
      }
    };
    for (let round = 0; round < NARROW_ROUNDS; round++) {
      for (let w = 0; w < words; w++) {
        while (dirty[w] !== 0) {
          const bi = takeLowest(dirty, w);
          at = bi;
          if (bi !== 0) {
            for (let k = 0, p0 = paramStart[bi]!, np = paramStart[bi + 1]! - p0; k < np; k++) {
              const p = params[p0 + k]! as LValue;
              if (this.incomingUnion(p, inStart, inEdges, bi, k) && this.storeOut(p)) touched(p);
            }
          }
          for (let r = blockStart[bi]!, end = blockStart[bi + 1]!; r < end; r++) {
            // Only rows that read an operand can change: solve's first round visited every row.
            if (kind[r]! < FIRST_READING) continue;
            const d = dst[r]! as LValue;
            if (this.transfer(r) && this.storeOut(d)) touched(d);
          }
        }
      }
      [dirty, later] = [later, dirty];
    }
  }

  /**
   * The union of what the edges into block `to` pass as its parameter k (of
   * value p), where transfer puts its result; false when none of it is known yet.
   */
  private incomingUnion(p: LValue, inStart: Int32Array, inEdges: Int32Array, to: number, k: number): boolean {
    const { argStart, args } = this.code;
    let found = false;
    if (this.num[p]) {
      let lo = 0, hi = 0;
      for (let i = inStart[to]!, end = inStart[to + 1]!; i < end; i++) {
        const a = args[argStart[inEdges[i]!]! + k]! as LValue;
        if (!this.has[a]) continue;
        const alo = this.lo(a), ahi = this.hi(a);
        if (!found || alo < lo) lo = alo;
        if (!found || ahi > hi) hi = ahi;
        found = true;
      }
      this.out.lo = lo;
      this.out.hi = hi;
      return found;
    }
    let r: Range | undefined;
    for (let i = inStart[to]!, end = inStart[to + 1]!; i < end; i++) {
      const a = args[argStart[inEdges[i]!]! + k]! as LValue;
      if (this.has[a]) r = r ? union(r, this.range(a)) : this.range(a);
    }
    if (r) this.outBig = r;
    return r !== undefined;
  }

  /** Whether a narrowing round would change a parameter of block `to`: one is not exactly the union of what its edges pass. */
  private paramsNarrow(to: number, inStart: Int32Array, inEdges: Int32Array): boolean {
    const { paramStart, params } = this.code;
    for (let k = 0, p0 = paramStart[to]!, np = paramStart[to + 1]! - p0; k < np; k++) {
      const p = params[p0 + k]! as LValue;
      if (!this.incomingUnion(p, inStart, inEdges, to, k) || !this.has[p]) continue;
      if (this.num[p] ? this.iv[2 * p] !== this.out.lo || this.iv[2 * p + 1] !== this.out.hi : !sameRange(this.big[p]!, this.outBig)) return true;
    }
    return false;
  }

  /**
   * The interval of row r's value, into `out` (numeric result) or `outBig`;
   * false when an operand is not known yet. (Full rows are stored directly.)
   */
  private transfer(r: number): boolean {
    const code = this.code, d = code.dst[r]! as LValue, t = this.types[d]!;
    switch (code.kind[r]) {
      case Row.Const:
        if (this.num[d]) {
          const c = t === "bool" ? code.x[r]! : this.constN[d]!;
          return this.setNumber(c, c);
        }
        return this.constB[d] === undefined ? this.full(d, t) : this.setBig([this.constB[d]!, this.constB[d]!]);
      case Row.Compare: return this.num[d] ? this.setNumber(0, 1) : this.setBig([0n, 1n]);
      case Row.Load: {
        const lr = this.loadRanges[code.x[r]!];
        if (!lr) return this.full(d, t);
        return this.num[d] ? this.setNumber(Number(lr[0]), Number(lr[1])) : this.setBig(lr);
      }
      case Row.Select: {
        const a = code.a[r]! as LValue, b = code.b[r]! as LValue;
        if (!this.has[a] || !this.has[b]) return false;
        if (this.num[d]) {
          const alo = this.lo(a), ahi = this.hi(a), blo = this.lo(b), bhi = this.hi(b);
          return this.setNumber(alo < blo ? alo : blo, ahi > bhi ? ahi : bhi);
        }
        return this.setBig(union(this.range(a), this.range(b)));
      }
      case Row.Convert: return this.has[code.a[r]!] ? this.convert(code.x[r]!, d, code.a[r]! as LValue, t) : false;
      case Row.Binary: {
        const a = code.a[r]! as LValue, b = code.b[r]! as LValue;
        return this.has[a] && this.has[b] ? this.binary(BINARY_OPS[code.x[r]!]!, d, a, b, t) : false;
      }
      default: return this.full(d, t);
    }
  }

  private convert(kind: number, d: LValue, src: LValue, t: LType): boolean {
    const from = this.types[src]!;
    const keep = kind === Conv.Uext || (kind === Conv.Sext && this.hiAtMost(src, SMAX[from])) || (kind === Conv.Trunc && this.hiAtMost(src, UMAX[t]));
    if (!keep) return this.full(d, t);
    return this.num[d] ? this.setNumber(this.lo(src), this.hi(src)) : this.setBig(this.range(src));
  }

  private binary(kind: Binary["kind"], d: LValue, a: LValue, b: LValue, t: LType): true {
    if (this.num[d] && this.num[a] && this.num[b]) {
      const iv = this.iv;
      binaryN(kind, t, iv[2 * a]!, iv[2 * a + 1]!, iv[2 * b]!, iv[2 * b + 1]!, this.constNumber(b), this.out);
      return true;
    }
    const r = binaryB(kind, t, this.range(a), this.range(b), this.constBig(b));
    return this.num[d] ? this.setNumber(Number(r[0]), Number(r[1])) : this.setBig(r);
  }
}

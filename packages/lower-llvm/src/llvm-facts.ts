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
 * (see narrow).
 *
 * Intervals of the types of at most 32 bits are plain numbers in one typed
 * array, those of the 64-bit types BigInt pairs (facts-intervals.ts: both
 * give the same intervals), so the common case allocates nothing per value.
 */
import { bitWidth, type LData, type LEdge, type LFunction, type LInst, type LIntType, type LType, type LValue } from "@fzy/lir";
import { forEachEdge, forwardOnly, type Readers, readersOf } from "./facts-graph.js";
import { FactsScratch } from "./facts-scratch.js";
import {
  binaryB, binaryN, FULL, isInt, NUMERIC, type NumberInterval, type Range, SMAX, UMAX, UMAXN, union, wrapFlagsB, wrapFlagsN,
} from "./facts-intervals.js";

/** Growths of a block parameter's interval before it is widened to its type. */
const WIDEN_AFTER = 3;
/** Rounds over the function before the analysis gives up (every value unbounded). */
const MAX_ROUNDS = 24;
/** Rounds of narrowing after the fixed point. */
const NARROW_ROUNDS = 2;

/** Slots of the reused arrays (facts-scratch.ts); facts-graph.ts takes the int32 slots from I32_READERS on. */
const U8_NUMERIC = 0, U8_KNOWN = 1, U8_GROWTHS = 2, U8_DIRTY = 3, U8_LATER = 4;
const F64_INTERVALS = 0, F64_CONSTS = 1;
const I32_PTR_BASE = 0;

/** The operations that can carry `nuw`/`nsw`. */
export const FLAGGED: ReadonlySet<string> = new Set(["iadd", "isub", "imul", "ishl"]);

/** The shared empty array a function without 64-bit values, big constants or symbols reads those from (made at the first write). */
const NONE: never[] = [];

type Binary = Extract<LInst, { op: "binary" }>;
type Load = Extract<LInst, { op: "load" }>;
type Computed = Exclude<LInst, { op: "call" | "call_indirect" | "store" }>;

/** The facts of one function (ranges computed when made). */
export class LlvmFacts {
  private readonly types: readonly LType[];
  /** By value id: 1 when its type's intervals are numbers (facts-intervals.ts NUMERIC). */
  private readonly num: Uint8Array;
  /** By value id: 1 once its interval is known. */
  private readonly has: Uint8Array;
  /** The interval of numeric value v at [2v, 2v + 1]. */
  private readonly iv: Float64Array;
  /** The interval of each 64-bit value. */
  private big: (Range | undefined)[] = NONE;
  /**
   * By value id: the unsigned value of an integer constant (as a number for
   * numeric types, NaN for none; as a bigint for the others), the data object a
   * symbol_addr names, the base of a ptr_add (-1: none).
   */
  private readonly constN: Float64Array;
  private constB: (bigint | undefined)[] = NONE;
  private symbols: (string | undefined)[] = NONE;
  private readonly ptrBase: Int32Array;
  private dataRanges: Map<string, Range | null> | undefined;
  /** The blocks reading each value (readersOf), once solve or narrow needed them. */
  private readers: Readers | undefined;
  /** Where transfer puts the interval of a numeric result, and of a 64-bit one. */
  private readonly out: NumberInterval = { lo: 0, hi: 0 };
  private outBig: Range = FULL.i64;

  /** `scratch`: typed arrays to reuse (those of the facts made before with it become invalid). */
  constructor(private readonly fn: LFunction, private readonly data: ReadonlyMap<string, LData>, private readonly scratch = new FactsScratch()) {
    const types = (this.types = fn.valueTypes), nv = types.length;
    const num = (this.num = scratch.u8(U8_NUMERIC, nv));
    for (let v = 0; v < nv; v++) num[v] = NUMERIC[types[v]!] ? 1 : 0;
    this.has = scratch.u8(U8_KNOWN, nv, 0);
    // Read only where `has` says it is set.
    this.iv = scratch.f64(F64_INTERVALS, 2 * nv);
    this.constN = scratch.f64(F64_CONSTS, nv, NaN);
    this.ptrBase = scratch.i32(I32_PTR_BASE, nv, -1);
    for (const b of fn.blocks) {
      for (const i of b.insts) {
        if (i.op === "iconst" && i.type !== "bool") {
          // Most constants are already in [0, 2^w): no new bigint for them.
          const u = i.value >= 0n && i.value <= UMAX[i.type] ? i.value : BigInt.asUintN(bitWidth(i.type), i.value);
          if (this.num[i.dst]) this.constN[i.dst] = Number(u);
          else (this.constB === NONE ? (this.constB = new Array(nv)) : this.constB)[i.dst] = u;
        } else if (i.op === "symbol_addr") (this.symbols === NONE ? (this.symbols = new Array(nv)) : this.symbols)[i.dst] = i.symbol;
        else if (i.op === "ptr_add") this.ptrBase[i.dst] = i.base;
      }
    }
    if (this.solve()) this.narrow();
    else {
      this.has.fill(0, 0, nv);
      this.big = NONE;
    }
  }

  /** ` nuw`, ` nsw`, ` nuw nsw` or "" for a binary instruction (after the opcode). */
  wrapFlags(inst: Binary): string {
    const t = this.types[inst.dst]!;
    if (!isInt(t) || !FLAGGED.has(inst.kind)) return "";
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
    const r = this.loaded(inst);
    return r && (r[0] !== 0n || r[1] !== UMAX[inst.type]) ? r : undefined;
  }

  /** What an integer load may read: its data object's values, within the range it carries (undefined: either unknown). */
  private loaded(i: Load): Range | undefined {
    const data = this.fromData(i);
    if (!i.range) return data;
    const own: Range = [i.range.lo, i.range.hi - 1n];
    if (!data) return own;
    // Both hold: their intersection (empty only where no well-formed program loads: then the carried range).
    const lo = data[0] > own[0] ? data[0] : own[0], hi = data[1] < own[1] ? data[1] : own[1];
    return lo <= hi ? [lo, hi] : own;
  }

  /** The lower bound of v's unsigned interval, as a number (its whole type when unknown). */
  private lo(v: LValue): number {
    if (!this.has[v]) return 0;
    return this.num[v] ? this.iv[2 * v]! : Number(this.big[v]![0]);
  }

  /** The upper bound of v's unsigned interval, as a number (its whole type when unknown). */
  private hi(v: LValue): number {
    if (!this.has[v]) return UMAXN[this.types[v]!];
    return this.num[v] ? this.iv[2 * v + 1]! : Number(this.big[v]![1]);
  }

  /** The unsigned interval of `v` as BigInts (its whole type when unknown). */
  private range(v: LValue): Range {
    if (!this.has[v]) return FULL[this.types[v]!];
    return this.num[v] ? [BigInt(this.iv[2 * v]!), BigInt(this.iv[2 * v + 1]!)] : this.big[v]!;
  }

  /** v's value when it is an integer constant, as a number (NaN otherwise) or a bigint (undefined otherwise). */
  private constNumber(v: LValue): number {
    if (this.num[v]) return this.constN[v]!;
    const c = this.constB[v];
    return c === undefined ? NaN : Number(c);
  }

  private constBig(v: LValue): bigint | undefined {
    if (!this.num[v]) return this.constB[v];
    const c = this.constN[v]!;
    return Number.isNaN(c) ? undefined : BigInt(c);
  }

  /** Sets v's interval to [lo, hi] (numeric v); whether that changed it. */
  private storeN(v: LValue, lo: number, hi: number): boolean {
    const iv = this.iv;
    if (this.has[v] && iv[2 * v] === lo && iv[2 * v + 1] === hi) return false;
    this.has[v] = 1;
    iv[2 * v] = lo;
    iv[2 * v + 1] = hi;
    return true;
  }

  /** Sets v's interval to r (64-bit v); whether that changed it. */
  private storeB(v: LValue, r: Range): boolean {
    const old = this.big[v];
    if (old && sameRange(old, r)) return false;
    (this.big === NONE ? (this.big = new Array(this.types.length)) : this.big)[v] = r;
    this.has[v] = 1;
    return true;
  }

  /** Sets v's interval to its whole type; whether that changed it. */
  private storeFull(v: LValue): boolean {
    const t = this.types[v]!;
    return this.num[v] ? this.storeN(v, 0, UMAXN[t]) : this.storeB(v, FULL[t]);
  }

  /** Sets v's interval to what transfer computed; whether that changed it. */
  private storeOut(v: LValue): boolean {
    return this.num[v] ? this.storeN(v, this.out.lo, this.out.hi) : this.storeB(v, this.outBig);
  }

  /**
   * Sets parameter p to its interval joined with arg's (the first join sets
   * it), widened to its whole type when that makes it grow more than
   * WIDEN_AFTER times; whether that changed it.
   */
  private join(p: LValue, arg: LValue, growths: Uint8Array): boolean {
    if (this.num[p]) {
      const alo = this.lo(arg), ahi = this.hi(arg);
      if (!this.has[p]) return this.storeN(p, alo, ahi);
      const olo = this.iv[2 * p]!, ohi = this.iv[2 * p + 1]!;
      const lo = olo < alo ? olo : alo, hi = ohi > ahi ? ohi : ahi;
      if ((lo !== olo || hi !== ohi) && ++growths[p]! > WIDEN_AFTER) return this.storeN(p, 0, UMAXN[this.types[p]!]);
      return this.storeN(p, lo, hi);
    }
    const a = this.range(arg), old = this.big[p];
    let next = old ? union(old, a) : a;
    if (old && !sameRange(next, old) && ++growths[p]! > WIDEN_AFTER) next = FULL[this.types[p]!];
    return this.storeB(p, next);
  }

  /** Iterate to the fixed point; false when MAX_ROUNDS did not reach it. */
  private solve(): boolean {
    const blocks = this.fn.blocks, n = blocks.length;
    // Without a backward edge nothing is ever sent round again (see forwardOnly): no reader lists to build.
    const readers = forwardOnly(this.fn) ? undefined : (this.readers = readersOf(this.fn, this.scratch));
    const growths = this.scratch.u8(U8_GROWTHS, this.types.length, 0);
    // dirty: blocks still to visit this round; later: blocks a change made stale after their visit this round.
    let dirty = this.scratch.u8(U8_DIRTY, n, 1), later = this.scratch.u8(U8_LATER, n, 0);
    let at = -1, changed = false;
    // Whether the value being set is a parameter set by an edge at the end of block `at`. Any other value is set
    // before its readers in block `at` run (SSA: a result is read after its definition, an entry parameter after
    // the block starts), so they already saw it and block `at` need not be visited again for it.
    let onEdge = false;
    const touched = (v: LValue) => {
      changed = true;
      if (!readers) return;
      for (let k = readers.start[v]!, end = readers.start[v + 1]!; k < end; k++) {
        const b = readers.blocks[k]!;
        if (b > at) dirty[b] = 1;
        else if (b < at || onEdge) later[b] = 1;
      }
    };
    const flow = (e: LEdge) => {
      if (e.block === 0) return;
      const params = blocks[e.block]!.params;
      for (let k = 0; k < params.length; k++) {
        const p = params[k]!, arg = e.args[k]!;
        if (this.has[arg] && this.join(p, arg, growths)) touched(p);
      }
    };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      changed = false;
      for (let bi = 0; bi < n; bi++) {
        if (!dirty[bi]) continue;
        dirty[bi] = 0;
        at = bi;
        const b = blocks[bi]!;
        if (bi === 0) for (const p of b.params) if (this.storeFull(p)) touched(p);
        for (const i of b.insts) {
          if (i.op === "call" || i.op === "call_indirect") {
            for (const d of i.dsts) if (this.storeFull(d)) touched(d);
          } else if (i.op !== "store") {
            // false: an operand not reached yet (a later round brings it)
            if (this.transfer(i) && this.storeOut(i.dst)) touched(i.dst);
          }
        }
        onEdge = true;
        forEachEdge(b.term, flow);
        onEdge = false;
      }
      if (!changed) return true;
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
    const blocks = this.fn.blocks, n = blocks.length;
    // Only the entry: no parameter a round would recompute, and its instructions are at their transfer already.
    if (n < 2) return;
    const incoming: LEdge[][] = blocks.map(() => []);
    for (const b of blocks) forEachEdge(b.term, (e) => incoming[e.block]?.push(e));
    let dirty = this.scratch.u8(U8_DIRTY, n, 0), later = this.scratch.u8(U8_LATER, n, 0);
    let any = false;
    for (let bi = 1; bi < n; bi++) {
      if (this.paramsNarrow(blocks[bi]!.params, incoming[bi]!)) {
        dirty[bi] = 1;
        any = true;
      }
    }
    if (!any) return;
    const readers = (this.readers ??= readersOf(this.fn, this.scratch));
    let at = -1;
    const mark = (b: number, sameRound: boolean) => {
      if (sameRound) dirty[b] = 1;
      else later[b] = 1;
    };
    // The blocks that may see a change of `v`: its readers, and the targets of the edges a reader ends with.
    const markTarget = (e: LEdge) => { if (e.block > 0 && e.block < n) mark(e.block, e.block > at); };
    const touched = (v: LValue) => {
      for (let k = readers.start[v]!, end = readers.start[v + 1]!; k < end; k++) {
        const b = readers.blocks[k]!;
        if (b !== at) mark(b, b > at);
        forEachEdge(blocks[b]!.term, markTarget);
      }
    };
    for (let round = 0; round < NARROW_ROUNDS; round++) {
      for (let bi = 0; bi < n; bi++) {
        if (!dirty[bi]) continue;
        dirty[bi] = 0;
        at = bi;
        const b = blocks[bi]!;
        if (bi !== 0) {
          const edges = incoming[bi]!;
          for (let k = 0; k < b.params.length; k++) {
            const p = b.params[k]!;
            if (this.incomingUnion(p, edges, k) && this.storeOut(p)) touched(p);
          }
        }
        for (const i of b.insts) {
          if (i.op === "call" || i.op === "call_indirect" || i.op === "store") continue;
          if (this.transfer(i) && this.storeOut(i.dst)) touched(i.dst);
        }
      }
      [dirty, later] = [later, dirty];
    }
  }

  /**
   * The union of what the edges pass as parameter k (of value p), where
   * transfer puts its result; false when none of it is known yet.
   */
  private incomingUnion(p: LValue, edges: readonly LEdge[], k: number): boolean {
    let found = false;
    if (this.num[p]) {
      let lo = 0, hi = 0;
      for (const e of edges) {
        const a = e.args[k]!;
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
    for (const e of edges) {
      const a = e.args[k]!;
      if (this.has[a]) r = r ? union(r, this.range(a)) : this.range(a);
    }
    if (r) this.outBig = r;
    return r !== undefined;
  }

  /** Whether a narrowing round would change one of these parameters: one is not exactly the union of what its edges pass. */
  private paramsNarrow(params: readonly LValue[], edges: readonly LEdge[]): boolean {
    for (let k = 0; k < params.length; k++) {
      const p = params[k]!;
      if (!this.incomingUnion(p, edges, k) || !this.has[p]) continue;
      if (this.num[p] ? this.iv[2 * p] !== this.out.lo || this.iv[2 * p + 1] !== this.out.hi : !sameRange(this.big[p]!, this.outBig)) return true;
    }
    return false;
  }

  /**
   * The interval of i's result, into `out` (numeric result) or `outBig`;
   * false when an operand is not known yet.
   */
  private transfer(i: Computed): boolean {
    const t = this.types[i.dst]!;
    if (!isInt(t) && t !== "bool") return this.full(i.dst, t);
    switch (i.op) {
      case "iconst":
        if (this.num[i.dst]) {
          const c = i.type === "bool" ? Number(i.value & 1n) : this.constN[i.dst]!;
          return this.setNumber(c, c);
        }
        return this.constB[i.dst] === undefined ? this.full(i.dst, t) : this.setBig([this.constB[i.dst]!, this.constB[i.dst]!]);
      case "icmp": case "fcmp": return this.num[i.dst] ? this.setNumber(0, 1) : this.setBig([0n, 1n]);
      case "load": {
        const r = this.loaded(i);
        if (!r) return this.full(i.dst, t);
        return this.num[i.dst] ? this.setNumber(Number(r[0]), Number(r[1])) : this.setBig(r);
      }
      case "select":
        if (!this.has[i.a] || !this.has[i.b]) return false;
        if (this.num[i.dst]) {
          const alo = this.lo(i.a), ahi = this.hi(i.a), blo = this.lo(i.b), bhi = this.hi(i.b);
          return this.setNumber(alo < blo ? alo : blo, ahi > bhi ? ahi : bhi);
        }
        return this.setBig(union(this.range(i.a), this.range(i.b)));
      case "convert": return this.has[i.src] ? this.convert(i, t) : false;
      case "binary": return this.has[i.a] && this.has[i.b] ? this.binary(i, t) : false;
      default: return this.full(i.dst, t);
    }
  }

  private setNumber(lo: number, hi: number): true {
    this.out.lo = lo;
    this.out.hi = hi;
    return true;
  }

  private setBig(r: Range): true {
    this.outBig = r;
    return true;
  }

  /** The whole type `t` of value v as transfer's result. */
  private full(v: LValue, t: LType): true {
    return this.num[v] ? this.setNumber(0, UMAXN[t]) : this.setBig(FULL[t]);
  }

  private convert(i: Extract<LInst, { op: "convert" }>, t: LType): boolean {
    const from = this.types[i.src]!;
    const keep = i.kind === "uext" || (i.kind === "sext" && this.hiAtMost(i.src, SMAX[from])) || (i.kind === "trunc" && this.hiAtMost(i.src, UMAX[t]));
    if (!keep) return this.full(i.dst, t);
    return this.num[i.dst] ? this.setNumber(this.lo(i.src), this.hi(i.src)) : this.setBig(this.range(i.src));
  }

  /** Whether v's (known) upper bound is at most `bound`. */
  private hiAtMost(v: LValue, bound: bigint): boolean {
    return this.num[v] ? this.iv[2 * v + 1]! <= Number(bound) : this.big[v]![1] <= bound;
  }

  private binary(i: Binary, t: LType): true {
    if (this.num[i.dst] && this.num[i.a] && this.num[i.b]) {
      const iv = this.iv, a = 2 * i.a, b = 2 * i.b;
      binaryN(i.kind, t, iv[a]!, iv[a + 1]!, iv[b]!, iv[b + 1]!, this.constNumber(i.b), this.out);
      return true;
    }
    const r = binaryB(i.kind, t, this.range(i.a), this.range(i.b), this.constBig(i.b));
    return this.num[i.dst] ? this.setNumber(Number(r[0]), Number(r[1])) : this.setBig(r);
  }

  /** What an integer load from a read-only data object of the module may read (undefined: not such a load). */
  private fromData(i: Extract<LInst, { op: "load" }>): Range | undefined {
    if (!isInt(i.type)) return undefined;
    let base = i.addr, exact = true;
    for (let steps = 0; steps < 8 && base >= 0 && base < this.types.length && this.ptrBase[base]! >= 0; steps++) {
      base = this.ptrBase[base]! as LValue;
      exact = false;
    }
    const sym = this.symbols[base];
    const d = sym === undefined ? undefined : this.data.get(sym);
    if (!d || d.writable || d.relocs.length > 0) return undefined;
    const size = bitWidth(i.type) / 8;
    if (exact) return readRange(d.bytes, i.offset, i.offset, 1, size, i.type);
    // An aligned load from an object aligned at least as much reads at multiples of its size only.
    const stride = !i.unaligned && d.align >= size ? size : 1;
    const key = `${d.name} ${i.type} ${stride}`;
    const ranges = (this.dataRanges ??= new Map());
    if (!ranges.has(key)) ranges.set(key, readRange(d.bytes, 0, d.bytes.length - size, stride, size, i.type) ?? null);
    return ranges.get(key) ?? undefined;
  }
}

/** Whether two intervals are equal. */
function sameRange(a: Range, b: Range): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Smallest and largest little-endian `size`-byte value at offsets from..to by `stride`; undefined when there is none. */
function readRange(bytes: Uint8Array, from: number, to: number, stride: number, size: number, t: LIntType): Range | undefined {
  if (from < 0 || to + size > bytes.length || from > to) return undefined;
  let lo = UMAX[t], hi = 0n;
  for (let o = from; o <= to; o += stride) {
    let v = 0n;
    for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[o + k]!);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The `!range` node text of an unsigned interval of type `t` ([lo, hi + 1) in signed spelling, as LangRef writes it). */
export function rangeNode(t: LIntType, r: Range): string {
  const w = bitWidth(t);
  const s = (x: bigint) => BigInt.asIntN(w, x).toString();
  return `!{${t} ${s(r[0])}, ${t} ${s(r[1] + 1n)}}`;
}

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
 */
import { bitWidth, type LData, type LEdge, type LFunction, type LInst, type LIntType, type LTerm, type LType, type LValue } from "@fzy/lir";

type Range = readonly [bigint, bigint];

/** Growths of a block parameter's interval before it is widened to its type. */
const WIDEN_AFTER = 3;
/** Rounds over the function before the analysis gives up (every value unbounded). */
const MAX_ROUNDS = 24;
/** Rounds of narrowing after the fixed point. */
const NARROW_ROUNDS = 2;

const UMAX: Readonly<Record<LType, bigint>> = {
  bool: 1n, i8: 0xffn, i16: 0xffffn, i32: 0xffff_ffffn, i64: 0xffff_ffff_ffff_ffffn,
  f32: 0xffff_ffffn, f64: 0xffff_ffff_ffff_ffffn, ptr: 0xffff_ffff_ffff_ffffn,
};
const FULL: Readonly<Record<LType, Range>> = {
  bool: [0n, 1n], i8: [0n, UMAX.i8], i16: [0n, UMAX.i16], i32: [0n, UMAX.i32], i64: [0n, UMAX.i64],
  f32: [0n, UMAX.f32], f64: [0n, UMAX.f64], ptr: [0n, UMAX.ptr],
};
const SMAX: Readonly<Record<LType, bigint>> = {
  bool: 0n, i8: 0x7fn, i16: 0x7fffn, i32: 0x7fff_ffffn, i64: 0x7fff_ffff_ffff_ffffn,
  f32: 0x7fff_ffffn, f64: 0x7fff_ffff_ffff_ffffn, ptr: 0x7fff_ffff_ffff_ffffn,
};
/** Bit width of each type as a bigint (shift amounts are compared with it). */
const WIDTH: Readonly<Record<LType, bigint>> = { bool: 1n, i8: 8n, i16: 16n, i32: 32n, i64: 64n, f32: 32n, f64: 64n, ptr: 64n };
/** ONES[k] = 2^k - 1. */
const ONES: readonly bigint[] = Array.from({ length: 65 }, (_, k) => (1n << BigInt(k)) - 1n);
const umax = (t: LType): bigint => UMAX[t];
const smax = (t: LType): bigint => SMAX[t];
const full = (t: LType): Range => FULL[t];
/** The smallest all-ones value at least x (0 for 0), for 0 <= x < 2^64 without leaving numbers for strings. */
function ones(x: bigint): bigint {
  if (x >= 0n && x <= 0xffff_ffffn) return ONES[32 - Math.clz32(Number(x))]!;
  if (x >= 0n && x <= UMAX.i64) return ONES[64 - Math.clz32(Number(x >> 32n))]!;
  return (1n << BigInt(x.toString(2).length)) - 1n;
}
const union = (a: Range, b: Range): Range => [a[0] < b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1]];
const isInt = (t: LType): t is LIntType => t === "i8" || t === "i16" || t === "i32" || t === "i64";

/** The operations that can carry `nuw`/`nsw`. */
export const FLAGGED: ReadonlySet<string> = new Set(["iadd", "isub", "imul", "ishl"]);

/** The facts of one function (ranges computed when made). */
export class LlvmFacts {
  private readonly ranges: (Range | undefined)[];
  /** By value id: the unsigned value of an integer constant, the data object a symbol_addr names, the base of a ptr_add (-1: none). */
  private readonly consts: (bigint | undefined)[];
  private readonly symbols: (string | undefined)[];
  private readonly ptrBase: Int32Array;
  private readonly dataRanges = new Map<string, Range | null>();

  constructor(private readonly fn: LFunction, private readonly data: ReadonlyMap<string, LData>) {
    const nv = fn.valueTypes.length;
    this.ranges = new Array(nv);
    this.consts = new Array(nv);
    this.symbols = new Array(nv);
    this.ptrBase = new Int32Array(nv).fill(-1);
    for (const b of fn.blocks) {
      for (const i of b.insts) {
        // Most constants are already in [0, 2^w): no new bigint for them.
        if (i.op === "iconst" && i.type !== "bool") this.consts[i.dst] = i.value >= 0n && i.value <= UMAX[i.type] ? i.value : BigInt.asUintN(bitWidth(i.type), i.value);
        else if (i.op === "symbol_addr") this.symbols[i.dst] = i.symbol;
        else if (i.op === "ptr_add") this.ptrBase[i.dst] = i.base;
      }
    }
    if (this.solve()) this.narrow();
    else this.ranges.fill(undefined);
  }

  /** ` nuw`, ` nsw`, ` nuw nsw` or "" for a binary instruction (after the opcode). */
  wrapFlags(inst: Extract<LInst, { op: "binary" }>): string {
    const t = this.fn.valueTypes[inst.dst]!;
    if (!isInt(t) || !FLAGGED.has(inst.kind)) return "";
    const [alo, ahi] = this.range(inst.a), bhi = this.range(inst.b)[1];
    const signedOk = ahi <= smax(t) && bhi <= smax(t); // both operands non-negative as signed values
    let nuw = false, nsw = false;
    switch (inst.kind) {
      case "iadd": nuw = ahi + bhi <= umax(t); nsw = signedOk && ahi + bhi <= smax(t); break;
      case "isub": nuw = alo >= bhi; nsw = signedOk; break; // two non-negatives differ by less than 2^(w-1)
      case "imul": nuw = ahi * bhi <= umax(t); nsw = signedOk && ahi * bhi <= smax(t); break;
      case "ishl": {
        const c = this.consts[inst.b];
        if (c === undefined || c >= WIDTH[t]) return "";
        nuw = ahi << c <= umax(t);
        nsw = ahi << c <= smax(t); // every bit shifted out and the sign bit are zero
        break;
      }
    }
    return `${nuw ? " nuw" : ""}${nsw ? " nsw" : ""}`;
  }

  /**
   * The interval a load from read-only data reads (unsigned), or undefined
   * when it is not such a load or the interval is the whole type.
   */
  loadRange(inst: Extract<LInst, { op: "load" }>): Range | undefined {
    if (!isInt(inst.type)) return undefined;
    const r = this.loaded(inst);
    return r && (r[0] !== 0n || r[1] !== umax(inst.type)) ? r : undefined;
  }

  /** What an integer load may read: its data object's values, within the range it carries (undefined: either unknown). */
  private loaded(i: Extract<LInst, { op: "load" }>): Range | undefined {
    const data = this.fromData(i);
    if (!i.range) return data;
    const own: Range = [i.range.lo, i.range.hi - 1n];
    if (!data) return own;
    // Both hold: their intersection (empty only where no well-formed program loads: then the carried range).
    const lo = data[0] > own[0] ? data[0] : own[0], hi = data[1] < own[1] ? data[1] : own[1];
    return lo <= hi ? [lo, hi] : own;
  }

  /** The unsigned interval of `v`. */
  range(v: LValue): Range {
    return this.ranges[v] ?? full(this.fn.valueTypes[v]!);
  }

  /** Iterate to the fixed point; false when MAX_ROUNDS did not reach it. */
  private solve(): boolean {
    const blocks = this.fn.blocks, n = blocks.length, types = this.fn.valueTypes;
    // Without a backward edge nothing is ever sent round again (see forwardOnly): no reader lists to build.
    const readers = forwardOnly(this.fn) ? undefined : readersOf(this.fn);
    const growths = new Uint8Array(types.length);
    // dirty: blocks still to visit this round; later: blocks a change made stale after their visit this round.
    let dirty = new Uint8Array(n).fill(1), later = new Uint8Array(n);
    let at = -1, changed = false;
    // Whether the value being set is a parameter set by an edge at the end of block `at`. Any other value is set
    // before its readers in block `at` run (SSA: a result is read after its definition, an entry parameter after
    // the block starts), so they already saw it and block `at` need not be visited again for it.
    let onEdge = false;
    const set = (v: LValue, r: Range) => {
      const old = this.ranges[v];
      if (old && old[0] === r[0] && old[1] === r[1]) return;
      this.ranges[v] = r;
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
        const p = params[k]!, arg = this.ranges[e.args[k]!];
        if (!arg) continue;
        const old = this.ranges[p];
        let next = old ? union(old, arg) : arg;
        if (old && (next[0] !== old[0] || next[1] !== old[1]) && ++growths[p]! > WIDEN_AFTER) next = full(types[p]!);
        set(p, next);
      }
    };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      changed = false;
      for (let bi = 0; bi < n; bi++) {
        if (!dirty[bi]) continue;
        dirty[bi] = 0;
        at = bi;
        const b = blocks[bi]!;
        if (bi === 0) for (const p of b.params) set(p, full(types[p]!));
        for (const i of b.insts) {
          if (i.op === "call" || i.op === "call_indirect") for (const d of i.dsts) set(d, full(types[d]!));
          else if (i.op !== "store") {
            const r = this.transfer(i);
            if (r) set(i.dst, r); // undefined: an operand not reached yet (a later round brings it)
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

  /** The narrowing rounds (see the file header). */
  private narrow(): void {
    const blocks = this.fn.blocks;
    const incoming: LEdge[][] = blocks.map(() => []);
    for (const b of blocks) forEachEdge(b.term, (e) => incoming[e.block]?.push(e));
    if (!this.narrowingChanges(incoming)) return;
    let changed = false;
    const set = (v: LValue, r: Range) => {
      const old = this.ranges[v];
      if (!old || old[0] !== r[0] || old[1] !== r[1]) changed = true;
      this.ranges[v] = r;
    };
    // A round that changes nothing leaves the state a next round starts from, and would repeat itself exactly.
    for (let round = 0; round < NARROW_ROUNDS && (round === 0 || changed); round++) {
      changed = false;
      for (let bi = 0; bi < blocks.length; bi++) {
        const b = blocks[bi]!;
        if (bi !== 0) {
          const edges = incoming[bi]!;
          for (let k = 0; k < b.params.length; k++) {
            let r: Range | undefined;
            for (const e of edges) {
              const a = this.ranges[e.args[k]!];
              if (a) r = r ? union(r, a) : a;
            }
            if (r) set(b.params[k]!, r);
          }
        }
        for (const i of b.insts) {
          if (i.op === "call" || i.op === "call_indirect" || i.op === "store") continue;
          const r = this.transfer(i);
          if (r) set(i.dst, r);
        }
      }
    }
  }

  /**
   * Whether a narrowing round would change anything: only when some
   * parameter (outside the entry) is not exactly the union of what its edges
   * pass. Otherwise the round recomputes every parameter as it is, and every
   * instruction from operands as they are, which the fixed point already
   * did (solve leaves each result the transfer of its final operands), so it
   * is skipped: the same ranges without a pass over every instruction.
   */
  private narrowingChanges(incoming: readonly (readonly LEdge[])[]): boolean {
    const blocks = this.fn.blocks;
    for (let bi = 1; bi < blocks.length; bi++) {
      const params = blocks[bi]!.params, edges = incoming[bi]!;
      for (let k = 0; k < params.length; k++) {
        let r: Range | undefined;
        for (const e of edges) {
          const a = this.ranges[e.args[k]!];
          if (a) r = r ? union(r, a) : a;
        }
        const old = this.ranges[params[k]!];
        if (r && (!old || old[0] !== r[0] || old[1] !== r[1])) return true;
      }
    }
    return false;
  }

  private transfer(i: Exclude<LInst, { op: "call" | "call_indirect" | "store" }>): Range | undefined {
    const t = this.fn.valueTypes[i.dst]!;
    if (!isInt(t) && t !== "bool") return full(t);
    switch (i.op) {
      case "iconst": return i.type === "bool" ? [i.value & 1n, i.value & 1n] : [this.consts[i.dst]!, this.consts[i.dst]!];
      case "icmp": case "fcmp": return [0n, 1n];
      case "load": return this.loaded(i) ?? full(t);
      case "select": return this.known(i.a, i.b) ? union(this.range(i.a), this.range(i.b)) : undefined;
      case "convert": return this.known(i.src) ? this.convert(i, t) : undefined;
      case "binary": return this.known(i.a, i.b) ? this.binary(i, t) : undefined;
      default: return full(t);
    }
  }

  private known(a: LValue, b: LValue = a): boolean {
    return this.ranges[a] !== undefined && this.ranges[b] !== undefined;
  }

  private convert(i: Extract<LInst, { op: "convert" }>, t: LType): Range {
    const src = this.range(i.src), from = this.fn.valueTypes[i.src]!;
    switch (i.kind) {
      case "uext": return src;
      case "sext": return src[1] <= smax(from) ? src : full(t);
      case "trunc": return src[1] <= umax(t) ? src : full(t);
      default: return full(t);
    }
  }

  private binary(i: Extract<LInst, { op: "binary" }>, t: LType): Range {
    const [alo, ahi] = this.range(i.a), [blo, bhi] = this.range(i.b);
    const c = this.consts[i.b];
    const nonNeg = ahi <= smax(t);
    switch (i.kind) {
      case "iadd": return ahi + bhi <= umax(t) ? [alo + blo, ahi + bhi] : full(t);
      case "isub": return alo >= bhi ? [alo - bhi, ahi - blo] : full(t);
      case "imul": return ahi * bhi <= umax(t) ? [alo * blo, ahi * bhi] : full(t);
      case "urem": return bhi > 0n && blo > 0n ? [0n, ahi < bhi - 1n ? ahi : bhi - 1n] : full(t);
      case "udiv": return blo > 0n ? [alo / bhi, ahi / blo] : full(t);
      case "srem": return nonNeg && blo > 0n && bhi <= smax(t) ? [0n, ahi < bhi - 1n ? ahi : bhi - 1n] : full(t);
      case "sdiv": return nonNeg && blo > 0n && bhi <= smax(t) ? [alo / bhi, ahi / blo] : full(t);
      case "band": return [0n, ahi < bhi ? ahi : bhi];
      case "bor": case "bxor": return [0n, ones(ahi > bhi ? ahi : bhi)];
      case "ushr": return c !== undefined && c < WIDTH[t] ? [alo >> c, ahi >> c] : [0n, ahi];
      case "sshr": return nonNeg && c !== undefined && c < WIDTH[t] ? [alo >> c, ahi >> c] : full(t);
      case "ishl": return c !== undefined && c < WIDTH[t] && ahi << c <= umax(t) ? [alo << c, ahi << c] : full(t);
      default: return full(t);
    }
  }

  /** What an integer load from a read-only data object of the module may read (undefined: not such a load). */
  private fromData(i: Extract<LInst, { op: "load" }>): Range | undefined {
    if (!isInt(i.type)) return undefined;
    let base = i.addr, exact = true;
    for (let steps = 0; steps < 8 && base >= 0 && base < this.ptrBase.length && this.ptrBase[base]! >= 0; steps++) {
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
    if (!this.dataRanges.has(key)) this.dataRanges.set(key, readRange(d.bytes, 0, d.bytes.length - size, stride, size, i.type) ?? null);
    return this.dataRanges.get(key) ?? undefined;
  }
}

/** Calls `f` on each edge of a terminator, in `termEdges` order (@fzy/lir), without building a list. */
function forEachEdge(t: LTerm, f: (e: LEdge) => void): void {
  switch (t.op) {
    case "jump": f(t.target); return;
    case "brif": f(t.then); f(t.else); return;
    case "br_table": f(t.default); for (const e of t.targets) f(e); return;
    case "return": case "trap": return;
  }
}

/**
 * Whether every edge of `fn` goes to a later block (or to block 0, whose
 * parameters no edge sets). Then every block a value reaches comes after
 * the block that sets it (a verified function's uses are dominated by their
 * definitions, and a dominator comes first when edges only go forward), so
 * the first round visits each reader after the change anyway: nothing is
 * marked for a later round, and the reader lists would go unused.
 */
function forwardOnly(fn: LFunction): boolean {
  const blocks = fn.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const t = blocks[b]!.term;
    switch (t.op) {
      case "jump": if (t.target.block <= b && t.target.block !== 0) return false; break;
      case "brif":
        if ((t.then.block <= b && t.then.block !== 0) || (t.else.block <= b && t.else.block !== 0)) return false;
        break;
      case "br_table":
        if (t.default.block <= b && t.default.block !== 0) return false;
        for (const e of t.targets) if (e.block <= b && e.block !== 0) return false;
        break;
      case "return": case "trap": break;
    }
  }
  return true;
}

/**
 * The blocks that read each value (as an operand or an edge argument), in
 * increasing order without repeats, as one flat array: the readers of v are
 * blocks[start[v]] .. blocks[start[v + 1] - 1].
 */
function readersOf(fn: LFunction): { readonly start: Int32Array; readonly blocks: Int32Array } {
  const nv = fn.valueTypes.length, blocks = fn.blocks;
  const start = new Int32Array(nv + 2), last = new Int32Array(nv);
  let out: Int32Array | undefined, bi = 0;
  const use = (v: LValue) => {
    if (v < 0 || v >= nv || last[v] === bi) return;
    last[v] = bi;
    if (out) out[start[v + 1]!++] = bi;
    else start[v + 2]!++;
  };
  const edgeUses = (e: LEdge) => { for (const v of e.args) use(v); };
  for (let pass = 0; pass < 2; pass++) {
    last.fill(-1);
    for (bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi]!;
      for (const i of b.insts) forEachUse(i, use);
      forEachEdge(b.term, edgeUses);
    }
    if (!out) {
      for (let v = 0; v < nv; v++) start[v + 2]! += start[v + 1]!;
      out = new Int32Array(start[nv + 1]!);
    }
  }
  return { start, blocks: out! };
}

/** Calls `f` on each value `i` reads (instUses of @fzy/lir, without building a list). */
function forEachUse(i: LInst, f: (v: LValue) => void): void {
  switch (i.op) {
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr": return;
    case "binary": case "icmp": case "fcmp": f(i.a); f(i.b); return;
    case "select": f(i.cond); f(i.a); f(i.b); return;
    case "convert": case "opaque": case "unary": f(i.src); return;
    case "load": f(i.addr); return;
    case "store": f(i.addr); f(i.value); return;
    case "ptr_add": f(i.base); f(i.offset); return;
    case "call": for (const a of i.args) f(a); return;
    case "call_indirect": f(i.callee); for (const a of i.args) f(a); return;
  }
}

/** Smallest and largest little-endian `size`-byte value at offsets from..to by `stride`; undefined when there is none. */
function readRange(bytes: Uint8Array, from: number, to: number, stride: number, size: number, t: LIntType): Range | undefined {
  if (from < 0 || to + size > bytes.length || from > to) return undefined;
  let lo = umax(t), hi = 0n;
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

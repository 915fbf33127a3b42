/**
 * A builder for the lowered form: blocks are created first, filled in any
 * order, and each is closed by exactly one terminator. Values get dense ids in
 * creation order, so building the same program twice gives the same ids.
 *
 * Names and origins (types.ts LNames, LOrigins) ride along for readers of
 * the output: `nameValue`/`nameBlock` label what the caller maps from its
 * own program, and every instruction and terminator appended while an origin
 * is current (`setOrigin`) records it. Both cost nothing until first used:
 * a block keeps an origin row only once some origin was current in it.
 *
 * Storage: the growing tables live in an LBuilderScratch, which a caller
 * building many functions in turn reuses (one builder at a time per
 * scratch). A block is a row of parallel tables (parameters, terminator,
 * cold flag, instruction count and first instruction), not an object, until
 * finish() makes each LBlock once, with its instructions copied out of the
 * one flat list at their exact size: a block filled in one go (the common
 * case) is one run of that list; only when some block was filled in several
 * goes are the instructions grouped by block first. Invariant: a finished
 * function shares no array with the scratch, and the next function built in
 * it writes only objects of its own, so it cannot change the last.
 */
import type {
  LBinOp, LUnOp, LBlock, LBlockId, LConvKind, LEdge, LFloatCC, LFunction, LInst, LIntCC, LIntType, LLoadRange, LNames, LOrigin, LOrigins,
  LStackSlot, LTerm, LType, LValue,
} from "./types.js";

/**
 * The parameters of every block without any: one list, frozen, since
 * finished blocks share it (a reader that changes a block's parameters
 * makes its own list, as the optimizer does).
 */
const NO_PARAMS: readonly LValue[] = Object.freeze([]);

/** The parameter types of a block made without any (a default argument written `[]` would allocate one per call). */
const NO_TYPES: readonly LType[] = Object.freeze([]);

/** The stack slots of every function without any (frozen and shared, as NO_PARAMS). */
const NO_SLOTS: readonly LStackSlot[] = Object.freeze([]);

/** The bigints -1..255, made once: a constant given as a number (0, 1, -1, a size) is shared, not a fresh heap bigint each time. */
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 257 }, (_, i) => BigInt(i - 1));

/** `n` as a bigint (BigInt's RangeError for a number that is not an integer). */
function bigintOf(n: number): bigint {
  return n >= -1 && n <= 255 && (n | 0) === n ? SMALL_BIGINTS[n + 1]! : BigInt(n);
}

/** `a`, or a copy of it twice as large (at least `n` entries) when it has fewer than `n`. */
function fit(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (a.length >= n) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The length from which a scratch list is handed over to the function
 * built, cut to size, rather than copied: a long list is a large object,
 * and each large object allocated costs far more than its entries' copy
 * (the scratch then starts a new list).
 */
const HANDED_OVER_FROM = 4096;

/** `list` cut to its first `n` entries (in place: the caller's scratch lets go of it). */
function cut<T>(list: T[], n: number): T[] {
  if (list.length !== n) list.length = n;
  return list;
}

/**
 * The names given to the ids of one kind (values or blocks) of the function
 * being built: one list by id, valid below `valid` (the first name given
 * sticks). Entries are made undefined up to an id only when that id is
 * named or the names are read, so naming costs one store per id named and
 * forgetting costs nothing. The list is allocated at its size when it must
 * grow (appending to a long list copies it again and again); a long one
 * is handed over, cut to the function's ids, as the function's names.
 */
class NameTable {
  private byId: (string | undefined)[] = [];
  /** Entries below this belong to the function being built; the rest are stale or holes. */
  private valid = 0;

  /** Names `id`, unless it already has a name. */
  set(id: number, name: string): void {
    if (id < this.valid) {
      if (this.byId[id] === undefined) this.byId[id] = name;
      return;
    }
    if (!(id >= 0)) return;
    this.clearTo(id + 1);
    this.byId[id] = name;
  }

  /** Entries from `valid` up to `n` (exclusive) made undefined; `valid` moved to n. */
  private clearTo(n: number): void {
    let byId = this.byId;
    if (n > byId.length) {
      // Allocated at once (holes past n are never read: entries are written before they are valid), with
      // room for the ids made after a jump (a branch tree's unnamed values, then a few named ones).
      const grown = new Array<string | undefined>(Math.max(n + (n >> 3), 2 * byId.length, 16));
      for (let i = 0; i < this.valid; i++) grown[i] = byId[i];
      this.byId = byId = grown;
    }
    for (let i = this.valid; i < n; i++) byId[i] = undefined;
    this.valid = n;
  }

  /**
   * The name of every id below `n` (undefined where none), at its size: a
   * copy of a short list, or a long list itself, cut to size and handed
   * over (copying it would cost as much again; cutting is one call).
   */
  upTo(n: number): (string | undefined)[] {
    if (this.valid < n) this.clearTo(n);
    const out = this.byId;
    if (n < HANDED_OVER_FROM) return out.slice(0, n);
    this.byId = [];
    this.valid = 0;
    return cut(out, n);
  }

  /** Forgets every name. */
  forget(): void {
    this.valid = 0;
  }
}

/**
 * The growing tables of a builder, reused from one function to the next by
 * whoever builds many in turn (one builder at a time per scratch): values'
 * types, blocks as rows of parallel tables, every instruction in one flat
 * list in the order appended, and the names given (NameTable). finish()
 * copies each table out at its exact size, so a function allocates no
 * array that grows by doubling, and no block an instruction list until it
 * is finished.
 */
export class LBuilderScratch {
  types: LType[] = [];
  readonly valueNames = new NameTable();
  readonly blockNames = new NameTable();
  /** Per block: its parameters, its terminator (undefined while open), cold (1) or not. */
  params: (readonly LValue[])[] = [];
  terms: (LTerm | undefined)[] = [];
  cold = new Uint8Array(64);
  /** Per block: the instructions appended to it so far, and the flat index of its first. */
  counts = new Int32Array(64);
  starts = new Int32Array(64);
  insts: LInst[] = [];
  /** The block of each instruction, kept only once some block was filled in two goes. */
  instBlock = new Int32Array(64);
  /** finish()'s instructions grouped by block, the next place of each block's, and its blocks. */
  grouped: LInst[] = [];
  cursor = new Int32Array(64);
  blocks: LBlock[] = [];

  /** Forgets the names of the last function built (the other tables are overwritten before they are read). */
  forgetNames(): void {
    this.valueNames.forget();
    this.blockNames.forget();
  }
}

/** Result types of binary ops: the operand type. */
export class LFunctionBuilder {
  /** The tables (LBuilderScratch), valid below the counts kept here. */
  private readonly t: LBuilderScratch;
  private nValues = 0;
  private nBlocks = 0;
  private nInsts = 0;
  /** The block the last instruction went to (-1: none yet). */
  private lastBlock = -1;
  /** True once some block was filled in two goes (so `t.instBlock` is kept). */
  private split = false;
  /** Per block: the origin index of each instruction, then the terminator's; the table and each row created on first use. */
  private blockOrigins: (number[] | undefined)[] | undefined;
  /** The stack slots, made on the first (most functions have none and share NO_SLOTS). */
  private slots: LStackSlot[] | undefined;
  private current: LBlockId | undefined;
  private named = false;
  private originTable: LOrigin[] | undefined;
  /** Index in originTable of the current origin, or -1. */
  private origin = -1;

  /** `scratch`: tables to reuse (none: the builder's own). */
  constructor(
    readonly name: string,
    readonly params: readonly LType[],
    readonly results: readonly LType[],
    readonly exported: boolean,
    scratch?: LBuilderScratch,
  ) {
    this.t = scratch ?? new LBuilderScratch();
    this.t.forgetNames();
    const entry = this.newBlock(params);
    this.switchTo(entry);
  }

  /** The entry block's parameters, i.e. the function's arguments. */
  get args(): readonly LValue[] {
    return this.t.params[0]!;
  }

  /** A fresh value of type `t` (used for block params and instruction results). */
  private fresh(t: LType): LValue {
    const v = this.nValues++;
    this.t.types[v] = t;
    return v as LValue;
  }

  /** A fresh value of each type of `types`, in order (a loop: no closure per call or block). */
  private freshList(types: readonly LType[]): LValue[] {
    const n = types.length;
    if (n === 1) return [this.fresh(types[0]!)];
    const out: LValue[] = [];
    for (let i = 0; i < n; i++) out.push(this.fresh(types[i]!));
    return out;
  }

  /** The number of values made so far (the next value's id). */
  get valueCount(): number {
    return this.nValues;
  }

  typeOf(v: LValue): LType {
    if (!(v >= 0 && v < this.nValues)) throw new Error(`lowered builder: unknown value v${v}`);
    return this.t.types[v]!;
  }

  newBlock(paramTypes: readonly LType[] = NO_TYPES, cold = false): LBlockId {
    const n = paramTypes.length;
    // The parameter list at its size (a literal per small count: packed, no spare room); one frozen empty list for every block without.
    const params: readonly LValue[] = n === 0 ? NO_PARAMS : this.freshList(paramTypes);
    const b = this.nBlocks++, t = this.t;
    if (b >= t.counts.length) {
      t.counts = fit(t.counts, b + 1);
      t.starts = fit(t.starts, b + 1);
      const c = new Uint8Array(t.counts.length);
      c.set(t.cold);
      t.cold = c;
    }
    t.params[b] = params;
    t.terms[b] = undefined;
    t.cold[b] = cold ? 1 : 0;
    t.counts[b] = 0;
    this.blockOrigins?.push(undefined);
    return b as LBlockId;
  }

  blockParams(b: LBlockId): readonly LValue[] {
    return this.t.params[b]!;
  }

  /** Make `b` the block that following instructions are appended to. */
  switchTo(b: LBlockId): void {
    this.current = b;
  }

  get currentBlock(): LBlockId {
    if (this.current === undefined) throw new Error("lowered builder: no current block");
    return this.current;
  }

  /** True when the current block is marked cold. */
  get currentCold(): boolean {
    return this.t.cold[this.currentBlock] === 1;
  }

  /** True when the current block already has its terminator. */
  get terminated(): boolean {
    return this.t.terms[this.currentBlock] !== undefined;
  }

  newSlot(size: number, align: number): number {
    const slots = (this.slots ??= []);
    slots.push({ size, align });
    return slots.length - 1;
  }

  /**
   * Name value `v` for readers (the first name given sticks: a value that
   * stands for several things of the source keeps the one it was made for).
   */
  nameValue(v: LValue, name: string): void {
    this.t.valueNames.set(v, name);
    this.named = true;
  }

  /** Name block `b` for readers (the first name given sticks). */
  nameBlock(b: LBlockId, name: string): void {
    this.t.blockNames.set(b, name);
    this.named = true;
  }

  /** Make `o` the origin of the instructions and terminators appended from now on (undefined: none). */
  setOrigin(o: LOrigin | undefined): void {
    if (o === undefined) { this.origin = -1; return; }
    const table = (this.originTable ??= []);
    table.push(o);
    this.origin = table.length - 1;
  }

  /** Record the current origin for the next instruction (or terminator) of block `bi`. */
  private mark(bi: LBlockId): void {
    let rows = this.blockOrigins;
    if (this.origin < 0 && (rows === undefined || rows[bi] === undefined)) return;
    if (rows === undefined) rows = this.blockOrigins = new Array<number[] | undefined>(this.nBlocks).fill(undefined);
    let row = rows[bi];
    if (row === undefined) row = rows[bi] = new Array<number>(this.t.counts[bi]!).fill(-1);
    row.push(this.origin);
  }

  private push(inst: LInst): void {
    const bi = this.currentBlock;
    const t = this.t;
    if (t.terms[bi] !== undefined) throw new Error(`lowered builder: block${bi} of ${this.name} is already terminated`);
    this.mark(bi);
    const k = this.nInsts++;
    t.insts[k] = inst;
    const c = t.counts[bi]!;
    if (c === 0) t.starts[bi] = k;
    else if (bi !== this.lastBlock && !this.split) this.startSplit(k);
    if (this.split) {
      if (k >= t.instBlock.length) t.instBlock = fit(t.instBlock, k + 1);
      t.instBlock[k] = bi;
    }
    t.counts[bi] = c + 1;
    this.lastBlock = bi;
  }

  /**
   * A block gets instructions in a second go, at flat index `k`: from now on
   * each instruction's block is kept, and those of the first k (each block's
   * one run so far) are written now.
   */
  private startSplit(k: number): void {
    const t = this.t;
    this.split = true;
    t.instBlock = fit(t.instBlock, k + 1);
    for (let b = 0; b < this.nBlocks; b++) {
      const c = t.counts[b]!, s = t.starts[b]!;
      if (c > 0) t.instBlock.fill(b, s, s + c);
    }
  }

  iconst(type: LIntType | "bool", value: bigint | number): LValue {
    const dst = this.fresh(type);
    this.push({ op: "iconst", dst, type, value: typeof value === "bigint" ? value : bigintOf(value) });
    return dst;
  }

  /** A float constant of `type` (an f32 constant is rounded to binary32 here). */
  fconst(value: number, type: "f64" | "f32" = "f64"): LValue {
    const dst = this.fresh(type);
    if (type === "f32") value = Math.fround(value);
    this.push({ op: "fconst", dst, value });
    return dst;
  }

  binary(kind: LBinOp, a: LValue, b: LValue): LValue {
    const dst = this.fresh(this.typeOf(a));
    this.push({ op: "binary", kind, dst, a, b });
    return dst;
  }

  icmp(cc: LIntCC, a: LValue, b: LValue): LValue {
    const dst = this.fresh("bool");
    this.push({ op: "icmp", cc, dst, a, b });
    return dst;
  }

  fcmp(cc: LFloatCC, a: LValue, b: LValue): LValue {
    const dst = this.fresh("bool");
    this.push({ op: "fcmp", cc, dst, a, b });
    return dst;
  }

  select(cond: LValue, a: LValue, b: LValue): LValue {
    const dst = this.fresh(this.typeOf(a));
    this.push({ op: "select", dst, cond, a, b });
    return dst;
  }

  convert(kind: LConvKind, src: LValue, to: LType): LValue {
    const dst = this.fresh(to);
    this.push({ op: "convert", kind, dst, src });
    return dst;
  }

  /** A one-operand operation (sqrt ... iabs); the result has the operand's type. */
  unary(kind: LUnOp, src: LValue): LValue {
    const dst = this.fresh(this.typeOf(src));
    this.push({ op: "unary", kind, dst, src });
    return dst;
  }

  opaque(src: LValue): LValue {
    const dst = this.fresh(this.typeOf(src));
    this.push({ op: "opaque", dst, src });
    return dst;
  }

  load(type: Exclude<LType, "bool">, addr: LValue, offset = 0, readonly = false): LValue {
    const dst = this.fresh(type);
    this.push({ op: "load", dst, type, addr, offset, readonly });
    return dst;
  }

  /** A load whose integer result is always in `range` (types.ts LLoadRange). */
  loadInRange(type: LIntType, addr: LValue, offset: number, range: LLoadRange): LValue {
    const dst = this.fresh(type);
    this.push({ op: "load", dst, type, addr, offset, readonly: false, range });
    return dst;
  }

  /** A load from an address of any alignment (the bytes are known valid). */
  loadUnaligned(type: Exclude<LType, "bool">, addr: LValue, offset = 0): LValue {
    const dst = this.fresh(type);
    this.push({ op: "load", dst, type, addr, offset, readonly: false, unaligned: true });
    return dst;
  }

  store(addr: LValue, value: LValue, offset = 0): void {
    this.push({ op: "store", addr, offset, value });
  }

  /** A store to an address of any alignment (the bytes are known valid). */
  storeUnaligned(addr: LValue, value: LValue, offset = 0): void {
    this.push({ op: "store", addr, offset, value, unaligned: true });
  }

  stackAddr(slot: number, offset = 0): LValue {
    const dst = this.fresh("ptr");
    this.push({ op: "stack_addr", dst, slot, offset });
    return dst;
  }

  /** Address of module function or extern `symbol` (a function reference). */
  funcAddr(symbol: string): LValue {
    const dst = this.fresh("ptr");
    this.push({ op: "func_addr", dst, symbol });
    return dst;
  }

  /** Call through function address `callee`; the signature is the args' types and `resultTypes`. */
  callIndirect(callee: LValue, args: readonly LValue[], resultTypes: readonly LType[]): LValue[] {
    const dsts = this.freshList(resultTypes);
    this.push({ op: "call_indirect", dsts, callee, args });
    return dsts;
  }

  symbolAddr(symbol: string): LValue {
    const dst = this.fresh("ptr");
    this.push({ op: "symbol_addr", dst, symbol });
    return dst;
  }

  ptrAdd(base: LValue, offset: LValue): LValue {
    const dst = this.fresh("ptr");
    this.push({ op: "ptr_add", dst, base, offset });
    return dst;
  }

  /** Call with the given result types (the callee's signature). */
  call(callee: string, args: readonly LValue[], resultTypes: readonly LType[]): LValue[] {
    const dsts = this.freshList(resultTypes);
    this.push({ op: "call", dsts, callee, args });
    return dsts;
  }

  private terminate(term: LTerm): void {
    const bi = this.currentBlock;
    const terms = this.t.terms;
    if (terms[bi] !== undefined) throw new Error(`lowered builder: block${bi} of ${this.name} is already terminated`);
    this.mark(bi);
    terms[bi] = term;
  }

  jump(block: LBlockId, args: readonly LValue[] = []): void {
    this.terminate({ op: "jump", target: { block, args } });
  }

  brif(cond: LValue, then: LEdge, els: LEdge): void {
    this.terminate({ op: "brif", cond, then, else: els });
  }

  brTable(index: LValue, dflt: LEdge, targets: readonly LEdge[]): void {
    this.terminate({ op: "br_table", index, default: dflt, targets });
  }

  ret(values: readonly LValue[] = []): void {
    this.terminate({ op: "return", values });
  }

  trap(): void {
    this.terminate({ op: "trap" });
  }

  /** The function built; the builder (and its scratch tables) may not be used after. */
  finish(): LFunction {
    const t = this.t, nb = this.nBlocks, nv = this.nValues;
    const terms = t.terms;
    for (let i = 0; i < nb; i++) {
      if (terms[i] === undefined) throw new Error(`lowered builder: block${i} of ${this.name} has no terminator`);
    }
    const blocks = this.makeBlocks();
    const names: LNames | undefined = this.named ? { values: t.valueNames.upTo(nv), blocks: t.blockNames.upTo(nb) } : undefined;
    const origins: LOrigins | undefined = this.originTable !== undefined ? { table: this.originTable, at: this.originRows() } : undefined;
    // One literal per shape, in the field order of LFunction (names, then origins, last), so the
    // common function (named, no origins) is built without a spread of an intermediate object.
    const { name, params, results, exported } = this;
    const slots = this.slots ?? NO_SLOTS;
    const valueTypes = nv < HANDED_OVER_FROM ? t.types.slice(0, nv) : cut(t.types, nv);
    if (nv >= HANDED_OVER_FROM) t.types = [];
    if (names && origins) return { name, params, results, exported, slots, blocks, valueTypes, names, origins };
    if (names) return { name, params, results, exported, slots, blocks, valueTypes, names };
    if (origins) return { name, params, results, exported, slots, blocks, valueTypes, origins };
    return { name, params, results, exported, slots, blocks, valueTypes };
  }

  /**
   * Every block as an LBlock, with its instructions in the order appended,
   * copied out at their size: each block's run of the flat list, or, when
   * some block was filled in two goes, of the list grouped by block first
   * (a stable counting sort).
   */
  private makeBlocks(): LBlock[] {
    const t = this.t, nb = this.nBlocks, counts = t.counts, starts = t.starts;
    let src = t.insts;
    if (this.split) {
      const n = this.nInsts, next = (t.cursor = fit(t.cursor, nb));
      for (let b = 0, start = 0; b < nb; b++) { next[b] = start; starts[b] = start; start += counts[b]!; }
      src = t.grouped;
      // Filled up to n first, so the writes below land inside the list (no holes: the copies stay packed).
      while (src.length < n) src.push(t.insts[0]!);
      const instBlock = t.instBlock;
      for (let k = 0; k < n; k++) src[next[instBlock[k]!]!++] = t.insts[k]!;
    }
    // A long list of blocks is built as the function's own (not in the scratch, which would copy it).
    const out = nb < HANDED_OVER_FROM ? t.blocks : [], { params, terms, cold } = t;
    for (let b = 0; b < nb; b++) {
      const c = counts[b]!, s = starts[b]!;
      // A block of one or two instructions (most blocks of a branch tree or a diamond) as a literal: no call to slice.
      const insts = c === 0 ? [] : c === 1 ? [src[s]!] : c === 2 ? [src[s]!, src[s + 1]!] : c === this.nInsts && c >= HANDED_OVER_FROM ? this.takeAll(src) : src.slice(s, s + c);
      out[b] = { params: params[b]!, insts, term: terms[b]!, cold: cold[b] === 1 };
    }
    return nb < HANDED_OVER_FROM ? out.slice(0, nb) : cut(out, nb);
  }

  /** Every instruction, in `src` (the flat list or the grouped one), as the one block holding them all: the list itself, handed over. */
  private takeAll(src: LInst[]): LInst[] {
    const t = this.t;
    if (src === t.insts) t.insts = [];
    else t.grouped = [];
    return cut(src, this.nInsts);
  }

  /** The origin row of every block (an empty row for a block without one). */
  private originRows(): number[][] {
    const rows: number[][] = [];
    for (let b = 0; b < this.nBlocks; b++) rows.push(this.blockOrigins?.[b] ?? []);
    return rows;
  }
}

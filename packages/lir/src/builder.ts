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
 * scratch); finish() copies them out at their exact sizes. Invariant: a
 * finished function shares no array with the scratch, and the next function
 * built in it writes only objects of its own, so it cannot change the last.
 */
import type {
  LBinOp, LUnOp, LBlock, LBlockId, LConvKind, LEdge, LFloatCC, LFunction, LInst, LIntCC, LIntType, LLoadRange, LNames, LOrigin, LOrigins,
  LStackSlot, LTerm, LType, LValue,
} from "./types.js";

interface OpenBlock {
  params: LValue[];
  insts: LInst[];
  term: LTerm | undefined;
  cold: boolean;
}

/**
 * The growing tables of a builder, reused from one function to the next by
 * whoever builds many in turn (one builder at a time per scratch): values'
 * types and names, blocks and their names, and every instruction in one flat
 * list in the order appended, tagged with its block. finish() copies each
 * table out at its exact size (instructions grouped by block, in order), so
 * a function allocates no array that grows by doubling, and no block an
 * instruction list of its own until it is finished.
 */
export class LBuilderScratch {
  types: LType[] = [];
  valueNames: (string | undefined)[] = [];
  blocks: OpenBlock[] = [];
  blockNames: (string | undefined)[] = [];
  insts: LInst[] = [];
  instBlock: number[] = [];
  /** finish()'s instructions grouped by block, and the next place of each block's. */
  grouped: LInst[] = [];
  cursor: number[] = [];
  /** Instructions appended to each block so far. */
  counts: number[] = [];
}

const NO_INSTS: readonly LInst[] = [];

/** Result types of binary ops: the operand type. */
export class LFunctionBuilder {
  /** The tables (LBuilderScratch), valid below the counts kept here. */
  private readonly t: LBuilderScratch;
  private nValues = 0;
  private nBlocks = 0;
  private nInsts = 0;
  /** Per block: the origin index of each instruction, then the terminator's; the table and each row created on first use. */
  private blockOrigins: (number[] | undefined)[] | undefined;
  private readonly slots: LStackSlot[] = [];
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
    const entry = this.newBlock(params);
    this.switchTo(entry);
  }

  /** The entry block's parameters, i.e. the function's arguments. */
  get args(): readonly LValue[] {
    return this.t.blocks[0]!.params;
  }

  /** A fresh value of type `t` (used for block params and instruction results). */
  private fresh(t: LType): LValue {
    const v = this.nValues++;
    this.t.types[v] = t;
    this.t.valueNames[v] = undefined; // a scratch table may hold the previous function's name here
    return v as LValue;
  }

  /** The number of values made so far (the next value's id). */
  get valueCount(): number {
    return this.nValues;
  }

  typeOf(v: LValue): LType {
    if (!(v >= 0 && v < this.nValues)) throw new Error(`lowered builder: unknown value v${v}`);
    return this.t.types[v]!;
  }

  newBlock(paramTypes: readonly LType[] = [], cold = false): LBlockId {
    const n = paramTypes.length;
    // The parameter list at its size (a literal per small count: packed, no spare room).
    const params: LValue[] = n === 0 ? [] : n === 1 ? [this.fresh(paramTypes[0]!)] : paramTypes.map((t) => this.fresh(t));
    const b = this.nBlocks++;
    this.t.blocks[b] = { params, insts: NO_INSTS as LInst[], term: undefined, cold };
    this.t.counts[b] = 0;
    this.blockOrigins?.push(undefined);
    this.t.blockNames[b] = undefined;
    return b as LBlockId;
  }

  blockParams(b: LBlockId): readonly LValue[] {
    return this.t.blocks[b]!.params;
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
    return this.t.blocks[this.currentBlock]!.cold;
  }

  /** True when the current block already has its terminator. */
  get terminated(): boolean {
    return this.t.blocks[this.currentBlock]!.term !== undefined;
  }

  newSlot(size: number, align: number): number {
    this.slots.push({ size, align });
    return this.slots.length - 1;
  }

  /**
   * Name value `v` for readers (the first name given sticks: a value that
   * stands for several things of the source keeps the one it was made for).
   */
  nameValue(v: LValue, name: string): void {
    if (this.t.valueNames[v] !== undefined) return;
    this.t.valueNames[v] = name;
    this.named = true;
  }

  /** Name block `b` for readers (the first name given sticks). */
  nameBlock(b: LBlockId, name: string): void {
    if (this.t.blockNames[b] !== undefined) return;
    this.t.blockNames[b] = name;
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
    if (t.blocks[bi]!.term) throw new Error(`lowered builder: block${bi} of ${this.name} is already terminated`);
    this.mark(bi);
    const k = this.nInsts++;
    t.insts[k] = inst;
    t.instBlock[k] = bi;
    t.counts[bi]!++;
  }

  iconst(type: LIntType | "bool", value: bigint | number): LValue {
    const dst = this.fresh(type);
    this.push({ op: "iconst", dst, type, value: typeof value === "bigint" ? value : BigInt(value) });
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
    const dsts = resultTypes.map((t) => this.fresh(t));
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
    const dsts = resultTypes.map((t) => this.fresh(t));
    this.push({ op: "call", dsts, callee, args });
    return dsts;
  }

  private terminate(term: LTerm): void {
    const bi = this.currentBlock;
    const b = this.t.blocks[bi]!;
    if (b.term) throw new Error(`lowered builder: block${bi} of ${this.name} is already terminated`);
    this.mark(bi);
    b.term = term;
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
    for (let i = 0; i < nb; i++) {
      if (!t.blocks[i]!.term) throw new Error(`lowered builder: block${i} of ${this.name} has no terminator`);
    }
    const open = t.blocks.slice(0, nb);
    this.placeInsts(open);
    const blocks = open as LBlock[];
    const names: LNames | undefined = this.named ? { values: t.valueNames.slice(0, nv), blocks: t.blockNames.slice(0, nb) } : undefined;
    const origins: LOrigins | undefined = this.originTable !== undefined ? { table: this.originTable, at: this.originRows() } : undefined;
    // One literal per shape, in the field order of LFunction (names, then origins, last), so the
    // common function (named, no origins) is built without a spread of an intermediate object.
    const { name, params, results, exported, slots } = this;
    const valueTypes = t.types.slice(0, nv);
    if (names && origins) return { name, params, results, exported, slots, blocks, valueTypes, names, origins };
    if (names) return { name, params, results, exported, slots, blocks, valueTypes, names };
    if (origins) return { name, params, results, exported, slots, blocks, valueTypes, origins };
    return { name, params, results, exported, slots, blocks, valueTypes };
  }

  /**
   * Give each block its instructions, in the order appended: the flat list
   * grouped by block (a stable counting sort), each block's run copied out
   * at its size. A function whose blocks were filled one after another (the
   * common case) needs no grouping.
   */
  private placeInsts(blocks: OpenBlock[]): void {
    const t = this.t, n = this.nInsts, nb = blocks.length, counts = t.counts;
    let inOrder = true;
    for (let k = 1; k < n && inOrder; k++) inOrder = t.instBlock[k - 1]! <= t.instBlock[k]!;
    let src = t.insts;
    if (!inOrder) {
      const next = t.cursor;
      for (let b = 0, start = 0; b < nb; b++) { next[b] = start; start += counts[b]!; }
      src = t.grouped;
      // Filled up to n first, so the writes below land inside the list (no holes: the copies stay packed).
      while (src.length < n) src.push(t.insts[0]!);
      for (let k = 0; k < n; k++) src[next[t.instBlock[k]!]!++] = t.insts[k]!;
    }
    for (let b = 0, start = 0; b < nb; b++) {
      const c = counts[b]!;
      blocks[b]!.insts = c === 0 ? [] : src.slice(start, start + c);
      start += c;
    }
  }

  /** The origin row of every block (an empty row for a block without one). */
  private originRows(): number[][] {
    const rows: number[][] = [];
    for (let b = 0; b < this.nBlocks; b++) rows.push(this.blockOrigins?.[b] ?? []);
    return rows;
  }
}

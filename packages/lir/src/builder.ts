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
 * scratch). A block is its LBlock from the start (open: no terminator yet),
 * kept in one list; the instructions appended in one go to one block (a
 * run) gather in the scratch's run list and are copied out to the block at
 * their exact size when another block takes instructions, or at finish(). A
 * block filled in several goes gets each later run appended to its list.
 * finish() copies the blocks', values' and names' lists out at their exact
 * size: the scratch keeps its lists, so a caller that reuses it (across
 * modules too) grows them once, and a long function allocates each of its
 * lists once, where a list grown for it and handed over was allocated at
 * every growth (each large one on fresh memory, which costs far more than
 * the copy). Invariant: a finished function shares no array with the
 * scratch, and the next function built in it writes only objects of its
 * own, so it cannot change the last; the scratch lets go of the objects of
 * a finished function's long lists, so it keeps no large function alive.
 *
 * A block made without parameters and not cold shares one sentinel until
 * it takes an instruction or its terminator; `compareBranch` turns such a
 * block into a CompareBlock (compare-block.ts), so the blocks of a branch
 * tree are one object each.
 */
import type {
  LBinOp, LUnOp, LBlock, LBlockId, LConvKind, LEdge, LFloatCC, LFunction, LInst, LIntCC, LIntType, LLoadRange, LNames, LOrigin, LOrigins,
  LStackSlot, LTerm, LType, LValue,
} from "./types.js";
import { CompareBlock } from "./compare-block.js";
import {
  BinaryRecord, BlockRecord, BrifRecord, BrTableRecord, CallIndirectRecord, CallRecord, ConvertRecord, EdgeRecord, FcmpRecord, FconstRecord, FuncAddrRecord,
  IcmpRecord, IconstRecord, JumpRecord, LoadRecord, OpaqueRecord, PtrAddRecord, RangeLoadRecord, ReturnRecord, SelectRecord, SlotRecord, StackAddrRecord,
  StoreRecord, SwitchRecord, SymbolAddrRecord, TrapRecord, UnalignedLoadRecord, UnalignedStoreRecord, UnaryRecord,
} from "./records.js";
import { NameTable } from "./name-table.js";
import { NO_PARAMS, sharedLeadingValues, sharedOneValue, sharedSameTypes } from "./shared-lists.js";


/** The parameter types of a block made without any (a default argument written `[]` would allocate one per call). */
const NO_TYPES: readonly LType[] = Object.freeze([]);

/**
 * The terminator of an open block (a sentinel, never in a finished
 * function), and the instructions of a block none was copied out to yet,
 * which a finished block without instructions keeps: one list shared by
 * all (not frozen, see shared-lists.ts). The optimizer, which changes
 * block lists in place, gives each empty block a list of its own (passes
 * optimize-ir.ts MFunction); no other reader changes one.
 */
const OPEN: LTerm = Object.freeze({ op: "trap" });
const NO_INSTS_YET: LInst[] = [];

/** A block being built: an LBlock whose terminator and instructions are written as they come. */
interface OpenBlock {
  readonly params: readonly LValue[];
  insts: LInst[];
  term: LTerm;
  readonly cold: boolean;
}

/**
 * Every block made without parameters and not cold, until it takes an
 * instruction or its terminator (then it gets an OpenBlock of its own,
 * `opened`): a block that ends as a CompareBlock never has one. Frozen, so
 * a write that skipped `opened` fails loudly.
 */
const UNOPENED: OpenBlock = Object.freeze({ params: NO_PARAMS, insts: NO_INSTS_YET, term: OPEN, cold: false });

/** The values of every edge, terminator or call without any (shared and not frozen, as shared-lists.ts says). */
export const NO_VALUES: readonly LValue[] = [];

/**
 * The results of every call without any: one list, shared (typed as the
 * mutable list `call` returns; no caller writes the results of a call, and
 * one without any gives nothing to read).
 */
const NO_RESULTS: LValue[] = NO_VALUES as LValue[];

/** `values`, or the shared list of its entries when there is one (shared-lists.ts): a function's lists live as long as it does. */
function sharedOr(values: readonly LValue[]): readonly LValue[] {
  const n = values.length;
  return n === 0 ? NO_VALUES : n === 1 ? sharedOneValue(values[0]!) ?? values : values;
}

/** The stack slots of every function without any (frozen and shared, as NO_PARAMS). */
const NO_SLOTS: readonly LStackSlot[] = Object.freeze([]);

/** The bigints -1..255, made once: a constant given as a number (0, 1, -1, a size) is shared, not a fresh heap bigint each time. */
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 257 }, (_, i) => BigInt(i - 1));

/** `n` as a bigint (BigInt's RangeError for a number that is not an integer). */
function bigintOf(n: number): bigint {
  return n >= -1 && n <= 255 && (n | 0) === n ? SMALL_BIGINTS[n + 1]! : BigInt(n);
}

/**
 * The length from which a scratch list of objects is emptied once copied
 * out (its entries would keep a finished function's objects alive while
 * the scratch lives); shorter ones are overwritten soon enough.
 */
const EMPTIED_FROM = 4096;

/** The first `n` entries of scratch list `list`, copied out at their size; a long list lets go of them. */
function copiedOut<T>(list: T[], n: number): T[] {
  const out = list.slice(0, n);
  if (n >= EMPTIED_FROM) list.fill(undefined as T, 0, n);
  return out;
}

/**
 * The growing tables of a builder, reused from one function to the next by
 * whoever builds many in turn (one builder at a time per scratch): values'
 * types, the blocks, the current run of instructions, and the names given
 * (NameTable). finish() copies the tables out at their exact size, so a
 * function allocates no array that grows by doubling.
 */
export class LBuilderScratch {
  types: LType[] = [];
  readonly valueNames = new NameTable();
  readonly blockNames = new NameTable();
  /** Every block, open or terminated (valid below the builder's block count): UNOPENED, an OpenBlock or a CompareBlock. */
  blocks: (OpenBlock | CompareBlock)[] = [];
  /** The run: instructions appended in one go to one block, not yet copied out to it. */
  run: LInst[] = [];

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
  /** The block of the run (-1: none yet), and the run's length. */
  private runBlock = -1;
  private runLength = 0;
  /** Per block: the origin index of each instruction, then the terminator's; the table and each row created on first use. */
  private blockOrigins: (number[] | undefined)[] | undefined;
  /** The stack slots, made on the first (most functions have none and share NO_SLOTS). */
  private slots: LStackSlot[] | undefined;
  /** The bytes of those slots, their sizes summed (slotBytes). */
  private slotSizes = 0;
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
    return this.t.blocks[0]!.params;
  }

  /** A fresh value of type `t` (used for block params and instruction results). */
  private fresh(t: LType): LValue {
    const v = this.nValues++;
    this.t.types[v] = t;
    return v as LValue;
  }

  /**
   * A fresh value of each type of `types`, in order (a loop: no closure per
   * call or block), in a list at its size (one grown by push keeps room for
   * sixteen, and lives as long as the function built).
   */
  private freshList(types: readonly LType[]): LValue[] {
    const n = types.length;
    if (n === 1) return [this.fresh(types[0]!)];
    if (n === 2) return [this.fresh(types[0]!), this.fresh(types[1]!)];
    const out = new Array<LValue>(n);
    for (let i = 0; i < n; i++) out[i] = this.fresh(types[i]!);
    return out;
  }

  /**
   * The parameters of a block made before any value (the entry): values
   * 0..n-1 in every function, so a short list is shared (shared-lists.ts).
   */
  private leadingParams(types: readonly LType[]): readonly LValue[] {
    const shared = sharedLeadingValues(types.length);
    if (shared === undefined) return this.freshList(types);
    for (let i = 0; i < types.length; i++) this.fresh(types[i]!);
    return shared;
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
    const params: readonly LValue[] = n === 0 ? NO_PARAMS : this.nValues === 0 ? this.leadingParams(paramTypes) : this.freshList(paramTypes);
    const b = this.nBlocks++;
    this.t.blocks[b] = n === 0 && !cold ? UNOPENED : (new BlockRecord(params, NO_INSTS_YET, OPEN, cold) as OpenBlock);
    this.blockOrigins?.push(undefined);
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
    return this.t.blocks[this.currentBlock]!.term !== OPEN;
  }

  newSlot(size: number, align: number): number {
    const slots = (this.slots ??= []);
    slots.push(new SlotRecord(size, align));
    this.slotSizes += size;
    return slots.length - 1;
  }

  /** The bytes of the stack slots made so far (their sizes, without alignment padding): the frame the matrix budgets (FRAME_MAX_BYTES). */
  get slotBytes(): number {
    return this.slotSizes;
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
    if (row === undefined) row = rows[bi] = new Array<number>(this.instCount(bi)).fill(-1);
    row.push(this.origin);
  }

  /** The number of instructions appended to block `bi` so far. */
  private instCount(bi: number): number {
    return this.t.blocks[bi]!.insts.length + (bi === this.runBlock ? this.runLength : 0);
  }

  private push(inst: LInst): void {
    const bi = this.currentBlock;
    const t = this.t;
    if (t.blocks[bi]!.term !== OPEN) throw new Error(`lowered builder: block${bi} of ${this.name} is already terminated`);
    this.mark(bi);
    if (bi !== this.runBlock) {
      if (this.runLength > 0) this.endRun();
      this.runBlock = bi;
    }
    t.run[this.runLength++] = inst;
  }

  /**
   * The run copied out to its block at its size, by slice even for a block
   * of one or two instructions (most of a branch tree or a diamond): a
   * literal list is pretenured (records.ts says why), and `Array.of` is
   * several times slower than slice. Appended to what the block already
   * has when it was filled in an earlier go too.
   */
  private endRun(): void {
    const t = this.t, run = t.run, n = this.runLength, blk = this.opened(this.runBlock);
    const insts = copiedOut(run, n);
    blk.insts = blk.insts === NO_INSTS_YET ? insts : blk.insts.concat(insts);
    this.runLength = 0;
  }

  iconst(type: LIntType | "bool", value: bigint | number): LValue {
    const dst = this.fresh(type);
    this.push(new IconstRecord(dst, type, typeof value === "bigint" ? value : bigintOf(value)));
    return dst;
  }

  /** A float constant of `type` (an f32 constant is rounded to binary32 here). */
  fconst(value: number, type: "f64" | "f32" = "f64"): LValue {
    const dst = this.fresh(type);
    if (type === "f32") value = Math.fround(value);
    this.push(new FconstRecord(dst, value));
    return dst;
  }

  binary(kind: LBinOp, a: LValue, b: LValue): LValue {
    const dst = this.fresh(this.typeOf(a));
    this.push(new BinaryRecord(kind, dst, a, b));
    return dst;
  }

  icmp(cc: LIntCC, a: LValue, b: LValue): LValue {
    const dst = this.fresh("bool");
    this.push(new IcmpRecord(cc, dst, a, b));
    return dst;
  }

  fcmp(cc: LFloatCC, a: LValue, b: LValue): LValue {
    const dst = this.fresh("bool");
    this.push(new FcmpRecord(cc, dst, a, b));
    return dst;
  }

  select(cond: LValue, a: LValue, b: LValue): LValue {
    const dst = this.fresh(this.typeOf(a));
    this.push(new SelectRecord(dst, cond, a, b));
    return dst;
  }

  convert(kind: LConvKind, src: LValue, to: LType): LValue {
    const dst = this.fresh(to);
    this.push(new ConvertRecord(kind, dst, src));
    return dst;
  }

  /** A one-operand operation (sqrt ... iabs); the result has the operand's type. */
  unary(kind: LUnOp, src: LValue): LValue {
    const dst = this.fresh(this.typeOf(src));
    this.push(new UnaryRecord(kind, dst, src));
    return dst;
  }

  opaque(src: LValue): LValue {
    const dst = this.fresh(this.typeOf(src));
    this.push(new OpaqueRecord(dst, src));
    return dst;
  }

  load(type: Exclude<LType, "bool">, addr: LValue, offset = 0, readonly = false): LValue {
    const dst = this.fresh(type);
    this.push(new LoadRecord(dst, type, addr, offset, readonly));
    return dst;
  }

  /** A load whose integer result is always in `range` (types.ts LLoadRange). */
  loadInRange(type: LIntType, addr: LValue, offset: number, range: LLoadRange): LValue {
    const dst = this.fresh(type);
    this.push(new RangeLoadRecord(dst, type, addr, offset, false, range));
    return dst;
  }

  /** A load from an address of any alignment (the bytes are known valid). */
  loadUnaligned(type: Exclude<LType, "bool">, addr: LValue, offset = 0): LValue {
    const dst = this.fresh(type);
    this.push(new UnalignedLoadRecord(dst, type, addr, offset, false));
    return dst;
  }

  store(addr: LValue, value: LValue, offset = 0): void {
    this.push(new StoreRecord(addr, offset, value));
  }

  /** A store to an address of any alignment (the bytes are known valid). */
  storeUnaligned(addr: LValue, value: LValue, offset = 0): void {
    this.push(new UnalignedStoreRecord(addr, offset, value));
  }

  stackAddr(slot: number, offset = 0): LValue {
    const dst = this.fresh("ptr");
    this.push(new StackAddrRecord(dst, slot, offset));
    return dst;
  }

  /** Address of module function or extern `symbol` (a function reference). */
  funcAddr(symbol: string): LValue {
    const dst = this.fresh("ptr");
    this.push(new FuncAddrRecord(dst, symbol));
    return dst;
  }

  /** Call through function address `callee`; the signature is the args' types and `resultTypes`. */
  callIndirect(callee: LValue, args: readonly LValue[], resultTypes: readonly LType[]): LValue[] {
    const dsts = resultTypes.length === 0 ? NO_RESULTS : this.freshList(resultTypes);
    this.push(new CallIndirectRecord(dsts, callee, sharedOr(args)));
    return dsts;
  }

  symbolAddr(symbol: string): LValue {
    const dst = this.fresh("ptr");
    this.push(new SymbolAddrRecord(dst, symbol));
    return dst;
  }

  ptrAdd(base: LValue, offset: LValue): LValue {
    const dst = this.fresh("ptr");
    this.push(new PtrAddRecord(dst, base, offset));
    return dst;
  }

  /** Call with the given result types (the callee's signature). */
  call(callee: string, args: readonly LValue[], resultTypes: readonly LType[]): LValue[] {
    const dsts = resultTypes.length === 0 ? NO_RESULTS : this.freshList(resultTypes);
    this.push(new CallRecord(dsts, callee, sharedOr(args)));
    return dsts;
  }

  private terminate(term: LTerm): void {
    const bi = this.currentBlock;
    if (this.t.blocks[bi]!.term !== OPEN) throw new Error(`lowered builder: block${bi} of ${this.name} is already terminated`);
    this.mark(bi);
    this.opened(bi).term = term;
  }

  /** The OpenBlock of block `b`, which is not a CompareBlock: made now when it is UNOPENED. */
  private opened(b: number): OpenBlock {
    const blk = this.t.blocks[b] as OpenBlock;
    if (blk !== UNOPENED) return blk;
    return (this.t.blocks[b] = new BlockRecord(NO_PARAMS, NO_INSTS_YET, OPEN, false) as OpenBlock);
  }

  /**
   * `brif (icmp cc x, iconst.type value), then, els` at the end of the
   * current block: the values and text of iconst, icmp and brif in turn.
   * A block that holds nothing else (a branch tree's) is kept as a
   * CompareBlock, unless an origin is recorded for it.
   */
  compareBranch(cc: LIntCC, x: LValue, type: LIntType, value: bigint, then: LEdge, els: LEdge): void {
    const bi = this.currentBlock;
    const compact = this.t.blocks[bi] === UNOPENED && !(this.runBlock === bi && this.runLength > 0)
      && this.origin < 0 && this.blockOrigins?.[bi] === undefined;
    if (!compact) return this.brif(this.icmp(cc, x, this.iconst(type, value)), then, els);
    const dst = this.fresh(type);
    this.fresh("bool");
    this.t.blocks[bi] = new CompareBlock(x, cc, type, value, dst, then.block, then.args, els.block, els.args);
  }

  jump(block: LBlockId, args: readonly LValue[] = NO_VALUES): void {
    this.terminate(new JumpRecord(new EdgeRecord(block, args)));
  }

  /** A jump along `edge` (the edge object itself: edges are never changed, so terminators may share one). */
  jumpAlong(edge: LEdge): void {
    this.terminate(new JumpRecord(edge));
  }

  brif(cond: LValue, then: LEdge, els: LEdge): void {
    this.terminate(new BrifRecord(cond, then, els));
  }

  brTable(index: LValue, dflt: LEdge, targets: readonly LEdge[]): void {
    this.terminate(new BrTableRecord(index, dflt, targets));
  }

  /** Sparse dispatch on integer `value`: `cases[k]` (signed, strictly increasing) goes to `targets[k]`, the rest to `dflt`. */
  switchOn(value: LValue, dflt: LEdge, cases: readonly bigint[], targets: readonly LEdge[]): void {
    this.terminate(new SwitchRecord(value, dflt, cases, targets));
  }

  ret(values: readonly LValue[] = NO_VALUES): void {
    this.terminate(new ReturnRecord(sharedOr(values)));
  }

  trap(): void {
    this.terminate(new TrapRecord());
  }

  /** The function built; the builder (and its scratch tables) may not be used after. */
  finish(): LFunction {
    const t = this.t, nb = this.nBlocks, nv = this.nValues;
    const blocks = this.finishBlocks();
    const names: LNames | undefined = this.named ? { values: t.valueNames.upTo(nv), blocks: t.blockNames.upTo(nb) } : undefined;
    const origins: LOrigins | undefined = this.originTable !== undefined ? { table: this.originTable, at: this.originRows() } : undefined;
    // One literal per shape, in the field order of LFunction (names, then origins, last), so the
    // common function (named, no origins) is built without a spread of an intermediate object.
    const { name, params, results, exported } = this;
    const slots = this.slots ?? NO_SLOTS;
    const valueTypes = sharedSameTypes(t.types, nv) ?? t.types.slice(0, nv);
    if (names && origins) return { name, params, results, exported, slots, blocks, valueTypes, names, origins };
    if (names) return { name, params, results, exported, slots, blocks, valueTypes, names };
    if (origins) return { name, params, results, exported, slots, blocks, valueTypes, origins };
    return { name, params, results, exported, slots, blocks, valueTypes };
  }

  /** Every block, checked terminated, with the last run copied out; the blocks' list copied out at its size. */
  private finishBlocks(): LBlock[] {
    const t = this.t, nb = this.nBlocks, blocks = t.blocks;
    if (this.runLength > 0) this.endRun();
    for (let b = 0; b < nb; b++) {
      const blk = blocks[b]!;
      // A CompareBlock is terminated (and reading its term would make one).
      if (!(blk instanceof CompareBlock) && blk.term === OPEN) throw new Error(`lowered builder: block${b} of ${this.name} has no terminator`);
    }
    return copiedOut(blocks, nb) as LBlock[];
  }

  /** The origin row of every block (an empty row for a block without one). */
  private originRows(): number[][] {
    const rows: number[][] = [];
    for (let b = 0; b < this.nBlocks; b++) rows.push(this.blockOrigins?.[b] ?? []);
    return rows;
  }
}

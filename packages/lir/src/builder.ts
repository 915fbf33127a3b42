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

/** Result types of binary ops: the operand type. */
export class LFunctionBuilder {
  /** Exactly LBlock's fields once terminated, so finish() hands them over without copying. */
  private readonly blocks: OpenBlock[] = [];
  /** Per block: the origin index of each instruction, then the terminator's; the table and each row created on first use. */
  private blockOrigins: (number[] | undefined)[] | undefined;
  private readonly types: LType[] = [];
  private readonly slots: LStackSlot[] = [];
  private current: LBlockId | undefined;
  private readonly valueNames: (string | undefined)[] = [];
  private readonly blockNames: (string | undefined)[] = [];
  private named = false;
  private readonly originTable: LOrigin[] = [];
  /** Index in originTable of the current origin, or -1. */
  private origin = -1;

  constructor(
    readonly name: string,
    readonly params: readonly LType[],
    readonly results: readonly LType[],
    readonly exported: boolean,
  ) {
    const entry = this.newBlock(params);
    this.switchTo(entry);
  }

  /** The entry block's parameters, i.e. the function's arguments. */
  get args(): readonly LValue[] {
    return this.blocks[0]!.params;
  }

  /** A fresh value of type `t` (used for block params and instruction results). */
  private fresh(t: LType): LValue {
    this.types.push(t);
    this.valueNames.push(undefined); // kept dense (a name is set in place), so the table never turns sparse
    return (this.types.length - 1) as LValue;
  }

  typeOf(v: LValue): LType {
    const t = this.types[v];
    if (t === undefined) throw new Error(`lowered builder: unknown value v${v}`);
    return t;
  }

  newBlock(paramTypes: readonly LType[] = [], cold = false): LBlockId {
    const params: LValue[] = [];
    for (let k = 0; k < paramTypes.length; k++) params.push(this.fresh(paramTypes[k]!));
    this.blocks.push({ params, insts: [], term: undefined, cold });
    this.blockOrigins?.push(undefined);
    this.blockNames.push(undefined);
    return (this.blocks.length - 1) as LBlockId;
  }

  blockParams(b: LBlockId): readonly LValue[] {
    return this.blocks[b]!.params;
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
    return this.blocks[this.currentBlock]!.cold;
  }

  /** True when the current block already has its terminator. */
  get terminated(): boolean {
    return this.blocks[this.currentBlock]!.term !== undefined;
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
    if (this.valueNames[v] !== undefined) return;
    this.valueNames[v] = name;
    this.named = true;
  }

  /** Name block `b` for readers (the first name given sticks). */
  nameBlock(b: LBlockId, name: string): void {
    if (this.blockNames[b] !== undefined) return;
    this.blockNames[b] = name;
    this.named = true;
  }

  /** Make `o` the origin of the instructions and terminators appended from now on (undefined: none). */
  setOrigin(o: LOrigin | undefined): void {
    if (o === undefined) { this.origin = -1; return; }
    this.originTable.push(o);
    this.origin = this.originTable.length - 1;
  }

  /** Record the current origin for the next instruction (or terminator) of `b`. */
  private mark(bi: LBlockId, b: OpenBlock): void {
    let rows = this.blockOrigins;
    if (this.origin < 0 && (rows === undefined || rows[bi] === undefined)) return;
    if (rows === undefined) rows = this.blockOrigins = new Array<number[] | undefined>(this.blocks.length).fill(undefined);
    let row = rows[bi];
    if (row === undefined) row = rows[bi] = new Array<number>(b.insts.length).fill(-1);
    row.push(this.origin);
  }

  private push(inst: LInst): void {
    const bi = this.currentBlock;
    const b = this.blocks[bi]!;
    if (b.term) throw new Error(`lowered builder: block${bi} of ${this.name} is already terminated`);
    this.mark(bi, b);
    b.insts.push(inst);
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
    const b = this.blocks[bi]!;
    if (b.term) throw new Error(`lowered builder: block${bi} of ${this.name} is already terminated`);
    this.mark(bi, b);
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

  finish(): LFunction {
    const open = this.blocks;
    for (let i = 0; i < open.length; i++) {
      if (!open[i]!.term) throw new Error(`lowered builder: block${i} of ${this.name} has no terminator`);
    }
    const blocks = open as LBlock[];
    const names: LNames | undefined = this.named ? { values: this.valueNames, blocks: this.blockNames } : undefined;
    const origins: LOrigins | undefined = this.originTable.length > 0 ? { table: this.originTable, at: this.originRows() } : undefined;
    // One literal per shape, in the field order of LFunction (names, then origins, last), so the
    // common function (named, no origins) is built without a spread of an intermediate object.
    const { name, params, results, exported, slots, types: valueTypes } = this;
    if (names && origins) return { name, params, results, exported, slots, blocks, valueTypes, names, origins };
    if (names) return { name, params, results, exported, slots, blocks, valueTypes, names };
    if (origins) return { name, params, results, exported, slots, blocks, valueTypes, origins };
    return { name, params, results, exported, slots, blocks, valueTypes };
  }

  /** The origin row of every block (an empty row for a block without one). */
  private originRows(): number[][] {
    const rows: number[][] = [];
    for (let b = 0; b < this.blocks.length; b++) rows.push(this.blockOrigins?.[b] ?? []);
    return rows;
  }
}

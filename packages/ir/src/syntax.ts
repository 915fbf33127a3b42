/**
 * What the parser hands the resolver: the items of a module as small
 * records, and every instruction of every function body in one flat store
 * of parallel arrays (no object per instruction or operand), so that
 * parsing a large module allocates little beyond the names it keeps.
 *
 * Every name keeps where it is written as a `Pos` (an offset into the
 * source; `Lexer.loc` makes the line and column when an error needs them).
 */
import { Spare } from "./spare.js";
import type { Pos } from "./lexer.js";
import type { SourceLoc } from "./module.js";
import type { NameTable } from "./names.js";
import type { Opcode } from "./opcodes.js";
import type { OpTyping } from "./typing.js";

/*
 * Name, Typed and FuncSyntax, which a parse makes by the thousand and keeps
 * until the module is built, are classes, not literals: V8 appends to each
 * object of a literal a memento that every scavenge it survives reads.
 */

/** A name as written: its text, the text's id in the lexer's name table, and where. */
export class Name {
  constructor(readonly text: string, readonly id: number, readonly pos: Pos) {}
}

export type TypeSyntax =
  | { readonly kind: "name"; readonly name: string; readonly pos: Pos }
  | { readonly kind: "array"; readonly elem: TypeSyntax; readonly len: Name; readonly pos: Pos }
  | { readonly kind: "dynarray"; readonly elem: TypeSyntax; readonly pos: Pos }
  | { readonly kind: "fn"; readonly params: readonly TypeSyntax[]; readonly result: TypeSyntax | null; readonly pos: Pos }
  | { readonly kind: "map"; readonly key: TypeSyntax; readonly value: TypeSyntax; readonly pos: Pos };

/** How an operand is written; its meaning depends on the opcode's format. */
export type OperandKind = "value" | "var" | "func" | "word" | "number" | "string" | "type";

/** A literal as written (a global's initial value or one element of it). */
export interface LitSyntax {
  readonly kind: "number" | "word" | "string" | "func";
  /** The token's text (a name without its sigil). */
  readonly text: string;
  /** Decoded contents of a string literal. */
  readonly value?: string;
  readonly pos: Pos;
}

export interface CaseSyntax {
  /** An integer (number) or a variant name (word): its kind, name id and position. */
  readonly keyKind: "number" | "word";
  readonly key: number;
  readonly keyPos: Pos;
  /** The target label's name id and position. */
  readonly target: number;
  readonly targetPos: Pos;
}

/** A terminator's keyword. */
export type TermOp = "jump" | "br" | "switch" | "ret" | "unreachable";

/** A terminator's keyword by its code in the store (InstStore.termOp). */
const TERM_OPS: readonly TermOp[] = ["jump", "br", "switch", "ret", "unreachable"];
const TERM_CODE: Readonly<Record<TermOp, number>> = { jump: 0, br: 1, switch: 2, ret: 3, unreachable: 4 };

/**
 * A block with its terminator, as PER_BLOCK ints of the InstStore (an
 * object per block would live through the whole parse): the label (name id
 * and position), its instructions `from` (inclusive) to `to` (exclusive) in
 * the store, and the terminator: its keyword and position and up to three
 * names (name id and position; id -1 when absent):
 *   jump: a = target; br: a = condition, b = then, c = else;
 *   switch: a = value, c = default, and its cases; ret: a = value;
 * and the indices of its cases and `!loc` in the store's lists, or -1.
 */
export interface BlockFields {
  readonly label: number;
  readonly labelPos: Pos;
  readonly from: number;
  readonly to: number;
  readonly op: TermOp;
  readonly pos: Pos;
  readonly a: number;
  readonly aPos: Pos;
  readonly b: number;
  readonly bPos: Pos;
  readonly c: number;
  readonly cPos: Pos;
  readonly cases: readonly CaseSyntax[] | null;
  readonly srcLoc: SourceLoc | undefined;
}

/** A block's index in the InstStore (one number, read by the store's block methods). */
export type BlockSyntax = number;

/** A name with its written type: a parameter, variable or field (itself the Name: one record, not two). */
export class Typed extends Name {
  constructor(text: string, id: number, pos: Pos, readonly type: TypeSyntax) {
    super(text, id, pos);
  }
}

export type ItemSyntax =
  | { readonly kind: "struct"; readonly name: Name; readonly fields: readonly Typed[] }
  | { readonly kind: "enum"; readonly name: Name; readonly variants: readonly { readonly name: Name; readonly payload: TypeSyntax | null }[] }
  | { readonly kind: "import"; readonly name: Name; readonly params: readonly TypeSyntax[]; readonly result: TypeSyntax | null; readonly cabi: boolean }
  | { readonly kind: "global"; readonly name: Name; readonly mutable: boolean; readonly type: TypeSyntax; readonly init: LitSyntax | { readonly kind: "list"; readonly items: readonly LitSyntax[]; readonly pos: Pos } }
  | FuncSyntax;

/**
 * A function: its signature, variables and body (blocks `firstBlock` to
 * `firstBlock + blockCount - 1` of the InstStore); itself its name's Name
 * (one record, not two, as a Typed is).
 */
export class FuncSyntax extends Name {
  readonly kind = "func";
  constructor(
    text: string, id: number, pos: Pos, readonly exported: boolean, readonly params: readonly Typed[], readonly result: TypeSyntax | null,
    readonly vars: readonly Typed[], readonly firstBlock: BlockSyntax, readonly blockCount: number,
  ) {
    super(text, id, pos);
  }

  /** The function's name, as every item has one: this record. */
  get name(): Name {
    return this;
  }
}

export interface ModuleSyntax {
  readonly name: Name;
  /** Every name read, by id (the ids of Name and InstStore). */
  readonly names: NameTable;
  readonly items: readonly ItemSyntax[];
  readonly insts: InstStore;
}

/** Operand kinds by their code in the store. */
const KINDS: readonly OperandKind[] = ["value", "var", "func", "word", "number", "string", "type"];
const KIND_CODE: Readonly<Record<OperandKind, number>> = { value: 0, var: 1, func: 2, word: 3, number: 4, string: 5, type: 6 };

/** The code the store keeps for an operand of kind `kind` (InstStore.addNamed). */
export function operandCode(kind: OperandKind): number {
  return KIND_CODE[kind];
}

/**
 * Int32 storage given back by stores whose parse has ended (`InstStore.release`),
 * for the next parse's stores: a fresh large typed array is zeroed and
 * faulted in page by page, while reused memory is already mapped. Holds at
 * most SPARE_COUNT arrays, none over SPARE_MAX ints, so what a parse of a
 * huge text leaves behind stays bounded, and holds them weakly (spare.ts),
 * so the collector may take them when memory is short.
 */
const spare = new Spare<Int32Array[]>();
const SPARE_COUNT = 3;
/** The ints of a store sized for MAX_EXPECTED instructions, so that the store of a module that large is reused, not made again (and grown, copy after copy) by each parse. */
const SPARE_MAX = 1 << 23;

/** A spare array of at least `n` ints (the smallest that fits), or a new one. */
function takeInts(n: number): Int32Array {
  const pool = spare.take();
  if (pool === undefined) return new Int32Array(n);
  spare.give(pool);
  let best = -1;
  for (let k = 0; k < pool.length; k++) if (pool[k]!.length >= n && (best < 0 || pool[k]!.length < pool[best]!.length)) best = k;
  if (best < 0) return new Int32Array(n);
  const a = pool[best]!;
  pool[best] = pool[pool.length - 1]!;
  pool.pop();
  return a;
}

/** Keep `a` (no longer read or written by its store) for `takeInts`. */
function giveInts(a: Int32Array): void {
  if (a.length > SPARE_MAX) return;
  const pool = spare.take() ?? [];
  spare.give(pool);
  if (pool.includes(a)) return;
  if (pool.length < SPARE_COUNT) { pool.push(a); return; }
  let least = 0;
  for (let k = 1; k < pool.length; k++) if (pool[k]!.length < pool[least]!.length) least = k;
  if (pool[least]!.length < a.length) pool[least] = a;
}

/** A growable array of int32 (its contents are only what `reserve` handed out and the caller wrote). */
class Ints {
  data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = takeInts(Math.max(1024, capacity));
  }

  /** Give the storage back for another store; this one is not used again. */
  release(): void {
    giveInts(this.data);
    this.data = EMPTY_INTS;
    this.length = 0;
  }

  /** Room for `k` more; returns where they go. */
  reserve(k: number): number {
    const at = this.length;
    if (at + k > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, at + k));
      grown.set(this.data);
      this.data = grown;
    }
    this.length = at + k;
    return at;
  }
}

const EMPTY_INTS = new Int32Array(0);

/** Ints per block (BlockFields, in its order). */
const PER_BLOCK = 14;

/** Ints per instruction: pos, dst id, dst pos, suffix index, first operand, end of operands, srcLocs index or -1, typing index. */
const PER_INST = 8;

/** Most instructions a store is sized for at first: a huge text (a long comment, say) grows its store only as it needs. */
const MAX_EXPECTED = 1 << 20;

/**
 * Every instruction of a module, by index, and their operands, by index:
 * numbers in int32 arrays (eight per instruction, three per operand) and
 * only the rare strings and types as objects, so that the store costs the
 * collector almost nothing. Instruction i has operands opFrom(i) to opTo(i).
 */
export class InstStore {
  /** The opcodes (with their typing, typing.ts OP_TYPING) the module uses, by the index an instruction keeps, so that the resolver looks neither up again. */
  private readonly typings: OpTyping[] = [];
  private readonly typingIndex = new Map<OpTyping, number>();
  /** Per instruction: PER_INST ints (see there). */
  private readonly inst: Ints;
  /** Per operand: kind code, name id (or index into `extras` for a string or a type), pos. */
  private readonly opnd: Ints;
  private readonly extras: (string | TypeSyntax)[] = [];
  private readonly suffixes: string[] = [];
  private readonly suffixIndex = new Map<string, number>();
  /** The `!loc` of the instructions and terminators that carry one (an instruction's slot 6 and a block's last slot index this). */
  private readonly srcLocs: SourceLoc[] = [];
  /** Per block: PER_BLOCK ints (BlockFields). */
  private readonly blk = new Ints(0);
  private readonly caseLists: (readonly CaseSyntax[])[] = [];

  /** A store for about `expected` instructions, at most MAX_EXPECTED (it grows past them). */
  constructor(private readonly names: NameTable, expected = 0) {
    const n = Math.min(expected, MAX_EXPECTED);
    this.inst = new Ints(n * PER_INST);
    this.opnd = new Ints(n * 2 * 3);
  }

  /** Give the store's storage back for the stores of later parses; the store is not read again. */
  release(): void {
    this.inst.release();
    this.opnd.release();
    this.blk.release();
  }

  /** Blocks so far. */
  get blockCount(): number {
    return this.blk.length / PER_BLOCK;
  }

  /** Add a block (BlockFields). */
  addBlock(f: BlockFields): void {
    const k = this.blk.reserve(PER_BLOCK), d = this.blk.data;
    d[k] = f.label; d[k + 1] = f.labelPos; d[k + 2] = f.from; d[k + 3] = f.to;
    d[k + 4] = TERM_CODE[f.op]; d[k + 5] = f.pos;
    d[k + 6] = f.a; d[k + 7] = f.aPos; d[k + 8] = f.b; d[k + 9] = f.bPos; d[k + 10] = f.c; d[k + 11] = f.cPos;
    d[k + 12] = f.cases ? this.caseLists.push(f.cases) - 1 : -1;
    d[k + 13] = f.srcLoc ? this.srcLocs.push(f.srcLoc) - 1 : -1;
  }

  /** Block `b`'s label (name id) and where it is written. */
  label(b: BlockSyntax): number { return this.blk.data[b * PER_BLOCK]!; }
  labelPos(b: BlockSyntax): Pos { return this.blk.data[b * PER_BLOCK + 1]!; }
  /** Block `b`'s instructions: from (inclusive) to (exclusive). */
  from(b: BlockSyntax): number { return this.blk.data[b * PER_BLOCK + 2]!; }
  to(b: BlockSyntax): number { return this.blk.data[b * PER_BLOCK + 3]!; }
  /** Block `b`'s terminator: keyword, its position, names a, b, c (id or -1) and their positions, cases, `!loc`. */
  termOp(b: BlockSyntax): TermOp { return TERM_OPS[this.blk.data[b * PER_BLOCK + 4]!]!; }
  termPos(b: BlockSyntax): Pos { return this.blk.data[b * PER_BLOCK + 5]!; }
  termA(b: BlockSyntax): number { return this.blk.data[b * PER_BLOCK + 6]!; }
  termAPos(b: BlockSyntax): Pos { return this.blk.data[b * PER_BLOCK + 7]!; }
  termB(b: BlockSyntax): number { return this.blk.data[b * PER_BLOCK + 8]!; }
  termBPos(b: BlockSyntax): Pos { return this.blk.data[b * PER_BLOCK + 9]!; }
  termC(b: BlockSyntax): number { return this.blk.data[b * PER_BLOCK + 10]!; }
  termCPos(b: BlockSyntax): Pos { return this.blk.data[b * PER_BLOCK + 11]!; }
  termCases(b: BlockSyntax): readonly CaseSyntax[] | null {
    const k = this.blk.data[b * PER_BLOCK + 12]!;
    return k < 0 ? null : this.caseLists[k]!;
  }
  termSrcLoc(b: BlockSyntax): SourceLoc | undefined {
    const k = this.blk.data[b * PER_BLOCK + 13]!;
    return k < 0 ? undefined : this.srcLocs[k];
  }

  /** Instructions so far. */
  get length(): number {
    return this.inst.length / PER_INST;
  }

  /** Operands so far. */
  get operands(): number {
    return this.opnd.length / 3;
  }

  /** Add an operand: a name or number token (its id in the name table), a string literal's contents or a type. */
  addOperand(kind: OperandKind, id: number, at: Pos, extra?: string | TypeSyntax): void {
    const k = this.opnd.reserve(3), d = this.opnd.data;
    d[k] = KIND_CODE[kind];
    if (extra !== undefined) {
      d[k + 1] = this.extras.length;
      this.extras.push(extra);
    } else {
      d[k + 1] = id;
    }
    d[k + 2] = at;
  }

  /** Add a name or number operand by its kind's code (`operandCode`). */
  addNamed(code: number, id: number, at: Pos): void {
    const k = this.opnd.reserve(3), d = this.opnd.data;
    d[k] = code;
    d[k + 1] = id;
    d[k + 2] = at;
  }

  /** The index of `.SUFFIX` text `suffix` (-1 for none), for `add`. */
  suffixId(suffix: string | null): number {
    if (suffix === null) return -1;
    let sfx = this.suffixIndex.get(suffix);
    if (sfx === undefined) { sfx = this.suffixes.push(suffix) - 1; this.suffixIndex.set(suffix, sfx); }
    return sfx;
  }

  /** The index of opcode `op`, for `add`. */
  typingId(op: OpTyping): number {
    let k = this.typingIndex.get(op);
    if (k === undefined) { k = this.typings.push(op) - 1; this.typingIndex.set(op, k); }
    return k;
  }

  /** Close instruction `op` (its index from `typingId`; suffix index `sfx` from `suffixId`) whose operands start at operand `from` (the ones added since). */
  add(op: number, pos: Pos, dstId: number, dstPos: Pos, sfx: number, from: number, srcLoc: SourceLoc | undefined): void {
    const k = this.inst.reserve(PER_INST), d = this.inst.data;
    d[k + 6] = srcLoc ? this.srcLocs.push(srcLoc) - 1 : -1;
    d[k] = pos;
    d[k + 1] = dstId;
    d[k + 2] = dstPos;
    d[k + 3] = sfx;
    d[k + 4] = from;
    d[k + 5] = this.operands;
    d[k + 7] = op;
  }

  op(i: number): Opcode { return this.typing(i).op; }
  typing(i: number): OpTyping { return this.typings[this.inst.data[i * PER_INST + 7]!]!; }
  /** Where the opcode is written; errors about the instruction point here. */
  pos(i: number): Pos { return this.inst.data[i * PER_INST]!; }
  /** The result name's id in the name table, or -1. */
  dstId(i: number): number { return this.inst.data[i * PER_INST + 1]!; }
  /** The result's name, or null. */
  dst(i: number): string | null {
    const id = this.inst.data[i * PER_INST + 1]!;
    return id < 0 ? null : this.names.strings[id]!;
  }
  dstPos(i: number): Pos { return this.inst.data[i * PER_INST + 2]!; }
  /** The `.SUFFIX` after the opcode (type or condition code), written at pos + op.length + 1. */
  suffix(i: number): string | null {
    const k = this.inst.data[i * PER_INST + 3]!;
    return k < 0 ? null : this.suffixes[k]!;
  }
  /** The index of the suffix's text among the store's suffixes (one per distinct text), or -1 for none. */
  suffixAt(i: number): number { return this.inst.data[i * PER_INST + 3]!; }
  /** The source location the instruction carries (`!loc "file":line:col`), not where it is in this text. */
  srcLoc(i: number): SourceLoc | undefined {
    const k = this.inst.data[i * PER_INST + 6]!;
    return k < 0 ? undefined : this.srcLocs[k];
  }
  opFrom(i: number): number { return this.inst.data[i * PER_INST + 4]!; }
  opTo(i: number): number { return this.inst.data[i * PER_INST + 5]!; }

  kind(j: number): OperandKind { return KINDS[this.opnd.data[j * 3]!]!; }
  /** The name id of a name or number operand, or -1. */
  id(j: number): number { return this.opnd.data[j * 3]! >= 5 ? -1 : this.opnd.data[j * 3 + 1]!; }
  /** The operand's token text (a name without its sigil; `"` for a string; "" for a type). */
  text(j: number): string {
    const code = this.opnd.data[j * 3]!;
    return code === 5 ? '"' : code === 6 ? "" : this.names.strings[this.opnd.data[j * 3 + 1]!]!;
  }
  at(j: number): Pos { return this.opnd.data[j * 3 + 2]!; }
  /** A string's decoded contents, or a type operand's type. */
  extra(j: number): string | TypeSyntax | undefined {
    return this.opnd.data[j * 3]! >= 5 ? this.extras[this.opnd.data[j * 3 + 1]!] : undefined;
  }
}

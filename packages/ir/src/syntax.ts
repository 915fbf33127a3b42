/**
 * What the parser hands the resolver: the items of a module as small
 * records, and every instruction of every function body in one flat store
 * of parallel arrays (no object per instruction or operand), so that
 * parsing a large module allocates little beyond the names it keeps.
 *
 * Every name keeps where it is written as a `Pos` (an offset into the
 * source; `Lexer.loc` makes the line and column when an error needs them).
 */
import type { Pos } from "./lexer.js";
import type { SourceLoc } from "./module.js";
import type { NameTable } from "./names.js";
import type { Opcode } from "./opcodes.js";

export interface Name {
  readonly text: string;
  /** The text's id in the lexer's name table. */
  readonly id: number;
  readonly pos: Pos;
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
  /** An integer (number) or a variant name (word). */
  readonly key: Name & { readonly kind: "number" | "word" };
  readonly target: Name;
}

export type TermSyntax = (
  | { readonly op: "jump"; readonly target: Name; readonly pos: Pos }
  | { readonly op: "br"; readonly cond: Name; readonly then: Name; readonly else: Name; readonly pos: Pos }
  | { readonly op: "switch"; readonly value: Name; readonly cases: readonly CaseSyntax[]; readonly default: Name | null; readonly pos: Pos }
  | { readonly op: "ret"; readonly value: Name | null; readonly pos: Pos }
  | { readonly op: "unreachable"; readonly pos: Pos }
) & { readonly srcLoc?: SourceLoc };

/** A block: its label, its instructions `from` (inclusive) to `to` (exclusive) in the InstStore, its terminator. */
export interface BlockSyntax {
  readonly label: Name;
  readonly from: number;
  readonly to: number;
  readonly term: TermSyntax;
}

export interface Typed {
  readonly name: Name;
  readonly type: TypeSyntax;
}

export type ItemSyntax =
  | { readonly kind: "struct"; readonly name: Name; readonly fields: readonly Typed[] }
  | { readonly kind: "enum"; readonly name: Name; readonly variants: readonly { readonly name: Name; readonly payload: TypeSyntax | null }[] }
  | { readonly kind: "import"; readonly name: Name; readonly params: readonly TypeSyntax[]; readonly result: TypeSyntax | null; readonly cabi: boolean }
  | { readonly kind: "global"; readonly name: Name; readonly mutable: boolean; readonly type: TypeSyntax; readonly init: LitSyntax | { readonly kind: "list"; readonly items: readonly LitSyntax[]; readonly pos: Pos } }
  | FuncSyntax;

export interface FuncSyntax {
  readonly kind: "func"; readonly name: Name; readonly exported: boolean; readonly params: readonly Typed[];
  readonly result: TypeSyntax | null; readonly vars: readonly Typed[]; readonly blocks: readonly BlockSyntax[];
}

export interface ModuleSyntax {
  readonly name: Name;
  /** Every name read, by id (the ids of Name and InstStore). */
  readonly names: NameTable;
  readonly items: readonly ItemSyntax[];
  readonly insts: InstStore;
}

/**
 * Every instruction of a module, by index (parallel arrays), and their
 * operands, by index: instruction i has operands opFrom[i] to opTo[i].
 */
export class InstStore {
  readonly op: Opcode[] = [];
  /** Where the opcode is written; errors about the instruction point here. */
  readonly pos: Pos[] = [];
  /** The result's name, or null. */
  readonly dst: (string | null)[] = [];
  /** The result name's id in the name table, or -1. */
  readonly dstId: number[] = [];
  readonly dstPos: Pos[] = [];
  /** The `.SUFFIX` after the opcode (type or condition code), at pos + op.length + 1. */
  readonly suffix: (string | null)[] = [];
  /** The source location the instruction carries (`!loc "file":line:col`), not where it is in this text. */
  readonly srcLoc: (SourceLoc | undefined)[] = [];
  readonly opFrom: number[] = [];
  readonly opTo: number[] = [];

  readonly kind: OperandKind[] = [];
  /** The operand's token text (a name without its sigil; `"` for a string; "" for a type). */
  readonly text: string[] = [];
  /** The text's id in the name table (-1 for a string or a type). */
  readonly id: number[] = [];
  readonly at: Pos[] = [];
  /** A string's decoded contents, or a type operand's type. */
  readonly extra: (string | TypeSyntax | undefined)[] = [];

  get length(): number {
    return this.op.length;
  }

  addOperand(kind: OperandKind, text: string, id: number, at: Pos, extra: string | TypeSyntax | undefined): void {
    this.kind.push(kind);
    this.text.push(text);
    this.id.push(id);
    this.at.push(at);
    this.extra.push(extra);
  }

  /** Close instruction `op` whose operands start at `from` (the ones added since). */
  add(op: Opcode, pos: Pos, dst: string | null, dstId: number, dstPos: Pos, suffix: string | null, from: number, srcLoc: SourceLoc | undefined): void {
    this.op.push(op);
    this.pos.push(pos);
    this.dst.push(dst);
    this.dstId.push(dstId);
    this.dstPos.push(dstPos);
    this.suffix.push(suffix);
    this.srcLoc.push(srcLoc);
    this.opFrom.push(from);
    this.opTo.push(this.kind.length);
  }
}

/**
 * The IR's data: a module of type definitions, imports and functions; a
 * function is a control-flow graph of named blocks, each a list of
 * instructions closed by exactly one explicit terminator. Entities are dense
 * integer ids (values, blocks, variables) indexing arrays of the function, so
 * analyses keep their results in side tables keyed by id.
 *
 * Values are single-assignment and must be dominated by their definition;
 * mutable state that crosses blocks lives in declared variables (`get`/`set`),
 * from which the lowering builds SSA itself.
 */
import type { Opcode } from "./opcodes.js";
import type { Type } from "./types.js";

export type ValueId = number & { readonly __brand: "Value" };
export type BlockId = number & { readonly __brand: "Block" };
export type VarId = number & { readonly __brand: "Var" };

/** Immediate operands, by instruction format (see opcodes.ts). */
export type Imm =
  | { readonly kind: "none" }
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "f64"; readonly value: number }
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "cc"; readonly cc: string }
  | { readonly kind: "var"; readonly var: VarId }
  | { readonly kind: "func"; readonly name: string }
  | { readonly kind: "field"; readonly name: string }
  | { readonly kind: "struct"; readonly name: string }
  | { readonly kind: "variant"; readonly enumName: string; readonly variant: string }
  | { readonly kind: "global"; readonly name: string };

/**
 * Where an instruction was written in the source program a toolchain compiled
 * (not where it is in the `.fzir` text): 1-based line, column 0 when unknown.
 * Text form: a trailing `!loc "file":line:col` (SPEC.md). The lowering turns
 * it into debug info; it never changes what the program does.
 */
export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface Inst {
  readonly op: Opcode;
  /** Result value, or null for instructions without one. */
  readonly dst: ValueId | null;
  readonly args: readonly ValueId[];
  /** Type parameter: the `.T` of const/conversions, the array type of array.lit/new. */
  readonly type: Type | null;
  readonly imm: Imm;
  /** Source location, when the producer gave one. */
  readonly loc?: SourceLoc;
}

export interface SwitchCase {
  /** Integer case value, or the variant index when switching on an enum. */
  readonly value: bigint;
  readonly target: BlockId;
}

/** A terminator; `loc` as on an instruction. */
export type Term = (
  | { readonly op: "jump"; readonly target: BlockId }
  | { readonly op: "br"; readonly cond: ValueId; readonly then: BlockId; readonly else: BlockId }
  | { readonly op: "switch"; readonly value: ValueId; readonly cases: readonly SwitchCase[]; readonly default: BlockId | null }
  | { readonly op: "ret"; readonly value: ValueId | null }
  | { readonly op: "unreachable" }
) & { readonly loc?: SourceLoc };

export interface Block {
  readonly name: string;
  readonly insts: readonly Inst[];
  readonly term: Term;
}

export interface ValueInfo {
  readonly name: string;
  readonly type: Type;
}

export interface VarInfo {
  readonly name: string;
  readonly type: Type;
}

export interface Param {
  readonly name: string;
  readonly type: Type;
}

export interface Func {
  readonly name: string;
  readonly params: readonly Param[];
  readonly result: Type | null;
  readonly exported: boolean;
  /** Every value; params are values 0..params.length-1. */
  readonly values: readonly ValueInfo[];
  readonly vars: readonly VarInfo[];
  /** Blocks in layout order; blocks[0] is the entry. */
  readonly blocks: readonly Block[];
}

export interface StructDef {
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly type: Type }[];
}

export interface Variant {
  readonly name: string;
  readonly payload: Type | null;
}

export interface EnumDef {
  readonly name: string;
  /** Discriminants are the variant indices 0..n-1, in declaration order. */
  readonly variants: readonly Variant[];
}

/**
 * A host function provided by the embedder, called through the C ABI under
 * its own name. `abi: "c"` (text `import c fn`) passes a str as a
 * (pointer, length) pair and returns one through an out pointer
 * (packages/runtime-c/HOST_ABI.md); without it a str crosses as an interned
 * runtime handle.
 */
export interface ImportDef {
  readonly name: string;
  readonly params: readonly Type[];
  readonly result: Type | null;
  readonly abi?: "c";
}

/** A number or bool literal (an f64 literal also spells an f32 array element). */
export type ScalarInit =
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "f64"; readonly value: number };

/** The constant a global starts with (SPEC.md "Globals"): of the global's own type. */
export type GlobalInit =
  | ScalarInit
  | { readonly kind: "str"; readonly value: string }
  /** The elements of a fixed array of scalars, in order. */
  | { readonly kind: "array"; readonly elems: readonly ScalarInit[] }
  /** A reference to function or import @name (of a fn type). */
  | { readonly kind: "func"; readonly name: string };

/**
 * A module-level global: one cell for the whole program, holding an int,
 * bool, f64, str, function reference or fixed array of scalars, mutable or
 * not, initialized to a constant before any
 * function runs. `global.get`/`global.set` read and write it; an immutable
 * global is never written, so readers may fold it to its constant.
 */
export interface GlobalDef {
  readonly name: string;
  readonly type: Type;
  readonly mutable: boolean;
  readonly init: GlobalInit;
}

export interface Module {
  readonly name: string;
  readonly structs: readonly StructDef[];
  readonly enums: readonly EnumDef[];
  readonly imports: readonly ImportDef[];
  readonly functions: readonly Func[];
  /** Module-level globals; absent (or empty) in a module that has none. */
  readonly globals?: readonly GlobalDef[];
}

/**
 * Indexes kept for modules (`ModuleIndex.of`), each with what it was made
 * from: the module's lists and, per entry, the entry and its name, all
 * compared by identity before it is answered again, so a module whose
 * lists were changed in place gets a new index, never a stale one.
 */
const KEPT = new WeakMap<Module, { readonly ix: ModuleIndex; readonly entries: readonly unknown[] }>();

/** The lists of `m` and each entry with its name, in one array (what `KEPT` compares). */
function entriesOf(m: Module): unknown[] {
  const lists = [m.structs, m.enums, m.imports, m.functions, m.globals ?? NO_GLOBALS] as const;
  let size = 0;
  for (let l = 0; l < lists.length; l++) size += 2 + 2 * lists[l]!.length;
  // Written by index into an array of the exact size: pushed, it would be copied again and again as it grows (a module can have 100,000 functions).
  const out = new Array<unknown>(size);
  let k = 0;
  for (let l = 0; l < lists.length; l++) {
    const list: readonly { readonly name: string }[] = lists[l]!;
    out[k++] = list;
    out[k++] = list.length;
    for (let i = 0; i < list.length; i++) { out[k++] = list[i]; out[k++] = list[i]!.name; }
  }
  return out;
}

/** Whether `m` has exactly the lists and entries `entries` (from entriesOf) lists, without allocating. */
function sameEntries(m: Module, entries: readonly unknown[]): boolean {
  let k = 0;
  for (let l = 0; l < 5; l++) {
    const list: readonly { readonly name: string }[] = l === 0 ? m.structs : l === 1 ? m.enums : l === 2 ? m.imports : l === 3 ? m.functions : m.globals ?? NO_GLOBALS;
    if (entries[k++] !== list || entries[k++] !== list.length) return false;
    for (let i = 0; i < list.length; i++) if (entries[k++] !== list[i] || entries[k++] !== list[i]!.name) return false;
  }
  return true;
}

const NO_GLOBALS: readonly GlobalDef[] = Object.freeze([]);

/** Lookups that every consumer needs; built once per module. */
export class ModuleIndex {
  /**
   * The index of `m`: the one kept for it while its lists hold the same
   * entries (checked in time linear in the module's items, which costs far
   * less than the maps), else a new one, kept. The parser keeps the index it
   * resolved the module with, so verifying a parsed module builds none.
   */
  static of(m: Module): ModuleIndex {
    const kept = KEPT.get(m);
    if (kept !== undefined && sameEntries(m, kept.entries)) return kept.ix;
    return ModuleIndex.keep(m, new ModuleIndex(m));
  }

  /** Keep `ix`, an index of `m` as it is now, for `of(m)`; returns it. */
  static keep(m: Module, ix: ModuleIndex): ModuleIndex {
    KEPT.set(m, { ix, entries: entriesOf(m) });
    return ix;
  }

  readonly structs = new Map<string, StructDef>();
  readonly enums = new Map<string, EnumDef>();
  readonly imports = new Map<string, ImportDef>();
  readonly functions = new Map<string, Func>();
  readonly globals = new Map<string, GlobalDef>();

  constructor(readonly module: Module) {
    // Indexed loops: this runs once per module, often before it is optimized, where for-of makes an iterator result per entry.
    const globals = module.globals ?? NO_GLOBALS, { structs, enums, imports, functions } = module;
    for (let k = 0; k < globals.length; k++) this.globals.set(globals[k]!.name, globals[k]!);
    for (let k = 0; k < structs.length; k++) this.structs.set(structs[k]!.name, structs[k]!);
    for (let k = 0; k < enums.length; k++) this.enums.set(enums[k]!.name, enums[k]!);
    for (let k = 0; k < imports.length; k++) this.imports.set(imports[k]!.name, imports[k]!);
    for (let k = 0; k < functions.length; k++) this.functions.set(functions[k]!.name, functions[k]!);
  }

  /**
   * One type object per struct, enum and callee name, for the typing rule's
   * results (`struct.new`, `enum.new`, `func.ref`): a type is immutable data
   * compared by typeEq, so a module need not hold a new one per instruction.
   */
  private readonly structTypes = new Map<string, Type>();
  private readonly enumTypes = new Map<string, Type>();
  private readonly fnTypes = new Map<string, Type>();

  /** The type `{ kind, name }` of struct or enum `name` (whether or not it is defined). */
  namedType(kind: "struct" | "enum", name: string): Type {
    const table = kind === "struct" ? this.structTypes : this.enumTypes;
    const known = table.get(name);
    if (known !== undefined) return known;
    const t: Type = { kind, name };
    table.set(name, t);
    return t;
  }

  /** The function reference type of callee `name` (function or import), or undefined. */
  calleeType(name: string): Type | undefined {
    const known = this.fnTypes.get(name);
    if (known !== undefined) return known;
    const sig = this.callee(name);
    if (sig === undefined) return undefined;
    const t: Type = { kind: "fn", params: sig.params, result: sig.result };
    this.fnTypes.set(name, t);
    return t;
  }

  /** Each function's position in the module's list, by name (functionId), made at the first question. */
  private functionIds: Map<string, number> | undefined;

  /**
   * The position of function `name` in the module's list (the last of that
   * name, as in `functions`), or undefined: a dense id for tables of
   * functions. The table is made once per index, so a module lowered again
   * (another backend, another mode) resolves its calls without making it anew.
   */
  functionId(name: string): number | undefined {
    if (this.functionIds === undefined) {
      this.functionIds = new Map();
      const fns = this.module.functions;
      for (let f = 0; f < fns.length; f++) this.functionIds.set(fns[f]!.name, f);
    }
    return this.functionIds.get(name);
  }

  /** Name-to-position tables of the long field and variant lists (`position`), by list, each made at its first question. */
  private readonly positions = new Map<readonly { readonly name: string }[], Map<string, number>>();

  /** The position of the field of struct `def` called `name` (the first of that name), or -1. */
  fieldIndex(def: StructDef, name: string): number {
    return this.position(def.fields, name);
  }

  /** The position of the variant of enum `def` called `name` (its discriminant; the first of that name), or -1. */
  variantIndex(def: EnumDef, name: string): number {
    return this.position(def.variants, name);
  }

  /** The position of variant `variant` of the enum called `enumName`, or -1 (no such enum, or no such variant). */
  variantOfEnum(enumName: string, variant: string): number {
    const def = this.enums.get(enumName);
    return def === undefined ? -1 : this.variantIndex(def, variant);
  }

  /** Whether each long enum (by its variant list) has a variant with a payload, found at the first question. */
  private readonly payloads = new Map<readonly Variant[], boolean>();

  /**
   * Whether enum `def` has a variant with a payload (its values are boxed,
   * and it is no map key). Asked per value of the enum's type (the
   * verifier checks every value's type), so a long enum is searched once.
   */
  hasPayload(def: EnumDef): boolean {
    const list = def.variants;
    if (list.length <= FEW_ENTRIES) return anyPayload(list);
    let known = this.payloads.get(list);
    if (known === undefined) this.payloads.set(list, (known = anyPayload(list)));
    return known;
  }

  /**
   * The position of the first entry of `list` called `name`, or -1. A short
   * list is searched (no table to make for the common struct of a few
   * fields); a long one gets a table once, so the k-th of n lookups costs
   * O(1), not O(n). A module's definitions are immutable data, so a table
   * made from a list stays true for as long as the list exists.
   */
  private position(list: readonly { readonly name: string }[], name: string): number {
    if (list.length <= FEW_ENTRIES) {
      for (let i = 0; i < list.length; i++) if (list[i]!.name === name) return i;
      return -1;
    }
    let table = this.positions.get(list);
    if (table === undefined) {
      table = new Map();
      // From the last to the first, so the first of a repeated name (an unverified module) is the one kept.
      for (let i = list.length - 1; i >= 0; i--) table.set(list[i]!.name, i);
      this.positions.set(list, table);
    }
    return table.get(name) ?? -1;
  }

  /** Functions' signatures made by `callee`, by name (a function's parameter types are copied out once, not per call). */
  private readonly signatures = new Map<string, { readonly params: readonly Type[]; readonly result: Type | null }>();

  /** Signature of a callee (function or import), or undefined; the same object for every call with one name. */
  callee(name: string): { readonly params: readonly Type[]; readonly result: Type | null } | undefined {
    const f = this.functions.get(name);
    if (!f) return this.imports.get(name);
    let sig = this.signatures.get(name);
    if (sig === undefined) this.signatures.set(name, (sig = { params: f.params.map((p) => p.type), result: f.result }));
    return sig;
  }
}

/** Lists up to this long are searched by `ModuleIndex.position` rather than given a table. */
const FEW_ENTRIES = 8;

/** Whether a variant of `list` has a payload (a loop: `some` would take a closure). */
function anyPayload(list: readonly Variant[]): boolean {
  for (let i = 0; i < list.length; i++) if (list[i]!.payload !== null) return true;
  return false;
}

/** Successor blocks of a terminator, in order (duplicates kept). */
export function successors(t: Term): BlockId[] {
  switch (t.op) {
    case "jump": return [t.target];
    case "br": return [t.then, t.else];
    case "switch": return [...t.cases.map((c) => c.target), ...(t.default === null ? [] : [t.default])];
    case "ret": case "unreachable": return [];
  }
}

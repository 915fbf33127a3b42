/**
 * How IR types are represented in the lowered form: as SSA parts (machine
 * values) and as bytes in memory (array elements, struct and enum cells).
 * The representation of each type is fixed module-wide by the options (a
 * `str` is a (pointer, length) view when the strings fast path is on, an
 * interned handle otherwise), so values cross calls without conversion.
 */
import type { ModuleIndex, Type } from "@fzy/ir";
import { type LIntType, type LType, POINTER_SIZE } from "@fzy/lir";

const PTR = POINTER_SIZE;

export type MemType = Exclude<LType, "bool">;

export interface Layout {
  readonly size: number;
  readonly align: number;
  /** Each SSA part at its byte offset; a bool part is stored as one byte. */
  readonly parts: readonly { readonly type: MemType; readonly offset: number; readonly bool: boolean }[];
}

/**
 * The machine integer type of `bits` bits, as the literal spelling (one
 * shared string per type: a template would make a fresh string per call,
 * which every later comparison and table lookup would read whole).
 */
export function intTypeOf(bits: number): LIntType {
  switch (bits) {
    case 8: return "i8";
    case 16: return "i16";
    case 32: return "i32";
    case 64: return "i64";
    default: throw new Error(`no machine integer type of ${bits} bits`);
  }
}

export class Representation {
  constructor(
    readonly ix: ModuleIndex,
    /** Strings are views (ptr, len) rather than interned handles. */
    readonly strViews: boolean,
  ) {}

  /**
   * Per payload enum: the size of its cell, found once (with whether it has
   * a payload, ModuleIndex.hasPayload): the lowering asks per enum value, and
   * a search of the variants per question made n values of an enum of n
   * variants O(n^2).
   */
  private readonly cellSizes = new Map<string, number>();

  /** True for enums with at least one payload (boxed in a heap cell). */
  payloadEnum(t: Type): boolean {
    if (t.kind !== "enum") return false;
    const def = this.ix.enums.get(t.name);
    return def !== undefined && this.ix.hasPayload(def);
  }

  /** The SSA parts of a value of type t. */
  parts(t: Type): LType[] {
    return t.kind === "str" && this.strViews ? ["ptr", "i64"] : [this.firstPart(t)];
  }

  /** The first SSA part of a value of type t (its only one when partCount(t) is 1), without making the list. */
  firstPart(t: Type): LType {
    switch (t.kind) {
      case "int": return intTypeOf(t.bits);
      case "bool": return "bool";
      case "f64": return "f64";
      case "f32": return "f32";
      case "enum": return this.payloadEnum(t) ? "ptr" : "i32";
      case "str": case "handle": case "struct": case "array": case "dynarray": case "fn": case "map": return "ptr";
    }
  }

  /** How many SSA parts a value of type t has (parts(t).length, without making the list). */
  partCount(t: Type): number {
    return t.kind === "str" && this.strViews ? 2 : 1;
  }

  /** The in-memory layout of a value of type t. */
  layout(t: Type): Layout {
    const one = (type: MemType, size: number, bool = false): Layout => ({ size, align: size, parts: [{ type, offset: 0, bool }] });
    switch (t.kind) {
      case "int": return one(intTypeOf(t.bits), t.bits / 8);
      case "bool": return one("i8", 1, true);
      case "f64": return one("f64", 8);
      case "f32": return one("f32", 4);
      case "str":
        return this.strViews
          ? { size: 2 * PTR, align: PTR, parts: [{ type: "ptr", offset: 0, bool: false }, { type: "i64", offset: PTR, bool: false }] }
          : one("ptr", PTR);
      case "enum": return this.payloadEnum(t) ? one("ptr", PTR) : one("i32", 4);
      case "handle": case "struct": case "array": case "dynarray": case "fn": case "map": return one("ptr", PTR);
    }
  }

  /** Field offsets of a struct's heap cell, by field position (each field at its natural alignment). */
  structLayout(name: string): { size: number; offsets: readonly number[] } {
    const fields = this.ix.structs.get(name)!.fields;
    const offsets = new Array<number>(fields.length);
    let off = 0;
    for (let i = 0; i < fields.length; i++) {
      const l = this.layout(fields[i]!.type);
      off = Math.ceil(off / l.align) * l.align;
      offsets[i] = off;
      off += l.size;
    }
    return { size: Math.max(8, Math.ceil(off / 8) * 8), offsets };
  }

  /** Heap cell of a payload enum: i32 tag at 0, payload at 8. */
  enumCellSize(name: string): number {
    let size = this.cellSizes.get(name);
    if (size === undefined) {
      // A loop, not Math.max over a spread: an enum can have more variants than a call can take arguments.
      let payload = 0;
      for (const v of this.ix.enums.get(name)!.variants) if (v.payload) payload = Math.max(payload, this.layout(v.payload).size);
      this.cellSizes.set(name, (size = 8 + Math.ceil(payload / 8) * 8));
    }
    return size;
  }
}

/**
 * Values in memory: an IR value's parts stored at or loaded from an address
 * in their memory layout (layout.ts; a bool is one byte), and widened to or
 * narrowed from a runtime array slot (one i64; a str crosses as an interned
 * handle). Every lowerer that touches memory goes through these, so a
 * type's bytes are spelled in one place.
 */
import type { Type, ValueId } from "@fzy/ir";
import type { LIntType, LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { internHandle, viewOfHandle } from "./lower-strings.js";

/**
 * The parts of IR value `v` to store into an object: a str view that is not
 * a literal is interned first and stored as a view of the interned bytes,
 * which live as long as the process, so an object never points into a
 * temporary buffer (the arena scopes of arena-scopes.ts rely on it).
 */
export function storedParts(e: FunctionEmitter, v: ValueId): LValue[] {
  if (e.typeOf(v).kind !== "str" || !e.repr.strViews || e.strLit.has(v)) return e.value(v);
  return [e.rt("fz_str_ptr", [internHandle(e, v, "memory")])[0]!, e.value(v)[1]!];
}

/** Store a value's parts at addr+off in its memory layout. */
export function storeValue(e: FunctionEmitter, addr: LValue, off: number, t: Type, parts: readonly LValue[]): void {
  const lay = e.repr.layout(t);
  lay.parts.forEach((p, i) => {
    const v = p.bool ? e.b.select(parts[i]!, e.b.iconst("i8", 1), e.b.iconst("i8", 0)) : parts[i]!;
    e.b.store(addr, v, off + p.offset);
    e.count("directStores");
  });
}

/** Load a value of type t from addr+off (`readonly`: the memory is never written). */
export function loadValue(e: FunctionEmitter, addr: LValue, off: number, t: Type, readonly = false): LValue[] {
  const lay = e.repr.layout(t);
  return lay.parts.map((p) => {
    e.count("directLoads");
    const v = e.b.load(p.type, addr, off + p.offset, readonly);
    return p.bool ? e.b.icmp("ne", v, e.b.iconst("i8", 0)) : v;
  });
}

/** Widen a value to a runtime array slot (i64). */
export function toSlot(e: FunctionEmitter, v: ValueId): LValue {
  const b = e.b;
  const t = e.typeOf(v);
  const x = e.one(v);
  switch (t.kind) {
    case "int": return t.bits === 64 ? x : b.convert("sext", x, "i64");
    case "bool": return b.convert("uext", x, "i64");
    case "f64": return b.convert("bitcast", x, "i64");
    case "f32": return b.convert("bitcast", b.convert("fpromote", x, "f64"), "i64"); // exact, and fdemote gives it back
    case "enum": return e.repr.payloadEnum(t) ? b.convert("ptr_to_int", x, "i64") : b.convert("sext", x, "i64");
    case "str": return b.convert("ptr_to_int", internHandle(e, v, "memory"), "i64");
    default: return b.convert("ptr_to_int", x, "i64");
  }
}

/** Narrow a runtime array slot back to a value of type t. */
export function fromSlot(e: FunctionEmitter, s: LValue, t: Type): LValue[] {
  const b = e.b;
  switch (t.kind) {
    case "int": return [t.bits === 64 ? s : b.convert("trunc", s, `i${t.bits}` as LIntType)];
    case "bool": return [b.icmp("ne", s, b.iconst("i64", 0))];
    case "f64": return [b.convert("bitcast", s, "f64")];
    case "f32": return [b.convert("fdemote", b.convert("bitcast", s, "f64"), "f32")];
    case "enum": return [e.repr.payloadEnum(t) ? b.convert("int_to_ptr", s, "ptr") : b.convert("trunc", s, "i32")];
    case "str": {
      const h = b.convert("int_to_ptr", s, "ptr");
      return e.repr.strViews ? viewOfHandle(e, h) : [h];
    }
    default: return [b.convert("int_to_ptr", s, "ptr")];
  }
}

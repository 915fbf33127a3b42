/**
 * Values in memory: an IR value's parts stored at or loaded from an address
 * in their memory layout (layout.ts; a bool is one byte), and widened to or
 * narrowed from a runtime array slot (one i64; a str crosses as a handle:
 * into an array, a counted string the array owns, or an interned literal;
 * into a map, an interned handle). Every lowerer that touches memory goes through these, so a
 * type's bytes are spelled in one place.
 */
import type { Type, ValueId } from "@fzy/ir";
import type { LIntType, LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { internHandle, viewOfHandle } from "./lower-strings.js";

/**
 * How a str enters a slot: "interned" (map keys and values: the map does
 * not own strings) or "owned" (a runtime array made with references owns
 * the handle: a counted copy of the view, fz_str_from_view, or a literal's
 * interned handle, which is immortal, so the array's release ignores it).
 */
export type SlotStr = "interned" | "owned";

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
export function toSlot(e: FunctionEmitter, v: ValueId, str: SlotStr = "interned"): LValue {
  const b = e.b;
  const t = e.typeOf(v);
  const x = e.one(v);
  switch (t.kind) {
    case "int": return t.bits === 64 ? x : b.convert("sext", x, "i64");
    case "bool": return b.convert("uext", x, "i64");
    case "f64": return b.convert("bitcast", x, "i64");
    case "f32": return b.convert("bitcast", b.convert("fpromote", x, "f64"), "i64"); // exact, and fdemote gives it back
    case "enum": return e.repr.payloadEnum(t) ? b.convert("ptr_to_int", x, "i64") : b.convert("sext", x, "i64");
    case "str": return b.convert("ptr_to_int", str === "owned" ? ownedHandle(e, v) : internHandle(e, v, "memory"), "i64");
    default: return b.convert("ptr_to_int", x, "i64");
  }
}

/** A handle the storing object owns (SlotStr "owned"); without views the value already is one (ownership.ts counts it). */
function ownedHandle(e: FunctionEmitter, v: ValueId): LValue {
  if (!e.repr.strViews || e.strLit.has(v)) return internHandle(e, v, "memory");
  return e.rt("fz_str_from_view", e.value(v))[0]!;
}

/**
 * Narrow a runtime array slot back to a value of type t. `copyTo`, for a str
 * view out of an object that owns its strings: a buffer of n bytes the view's
 * bytes are copied to (lower-strings.ts buffer), since the object may let the
 * string go while the view lives.
 */
export function fromSlot(e: FunctionEmitter, s: LValue, t: Type, copyTo?: (n: LValue) => LValue): LValue[] {
  const b = e.b;
  switch (t.kind) {
    case "int": return [t.bits === 64 ? s : b.convert("trunc", s, `i${t.bits}` as LIntType)];
    case "bool": return [b.icmp("ne", s, b.iconst("i64", 0))];
    case "f64": return [b.convert("bitcast", s, "f64")];
    case "f32": return [b.convert("fdemote", b.convert("bitcast", s, "f64"), "f32")];
    case "enum": return [e.repr.payloadEnum(t) ? b.convert("int_to_ptr", s, "ptr") : b.convert("trunc", s, "i32")];
    case "str": {
      const h = b.convert("int_to_ptr", s, "ptr");
      if (!e.repr.strViews) return [h];
      const [p, n] = viewOfHandle(e, h) as [LValue, LValue];
      if (copyTo === undefined) return [p, n];
      const buf = copyTo(n);
      e.rt("fz_view_copy", [p, n, buf]);
      return [buf, n];
    }
    default: return [b.convert("int_to_ptr", s, "ptr")];
  }
}

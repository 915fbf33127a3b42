/**
 * Values in memory: an IR value's parts stored at or loaded from an address
 * in their memory layout (layout.ts; a bool is one byte), and widened to or
 * narrowed from a runtime array slot (one i64; a str crosses as a handle:
 * into an array or as a map value, a counted string the object owns, or an
 * interned literal; as a map key, an interned handle). Every lowerer that
 * touches memory goes through these, so a type's bytes are spelled in one
 * place.
 *
 * Memory that owns its strings (struct and enum cells, stack arrays that do
 * not hold only literals; ownedStr) keeps a str view as (handle, length) in
 * the view's two words: the handle is a counted copy of the bytes (or a
 * literal's interned, immortal handle), a reference the memory owns, so the
 * cell's shape (insert-rc.ts cellShape) lists the handle word and an
 * overwrite releases the old one. A read copies the bytes out (loadOwnedStr),
 * as a read from a runtime array does, since the owner may let the string go
 * while the view lives.
 */
import type { Type, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { intTypeOf, type Layout } from "./layout.js";
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
  // Loops, not closures, here and in loadValue: a closure per element access would allocate a context for what it captures.
  const b = e.b, lay = e.repr.layout(t).parts;
  for (let i = 0; i < lay.length; i++) {
    const p = lay[i]!;
    const v = p.bool ? b.select(parts[i]!, b.iconst("i8", 1), b.iconst("i8", 0)) : parts[i]!;
    b.store(addr, v, off + p.offset);
    e.count("directStores");
  }
}

/** Load a value of type t from addr+off (`readonly`: the memory is never written). */
export function loadValue(e: FunctionEmitter, addr: LValue, off: number, t: Type, readonly = false): LValue[] {
  // A literal, not `new Array(n)`: a packed list at its size, as map made it (lower-arithmetic.ts opaqueParts says why).
  const lay = e.repr.layout(t).parts;
  if (lay.length === 1) return [loadPart(e, addr, off, lay[0]!, readonly)];
  const out: LValue[] = [];
  for (let i = 0; i < lay.length; i++) out.push(loadPart(e, addr, off, lay[i]!, readonly));
  return out;
}

/** Load part `p` of a value at addr+off (a bool's byte compared to zero). */
function loadPart(e: FunctionEmitter, addr: LValue, off: number, p: Layout["parts"][number], readonly: boolean): LValue {
  const b = e.b;
  e.count("directLoads");
  const v = b.load(p.type, addr, off + p.offset, readonly);
  return p.bool ? b.icmp("ne", v, b.iconst("i8", 0)) : v;
}

/**
 * Whether a str of type t kept in a cell, a payload or a stack array is a
 * handle that memory owns (ownedParts): with views. Without them the str
 * already is a counted handle, counted like any reference (ownership.ts).
 */
export function ownedStr(e: FunctionEmitter, t: Type): boolean {
  return e.repr.strViews && t.kind === "str";
}

/** The parts of `v` as memory that owns its strings stores them: a str view as (handle, length); other values as storedParts. */
export function ownedParts(e: FunctionEmitter, v: ValueId): LValue[] {
  if (!ownedStr(e, e.typeOf(v))) return storedParts(e, v);
  return [ownedHandle(e, v), e.value(v)[1]!];
}

/**
 * The str that memory owning its strings holds at addr+off, as a view of a
 * copy of its bytes in `copyTo(n)` (lower-strings.ts buffer).
 */
export function loadOwnedStr(e: FunctionEmitter, addr: LValue, off: number, copyTo: (n: LValue) => LValue): LValue[] {
  const h = loadOwnedHandle(e, addr, off);
  e.count("directLoads");
  const n = e.b.load("i64", addr, off + e.repr.layout({ kind: "str" }).parts[1]!.offset);
  const buf = copyTo(n);
  e.rt("fz_view_copy", [e.rt("fz_str_ptr", [h])[0]!, n, buf]);
  return [buf, n];
}

/** The handle word of an owned str at addr+off (to release it when overwritten). */
export function loadOwnedHandle(e: FunctionEmitter, addr: LValue, off: number): LValue {
  e.count("directLoads");
  return e.b.load("ptr", addr, off + e.repr.layout({ kind: "str" }).parts[0]!.offset);
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
export function ownedHandle(e: FunctionEmitter, v: ValueId): LValue {
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
    case "int": return [t.bits === 64 ? s : b.convert("trunc", s, intTypeOf(t.bits))];
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

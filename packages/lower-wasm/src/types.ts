/**
 * How lowered machine types live in WebAssembly values. `ptr` is an i32 (a
 * wasm32 address, the runtime's C pointer) in locals, parameters and calls,
 * and keeps its lowered-form size of 8 bytes in memory (stored zero-extended),
 * so every data and slot layout is the one the other backends use.
 *
 * Narrow integers (i8, i16) are i32 values kept sign-extended at all times:
 * every operation that can leave bits above the width (add, sub, mul, shl,
 * the unsigned operations, truncation) re-extends its result, so signed
 * compares, division and stores need nothing, and the unsigned operations
 * mask their operands first. `bool` is an i32 holding 0 or 1.
 */
import binaryen from "binaryen";
import type { LType } from "@fzy/lir";

/** The wasm value type of a lowered type. */
export function wasmType(t: LType): binaryen.Type {
  switch (t) {
    case "bool": case "i8": case "i16": case "i32": case "ptr": return binaryen.i32;
    case "i64": return binaryen.i64;
    case "f64": return binaryen.f64;
    case "f32": return binaryen.f32;
  }
}

/** True for the lowered types held in a wasm i32. */
export function isI32Like(t: LType): boolean {
  return wasmType(t) === binaryen.i32;
}

/** The wasm signature type of a parameter or result list. */
export function tupleType(ts: readonly LType[]): binaryen.Type {
  if (ts.length === 0) return binaryen.none;
  if (ts.length === 1) return wasmType(ts[0]!);
  return binaryen.createType(ts.map(wasmType));
}

/** Re-extends an i32 holding an i8/i16 result whose high bits may be anything. */
export function canonical(m: binaryen.Module, t: LType, e: binaryen.ExpressionRef): binaryen.ExpressionRef {
  if (t === "i8") return m.i32.extend8_s(e);
  if (t === "i16") return m.i32.extend16_s(e);
  return e;
}

/** The zero-extended bits of a canonical i8/i16 (identity for wider types). */
export function zeroExtended(m: binaryen.Module, t: LType, e: binaryen.ExpressionRef): binaryen.ExpressionRef {
  if (t === "i8") return m.i32.and(e, m.i32.const(0xff));
  if (t === "i16") return m.i32.and(e, m.i32.const(0xffff));
  return e;
}

/**
 * The constant text around operands, spelled once per type or opcode: a
 * line of LLVM text is written as a few pieces, each a lead string and an
 * operand (TextOut.ref), instead of the type, its space and its comma as
 * pieces of their own. Every string here is exactly what the pieces it
 * replaces spelled (spelling.ts is the one place types are spelled).
 */
import { byteSize, type LType } from "@fzy/lir";
import { llvmParamType, llvmReturnType, llvmType } from "./spelling.js";

/** A string per machine type: the object literal names every LType, so a new type fails to compile until it is added. */
function perType(spell: (t: LType) => string): Readonly<Record<LType, string>> {
  return {
    bool: spell("bool"), i8: spell("i8"), i16: spell("i16"), i32: spell("i32"), i64: spell("i64"),
    f32: spell("f32"), f64: spell("f64"), ptr: spell("ptr"),
  };
}

/** `i32 `: a typed operand's lead. */
export const TYPE_LEAD = perType((t) => `${llvmType(t)} `);

/** `, i32 `: a typed operand's lead after another operand. */
export const NEXT_TYPE_LEAD = perType((t) => `, ${llvmType(t)} `);

/** `i1 zeroext `: a call argument's lead (its ABI attributes after the type). */
export const ARG_LEAD = perType((t) => `${llvmParamType(t)} `);

/** `, i1 zeroext `: a call argument's lead after another argument. */
export const NEXT_ARG_LEAD = perType((t) => `, ${llvmParamType(t)} `);

/** `i32 noundef `: a defined function's parameter in its `define` line. */
export const PARAM_LEAD = perType((t) => `${llvmParamType(t)} noundef `);

/** `, i32 noundef `: a parameter after another. */
export const NEXT_PARAM_LEAD = perType((t) => `, ${llvmParamType(t)} noundef `);

/** `noundef i32 @`: a defined function's result in its `define` line, up to its name. */
export const RESULT_LEAD = perType((t) => `noundef ${llvmReturnType([t], "a result")} @`);

/** `define noundef i32 @`: the `define` line of an exported function of one result, up to its name. */
export const DEFINE_RESULT_LEAD = perType((t) => `define ${RESULT_LEAD[t]}`);

/** `define internal noundef i32 @`: the same for a function that is not exported. */
export const DEFINE_INTERNAL_RESULT_LEAD = perType((t) => `define internal ${RESULT_LEAD[t]}`);

/** `  ret i32 `: a return of one value. */
export const RET_LEAD = perType((t) => `  ret ${llvmType(t)} `);

/** ` = phi i32`: a phi's text between its name and its first row. */
export const PHI_TAIL = perType((t) => ` = phi ${llvmType(t)}`);

/** ` to i32`: a cast's text after its operand. */
export const TO_TYPE = perType((t) => ` to ${llvmType(t)}`);

/** `  store i32 `: a store's text before its value. */
export const STORE_LEAD = perType((t) => `  store ${llvmType(t)} `);

/** `i32, ptr `: a load's text between `load ` and its address. */
export const LOAD_TYPE = perType((t) => `${llvmType(t)}, ptr `);

/** `, align 4`: the natural alignment of an access of each type (none for bool, which never goes to memory). */
export const ALIGN_TAIL = perType((t) => (t === "bool" ? "" : `, align ${byteSize(t)}`));

/** The alignment of an unaligned access. */
export const UNALIGNED_TAIL = ", align 1";

/** ` = op `: an opcode between the defined value and its operands, for each spelling in `ops`. */
export function assignments<K extends string>(ops: Readonly<Record<K, string>>): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(ops) as K[]) out[k] = ` = ${ops[k]} `;
  return out;
}

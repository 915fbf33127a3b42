/**
 * The machine signature of a C-ABI import (`import c fn`,
 * packages/runtime-c/HOST_ABI.md), from its IR signature alone, so it is the
 * same in every fast-path mode: scalars and function references as their
 * parts, a str argument as (ptr, i64), a str result as a trailing out
 * pointer, an array argument of scalars as (ptr, i64): its elements in
 * their memory layout and their count. An array result, arrays of other
 * elements, structs and enums do not cross a C import yet: refused by name.
 * (Apart from lower-c-imports.ts so the module emitter can declare the
 * extern without importing the function emitter.)
 */
import { FzError, type ImportDef, isInt, type Type } from "@fzy/ir";
import type { LExtern, LType } from "@fzy/lir";

/** Whether `t` crosses a C import as (pointer, length): a fixed or dynamic array of int, bool, f64 or f32. */
export function isCArrayView(t: Type): t is Extract<Type, { kind: "array" | "dynarray" }> {
  if (t.kind !== "array" && t.kind !== "dynarray") return false;
  const e = t.elem;
  return isInt(e) || e.kind === "bool" || e.kind === "f64" || e.kind === "f32";
}

function crossable(t: Type, def: ImportDef, asResult: boolean): void {
  if ((t.kind === "array" || t.kind === "dynarray") && !asResult && !isCArrayView(t)) {
    throw new FzError("unsupported", `import c fn ${def.name}: an array crosses a C-ABI import only of int, bool, f64 or f32 elements`);
  }
  if (t.kind === "array" || t.kind === "dynarray" || t.kind === "struct" || t.kind === "enum") {
    const what = t.kind === "array" || t.kind === "dynarray" ? "an array result" : `a ${t.kind}`;
    throw new FzError("unsupported", `import c fn ${def.name}: ${what} cannot cross a C-ABI import yet (int, bool, f64, str, handle, fn references and array arguments of scalars can)`);
  }
}

/** The machine signature of C-ABI import `def`; `parts` gives a scalar type's machine type. */
export function cImportExtern(def: ImportDef, parts: (t: Type) => LType[]): LExtern {
  const params: LType[] = [];
  for (const t of def.params) {
    if (t.kind === "str" || isCArrayView(t)) params.push("ptr", "i64");
    else {
      crossable(t, def, false);
      params.push(...parts(t));
    }
  }
  let results: LType[] = [];
  if (def.result) {
    crossable(def.result, def, true);
    if (def.result.kind === "str") params.push("ptr");
    else results = parts(def.result);
  }
  return { name: def.name, params, results, noreturn: false, pure: false };
}

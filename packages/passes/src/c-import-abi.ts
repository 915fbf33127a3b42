/**
 * The machine signature of a C-ABI import (`import c fn`,
 * packages/runtime-c/HOST_ABI.md), from its IR signature alone, so it is the
 * same in every fast-path mode: scalars and function references as their
 * parts, a str argument as (ptr, i64), a str result as a trailing out
 * pointer. Arrays, structs and enums do not cross a C import yet: refused
 * by name. (Apart from lower-c-imports.ts so the module emitter can declare
 * the extern without importing the function emitter.)
 */
import { FzError, type ImportDef, type Type } from "@fzy/ir";
import type { LExtern, LType } from "@fzy/lir";

function crossable(t: Type, def: ImportDef): void {
  if (t.kind === "array" || t.kind === "dynarray" || t.kind === "struct" || t.kind === "enum") {
    throw new FzError("unsupported", `import c fn ${def.name}: a ${t.kind} cannot cross a C-ABI import yet (int, bool, f64, str, handle and fn references can)`);
  }
}

/** The machine signature of C-ABI import `def`; `parts` gives a scalar type's machine type. */
export function cImportExtern(def: ImportDef, parts: (t: Type) => LType[]): LExtern {
  const params: LType[] = [];
  for (const t of def.params) {
    crossable(t, def);
    if (t.kind === "str") params.push("ptr", "i64");
    else params.push(...parts(t));
  }
  let results: LType[] = [];
  if (def.result) {
    crossable(def.result, def);
    if (def.result.kind === "str") params.push("ptr");
    else results = parts(def.result);
  }
  return { name: def.name, params, results, noreturn: false, pure: false };
}


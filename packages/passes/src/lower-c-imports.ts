/**
 * Calls of C-ABI imports (`import c fn`, packages/runtime-c/HOST_ABI.md): the
 * host's C prototype follows from the IR signature alone. Scalars cross as
 * themselves, a function reference as a C function pointer, a str argument
 * as two arguments (`const uint8_t *ptr, int64_t len`: the bytes, valid for
 * the call only, not NUL-terminated), and a str result through a trailing
 * out pointer to an `fz_host_str { const uint8_t *ptr; int64_t len; }` the
 * host fills, whose bytes the emitted code copies (interns) at once, so the
 * host may reuse its buffer after it returns.
 *
 * Invariants: the same IR signature gives the same machine signature in
 * every fast-path mode (a str argument in handle form is opened with
 * `fz_str_ptr`/`fz_str_len`; a view already is the pair), so one host
 * object serves every build. Arrays, structs and enums do not cross a C
 * import yet: refused by name.
 */
import { FzError, type ImportDef, type Type, type ValueId } from "@fzy/ir";
import type { LExtern, LType, LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { viewOfHandle } from "./lower-strings.js";

/** Size of `fz_host_str`: a pointer and an int64. */
const HOST_STR_BYTES = 16;

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

/** Lower a call of C-ABI import `def`; returns the result's parts. */
export function lowerCImportCall(e: FunctionEmitter, def: ImportDef, args: readonly ValueId[]): LValue[] {
  const b = e.b;
  const ext = e.mod.importFn(def.name);
  const flat = args.flatMap((v, i) => {
    if (def.params[i]!.kind !== "str") return e.value(v);
    return e.repr.strViews ? e.value(v) : viewOfHandle(e, e.one(v));
  });
  if (def.result?.kind !== "str") return b.call(def.name, flat, ext.results);
  const out = b.stackAddr(b.newSlot(HOST_STR_BYTES, 8));
  b.call(def.name, [...flat, out], []);
  const h = e.rt("fz_str_intern", [b.load("ptr", out, 0), b.load("i64", out, 8)])[0]!;
  return e.repr.strViews ? viewOfHandle(e, h) : [h];
}

/**
 * Calls of C-ABI imports (`import c fn`, packages/runtime-c/HOST_ABI.md): the
 * host's C prototype follows from the IR signature alone. Scalars cross as
 * themselves, a function reference as a C function pointer, a str argument
 * as two arguments (`const uint8_t *ptr, int64_t len`: the bytes, valid for
 * the call only, not NUL-terminated), and a str result through a trailing
 * out pointer to an `fz_host_str { const uint8_t *ptr; int64_t len; }` the
 * host fills, whose bytes the emitted code copies (interns) at once, so the
 * host may reuse its buffer after it returns. An array argument of scalars
 * crosses as (`const T *data, int64_t len`): a direct array (static data or
 * a stack slot) is passed in place; a runtime array is copied into arena
 * memory in the element layout, released when the host returns (arena marks
 * nest, so a callback into the module that allocates cannot disturb it).
 *
 * Invariants: the same IR signature gives the same machine signature in
 * every fast-path mode (a str argument in handle form is opened with
 * `fz_str_ptr`/`fz_str_len`; a view already is the pair; an array is the
 * pair whatever its form), so one host object serves every build. The
 * machine signature is c-import-abi.ts's.
 */
import type { ImportDef, Type, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import { isCArrayView } from "./c-import-abi.js";
import { countedLoop } from "./counted-loop.js";
import type { FunctionEmitter } from "./function-emitter.js";
import { viewOfHandle } from "./lower-strings.js";
import { fromSlot, storeValue } from "./value-memory.js";

/** Size of `fz_host_str`: a pointer and an int64. */
const HOST_STR_BYTES = 16;

/** The direct-memory form of an array value (its elements' address and count), when the array lowering chose one (lower-arrays.ts). */
export type DirectOf = (v: ValueId) => { readonly base: LValue; readonly len: number } | undefined;

/** Lower a call of C-ABI import `def`; returns the result's parts. */
export function lowerCImportCall(e: FunctionEmitter, def: ImportDef, args: readonly ValueId[], direct: DirectOf): LValue[] {
  const b = e.b;
  const ext = e.mod.importFn(def.name);
  let mark: LValue | undefined;
  const flat = args.flatMap((v, i) => {
    const t = def.params[i]!;
    if (t.kind === "str") return e.repr.strViews ? e.value(v) : viewOfHandle(e, e.one(v));
    if (!isCArrayView(t)) return e.value(v);
    // Today the matrix gives every array passed to an import a runtime handle (escape "import"); an array
    // in direct memory, should it ever get here, is its own view.
    const d = direct(v);
    if (d) return [d.base, b.iconst("i64", d.len)];
    mark ??= e.rt("fz_arena_mark", [])[0]!;
    return copyToArena(e, e.one(v), t.elem);
  });
  const release = () => { if (mark) e.rt("fz_arena_release", [mark]); };
  if (def.result?.kind !== "str") {
    const r = b.call(def.name, flat, ext.results);
    release();
    return r;
  }
  const out = b.stackAddr(b.newSlot(HOST_STR_BYTES, 8));
  b.call(def.name, [...flat, out], []);
  release();
  const h = e.rt("fz_str_intern", [b.load("ptr", out, 0), b.load("i64", out, 8)])[0]!;
  return e.repr.strViews ? viewOfHandle(e, h) : [h];
}

/** (data, len) of runtime array `h`: its elements copied, in their memory layout, into fresh arena memory. */
function copyToArena(e: FunctionEmitter, h: LValue, elem: Type): LValue[] {
  const b = e.b;
  const size = e.repr.layout(elem).size;
  const len = e.rt("fz_array_len", [h])[0]!;
  const data = e.rt("fz_arena_alloc", [b.binary("imul", len, b.iconst("i64", size))])[0]!;
  countedLoop(b, 0n, len, (i) => {
    const x = fromSlot(e, e.rt("fz_array_get", [h, i])[0]!, elem);
    storeValue(e, b.ptrAdd(data, b.binary("imul", i, b.iconst("i64", size))), 0, elem, x);
  });
  return [data, len];
}

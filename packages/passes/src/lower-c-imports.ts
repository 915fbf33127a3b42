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
 * object serves every build. The machine signature is c-import-abi.ts's.
 */
import type { ImportDef, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { viewOfHandle } from "./lower-strings.js";

/** Size of `fz_host_str`: a pointer and an int64. */
const HOST_STR_BYTES = 16;

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

/**
 * Lowering of calls. A call to an import passes strings as interned handles
 * (the host's ABI) and turns a returned handle back into a view; a call to a
 * module function passes every value as its parts, and a multi-part result
 * comes back through a stack slot whose address is the trailing argument.
 * Small callees were already inlined (inline-small-functions.ts).
 */
import type { ValueId } from "@fzy/ir";
import type { LType, LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { internHandle, viewOfHandle } from "./lower-strings.js";

/** Lower `call @name(args)`; returns the result's parts. */
export function lowerCall(e: FunctionEmitter, name: string, args: readonly ValueId[]): LValue[] {
  const b = e.b;
  e.count("calls");
  const imp = e.mod.ix.imports.get(name);
  if (imp) {
    const ext = e.mod.importFn(name);
    const flat = args.flatMap((v, i) => (imp.params[i]!.kind === "str" ? [internHandle(e, v, "import")] : e.value(v)));
    const r = b.call(name, flat, ext.results);
    if (imp.result?.kind === "str" && e.repr.strViews) return viewOfHandle(e, r[0]!);
    return r;
  }
  const sig = e.mod.sig(name);
  const flat = args.flatMap((v) => e.value(v));
  if (sig.outParts) {
    const slot = b.newSlot(sig.outParts.length * 8, 8);
    const out = b.stackAddr(slot);
    b.call(sig.symbol, [...flat, out], []);
    return sig.outParts.map((t, i) => b.load(t as Exclude<LType, "bool">, out, i * 8));
  }
  return b.call(sig.symbol, flat, sig.results);
}

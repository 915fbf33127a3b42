/**
 * Lowering of calls. A call to an import passes strings as interned handles
 * (the host's ABI) and turns a returned handle back into a view; a call to a
 * module function passes every value as its parts, and a multi-part result
 * comes back through a stack slot whose address is the trailing argument.
 * Small callees were already inlined (inline-small-functions.ts).
 *
 * Function references (SPEC.md "Function references"): `func.ref @f` is the
 * address of f's symbol, and `call.indirect` calls an address under the
 * module-function ABI computed from the reference's IR type alone, the same
 * rule `ModuleEmitter` applies to every module function's signature, so any
 * function of that type can be called through it. An import is referable
 * when its host ABI is that same ABI, i.e. no str crosses it (a host takes a
 * str as an interned handle, or a pointer-length pair under `import c fn`).
 */
import { FzError, type Type, type ValueId } from "@fzy/ir";
import type { LType, LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { type DirectOf, lowerCImportCall } from "./lower-c-imports.js";
import { internHandle, viewOfHandle } from "./lower-strings.js";

/** Lower `call @name(args)`; returns the result's parts. `direct` tells arrays in direct memory (for C-ABI imports). */
export function lowerCall(e: FunctionEmitter, name: string, args: readonly ValueId[], direct: DirectOf = () => undefined): LValue[] {
  const b = e.b;
  e.count("calls");
  const imp = e.mod.ix.imports.get(name);
  if (imp?.abi === "c") return lowerCImportCall(e, imp, args, direct);
  if (imp) {
    const ext = e.mod.importFn(name);
    const flat = args.flatMap((v, i) => (imp.params[i]!.kind === "str" ? [internHandle(e, v, "import")] : e.value(v)));
    const r = b.call(name, flat, ext.results);
    if (imp.result?.kind === "str" && e.repr.strViews) return viewOfHandle(e, r[0]!);
    return r;
  }
  const sig = e.mod.sig(name);
  return callParts(e, sig.outParts, args, (flat) => b.call(sig.name, flat, sig.results));
}

/** The parts of a call's result: direct, or through an out slot when it has several (`outParts`). */
function callParts(e: FunctionEmitter, outParts: readonly LType[] | null, args: readonly ValueId[], call: (flat: LValue[]) => LValue[]): LValue[] {
  const b = e.b;
  const flat = args.flatMap((v) => e.value(v));
  if (outParts) {
    const slot = b.newSlot(outParts.length * 8, 8);
    const out = b.stackAddr(slot);
    call([...flat, out]);
    return outParts.map((t, i) => b.load(t as Exclude<LType, "bool">, out, i * 8));
  }
  return call(flat);
}

/** The address of function or import `name`, for `func.ref`. */
export function lowerFuncRef(e: FunctionEmitter, name: string): LValue {
  const imp = e.mod.ix.imports.get(name);
  if (!imp) return e.b.funcAddr(e.mod.sig(name).name);
  const crossesStr = (t: Type | null) => t?.kind === "str";
  if (imp.params.some(crossesStr) || crossesStr(imp.result)) {
    // Both import ABIs differ from a module function's where a str crosses: a handle, or a pair with an out pointer.
    throw new FzError("unsupported", `func.ref @${name}: an import that takes or returns str cannot be referenced (a str crosses a host import as a handle or a pointer-length pair, not as a module function's value); wrap it in a module function`);
  }
  const ext = e.mod.importFn(name);
  if (ext.results.length > 1) throw new FzError("unsupported", `func.ref @${name}: an import with a multi-part result cannot be referenced`);
  return e.b.funcAddr(name);
}

/** Lower `call.indirect %f, args`; returns the result's parts. */
export function lowerCallIndirect(e: FunctionEmitter, f: ValueId, args: readonly ValueId[]): LValue[] {
  e.count("calls");
  const t = e.typeOf(f);
  if (t.kind !== "fn") throw new Error(`lowering ${e.func.name}: call.indirect through a ${t.kind}`);
  const res = t.result ? e.repr.parts(t.result) : [];
  const outParts = res.length > 1 ? res : null;
  return callParts(e, outParts, args, (flat) => e.b.callIndirect(e.one(f), flat, outParts ? [] : res));
}

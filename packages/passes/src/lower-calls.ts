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
import { FzError, type ImportDef, type Type, type ValueId } from "@fzy/ir";
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
  if (imp) return lowerImportCall(e, name, imp, args);
  const sig = e.mod.sig(name), outParts = sig.outParts;
  const flat = argParts(e, args, 0, outParts !== null);
  if (outParts === null) return b.call(sig.name, flat, sig.results);
  const out = (flat[flat.length - 1] = outSlot(e, outParts));
  b.call(sig.name, flat, sig.results);
  return outResults(e, outParts, out);
}

/** A call to host import `imp` (its str arguments as interned handles, a str result as a view of the handle). */
function lowerImportCall(e: FunctionEmitter, name: string, imp: ImportDef, args: readonly ValueId[]): LValue[] {
  const ext = e.mod.importFn(name);
  const flat = args.flatMap((v, i) => (imp.params[i]!.kind === "str" ? [internHandle(e, v, "import")] : e.value(v)));
  const r = e.b.call(name, flat, ext.results);
  if (imp.result?.kind === "str" && e.repr.strViews) return viewOfHandle(e, r[0]!);
  return r;
}

/**
 * The parts of `args` from position `from` on, in one list at its size,
 * with a last entry left for the out slot's address when `withOut`. Loops,
 * not closures: this runs for every call.
 */
function argParts(e: FunctionEmitter, args: readonly ValueId[], from: number, withOut: boolean): LValue[] {
  let n = withOut ? 1 : 0;
  for (let i = from; i < args.length; i++) n += e.value(args[i]!).length;
  const flat = new Array<LValue>(n);
  let k = 0;
  for (let i = from; i < args.length; i++) {
    const parts = e.value(args[i]!);
    for (let j = 0; j < parts.length; j++) flat[k++] = parts[j]!;
  }
  return flat;
}

/** The address of a new stack slot for a result of several parts (`outParts`), passed as a call's last argument. */
function outSlot(e: FunctionEmitter, outParts: readonly LType[]): LValue {
  return e.b.stackAddr(e.b.newSlot(outParts.length * 8, 8));
}

/** The parts of a result the callee wrote to out slot `out` (a packed list, as map made it: lower-arithmetic.ts opaqueParts says why). */
function outResults(e: FunctionEmitter, outParts: readonly LType[], out: LValue): LValue[] {
  const load = (i: number): LValue => e.b.load(outParts[i] as Exclude<LType, "bool">, out, i * 8);
  if (outParts.length === 2) return [load(0), load(1)];
  const parts: LValue[] = [];
  for (let i = 0; i < outParts.length; i++) parts.push(load(i));
  return parts;
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

/** Lower `call.indirect %f, args...` (`args`: the instruction's, the callee first); returns the result's parts. */
export function lowerCallIndirect(e: FunctionEmitter, args: readonly ValueId[]): LValue[] {
  e.count("calls");
  const f = args[0]!, t = e.typeOf(f);
  if (t.kind !== "fn") throw new Error(`lowering ${e.func.name}: call.indirect through a ${t.kind}`);
  const res = t.result ? e.repr.parts(t.result) : [];
  const outParts = res.length > 1 ? res : null;
  const flat = argParts(e, args, 1, outParts !== null);
  if (outParts === null) return e.b.callIndirect(e.one(f), flat, res);
  const out = (flat[flat.length - 1] = outSlot(e, outParts));
  e.b.callIndirect(e.one(f), flat, []);
  return outResults(e, outParts, out);
}

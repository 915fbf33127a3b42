/**
 * Traced host calls: a rewrite of the lowered form that routes every call of
 * a host import `x` through a generated wrapper `fz_host_x`, which reports
 * the call to the runtime's record/replay layer (packages/runtime-c/TRACE.md)
 * and either calls the host or takes the recorded result.
 *
 * The wrapper of `import fn x(i32, str) -> i64`, in the lowered form:
 *
 *   entry(a: i32, s: ptr):
 *     fz_trace_call_begin(&"x", 1)
 *     fz_trace_arg_i64(sext a); fz_trace_arg_str(s)
 *     live = fz_trace_live()
 *     brif live != 0, host, join(0)
 *   host:  r = x(a, s); jump join(r)
 *   join(v: i64): return fz_trace_result_i64(v)
 *
 * Invariants: with `hostCalls: "direct"` (the default) nothing here runs and
 * the lowered form is untouched, so emitted code stays byte-identical; the
 * rewrite is the same for both backends; values cross the trace as i64
 * (integers sign-extended, bool as 0/1), f64, or a string's bytes. Imports
 * of other types (arrays, structs, enums, handles) cannot be traced: their
 * values are addresses that would differ from run to run.
 */
import { FzError, type ImportDef, type Module, type Type } from "@fzy/ir";
import { LFunctionBuilder, type LData, type LExtern, type LFunction, type LInst, type LModule, type LType, type LValue, runtimeFn } from "@fzy/lir";

/** How emitted code reaches host imports. */
export type HostCalls = "direct" | "traced";
export const HOST_CALLS: readonly HostCalls[] = ["direct", "traced"];

/** The wrapper symbol of host import `name`. */
export function hostWrapperName(name: string): string {
  return `fz_host_${name}`;
}

type Kind = "int" | "bool" | "f64" | "str";

function kindOf(t: Type, imp: string): Kind {
  if (t.kind === "int" || t.kind === "bool" || t.kind === "f64" || t.kind === "str") return t.kind;
  throw new FzError("unsupported", `import ${imp}: traced host calls carry int, bool, f64 and str values only, not ${t.kind}`);
}

/** The i64 (or f64/ptr) form a value of `kind` takes in the trace. */
function toTrace(b: LFunctionBuilder, kind: Kind, v: LValue): LValue {
  const t = b.typeOf(v);
  if (kind === "bool") return b.convert("uext", v, "i64");
  if (kind === "int" && t !== "i64") return b.convert("sext", v, "i64");
  return v;
}

/** Back from the trace form to the import's own machine type. */
function fromTrace(b: LFunctionBuilder, kind: Kind, v: LValue, to: LType): LValue {
  if (kind === "bool") return b.icmp("ne", v, b.iconst("i64", 0));
  if (kind === "int" && to !== "i64") return b.convert("trunc", v, to);
  return v;
}

const ARG_FN: Record<Kind, string> = { int: "fz_trace_arg_i64", bool: "fz_trace_arg_i64", f64: "fz_trace_arg_f64", str: "fz_trace_arg_str" };
const RESULT_FN: Record<Kind, string> = { int: "fz_trace_result_i64", bool: "fz_trace_result_i64", f64: "fz_trace_result_f64", str: "fz_trace_result_str" };

/** A zero of the trace form of `kind` (the value passed to the result function when replaying). */
function zero(b: LFunctionBuilder, kind: Kind): LValue {
  if (kind === "f64") return b.fconst(0);
  if (kind === "str") return b.convert("int_to_ptr", b.iconst("i64", 0), "ptr");
  return b.iconst("i64", 0);
}

function buildWrapper(def: ImportDef, ext: LExtern, nameData: string, used: Set<string>): LFunction {
  if (def.abi === "c") throw new FzError("unsupported", `import c fn ${def.name}: traced host calls do not cover C-ABI imports yet`);
  const kinds = def.params.map((t) => kindOf(t, def.name));
  const result = def.result ? kindOf(def.result, def.name) : null;
  const call = (b: LFunctionBuilder, callee: string, args: readonly LValue[], results: readonly LType[]): LValue[] => {
    used.add(callee);
    return b.call(callee, args, results);
  };
  const b = new LFunctionBuilder(hostWrapperName(def.name), ext.params, ext.results, false);
  const args = b.args;
  call(b, "fz_trace_call_begin", [b.symbolAddr(nameData), b.iconst("i64", Buffer.byteLength(def.name))], []);
  kinds.forEach((k, i) => call(b, ARG_FN[k], [toTrace(b, k, args[i]!)], []));
  const live = b.icmp("ne", call(b, "fz_trace_live", [], ["i32"])[0]!, b.iconst("i32", 0));
  const traceType: LType = result === "f64" ? "f64" : result === "str" ? "ptr" : "i64";
  const host = b.newBlock();
  const join = b.newBlock(result ? [traceType] : []);
  b.brif(live, { block: host, args: [] }, { block: join, args: result ? [zero(b, result)] : [] });
  b.switchTo(host);
  const r = b.call(def.name, args, ext.results);
  b.jump(join, result ? [toTrace(b, result, r[0]!)] : []);
  b.switchTo(join);
  if (!result) {
    call(b, "fz_trace_result_void", [], []);
    b.ret([]);
  } else {
    const v = call(b, RESULT_FN[result], [b.blockParams(join)[0]!], [traceType])[0]!;
    b.ret([fromTrace(b, result, v, ext.results[0]!)]);
  }
  return b.finish();
}

function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The lowered module with every host-import call going through its traced
 * wrapper. `ir` is the IR module `lm` was lowered from (for the imports' types).
 */
export function traceHostCalls(lm: LModule, ir: Module): LModule {
  const imports = new Map(ir.imports.map((d) => [d.name, d]));
  const hosts = lm.externs.filter((e) => imports.has(e.name));
  if (hosts.length === 0) return lm;
  const taken = new Set([...lm.functions.map((f) => f.name), ...lm.externs.map((e) => e.name), ...lm.data.map((d) => d.name)]);
  const fresh = (name: string): string => {
    if (taken.has(name)) throw new FzError("unsupported", `traced host calls: the symbol ${name} is already defined`);
    taken.add(name);
    return name;
  };
  const used = new Set<string>();
  const data: LData[] = [];
  const wrappers = hosts.map((e) => {
    const nameData = fresh(`fz_host_name_${e.name}`);
    data.push({ name: nameData, bytes: new Uint8Array(Buffer.from(e.name, "utf8")), align: 1, relocs: [], writable: false });
    fresh(hostWrapperName(e.name));
    return buildWrapper(imports.get(e.name)!, e, nameData, used);
  });
  const redirect = (i: LInst): LInst => {
    if (i.op === "call" && imports.has(i.callee)) return { ...i, callee: hostWrapperName(i.callee) };
    // A reference to an import (func.ref) calls the traced wrapper too.
    if (i.op === "func_addr" && imports.has(i.symbol)) return { ...i, symbol: hostWrapperName(i.symbol) };
    return i;
  };
  // Each block copied by its four fields: a spread would drop the fields a CompareBlock reads through getters.
  const functions = lm.functions.map((f) => ({
    ...f,
    blocks: f.blocks.map((bl) => ({ params: bl.params, insts: bl.insts.map(redirect), term: bl.term, cold: bl.cold })),
  }));
  const known = new Set(lm.externs.map((e) => e.name));
  const externs = [...lm.externs, ...[...used].filter((n) => !known.has(n)).map(runtimeFn)].sort(byName);
  return { ...lm, functions: [...functions, ...wrappers.sort(byName)], externs, data: [...lm.data, ...data] };
}

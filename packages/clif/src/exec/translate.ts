/**
 * CLIF text to C: the heart of the executor. It reads only the CLIF text
 * (parsed and checked by the strict checker, which also gives every value's
 * type) and the names of the data objects, never the IR or the lowered
 * form. Each CLIF function becomes a C function with the same symbol (an
 * asm label, so CLIF names that are C keywords still work), its values
 * become locals of their unsigned C type, its stack slots aligned byte
 * arrays, and its blocks labels ending in `goto`, `return` or a trap.
 * External functions are declared with the CLIF signature in C ABI types
 * (i64 as int64_t, pointers included: they are i64 in CLIF, which is
 * ABI-compatible with a pointer).
 */
import { aliasTarget, type FunctionAst, type Signature, type ValueType, type ValueTypes } from "../check/index.js";
import { C_PRELUDE } from "./prelude.js";
import { vectorTypedefs } from "./vector.js";
import { abiType, CLIFExecError, cType, type FunctionContext, translateInst } from "./instructions.js";

/** C identifiers: module functions, external functions, data symbols. */
const fnIdent = (name: string) => `fzf_${name}`;
const externIdent = (name: string) => `fzx_${name}`;
const symIdent = (name: string) => `fzsym_${name}`;

class ModuleTables {
  /** Result-struct typedefs by their type list. */
  readonly structs = new Map<string, { name: string; typedef: string }>();
  readonly defined: ReadonlyMap<string, FunctionAst>;
  readonly externs = new Map<string, Signature>();
  readonly dataRefs = new Set<string>();

  constructor(readonly functions: readonly FunctionAst[]) {
    this.defined = new Map(functions.map((f) => [f.name, f]));
    for (const f of functions) {
      for (const d of f.fns.values()) if (!this.defined.has(d.name)) this.externs.set(d.name, d.sig);
    }
  }

  resultStruct(results: readonly ValueType[]): string {
    const key = results.join("_");
    let s = this.structs.get(key);
    if (!s) {
      const name = `fzr_${key}`;
      s = { name, typedef: `typedef struct { ${results.map((t, i) => `${abiType(t)} r${i};`).join(" ")} } ${name};` };
      this.structs.set(key, s);
    }
    return s.name;
  }

  returnType(sig: Signature): string {
    if (sig.results.length === 0) return "void";
    return sig.results.length === 1 ? abiType(sig.results[0]!) : this.resultStruct(sig.results);
  }

  /** `RET ident(T a0, ...) __asm__("name")`. */
  prototype(ident: string, name: string, sig: Signature): string {
    const params = sig.params.length ? sig.params.map((t, i) => `${abiType(t)} a${i}`).join(", ") : "void";
    return `${this.returnType(sig)} ${ident}(${params}) __asm__("${name}")`;
  }
}

function translateFunction(f: FunctionAst, types: ValueTypes, m: ModuleTables): string {
  // Each block's parameter values by position (the parser's blockPos maps an id there: no second table by id).
  const params = f.blocks.map((b) => b.params.map((p) => p.value));
  const cx: FunctionContext = {
    fn: f,
    typeOf(v0) {
      const v = aliasTarget(f, v0);
      const t = types.get(v);
      if (!t) throw new Error(`clif-exec: v${v} of %${f.name} has no type`);
      return t;
    },
    callee(fnRef) {
      const name = f.fns.get(fnRef)!.name;
      return m.defined.has(name) ? fnIdent(name) : externIdent(name);
    },
    symbolAddress(gv) {
      const g = f.globals.get(gv)!;
      const base = m.defined.has(g.symbol) ? `&${fnIdent(g.symbol)}` : symIdent(g.symbol);
      if (!m.defined.has(g.symbol)) m.dataRefs.add(g.symbol);
      return `(uint64_t)(uintptr_t)${base} + (uint64_t)${g.offset}LL`;
    },
    resultStruct: (results) => m.resultStruct(results),
    blockParams: (b) => params[f.blockPos.get(b)!]!,
  };
  const lines: string[] = [`${m.prototype(fnIdent(f.name), f.name, f.sig).replace(/ __asm__\(.*\)$/, "")} {`];
  for (const s of f.slots.values()) lines.push(`  _Alignas(${s.align}) uint8_t ss${s.id}[${Math.max(s.size, 1)}];`);
  const byType = new Map<string, number[]>();
  for (const [v, t] of [...types].sort((a, b) => a[0] - b[0])) {
    const list = byType.get(cType(t)) ?? [];
    list.push(v);
    byType.set(cType(t), list);
  }
  for (const [ct, vs] of byType) lines.push(`  ${ct} ${vs.map((v) => `v${v}`).join(", ")};`);
  f.blocks[0]!.params.forEach((p, i) => lines.push(`  v${p.value} = (${cType(p.type)})a${i};`));
  // A value alias (`v3 -> v1`) is another name for its target.
  for (const [a, { target }] of f.aliases) lines.push(`#define v${a} v${target}`);
  for (const b of f.blocks) {
    lines.push(`block${b.id}:${b.cold ? " /* cold */" : ""}`);
    for (const inst of b.insts) {
      lines.push(`  /* ${inst.line}: ${inst.text.replace(/\*\//g, "* /")} */`);
      for (const c of translateInst(cx, inst)) lines.push(`  ${c}`);
    }
  }
  lines.push("}");
  for (const a of f.aliases.keys()) lines.push(`#undef v${a}`);
  return lines.join("\n");
}

/**
 * The C translation unit of a checked CLIF file. `dataSymbols` are the data
 * objects defined beside it (in a separate C file); a `symbol` naming
 * anything else is an error.
 */
export function translateCLIF(functions: readonly FunctionAst[], types: readonly ValueTypes[], dataSymbols: ReadonlySet<string>): string {
  const m = new ModuleTables(functions);
  const bodies = functions.map((f, i) => translateFunction(f, types[i]!, m));
  for (const f of functions) {
    for (const g of f.globals.values()) {
      if (!m.defined.has(g.symbol) && !dataSymbols.has(g.symbol)) {
        throw new CLIFExecError(g.line, `gv${g.id} = symbol %${g.symbol}`, `%${g.symbol} is neither a data object nor a function of the module`);
      }
    }
  }
  // Prototypes first: they may name result structs that the typedefs must then include.
  const externs = [...m.externs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, sig]) => `extern ${m.prototype(externIdent(name), name, sig)};`);
  const prototypes = functions.map((f) => `${m.prototype(fnIdent(f.name), f.name, f.sig)};`);
  const decls = [
    ...[...m.structs.values()].map((s) => s.typedef),
    ...externs,
    ...[...m.dataRefs].sort().map((name) => `extern uint8_t ${symIdent(name)}[] __asm__("${name}");`),
    ...prototypes,
  ];
  const vectorTypes = new Set([...types.flatMap((ts) => [...ts.values()]), ...functions.flatMap((f) => [...f.sig.params, ...f.sig.results])]);
  return [C_PRELUDE, ...vectorTypedefs(vectorTypes), ...decls, "", ...bodies, ""].join("\n");
}

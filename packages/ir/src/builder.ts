/**
 * The builder API for toolchains that construct modules in code (the parser
 * uses it too). ModuleBuilder holds the declarations; each function body is
 * a FunctionBuilder (function-builder.ts). Names are checked as they are
 * declared: each has a text form, is unique in the module, and an exported
 * or imported name obeys the symbol rule (symbols.ts).
 *
 *   const mb = new ModuleBuilder("m");
 *   const f = mb.function("kernel", [["n", I32]], I32, { exported: true });
 *   const entry = f.block("entry"); f.at(entry);
 *   f.ret(f.add(f.param(0), f.i32(1)));
 *   const module = mb.finish();
 */
import { FzError } from "./errors.js";
import { type Callee, FunctionBuilder } from "./function-builder.js";
import { type EnumDef, type GlobalDef, type GlobalInit, type ImportDef, type Module, ModuleIndex, type StructDef } from "./module.js";
import { symbolError } from "./symbols.js";
import type { Type } from "./types.js";
import { globalDefError, typeWellFormed } from "./typing.js";

export { type CallResult, type Callee, type CaseSpec, type ConvertOp, type FloatCC, FunctionBuilder, type IntCC } from "./function-builder.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Item, field and variant names must have a text form (SPEC.md: IDENT). */
function checkName(kind: string, name: string): void {
  if (!IDENT.test(name)) throw new FzError("parse", `${kind} name '${name}' is not valid in the text format ([A-Za-z_][A-Za-z0-9_]*)`);
}

/** How a function is declared. */
export interface FunctionOptions {
  /** Visible to the linker under its own name (the symbol rule applies); otherwise module-local. */
  readonly exported?: boolean;
}

/** Declarations of one module (structs, enums, imports, functions) and the builders of its function bodies. */
export class ModuleBuilder {
  private readonly structs: StructDef[] = [];
  private readonly enums: EnumDef[] = [];
  private readonly imports: ImportDef[] = [];
  private readonly functions: FunctionBuilder[] = [];
  private readonly globals: GlobalDef[] = [];
  private readonly names = new Set<string>();
  private indexCache: ModuleIndex | null = null;
  private finished = false;

  /** A builder for module `name` (the name is also the prefix of its internal symbols). */
  constructor(readonly name: string) {}

  private claim(kind: string, name: string): void {
    if (this.finished) throw new FzError("cfg", `module ${this.name} is finished: a finished builder cannot change`);
    checkName(kind, name);
    if (this.names.has(name)) throw new FzError("duplicate", `${kind} ${name} is defined twice`);
    this.names.add(name);
    this.indexCache = null;
  }

  /** Declare a struct; returns its type. */
  struct(name: string, fields: readonly (readonly [string, Type])[]): Type {
    this.claim("struct", name);
    const seen = new Set<string>();
    for (const [f] of fields) {
      checkName("field", f);
      if (seen.has(f)) throw new FzError("duplicate", `field ${f} of struct ${name} is defined twice`);
      seen.add(f);
    }
    this.structs.push({ name, fields: fields.map(([n, type]) => ({ name: n, type })) });
    return { kind: "struct", name };
  }

  /** Declare an enum: variant names, each optionally with a payload type; returns its type. */
  enum(name: string, variants: readonly (string | readonly [string, Type])[]): Type {
    this.claim("enum", name);
    const vs = variants.map((v) => (typeof v === "string" ? { name: v, payload: null } : { name: v[0], payload: v[1] }));
    if (vs.length === 0) throw new FzError("type", `enum ${name} has no variants`);
    const seen = new Set<string>();
    for (const v of vs) {
      checkName("variant", v.name);
      if (seen.has(v.name)) throw new FzError("duplicate", `variant ${v.name} of enum ${name} is defined twice`);
      seen.add(v.name);
    }
    this.enums.push({ name, variants: vs });
    return { kind: "enum", name };
  }

  /** Declare a host function the module calls (linked under its own name); returns a handle for `call`. */
  import<R extends Type | null>(name: string, params: readonly Type[], result: R, options: { readonly abi?: "c" } = {}): Callee<R> {
    const bad = symbolError(name, "import");
    if (bad) throw bad;
    this.claim("import", name);
    this.imports.push(options.abi === "c" ? { name, params, result, abi: "c" } : { name, params, result });
    return { name, result };
  }

  /**
   * Declare a module global of type `type` (int, bool, f64, str, a fixed
   * array of scalars or a function reference; mutable with
   * `{ mutable: true }`) starting as `init`; `global.get`/`global.set` name it. A
   * number `init` of an integer type must be a safe integer (else pass a bigint);
   * a GlobalInit gives the literal's kind exactly (the parser passes one).
   */
  global(name: string, type: Type, init: bigint | number | boolean | string | GlobalInit, options: { readonly mutable?: boolean } = {}): string {
    this.claim("global", name);
    const g: GlobalDef = { name, type, mutable: options.mutable ?? false, init: globalInit(type, init) };
    const bad = globalDefError(g);
    if (bad) throw new FzError("type", bad);
    this.globals.push(g);
    return name;
  }

  /** Declare a function (its signature is callable at once) and return its body builder. */
  function<R extends Type | null>(name: string, params: readonly (readonly [string, Type])[], result: R, options: FunctionOptions = {}): FunctionBuilder<R> {
    const bad = options.exported ? symbolError(name, "export") : null;
    if (bad) throw bad;
    this.claim("function", name);
    const fb = new FunctionBuilder(this, name, params, result, options.exported ?? false);
    this.functions.push(fb);
    return fb;
  }

  /** Lookups over what is declared so far. */
  index(): ModuleIndex {
    if (!this.indexCache) {
      this.indexCache = new ModuleIndex({
        name: this.name, structs: this.structs, enums: this.enums, imports: this.imports,
        functions: this.functions.map((f) => f.header()),
        ...(this.globals.length > 0 && { globals: this.globals }),
      });
    }
    return this.indexCache;
  }

  /** Check that every named type used in declarations exists. */
  private checkTypes(): void {
    const ix = this.index();
    const check = (t: Type, where: string) => {
      const err = typeWellFormed(ix, t);
      if (err) throw new FzError("type", `${err} in ${where}`);
    };
    for (const s of this.structs) for (const f of s.fields) check(f.type, `struct ${s.name}`);
    for (const e of this.enums) for (const v of e.variants) if (v.payload) check(v.payload, `enum ${e.name}`);
    for (const i of this.imports) for (const t of [...i.params, ...(i.result ? [i.result] : [])]) check(t, `import ${i.name}`);
    for (const f of this.functions) {
      const h = f.header();
      for (const p of h.params) check(p.type, `function ${h.name}`);
      if (h.result) check(h.result, `function ${h.name}`);
    }
  }

  /** The finished module (every function must be complete); afterwards this builder and its functions refuse changes. */
  finish(): Module {
    this.checkTypes();
    const functions = this.functions.map((f) => f.finish());
    this.finished = true;
    return {
      name: this.name,
      structs: this.structs,
      enums: this.enums,
      imports: this.imports,
      functions,
      ...(this.globals.length > 0 && { globals: this.globals }),
    };
  }
}

/** The initializer `v` as a literal of `type`'s kind (an integer type takes an integer number or a bigint). */
function globalInit(type: Type, v: bigint | number | boolean | string | GlobalInit): GlobalInit {
  if (typeof v === "object") return v;
  if (typeof v === "boolean") return { kind: "bool", value: v };
  if (typeof v === "string") return { kind: "str", value: v };
  if (typeof v === "bigint") return { kind: "int", value: v };
  if (type.kind === "f64") return { kind: "f64", value: v };
  if (!Number.isSafeInteger(v)) throw new FzError("type", `a global's integer initializer must be a safe integer or a bigint, got ${v}`);
  return { kind: "int", value: BigInt(v) };
}

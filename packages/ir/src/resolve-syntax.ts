/**
 * `parseModule`: `.fzir` text to a Module. The text is first parsed into
 * items and a flat instruction store (parse-syntax.ts), then resolved in an
 * order that lets any item refer to any other, wherever it is written:
 *   1. every struct and enum name, so types may name later definitions;
 *   2. every struct, enum, import and function signature, so calls may name
 *      later functions;
 *   3. each function body (resolve-body.ts).
 * Parsing the whole text first is what keeps the error a malformed text
 * gets independent of how it is resolved: a syntax error anywhere is
 * reported before any error of names or types.
 *
 * Every failure is an FzError at a text location (line, column, file); a
 * builder's error is re-thrown at the item's name with its code and message
 * unchanged. Any other exception is a bug in the parser and is reported as an
 * FzError saying so, never as a raw TypeError or RangeError.
 */
import { ModuleBuilder } from "./builder.js";
import { FzError, type FzErrorCode, isStringTooLong, type TextLocation } from "./errors.js";
import { Lexer, type Pos } from "./lexer.js";
import { decodeUtf8 } from "./utf8.js";
import { literal } from "./literals.js";
import { type Func, type GlobalInit, type Module, ModuleIndex, type Param, type ScalarInit } from "./module.js";
import { parseIntLiteral } from "./literals.js";
import { parseSyntax } from "./parse-syntax.js";
import { IdMap, type NameTable } from "./names.js";
import { BodyResolver, type ModuleScope, unique } from "./resolve-body.js";
import { ImmTable } from "./resolve-imms.js";
import type { FuncSyntax, InstStore, ItemSyntax, LitSyntax, ModuleSyntax, Typed, TypeSyntax } from "./syntax.js";
import { PRIMITIVE_TYPES, type Type } from "./types.js";
import { makeFunc } from "./records.js";
import { symbolError } from "./symbols.js";
import { typeWellFormed } from "./typing.js";
import { ValueInfos } from "./value-infos.js";

/** Parse `.fzir` text (a string, or UTF-8 bytes) into a Module; throws FzError on any malformed input. */
export function parseModule(source: string | Uint8Array, file?: string): Module {
  try {
    let text: string;
    if (typeof source === "string") text = source;
    else if (source instanceof Uint8Array) text = decodeUtf8(source, file);
    else throw new FzError("parse", "source must be a string or a Uint8Array", { kind: "text", file, line: 1, column: 1 });
    const lx = new Lexer(text, file);
    const tree = parseSyntax(lx);
    try {
      return new Resolver(tree, lx).module();
    } finally {
      tree.insts.release();
    }
  } catch (e) {
    if (e instanceof FzError) throw e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    // A text longer than a string can be, or stack or memory exhausted, is the input's size; anything else is our bug.
    if (isStringTooLong(e) && typeof source !== "string") {
      throw new FzError("limit", `input of ${source.length} bytes is longer than the longest string the JavaScript engine holds (about 536 million characters)`, { kind: "text", file, line: 1, column: 1 });
    }
    if (e instanceof RangeError) throw new FzError("limit", `input too large to parse (${what})`, { kind: "text", file, line: 1, column: 1 });
    throw new FzError("parse", `internal parser error (${what})`, { kind: "text", file, line: 1, column: 1 });
  }
}

/** The empty body of a declaration (shared: a declaration is only read). */
const NONE: readonly never[] = Object.freeze([]);

type Item<K extends ItemSyntax["kind"]> = Extract<ItemSyntax, { kind: K }>;

/** Resolves the items of a module; each function body through a BodyResolver. */
class Resolver implements ModuleScope {
  private readonly mb: ModuleBuilder;
  /** Struct and enum types by name (one shared object each: a type is immutable data, compared by typeEq). */
  private readonly typeNames = new Map<string, Type>();
  readonly insts: InstStore;
  readonly names: NameTable;
  readonly defOf: IdMap;
  readonly blockOf: IdMap;
  readonly varOf: IdMap;
  readonly seen: IdMap;
  readonly imms: ImmTable;
  readonly infos: ValueInfos;
  private ix: ModuleIndex | null = null;

  constructor(private readonly tree: ModuleSyntax, private readonly lx: Lexer) {
    this.mb = new ModuleBuilder(tree.name.text);
    this.insts = tree.insts;
    this.names = tree.names;
    this.defOf = new IdMap(tree.names.strings.length);
    this.blockOf = new IdMap(tree.names.strings.length);
    this.varOf = new IdMap(tree.names.strings.length);
    this.seen = new IdMap(tree.names.strings.length);
    this.imms = new ImmTable(tree.names);
    this.infos = new ValueInfos(tree.names.strings);
  }

  loc(pos: Pos): TextLocation {
    return this.lx.loc(pos);
  }

  private err(code: FzErrorCode, message: string, pos: Pos): FzError {
    return new FzError(code, message, this.loc(pos));
  }

  /** Run a builder call; its errors (at an `ir` location) are re-thrown at `pos` with their code and message. */
  private at<T>(pos: Pos, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw e instanceof FzError && e.location?.kind !== "text" ? new FzError(e.code, e.message, this.loc(pos)) : e;
    }
  }

  module(): Module {
    const items = this.tree.items;
    // Item names by name id (defOf is free until the first body): the index of the item that took it.
    const seen = this.defOf;
    for (let k = 0; k < items.length; k++) {
      const it = items[k]!;
      const firstItem = seen.get(it.name.id);
      if (firstItem >= 0) {
        const l = this.loc(items[firstItem]!.name.pos);
        throw this.err("duplicate", `${it.name.text} is defined twice (first at ${l.line}:${l.column})`, it.name.pos);
      }
      if ((it.kind === "struct" || it.kind === "enum") && PRIMITIVE_TYPES.has(it.name.text)) {
        throw this.err("duplicate", `${it.name.text} is a built-in type and cannot name a ${it.kind}`, it.name.pos);
      }
      seen.set(it.name.id, k);
      if (it.kind === "struct" || it.kind === "enum") this.typeNames.set(it.name.text, { kind: it.kind, name: it.name.text });
    }
    const ofKind = <K extends ItemSyntax["kind"]>(kind: K) => items.filter((it): it is Item<K> => it.kind === kind);
    for (const it of ofKind("struct")) this.struct(it);
    for (const it of ofKind("enum")) this.enum(it);
    for (const imp of ofKind("import")) {
      const params = imp.params.map((t) => this.type(t));
      const result = imp.result && this.type(imp.result);
      this.at(imp.name.pos, () => this.mb.import(imp.name.text, params, result, imp.cabi ? { abi: "c" } : {}));
    }
    for (const it of ofKind("global")) this.global(it);
    const funcs: FuncSyntax[] = ofKind("func");
    const headers = funcs.map((f) => this.declareFunction(f));
    const d = this.mb.index().module;
    // The module is made before its bodies: each function's header becomes the function (BodyResolver.build), so the
    // index made here is the finished module's, and is kept for it (the verifier's).
    const module: Module = { name: d.name, structs: d.structs, enums: d.enums, imports: d.imports, functions: headers, ...(d.globals && d.globals.length > 0 && { globals: d.globals }) };
    this.ix = new ModuleIndex(module);
    const bodies = new BodyResolver(this);
    for (let i = 0; i < funcs.length; i++) bodies.build(headers[i]!, funcs[i]!);
    bodies.release();
    this.checkTypes();
    ModuleIndex.keep(module, this.ix);
    return module;
  }

  /** Every named type of a declaration exists (ModuleBuilder.finish's check; reported at the module's name). */
  private checkTypes(): void {
    const ix = this.index();
    // The place is spelled only for an error (this runs over every signature).
    const check = (t: Type, kind: string, name: string) => {
      const bad = typeWellFormed(ix, t);
      if (bad) throw this.err("type", `${bad} in ${kind} ${name}`, this.tree.name.pos);
    };
    for (const s of ix.module.structs) for (const f of s.fields) check(f.type, "struct", s.name);
    for (const e of ix.module.enums) for (const v of e.variants) if (v.payload) check(v.payload, "enum", e.name);
    for (const i of ix.module.imports) for (const t of [...i.params, ...(i.result ? [i.result] : [])]) check(t, "import", i.name);
    const fns = ix.module.functions; // indexed: for-of would make an iterator result per function where this is not optimized
    for (let i = 0; i < fns.length; i++) {
      const f = fns[i]!;
      for (let k = 0; k < f.params.length; k++) check(f.params[k]!.type, "function", f.name);
      if (f.result) check(f.result, "function", f.name);
    }
  }

  /** Every declaration, signatures included (made once the functions are declared). */
  index(): ModuleIndex {
    return this.ix ?? this.mb.index();
  }

  /** A global's initializer is a literal of its type: an integer, float, true/false, a string, a function (@name) or a list of literals. */
  private global(g: Item<"global">): void {
    const type = this.type(g.type);
    const i = g.init;
    const init = (i.kind === "string" ? { kind: "str", value: i.value } : i.kind === "func" ? { kind: "func", name: i.text }
      : i.kind === "list" ? { kind: "array", elems: i.items.map((e) => this.literal(e)) } : this.literal(i)) as GlobalInit;
    this.at(g.name.pos, () => this.mb.global(g.name.text, type, init, { mutable: g.mutable }));
  }

  private literal(l: LitSyntax): ScalarInit {
    const v = literal(l.kind, l.text);
    if (typeof v === "string") throw this.err("parse", v, l.pos);
    return v;
  }

  private struct(s: Item<"struct">): void {
    unique(this, s.fields, "field ", "struct", s.name.text);
    const fields = s.fields.map((f) => [f.text, this.type(f.type)] as const);
    this.at(s.name.pos, () => this.mb.struct(s.name.text, fields));
  }

  private enum(e: Item<"enum">): void {
    unique(this, e.variants.map((v) => v.name), "variant ", "enum", e.name.text);
    const variants = e.variants.map((v) => (v.payload ? ([v.name.text, this.type(v.payload)] as const) : v.name.text));
    this.at(e.name.pos, () => this.mb.enum(e.name.text, variants));
  }

  /**
   * A function's signature, as ModuleBuilder.function checks it (its name is
   * a valid and unique item name already; an exported one must be linkable).
   */
  private declareFunction(f: FuncSyntax): Func {
    if (f.params.length > 1) unique(this, f.params, "parameter %", "function", f.name.text);
    const params = f.params.map(this.param);
    const result = f.result && this.type(f.result);
    const bad = f.exported ? symbolError(f.name.text, "export") : null;
    if (bad) throw this.err(bad.code, bad.message, f.name.pos);
    return makeFunc(f.name.text, params, result, f.exported, NONE, NONE, NONE);
  }

  /**
   * A parameter: the same immutable {name, type} as its value's info, one
   * object for both, shared like the infos (a field, not a closure per
   * function).
   */
  private readonly param = (p: Typed): Param => this.infos.of(p.id, this.type(p.type));

  /** Resolve a written type; depth is bounded by the syntax parser. */
  type(t: TypeSyntax): Type {
    switch (t.kind) {
      case "name": {
        const p = PRIMITIVE_TYPES.get(t.name);
        if (p) return p;
        const k = this.typeNames.get(t.name);
        if (!k) throw this.err("type", `unknown type ${t.name}`, t.pos);
        return k;
      }
      case "dynarray": return { kind: "dynarray", elem: this.type(t.elem) };
      case "fn": return { kind: "fn", params: t.params.map((p) => this.type(p)), result: t.result && this.type(t.result) };
      case "map": return { kind: "map", key: this.type(t.key), value: this.type(t.value) };
      case "array": {
        const n = parseIntLiteral(t.len.text);
        if (n === null) throw this.err("parse", `malformed array length ${t.len.text}`, t.len.pos);
        if (n < 0n || n > 0x7fffffffn) throw this.err("type", `array length ${n} out of range (0 to 2147483647)`, t.len.pos);
        return { kind: "array", elem: this.type(t.elem), len: Number(n) };
      }
    }
  }

  calleeIsVoid(name: string): boolean {
    const ix = this.index();
    const f = ix.functions.get(name);
    return f ? f.result === null : ix.imports.get(name)?.result === null;
  }
}

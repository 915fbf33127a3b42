/**
 * The canonical `.fzir` text of a module (SPEC.md): `module`, then structs,
 * enums, imports, globals and functions in their order of definition, one blank line
 * between items; two-space indentation for `var`s and instructions, labels at
 * column 0. Integers print in decimal, f64 as the shortest literal that reads
 * back to the same double, strings with the escapes the lexer reads back to
 * the same text. So print(parse(x)) is a fixpoint.
 *
 * The printer never throws: the verifier uses printInst and printTerm to
 * quote instructions of modules that may be malformed, so a missing value,
 * variable or block prints as `?N` instead.
 */
import type { EnumDef, Func, GlobalDef, GlobalInit, Imm, Inst, Module, SourceLoc, StructDef, Term, ValueId, ImportDef } from "./module.js";
import { OPCODES } from "./opcodes.js";
import { type Type, typeToString } from "./types.js";
import { formatF64, quoteString } from "./values.js";

const INDENT = "  ";

/** The canonical text of a module, ending with a newline. */
export function printModule(m: Module): string {
  const enums = new Map(m.enums.map((e) => [e.name, e]));
  const items = [
    `module ${m.name}`,
    ...m.structs.map(printStruct),
    ...m.enums.map(printEnum),
    ...m.imports.map(printImport),
    ...(m.globals ?? []).map(printGlobal),
    ...m.functions.map((f) => printFunction(f, enums)),
  ];
  return items.join("\n\n") + "\n";
}

function printStruct(s: StructDef): string {
  if (s.fields.length === 0) return `struct ${s.name} {}`;
  return `struct ${s.name} { ${s.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(", ")} }`;
}

function printEnum(e: EnumDef): string {
  const vs = e.variants.map((v) => (v.payload ? `${v.name}(${typeToString(v.payload)})` : v.name));
  return vs.length === 0 ? `enum ${e.name} {}` : `enum ${e.name} { ${vs.join(", ")} }`;
}

function printImport(i: ImportDef): string {
  return `import ${i.abi === "c" ? "c " : ""}fn ${i.name}(${i.params.map(typeToString).join(", ")})${resultSuffix(i.result)}`;
}

function printGlobal(g: GlobalDef): string {
  const init = globalInitText(g.init);
  return `global ${g.mutable ? "mut " : ""}${g.name}: ${typeToString(g.type)} = ${init}`;
}

/** A global's initializer as the text form writes it (SPEC.md "Globals"). */
function globalInitText(i: GlobalInit): string {
  switch (i.kind) {
    case "int": return i.value.toString();
    case "f64": return formatF64(i.value);
    case "bool": return String(i.value);
    case "str": return quoteString(i.value);
    case "func": return `@${i.name}`;
    case "array": return `[${i.elems.map(globalInitText).join(", ")}]`;
  }
}

function resultSuffix(t: Type | null): string {
  return t ? ` -> ${typeToString(t)}` : "";
}

/** The text of one function, without a trailing newline; `enums` lets switch cases print as variant names. */
export function printFunction(f: Func, enums?: ReadonlyMap<string, EnumDef> | Module): string {
  const lookup = enumLookup(enums);
  const params = f.params.map((p) => `%${p.name}: ${typeToString(p.type)}`).join(", ");
  const lines = [`${f.exported ? "export " : ""}fn ${f.name}(${params})${resultSuffix(f.result)} {`];
  for (const v of f.vars) lines.push(`${INDENT}var $${v.name}: ${typeToString(v.type)}`);
  for (const b of f.blocks) {
    lines.push(`${b.name}:`);
    for (const inst of b.insts) lines.push(INDENT + printInst(f, inst) + locSuffix(inst.loc));
    lines.push(INDENT + printTermWith(f, b.term, lookup) + locSuffix(b.term.loc));
  }
  lines.push("}");
  return lines.join("\n");
}

/** The trailing `!loc "file":line:col` of a located instruction or terminator (empty without one). */
function locSuffix(loc: SourceLoc | undefined): string {
  return loc ? ` !loc ${quoteString(loc.file)}:${loc.line}:${loc.col}` : "";
}

function enumLookup(enums: ReadonlyMap<string, EnumDef> | Module | undefined): ReadonlyMap<string, EnumDef> {
  if (!enums) return new Map();
  if (enums instanceof Map) return enums;
  return new Map((enums as Module).enums.map((e) => [e.name, e]));
}

function value(f: Func, v: ValueId | null | undefined): string {
  if (v === null || v === undefined) return "%?";
  const info = f.values[v];
  return info ? `%${info.name}` : `%?${v}`;
}

function block(f: Func, b: number): string {
  return f.blocks[b]?.name ?? `?${b}`;
}

/** One instruction as written in `.fzir`, without indentation. */
export function printInst(f: Func, inst: Inst): string {
  const fmt = OPCODES[inst.op]?.format;
  const dst = inst.dst === null ? "" : `${value(f, inst.dst)} = `;
  const args = inst.args.map((a) => value(f, a));
  const imm: Imm = inst.imm ?? { kind: "none" };
  const type = inst.type ? typeToString(inst.type) : "?";
  const immText = (): string => {
    switch (imm.kind) {
      case "none": return "?";
      case "int": return imm.value.toString();
      case "bool": return String(imm.value);
      case "f64": return formatF64(imm.value);
      case "str": return quoteString(imm.value);
      case "cc": return imm.cc;
      case "var": return `$${f.vars[imm.var]?.name ?? `?${imm.var}`}`;
      case "func": case "global": return `@${imm.name}`;
      case "field": case "struct": return imm.name;
      case "variant": return inst.op === "enum.new" ? `${imm.enumName}.${imm.variant}` : imm.variant;
    }
  };
  const list = (first: string, rest: readonly string[]) => [first, ...rest].join(", ");
  let body: string;
  switch (fmt) {
    case "const": body = `${inst.op}.${type} ${immText()}`; break;
    case "cmp": body = `${inst.op}.${immText()} ${args.join(", ")}`; break;
    case "convert": body = `${inst.op}.${type} ${args.join(", ")}`; break;
    case "strlit": case "getvar": case "call": case "structnew": case "enumnew": case "globalget": case "globalset": case "funcref":
      body = `${inst.op} ${list(immText(), args)}`;
      break;
    case "setvar": body = `${inst.op} ${list(immText(), args)}`; break;
    case "arraylit": case "arraynew": case "mapnew": body = `${inst.op} ${list(type, args)}`; break;
    case "field": case "payload": body = `${inst.op} ${list(args[0] ?? "%?", [immText()])}`; break;
    case "fieldset": body = `${inst.op} ${list(args[0] ?? "%?", [immText(), ...args.slice(1)])}`; break;
    case "unary": case "binary": case "ternary": case "callind": body = `${inst.op} ${args.join(", ")}`; break;
    default: body = `${String(inst.op)} ${args.join(", ")}`;
  }
  return dst + body.trimEnd();
}

/**
 * A terminator as written in `.fzir`. Pass the module (or its enums) so a
 * switch on an enum prints its cases as variant names, as the parser reads
 * them; without it they print as variant indices.
 */
export function printTerm(f: Func, term: Term, enums?: ReadonlyMap<string, EnumDef> | Module): string {
  // Only a switch names variants: no table of the module's enums for the others.
  return printTermWith(f, term, term.op === "switch" ? enumLookup(enums) : NO_ENUMS);
}

const NO_ENUMS: ReadonlyMap<string, EnumDef> = new Map();

function printTermWith(f: Func, term: Term, enums: ReadonlyMap<string, EnumDef>): string {
  switch (term.op) {
    case "jump": return `jump ${block(f, term.target)}`;
    case "br": return `br ${value(f, term.cond)}, ${block(f, term.then)}, ${block(f, term.else)}`;
    case "ret": return term.value === null ? "ret" : `ret ${value(f, term.value)}`;
    case "unreachable": return "unreachable";
    case "switch": {
      const t = f.values[term.value]?.type;
      const def = t?.kind === "enum" ? enums.get(t.name) : undefined;
      const key = (v: bigint) => (def && v >= 0n && v < BigInt(def.variants.length) ? def.variants[Number(v)]!.name : v.toString());
      const cases = term.cases.map((c) => `${key(c.value)} -> ${block(f, c.target)}`).join(", ");
      const dflt = term.default === null ? "" : ` default ${block(f, term.default)}`;
      return `switch ${value(f, term.value)} [${cases}]${dflt}`;
    }
  }
}

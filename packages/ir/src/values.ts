/**
 * Runtime values of the reference interpreter, and how to print them.
 *
 * Representation (exact for every type):
 * - `i8 i16 i32`: a JS number holding the sign-extended value (never -0);
 * - `i64`: a bigint in [-2^63, 2^63);
 * - `bool`: boolean; `f64`: number; `str`: a JS string (UTF-8 semantics are
 *   applied by the operations, see rust-str.ts);
 * - arrays: a JS array (reference semantics come for free); structs: an
 *   `IStruct` whose `fields` are in declaration order (mutable, shared);
 * - enums: an immutable `IEnum` (variant index and payload);
 * - `handle`: whatever an import returned, wrapped as an `IHandle`;
 * - function references: an `IFuncRef` naming the function or import.
 * - maps: an `IMap` (insertion-ordered, shared like arrays).
 */
import { CodeUnitWriter } from "./code-units.js";
import { FzError } from "./errors.js";
import type { EnumDef, StructDef } from "./module.js";
import { type Type, typeToString } from "./types.js";

/** A struct object; `fields[i]` is the value of `def.fields[i]`. */
export class IStruct {
  constructor(readonly def: StructDef, readonly fields: IValue[]) {}
}

/** An enum value: the variant index `tag` and its payload (undefined when the variant has none). */
export class IEnum {
  constructor(readonly def: EnumDef, readonly tag: number, readonly payload: IValue | undefined) {}
}

/** A function reference: the module function or import it calls. */
export class IFuncRef {
  constructor(readonly name: string) {}
}

/**
 * A map {K: V}: entries in insertion order (SPEC.md, "Maps"). Keys are
 * compared by value: `keyOf` turns a key into a JS primitive (an enum into
 * its variant index), and a JS Map keeps insertion order, with deletion
 * closing the gap, exactly the order the IR defines.
 */
export class IMap {
  private readonly entries = new Map<unknown, [IValue, IValue]>();
  /** The entries as an array for `at`, rebuilt after a key is added or removed. */
  private order: [IValue, IValue][] | null = null;

  get size(): number { return this.entries.size; }
  get(k: IValue): IValue | undefined { return this.entries.get(keyOf(k))?.[1]; }
  has(k: IValue): boolean { return this.entries.has(keyOf(k)); }
  set(k: IValue, v: IValue): void {
    const p = keyOf(k);
    const old = this.entries.get(p);
    if (old) old[1] = v;
    else {
      this.entries.set(p, [k, v]);
      this.order = null;
    }
  }
  delete(k: IValue): void {
    if (this.entries.delete(keyOf(k))) this.order = null;
  }
  /** The entry at place i in insertion order (i in range). */
  at(i: number): [IValue, IValue] {
    this.order ??= [...this.entries.values()];
    return this.order[i]!;
  }
  /** Every entry in insertion order. */
  list(): [IValue, IValue][] { return [...this.entries.values()]; }
}

function keyOf(k: IValue): unknown {
  return k instanceof IEnum ? k.tag : k;
}

/** An opaque runtime handle, created and consumed only by imports. */
export interface IHandle {
  readonly handle: unknown;
}

/** Every value the interpreter computes with. */
export type IValue = number | bigint | boolean | string | IValue[] | IStruct | IEnum | IMap | IHandle | IFuncRef;

/**
 * Convert a host value to the interpreter's representation of `type`
 * (entry arguments, import results): integers may come as number or bigint
 * and are wrapped to the width; other values must already have the right shape.
 */
export function toIValue(type: Type, v: unknown, what: string): IValue {
  const fail = (): never => {
    throw new FzError("option", `${what}: ${describe(v)} is not a ${typeToString(type)}`);
  };
  switch (type.kind) {
    case "int": {
      let b: bigint;
      if (typeof v === "bigint") b = v;
      else if (typeof v === "number" && Number.isInteger(v)) b = BigInt(v);
      else return fail();
      return type.bits === 64 ? BigInt.asIntN(64, b) : Number(BigInt.asIntN(type.bits, b));
    }
    case "bool": return typeof v === "boolean" ? v : fail();
    case "f64": return typeof v === "number" ? v : fail();
    case "f32": return typeof v === "number" ? Math.fround(v) : fail();
    case "str": return typeof v === "string" ? v : fail();
    case "array": return Array.isArray(v) && v.length === type.len ? (v as IValue[]) : fail();
    case "dynarray": return Array.isArray(v) ? (v as IValue[]) : fail();
    case "struct": return v instanceof IStruct && v.def.name === type.name ? v : fail();
    case "enum": return v instanceof IEnum && v.def.name === type.name ? v : fail();
    case "handle": return typeof v === "object" && v !== null && "handle" in v ? (v as IHandle) : fail();
    case "fn": return v instanceof IFuncRef ? v : fail();
    case "map": return v instanceof IMap ? v : fail();
  }
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object" && v !== null) return "an object";
  return String(v);
}

/**
 * Print a value for people and golden files. Integers in decimal, f64 and
 * strings as the text format spells their literals (`1.0`, `nan`, `"a\n"`),
 * arrays as `[a, b]`, structs as `Pair { left: 1, right: 2 }`, enums as
 * `Opt.Some(3)`. Pass the type to print an integral f64 with its `.0`;
 * without it a number prints as an integer when it is one.
 */
export function formatValue(v: IValue | undefined, type?: Type | null): string {
  if (v === undefined) return "()";
  if (typeof v === "number") {
    if (type?.kind === "f64" || type?.kind === "f32" || (!type && !Number.isInteger(v))) return formatF64(v);
    return String(v);
  }
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return quoteString(v);
  if (Array.isArray(v)) {
    const elem = type && (type.kind === "array" || type.kind === "dynarray") ? type.elem : undefined;
    return `[${v.map((e) => formatValue(e, elem)).join(", ")}]`;
  }
  if (v instanceof IStruct) {
    const fs = v.def.fields.map((f, i) => `${f.name}: ${formatValue(v.fields[i], f.type)}`);
    return fs.length === 0 ? `${v.def.name} {}` : `${v.def.name} { ${fs.join(", ")} }`;
  }
  if (v instanceof IEnum) {
    const variant = v.def.variants[v.tag]!;
    const name = `${v.def.name}.${variant.name}`;
    return variant.payload ? `${name}(${formatValue(v.payload, variant.payload)})` : name;
  }
  if (v instanceof IFuncRef) return `@${v.name}`;
  if (v instanceof IMap) {
    const [kt, vt] = type?.kind === "map" ? [type.key, type.value] : [undefined, undefined];
    return `{${v.list().map(([k, x]) => `${formatValue(k, kt)}: ${formatValue(x, vt)}`).join(", ")}}`;
  }
  return "<handle>";
}

/** An f64 as the text format's FLOAT literal. */
export function formatF64(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Object.is(x, -0)) return "-0.0";
  const s = String(x);
  if (/^-?\d+$/.test(s)) return `${s}.0`;
  // JS writes 1e+21 / 1.5e-7; the text format has a mandatory '.', no '+'.
  const m = /^(-?\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m) return `${m[1]}.${m[2] ?? "0"}e${m[3]!.replace("+", "")}`;
  return s;
}

/** A string as the text format's STRING literal. */
export function quoteString(s: string): string {
  let i = 0;
  while (i < s.length && escapeOf(s.charCodeAt(i)) === undefined) i++;
  if (i === s.length) return `"${s}"`;
  // From the first escape on, a code unit at a time (code-units.ts: a long literal is not a rope).
  const out = QUOTED;
  out.begin();
  out.piece('"');
  out.piece(s.slice(0, i));
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i), escaped = escapeOf(c);
    if (escaped === undefined) out.unit(c);
    else for (let k = 0; k < escaped.length; k++) out.unit(escaped.charCodeAt(k));
  }
  out.piece('"');
  return out.end();
}

/** quoteString's writer, shared (it is not reentrant). */
const QUOTED = new CodeUnitWriter();

/**
 * How quoteString writes UTF-16 code unit `c`: undefined when as itself
 * (every code unit from 0x80 on, surrogates included, so a character
 * outside the BMP is written as its pair).
 */
function escapeOf(c: number): string | undefined {
  return c < 0x80 ? ESCAPES[c] : undefined;
}

/** The escape of each ASCII code unit quoteString does not write as itself, spelled once. */
const ESCAPES: readonly (string | undefined)[] = Array.from({ length: 0x80 }, (_, c) => {
  switch (c) {
    case 0x22: return '\\"';
    case 0x5c: return "\\\\";
    case 0x0a: return "\\n";
    case 0x09: return "\\t";
    case 0x0d: return "\\r";
    case 0: return "\\0";
    default: return c < 0x20 || c === 0x7f ? `\\x${c.toString(16).padStart(2, "0")}` : undefined;
  }
});

/**
 * The `.lir` text form of a lowered module, close to CLIF. Every field of
 * every LIR type is spelled, so `parseLIR(printLIR(m))` rebuilds `m` exactly
 * and `printLIR(parseLIR(t)) === t` for printed text. By example:
 *
 * ```
 * module "bounds_panic"
 *
 * extern %fz_panic_bounds(i64, i64) noreturn
 * extern %fz_view_find(ptr, i64, ptr, i64) -> i64 pure
 *
 * data @text align 1 bytes "alpha\0a"
 * data @views align 8 writable zeroes 32 relocs [16: @text+6, 0: @text+0]
 *
 * function %kernel(i32) -> i32 export {
 *     ss0 = slot 32, align 4
 * block0(v0: i32):
 *     v1: ptr = stack_addr ss0+0
 *     v2: i64 = sext v0
 *     v3: i64 = iconst 8
 *     v4: bool = icmp ult v2, v3
 *     brif v4, block1, block2
 * block1:
 *     v5: i32 = load readonly v1+4
 *     store v5, v1+8
 *     return v5
 * block2 cold:
 *     call %fz_panic_bounds(v2, v3)
 *     trap
 * }
 * ```
 *
 * Names and origins (types.ts LNames, LOrigins) are optional: a named value
 * or block carries its name as a string after its id (`v3 "acc": i32`,
 * `block1 "loop_head"(...)`), a function lists its origins after its stack
 * slots (`origin 0 text "%s = add %a, %b" loc "main.fz":3:7`, either part
 * optional), and an instruction or terminator with an origin ends in `!N`.
 *
 * Every result is written with its type (`v5: i32 = ...`): the type comes
 * from `valueTypes`, and for `iconst` and `load` it is also the
 * instruction's own type, which the verifier checks equal. Value ids are the
 * module's own, never renumbered. Data bytes that are all zero print as
 * `zeroes N`. A load whose result has a known range (types.ts LLoadRange)
 * ends in `range [lo, hi)`. Floats print as JavaScript spells them (`-0.0` for negative
 * zero, `NaN`, `Infinity`), which parse back to the same number.
 */
import { collapseLines } from "./text-lines.js";
import type { LBlock, LData, LEdge, LExtern, LFunction, LInst, LModule, LOrigin, LTerm, LType, LValue } from "./types.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const INDENT = "    ";

/** The `.lir` text of a module. */
export function printLIR(m: LModule): string {
  const out: string[] = [`module ${quote(m.name)}`];
  if (m.externs.length > 0) out.push("", ...m.externs.map(printExtern));
  if (m.data.length > 0) out.push("", ...m.data.map(printData));
  for (const f of m.functions) {
    // Joined per function, and in chunks within one (printFunction): short-lived line strings stay cheap to collect.
    const lines: string[] = [];
    printFunction(f, lines);
    out.push("", lines.join("\n"));
  }
  return out.join("\n") + "\n";
}

/** `%name` or `@name`, quoted when the name is not a plain word. */
export function symbolRef(sigil: "%" | "@", name: string): string {
  return sigil + (IDENT.test(name) ? name : quote(name));
}

/** Text that quotes as itself: printable ASCII without `"` and `\`. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A name as a quoted string of its UTF-8 bytes. */
function quote(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = "\"";
  for (const b of new TextEncoder().encode(s)) out += escapeByte(b);
  return out + "\"";
}

function escapeByte(c: number): string {
  if (c === 0x22) return "\\\"";
  if (c === 0x5c) return "\\\\";
  if (c >= 0x20 && c <= 0x7e) return String.fromCharCode(c);
  return "\\" + c.toString(16).padStart(2, "0");
}

function signature(params: readonly LType[], results: readonly LType[]): string {
  return `(${params.join(", ")})` + (results.length > 0 ? ` -> ${results.join(", ")}` : "");
}

function printExtern(e: LExtern): string {
  return `extern ${symbolRef("%", e.name)}${signature(e.params, e.results)}${e.noreturn ? " noreturn" : ""}${e.pure ? " pure" : ""}`;
}

function printData(d: LData): string {
  let s = `data ${symbolRef("@", d.name)} align ${d.align}${d.writable ? " writable" : ""}`;
  if (d.bytes.length > 0 && d.bytes.every((b) => b === 0)) s += ` zeroes ${d.bytes.length}`;
  else {
    let body = "";
    for (const b of d.bytes) body += escapeByte(b);
    s += ` bytes "${body}"`;
  }
  if (d.relocs.length > 0) s += ` relocs [${d.relocs.map((r) => `${r.offset}: ${symbolRef("@", r.symbol)}${offset(r.addend)}`).join(", ")}]`;
  return s;
}

/** `+n` or `-n`. */
function offset(n: number): string {
  return n < 0 ? String(n) : `+${n}`;
}

/** Appends the lines of `f` to `out` (no spread: a block may hold more lines than a call takes arguments). */
function printFunction(f: LFunction, out: string[]): void {
  out.push(`function ${symbolRef("%", f.name)}${signature(f.params, f.results)}${f.exported ? " export" : ""} {`);
  f.slots.forEach((s, i) => out.push(`${INDENT}ss${i} = slot ${s.size}, align ${s.align}`));
  f.origins?.table.forEach((o, i) => out.push(`${INDENT}${printOrigin(o, i)}`));
  let chunkStart = out.length;
  const flush = () => { chunkStart = collapseLines(out, chunkStart); };
  f.blocks.forEach((b, i) => printBlock(f, b, i, out, flush));
  out.push("}");
}

function printOrigin(o: LOrigin, index: number): string {
  const text = o.text === undefined ? "" : ` text ${quote(o.text)}`;
  const loc = o.loc === undefined ? "" : ` loc ${quote(o.loc.file)}:${o.loc.line}:${o.loc.col}`;
  return `origin ${index}${text}${loc}`;
}

function printBlock(f: LFunction, b: LBlock, index: number, out: string[], flush: () => void): void {
  const params = b.params.length > 0 ? `(${b.params.map((v) => typed(f, v)).join(", ")})` : "";
  const name = f.names?.blocks[index];
  out.push(`block${index}${name === undefined ? "" : ` ${quote(name)}`}${params}${b.cold ? " cold" : ""}:`);
  const row = f.origins?.at[index] ?? [];
  const from = (i: number) => (row[i] !== undefined && row[i]! >= 0 ? ` !${row[i]}` : "");
  b.insts.forEach((inst, i) => {
    out.push(INDENT + printInst(f, inst) + from(i));
    flush();
  });
  out.push(INDENT + printTerm(b.term) + from(b.insts.length));
}

function typed(f: LFunction, v: LValue): string {
  const name = f.names?.values[v];
  return `v${v}${name === undefined ? "" : ` ${quote(name)}`}: ${f.valueTypes[v] ?? "?"}`;
}

const vs = (values: readonly LValue[]) => values.map((v) => `v${v}`).join(", ");

/** One instruction as it appears in `.lir` text (also used in verifier messages). */
export function printInst(f: LFunction, inst: LInst): string {
  const def = (dst: LValue, rhs: string) => `${typed(f, dst)} = ${rhs}`;
  switch (inst.op) {
    case "iconst": return def(inst.dst, `iconst ${inst.value}`);
    case "fconst": return def(inst.dst, `fconst ${formatFloat(inst.value)}`);
    case "binary": return def(inst.dst, `${inst.kind} v${inst.a}, v${inst.b}`);
    case "icmp": return def(inst.dst, `icmp ${inst.cc} v${inst.a}, v${inst.b}`);
    case "fcmp": return def(inst.dst, `fcmp ${inst.cc} v${inst.a}, v${inst.b}`);
    case "select": return def(inst.dst, `select v${inst.cond}, v${inst.a}, v${inst.b}`);
    case "convert": return def(inst.dst, `${inst.kind} v${inst.src}`);
    case "unary": return def(inst.dst, `${inst.kind} v${inst.src}`);
    case "load": {
      const range = inst.range ? ` range [${inst.range.lo}, ${inst.range.hi})` : "";
      return def(inst.dst, `load ${inst.readonly ? "readonly " : ""}${inst.unaligned ? "unaligned " : ""}v${inst.addr}${offset(inst.offset)}${range}`);
    }
    case "store": return `store ${inst.unaligned ? "unaligned " : ""}v${inst.value}, v${inst.addr}${offset(inst.offset)}`;
    case "stack_addr": return def(inst.dst, `stack_addr ss${inst.slot}${offset(inst.offset)}`);
    case "symbol_addr": return def(inst.dst, `symbol_addr ${symbolRef("@", inst.symbol)}`);
    case "ptr_add": return def(inst.dst, `ptr_add v${inst.base}, v${inst.offset}`);
    case "opaque": return def(inst.dst, `opaque v${inst.src}`);
    case "call": {
      const call = `call ${symbolRef("%", inst.callee)}(${vs(inst.args)})`;
      return inst.dsts.length === 0 ? call : `${inst.dsts.map((v) => typed(f, v)).join(", ")} = ${call}`;
    }
    case "func_addr": return def(inst.dst, `func_addr ${symbolRef("%", inst.symbol)}`);
    case "call_indirect": {
      const call = `call_indirect v${inst.callee}(${vs(inst.args)})`;
      return inst.dsts.length === 0 ? call : `${inst.dsts.map((v) => typed(f, v)).join(", ")} = ${call}`;
    }
  }
}

function edge(e: LEdge): string {
  return `block${e.block}` + (e.args.length > 0 ? `(${vs(e.args)})` : "");
}

/** A terminator as it appears in `.lir` text. */
export function printTerm(t: LTerm): string {
  switch (t.op) {
    case "jump": return `jump ${edge(t.target)}`;
    case "brif": return `brif v${t.cond}, ${edge(t.then)}, ${edge(t.else)}`;
    case "br_table": return `br_table v${t.index}, ${edge(t.default)}, [${t.targets.map(edge).join(", ")}]`;
    case "return": return t.values.length > 0 ? `return ${vs(t.values)}` : "return";
    case "trap": return "trap";
  }
}

/** A float as JavaScript spells it, with `-0.0` for negative zero; `Number()` reads it back exactly. */
function formatFloat(x: number): string {
  return Object.is(x, -0) ? "-0.0" : String(x);
}

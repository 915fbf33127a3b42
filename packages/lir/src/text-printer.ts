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
 *
 * The text is written as bytes to one TextOut (no string per line, operand
 * or number); `printInst` and `printTerm` spell one line the same way for
 * the verifier's messages.
 */
import { TextOut } from "./text-out.js";
import type { LBlock, LData, LEdge, LExtern, LFunction, LInst, LModule, LOrigin, LTerm, LType, LValue } from "./types.js";

const INDENT = "    ";

/** The `.lir` text of a module. */
export function printLIR(m: LModule): string {
  const w = new TextOut(1 << 16, true);
  w.s("module ");
  quote(w, m.name);
  if (m.externs.length > 0) {
    w.nl();
    for (const e of m.externs) { w.nl(); printExtern(w, e); }
  }
  if (m.data.length > 0) {
    w.nl();
    for (const d of m.data) { w.nl(); printData(w, d); }
  }
  for (const f of m.functions) {
    w.s("\n\n");
    printFunction(w, f);
  }
  w.nl();
  return w.text("");
}

/** True when `name` is a plain word ([A-Za-z_][A-Za-z0-9_.]*), spelled without quotes. */
function isIdent(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!(letter || (i > 0 && ((c >= 48 && c <= 57) || c === 46)))) return false;
  }
  return true;
}

/** `%name` or `@name`, quoted when the name is not a plain word. */
function symbol(w: TextOut, sigil: "%" | "@", name: string): void {
  w.s(sigil);
  if (isIdent(name)) w.s(name);
  else quote(w, name);
}

/** `%name` or `@name` as a string, quoted when the name is not a plain word. */
export function symbolRef(sigil: "%" | "@", name: string): string {
  const w = new TextOut(64, false);
  symbol(w, sigil, name);
  return w.text("");
}

/** True for text that quotes as itself: printable ASCII without `"` and `\`. */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** A name as a quoted string of its UTF-8 bytes. */
function quote(w: TextOut, s: string): void {
  w.c(34);
  if (isPlain(s)) w.s(s);
  else for (const b of new TextEncoder().encode(s)) escapeByte(w, b);
  w.c(34);
}

function escapeByte(w: TextOut, c: number): void {
  if (c === 0x22 || c === 0x5c) { w.c(0x5c); w.c(c); return; }
  if (c >= 0x20 && c <= 0x7e) { w.c(c); return; }
  w.c(0x5c);
  w.c(HEX.charCodeAt(c >> 4));
  w.c(HEX.charCodeAt(c & 15));
}

const HEX = "0123456789abcdef";

/** `(i32, i64) -> i32`. */
function signature(w: TextOut, params: readonly LType[], results: readonly LType[]): void {
  w.c(40);
  list(w, params);
  w.c(41);
  if (results.length > 0) { w.s(" -> "); list(w, results); }
}

/** Strings joined by `, `. */
function list(w: TextOut, xs: readonly string[]): void {
  for (let i = 0; i < xs.length; i++) {
    if (i) w.s(", ");
    w.s(xs[i]!);
  }
}

function printExtern(w: TextOut, e: LExtern): void {
  w.s("extern ");
  symbol(w, "%", e.name);
  signature(w, e.params, e.results);
  if (e.noreturn) w.s(" noreturn");
  if (e.pure) w.s(" pure");
}

function printData(w: TextOut, d: LData): void {
  w.s("data ");
  symbol(w, "@", d.name);
  w.s(" align ");
  w.u(d.align);
  if (d.writable) w.s(" writable");
  if (d.bytes.length > 0 && d.bytes.every((b) => b === 0)) {
    w.s(" zeroes ");
    w.u(d.bytes.length);
  } else {
    w.s(" bytes \"");
    for (const b of d.bytes) escapeByte(w, b);
    w.c(34);
  }
  if (d.relocs.length > 0) {
    w.s(" relocs [");
    d.relocs.forEach((r, i) => {
      if (i) w.s(", ");
      w.u(r.offset);
      w.s(": ");
      symbol(w, "@", r.symbol);
      offset(w, r.addend);
    });
    w.c(93);
  }
}

/** `+n` or `-n`. */
function offset(w: TextOut, n: number): void {
  if (!(n < 0)) w.c(43);
  w.u(n);
}

/** Writes the lines of `f`, the last without its newline. */
function printFunction(w: TextOut, f: LFunction): void {
  w.s("function ");
  symbol(w, "%", f.name);
  signature(w, f.params, f.results);
  if (f.exported) w.s(" export");
  w.s(" {");
  f.slots.forEach((s, i) => {
    w.s("\n    ss");
    w.u(i);
    w.s(" = slot ");
    w.u(s.size);
    w.s(", align ");
    w.u(s.align);
  });
  f.origins?.table.forEach((o, i) => { w.nl(); w.s(INDENT); printOrigin(w, o, i); });
  const blocks = f.blocks;
  for (let i = 0; i < blocks.length; i++) printBlock(w, f, blocks[i]!, i);
  w.s("\n}");
}

function printOrigin(w: TextOut, o: LOrigin, index: number): void {
  w.s("origin ");
  w.u(index);
  if (o.text !== undefined) { w.s(" text "); quote(w, o.text); }
  if (o.loc !== undefined) {
    w.s(" loc ");
    quote(w, o.loc.file);
    w.c(58);
    w.u(o.loc.line);
    w.c(58);
    w.u(o.loc.col);
  }
}

function printBlock(w: TextOut, f: LFunction, b: LBlock, index: number): void {
  w.nl();
  w.named("block", index);
  const name = f.names?.blocks[index];
  if (name !== undefined) { w.c(32); quote(w, name); }
  if (b.params.length > 0) {
    w.c(40);
    for (let i = 0; i < b.params.length; i++) {
      if (i) w.s(", ");
      typed(w, f, b.params[i]!);
    }
    w.c(41);
  }
  if (b.cold) w.s(" cold");
  w.c(58);
  const row = f.origins?.at[index];
  const insts = b.insts;
  for (let i = 0; i < insts.length; i++) {
    w.nl();
    w.s(INDENT);
    writeInst(w, f, insts[i]!);
    if (row !== undefined) originRef(w, row, i);
  }
  w.nl();
  w.s(INDENT);
  writeTerm(w, b.term);
  if (row !== undefined) originRef(w, row, insts.length);
}

/** ` !N` when entry `i` of an origin row names an origin. */
function originRef(w: TextOut, row: readonly number[], i: number): void {
  const o = row[i];
  if (o !== undefined && o >= 0) { w.s(" !"); w.u(o); }
}

/** `vN "name": type`, a definition. */
function typed(w: TextOut, f: LFunction, v: LValue): void {
  w.v(v);
  const name = f.names?.values[v];
  if (name !== undefined) { w.c(32); quote(w, name); }
  w.s(": ");
  w.s(f.valueTypes[v] ?? "?");
}

/** `v1, v2`. */
function values(w: TextOut, vs: readonly LValue[]): void {
  for (let i = 0; i < vs.length; i++) {
    if (i) w.next(vs[i]!);
    else w.v(vs[i]!);
  }
}

/** `typed(dst) = op`. */
function def(w: TextOut, f: LFunction, dst: LValue, op: string): void {
  typed(w, f, dst);
  w.s(" = ");
  w.s(op);
}

/** One instruction as it appears in `.lir` text (also used in verifier messages). */
export function printInst(f: LFunction, inst: LInst): string {
  const w = new TextOut(128, false);
  writeInst(w, f, inst);
  return w.text("");
}

/** Writes one instruction as it appears in `.lir` text. */
function writeInst(w: TextOut, f: LFunction, inst: LInst): void {
  switch (inst.op) {
    case "iconst": def(w, f, inst.dst, "iconst "); w.s(inst.value.toString()); return;
    case "fconst": def(w, f, inst.dst, "fconst "); w.s(formatFloat(inst.value)); return;
    case "binary": def(w, f, inst.dst, inst.kind); w.arg(inst.a); w.next(inst.b); return;
    case "icmp": case "fcmp": def(w, f, inst.dst, inst.op); w.c(32); w.s(inst.cc); w.arg(inst.a); w.next(inst.b); return;
    case "select": def(w, f, inst.dst, "select"); w.arg(inst.cond); w.next(inst.a); w.next(inst.b); return;
    case "convert": case "unary": def(w, f, inst.dst, inst.kind); w.arg(inst.src); return;
    case "load":
      def(w, f, inst.dst, "load ");
      if (inst.readonly) w.s("readonly ");
      if (inst.unaligned) w.s("unaligned ");
      w.v(inst.addr);
      offset(w, inst.offset);
      if (inst.range) { w.s(" range ["); w.s(`${inst.range.lo}`); w.s(", "); w.s(`${inst.range.hi}`); w.c(41); }
      return;
    case "store":
      w.s(inst.unaligned ? "store unaligned" : "store");
      w.arg(inst.value);
      w.next(inst.addr);
      offset(w, inst.offset);
      return;
    case "stack_addr": def(w, f, inst.dst, "stack_addr ss"); w.u(inst.slot); offset(w, inst.offset); return;
    case "symbol_addr": def(w, f, inst.dst, "symbol_addr "); symbol(w, "@", inst.symbol); return;
    case "ptr_add": def(w, f, inst.dst, "ptr_add"); w.arg(inst.base); w.next(inst.offset); return;
    case "opaque": def(w, f, inst.dst, "opaque"); w.arg(inst.src); return;
    case "call": results(w, f, inst.dsts); w.s("call "); symbol(w, "%", inst.callee); w.c(40); values(w, inst.args); w.c(41); return;
    case "func_addr": def(w, f, inst.dst, "func_addr "); symbol(w, "%", inst.symbol); return;
    case "call_indirect": results(w, f, inst.dsts); w.s("call_indirect "); w.v(inst.callee); w.c(40); values(w, inst.args); w.c(41); return;
  }
}

/** `typed(d1), typed(d2) = ` before a call, nothing when it defines no value. */
function results(w: TextOut, f: LFunction, dsts: readonly LValue[]): void {
  if (dsts.length === 0) return;
  for (let i = 0; i < dsts.length; i++) {
    if (i) w.s(", ");
    typed(w, f, dsts[i]!);
  }
  w.s(" = ");
}

function edge(w: TextOut, e: LEdge): void {
  w.named("block", e.block);
  if (e.args.length > 0) { w.c(40); values(w, e.args); w.c(41); }
}

/** A terminator as it appears in `.lir` text. */
export function printTerm(t: LTerm): string {
  const w = new TextOut(128, false);
  writeTerm(w, t);
  return w.text("");
}

function writeTerm(w: TextOut, t: LTerm): void {
  switch (t.op) {
    case "jump": w.s("jump "); edge(w, t.target); return;
    case "brif": w.s("brif "); w.v(t.cond); w.s(", "); edge(w, t.then); w.s(", "); edge(w, t.else); return;
    case "br_table":
      w.s("br_table "); w.v(t.index); w.s(", "); edge(w, t.default); w.s(", [");
      for (let i = 0; i < t.targets.length; i++) {
        if (i) w.s(", ");
        edge(w, t.targets[i]!);
      }
      w.c(93);
      return;
    case "switch":
      w.s("switch "); w.v(t.value); w.s(", "); edge(w, t.default); w.s(", [");
      for (let i = 0; i < t.targets.length; i++) {
        if (i) w.s(", ");
        w.s(t.cases[i]!.toString()); w.s(": "); edge(w, t.targets[i]!);
      }
      w.c(93);
      return;
    case "return": w.s("return"); if (t.values.length > 0) { w.c(32); values(w, t.values); } return;
    case "trap": w.s("trap"); return;
  }
}

/** A float as JavaScript spells it, with `-0.0` for negative zero; `Number()` reads it back exactly. */
function formatFloat(x: number): string {
  return Object.is(x, -0) ? "-0.0" : String(x);
}

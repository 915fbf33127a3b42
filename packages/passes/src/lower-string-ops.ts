/**
 * Lowering of the string operations of SPEC.md "String operations":
 * `str.slice`, `str.find`, `str.byte_at`, `str.split`, `str.join`,
 * `str.from_int`, `str.parse_int`, `str.parse_error`.
 *
 * With views (the strings fast path) the matrix decides per site (kind
 * `string-op`, family `strops`): a slice is the view narrowed after inline
 * bounds and char-boundary tests (a UTF-8 continuation byte is 0b10xxxxxx,
 * so a boundary is one signed byte compare), `byte_at` one checked load, and
 * `find` with a short literal needle an inline scan that compares the whole
 * needle at each position with wide loads; otherwise a runtime-c view helper
 * does the same work. New strings (`from_int`, `join`) take their bytes from
 * the same site buffer or arena as `str.concat` (lower-strings.ts `buffer`),
 * so they are owned exactly as concat's result is; split pieces are counted
 * strings the split array owns, like every str stored into a runtime array
 * (value-memory.ts toSlot). Without views every operation
 * is a call on interned handles (the legacy shape).
 */
import type { Inst, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { literalBytesEqual, wideLiteralLoads } from "./lower-literal-bytes.js";
import { buffer } from "./lower-strings.js";
import { NO_ARGS } from "./block-variables.js";

/** Longest decimal text of an i64 ("-9223372036854775808"). */
const MAX_INT_TEXT = 20;

/** Lower one string operation; `escapingBuffers` is stringBufferEscapes of the function. */
export function lowerStringOps(e: FunctionEmitter, inst: Inst, escapingBuffers: ReadonlySet<ValueId>): LValue[] {
  return e.repr.strViews ? viewOp(e, inst, escapingBuffers) : handleOp(e, inst);
}

/** An integer operand as the runtime's i64 (sign-extended). */
function asI64(e: FunctionEmitter, v: ValueId): LValue {
  const t = e.typeOf(v);
  return t.kind === "int" && t.bits === 64 ? e.one(v) : e.b.convert("sext", e.one(v), "i64");
}

/** The legacy shape: calls on interned handles. */
function handleOp(e: FunctionEmitter, inst: Inst): LValue[] {
  const b = e.b;
  const [x, y] = inst.args;
  const h = (v: ValueId) => e.one(v);
  switch (inst.op) {
    case "str.slice": return e.rt("fz_str_slice", [h(x!), asI64(e, y!), asI64(e, inst.args[2]!)]);
    case "str.find": return [b.convert("trunc", e.rt("fz_str_find", [h(x!), h(y!)])[0]!, "i32")];
    case "str.byte_at": return e.rt("fz_str_byte_at", [h(x!), asI64(e, y!)]);
    case "str.split": return e.rt("fz_str_split", [h(x!), h(y!)]);
    case "str.join": return e.rt("fz_str_join", [h(x!), h(y!)]);
    case "str.from_int": return e.rt("fz_str_from_int", [asI64(e, x!)]);
    case "str.parse_int": return e.rt("fz_str_parse_int", [h(x!)]);
    case "str.parse_error": return e.rt("fz_str_parse_error", [h(x!)]);
    default: throw new Error(`not a string operation: ${inst.op}`);
  }
}

/** Views: inline where the matrix says so, view helpers otherwise. */
function viewOp(e: FunctionEmitter, inst: Inst, escapingBuffers: ReadonlySet<ValueId>): LValue[] {
  const b = e.b;
  const [x, y] = inst.args;
  const view = (v: ValueId) => e.value(v) as [LValue, LValue];
  const inline = (bytes: number | undefined) => e.ask(`${inst.op} %${e.nameOf(inst.dst!)}`, {
    kind: "string-op", enabled: e.mod.opts.fast.strops, escape: "none", mutability: "immutable",
    constant: bytes !== undefined, bytes: bytes ?? 0,
  }).form === "inline-compare";
  switch (inst.op) {
    case "str.slice": {
      const [p, len] = view(x!);
      const from = asI64(e, y!), to = asI64(e, inst.args[2]!);
      if (inline(0)) sliceChecks(e, p, len, from, to);
      else e.rt("fz_view_slice_check", [p, len, from, to]);
      return [b.ptrAdd(p, from), b.binary("isub", to, from)];
    }
    case "str.byte_at": {
      const [p, len] = view(x!);
      const i = asI64(e, y!);
      if (!inline(0)) return e.rt("fz_view_byte_at", [p, len, i]);
      e.guard(b.icmp("uge", i, len), "fz_panic_bounds", [i, len]);
      e.count("directLoads");
      return [b.convert("uext", b.load("i8", b.ptrAdd(p, i), 0), "i32")];
    }
    case "str.find": {
      const [p, len] = view(x!);
      const lit = e.strLit.get(y!);
      if (lit && inline(lit.length)) return [b.convert("trunc", findLiteral(e, p, len, lit), "i32")];
      if (!lit) inline(undefined);
      const [q, ql] = view(y!);
      return [b.convert("trunc", e.rt("fz_view_find", [p, len, q, ql])[0]!, "i32")];
    }
    case "str.split": return e.rt("fz_view_split", [...view(x!), ...view(y!)]);
    case "str.join": {
      const parts = e.one(x!);
      const [q, ql] = view(y!);
      const n = e.rt("fz_view_join_len", [parts, q, ql])[0]!;
      const buf = buffer(e, escapingBuffers, inst.dst!, n);
      e.rt("fz_view_join", [parts, q, ql, buf]);
      return [buf, n];
    }
    case "str.from_int": {
      const buf = buffer(e, escapingBuffers, inst.dst!, b.iconst("i64", MAX_INT_TEXT));
      return [buf, e.rt("fz_view_from_int", [asI64(e, x!), buf])[0]!];
    }
    case "str.parse_int": return e.rt("fz_view_parse_int", view(x!));
    case "str.parse_error": return e.rt("fz_view_parse_error", view(x!));
    default: throw new Error(`not a string operation: ${inst.op}`);
  }
}

/**
 * Rust's `&s[from..to]` checks inline: `from <= to <= len` as unsigned
 * compares (a negative index is huge), then each index below `len` must not
 * point at a continuation byte (signed byte < -64). Any failure goes to one
 * cold block that has runtime-c print Rust's message.
 */
function sliceChecks(e: FunctionEmitter, p: LValue, len: LValue, from: LValue, to: LValue): void {
  const b = e.b;
  const fail = b.newBlock([], true);
  const next = () => b.newBlock();
  let after = next();
  b.brif(b.binary("bor", b.icmp("ugt", from, to), b.icmp("ugt", to, len)), { block: fail, args: NO_ARGS }, { block: after, args: NO_ARGS });
  b.switchTo(after);
  for (const i of [from, to]) {
    const inside = next();
    after = next();
    b.brif(b.icmp("ult", i, len), { block: inside, args: NO_ARGS }, { block: after, args: NO_ARGS });
    b.switchTo(inside);
    e.count("directLoads");
    b.brif(b.icmp("slt", b.load("i8", b.ptrAdd(p, i), 0), b.iconst("i8", -64)), { block: fail, args: NO_ARGS }, { block: after, args: NO_ARGS });
    b.switchTo(after);
  }
  b.switchTo(fail);
  e.rt("fz_panic_str_slice", [p, len, from, to]);
  b.trap();
  b.switchTo(after);
}

/** `view.find(lit)` inline: the whole needle compared at each position (wide loads up to 8 bytes), as i64 (-1: none). */
function findLiteral(e: FunctionEmitter, p: LValue, len: LValue, lit: Uint8Array): LValue {
  const b = e.b;
  if (lit.length === 0) return b.iconst("i64", 0);
  const n = b.iconst("i64", lit.length);
  const none = b.iconst("i64", -1);
  const scan = b.newBlock(), head = b.newBlock(["i64"]), body = b.newBlock(), rest = b.newBlock(), done = b.newBlock(["i64"]);
  b.brif(b.icmp("uge", len, n), { block: scan, args: NO_ARGS }, { block: done, args: [none] });
  b.switchTo(scan);
  const last = b.binary("isub", len, n);
  b.jump(head, [b.iconst("i64", 0)]);
  b.switchTo(head);
  const i = b.blockParams(head)[0]!;
  b.brif(b.icmp("ule", i, last), { block: body, args: NO_ARGS }, { block: done, args: [none] });
  b.switchTo(body);
  const at = b.ptrAdd(p, i);
  const next = b.binary("iadd", i, b.iconst("i64", 1));
  const whole = lit.length <= 8 && wideLiteralLoads(e, lit.length);
  if (!whole) e.count("directLoads");
  const first = whole ? b.iconst("bool", 1) : b.icmp("eq", b.load("i8", at, 0), b.iconst("i8", BigInt.asIntN(8, BigInt(lit[0]!))));
  b.brif(first, { block: rest, args: NO_ARGS }, { block: head, args: [next] });
  b.switchTo(rest);
  b.brif(literalBytesEqual(e, at, lit, whole ? 0 : 1), { block: done, args: [i] }, { block: head, args: [next] });
  b.switchTo(done);
  return b.blockParams(done)[0]!;
}

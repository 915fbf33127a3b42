/**
 * Lowering of `str` operations. With the strings fast path a str is a
 * (pointer, length) view: literals point at static data, `trim` narrows the
 * view, comparisons against short literals are inlined (wide loads,
 * lower-literal-bytes.ts), a
 * single-byte `replace` is an inline copy loop (lower-byte-map.ts), and the buffers of new
 * strings (`replace`, `concat`) come from a per-site stack buffer when the
 * result never outlives the iteration that made it (stored-strings.ts
 * stringBufferEscapes), or from the temporary
 * arena otherwise; a str read out of a runtime array is copied to such a
 * buffer too (value-memory.ts fromSlot). Nothing is interned but literals
 * and what crosses into imports, maps, structs and enums. Without the fast path every str is an
 * interned runtime handle and every operation a runtime call (the legacy
 * shape).
 */
import type { Inst, ValueId } from "@fzy/ir";
import type { FunctionEmitter } from "./function-emitter.js";
import { byteMap } from "./lower-byte-map.js";
import { literalBytesEqual, wideLiteralLoads } from "./lower-literal-bytes.js";
import type { LValue } from "@fzy/lir";
import { NO_ARGS } from "./block-variables.js";

/** Per-site stack buffer for new strings (a size, not a decision: longer results take the arena at run time). */
const SITE_BUFFER = 256;

/** Lower a `str.*` operation; `escapingBuffers` is the function's (stored-strings.ts StoredStrings.escapingBuffers). */
export function lowerStringOp(e: FunctionEmitter, inst: Inst, escapingBuffers: ReadonlySet<ValueId>): LValue[] {
  return e.repr.strViews ? viewOp(e, inst, escapingBuffers) : handleOp(e, inst);
}

/** The legacy shape: every str an interned handle, every operation a runtime call. */
function handleOp(e: FunctionEmitter, inst: Inst): LValue[] {
  const b = e.b;
  const h = inst.args.map((v) => e.one(v));
  const truth = (name: string) => [b.icmp("ne", e.rt(name, h)[0]!, b.iconst("i32", 0))];
  switch (inst.op) {
    case "str.len": return [b.convert("trunc", e.rt("fz_str_len", h)[0]!, "i32")];
    case "str.eq": return truth("fz_str_eq");
    case "str.contains": return truth("fz_str_contains");
    case "str.starts_with": return truth("fz_str_starts_with");
    case "str.ends_with": return truth("fz_str_ends_with");
    case "str.trim": return e.rt("fz_str_trim", h);
    case "str.replace": return e.rt("fz_str_replace", h);
    case "str.concat": return e.rt("fz_str_concat", h);
    default: throw new Error(`not a string op: ${inst.op}`);
  }
}

/**
 * The bytes of literal operand `v`, when the matrix has it compared inline
 * (rules literal-inline / literal-helper).
 */
function inlineLiteral(e: FunctionEmitter, v: ValueId | undefined): Uint8Array | undefined {
  const l = v === undefined ? undefined : e.strLit.get(v);
  if (l === undefined) return undefined;
  const d = e.askUnreported({ kind: "literal-compare", enabled: e.mod.opts.fast.strings, escape: "none", mutability: "immutable", constant: true, bytes: l.length });
  return d.form === "inline-compare" ? l : undefined;
}

/** The truth of view helper `name` on view (p, len) and operand `other`. */
function helperTruth(e: FunctionEmitter, name: string, p: LValue, len: LValue, other: ValueId): LValue[] {
  const [q, ql] = e.value(other) as [LValue, LValue];
  return [e.b.icmp("ne", e.rt(name, [p, len, q, ql])[0]!, e.b.iconst("i32", 0))];
}

/**
 * Views: inline compares against short literals, helpers otherwise, new
 * strings in site buffers. No closure here: one capturing a local would make
 * every string operation allocate a context for it.
 */
function viewOp(e: FunctionEmitter, inst: Inst, escapingBuffers: ReadonlySet<ValueId>): LValue[] {
  const b = e.b;
  const a = inst.args;
  const [p, len] = e.value(a[0]!) as [LValue, LValue];
  switch (inst.op) {
    case "str.len":
      return [b.convert("trunc", len, "i32")];
    case "str.eq": {
      const l1 = inlineLiteral(e, a[1]), l0 = inlineLiteral(e, a[0]);
      if (l1) return [compareLiteral(e, p, len, l1, "eq")];
      if (l0) {
        const [q, ql] = e.value(a[1]!) as [LValue, LValue];
        return [compareLiteral(e, q, ql, l0, "eq")];
      }
      return helperTruth(e, "fz_view_eq", p, len, a[1]!);
    }
    case "str.starts_with": {
      const l1 = inlineLiteral(e, a[1]);
      return l1 ? [compareLiteral(e, p, len, l1, "prefix")] : helperTruth(e, "fz_view_starts_with", p, len, a[1]!);
    }
    case "str.ends_with": {
      const l1 = inlineLiteral(e, a[1]);
      return l1 ? [compareLiteral(e, p, len, l1, "suffix")] : helperTruth(e, "fz_view_ends_with", p, len, a[1]!);
    }
    case "str.contains": {
      const l1 = inlineLiteral(e, a[1]);
      return l1 ? [containsLiteral(e, p, len, l1)] : helperTruth(e, "fz_view_contains", p, len, a[1]!);
    }
    case "str.trim":
      return trim(e, p, len);
    case "str.replace": case "str.concat":
      return newString(e, inst, escapingBuffers, p, len);
    default:
      throw new Error(`not a string op: ${inst.op}`);
  }
}

/** `replace` and `concat` of view (p, len): the result's bytes in a buffer of its site. */
function newString(e: FunctionEmitter, inst: Inst, escapingBuffers: ReadonlySet<ValueId>, p: LValue, len: LValue): LValue[] {
  const a = inst.args;
  if (inst.op === "str.replace") {
    const from = e.strLit.get(a[1]!), to = e.strLit.get(a[2]!);
    if (from && to && from.length === 1 && to.length === 1) {
      const buf = buffer(e, escapingBuffers, inst.dst!, len);
      byteMap(e, p, len, buf, from[0]!, to[0]!);
      return [buf, len];
    }
    const [fp, flen] = e.value(a[1]!) as [LValue, LValue];
    const [tp, tlen] = e.value(a[2]!) as [LValue, LValue];
    const n = e.rt("fz_view_replace_len", [p, len, fp, flen, tp, tlen])[0]!;
    const buf = buffer(e, escapingBuffers, inst.dst!, n);
    e.rt("fz_view_replace", [p, len, fp, flen, tp, tlen, buf]);
    return [buf, n];
  }
  const [q, ql] = e.value(a[1]!) as [LValue, LValue];
  const n = e.b.binary("iadd", len, ql);
  const buf = buffer(e, escapingBuffers, inst.dst!, n);
  e.rt("fz_view_concat", [p, len, q, ql, buf]);
  return [buf, n];
}

/**
 * A str value as an interned handle, where it crosses into an import or is
 * stored into runtime memory (`boundary`): the matrix decides (a view is
 * interned there); without views a str already is a handle.
 */
export function internHandle(e: FunctionEmitter, v: ValueId, boundary: "import" | "memory"): LValue {
  const parts = e.value(v);
  if (!e.repr.strViews) return parts[0]!;
  const d = e.askUnreported({ kind: "string", enabled: e.mod.opts.fast.strings, escape: boundary, mutability: "immutable", constant: false });
  if (d.form !== "interned") throw new Error(`the matrix chose ${d.form} for a string crossing ${boundary === "import" ? "an import" : "into runtime memory"}`);
  return e.rt("fz_str_intern", parts)[0]!;
}

/** The (pointer, length) view of an interned handle. */
export function viewOfHandle(e: FunctionEmitter, h: LValue): LValue[] {
  return [e.rt("fz_str_ptr", [h])[0]!, e.rt("fz_str_len", [h])[0]!];
}

/**
 * `view == lit`, `view starts with lit` or `view ends with lit`, inline: a
 * length test, then byte compares joined into one bool.
 */
function compareLiteral(e: FunctionEmitter, p: LValue, len: LValue, lit: Uint8Array, kind: "eq" | "prefix" | "suffix"): LValue {
  const b = e.b;
  const n = b.iconst("i64", lit.length);
  const lenOk = b.icmp(kind === "eq" ? "eq" : "uge", len, n);
  if (lit.length === 0) return lenOk;
  const cmp = b.newBlock();
  const join = b.newBlock(["bool"]);
  b.brif(lenOk, { block: cmp, args: NO_ARGS }, { block: join, args: [b.iconst("bool", 0)] });
  b.switchTo(cmp);
  const base = kind === "suffix" ? b.ptrAdd(p, b.binary("isub", len, n)) : p;
  b.jump(join, [literalBytesEqual(e, base, lit)]);
  b.switchTo(join);
  return b.blockParams(join)[0]!;
}

/**
 * `buffer` at site `dst`, as the copyTo of value-memory.ts: made only where a
 * copy is read, apart from its callers (a closure there would make each of
 * their calls allocate a context for what it captures).
 */
export function bufferAt(e: FunctionEmitter, dst: ValueId): (n: LValue) => LValue {
  return (n) => buffer(e, e.analyses.strings.escapingBuffers(), dst, n);
}

/**
 * A buffer of `n` bytes for the result of site `dst`: the site's stack buffer
 * or the temporary arena, as the matrix decides (rules escaping-buffer,
 * frame-full, site-buffer; an escaping buffer is one stored-strings.ts
 * stringBufferEscapes finds kept by a variable, a call, a store or a return).
 */
export function buffer(e: FunctionEmitter, escapingBuffers: ReadonlySet<ValueId>, dst: ValueId, n: LValue): LValue {
  const b = e.b;
  const d = e.askUnreported({
    kind: "string-buffer", enabled: e.mod.opts.fast.strings, escape: escapingBuffers.has(dst) ? "memory" : "none",
    mutability: "mutated", constant: false, bytes: SITE_BUFFER, frame: b.slotBytes, recursive: e.mod.mayRecurse(e.func.name),
  });
  if (d.form !== "stack-slot") return e.rt("fz_arena_alloc", [n])[0]!;
  const slot = b.newSlot(SITE_BUFFER, 16);
  const small = b.newBlock(), large = b.newBlock([], true), join = b.newBlock(["ptr"]);
  b.brif(b.icmp("ule", n, b.iconst("i64", SITE_BUFFER)), { block: small, args: NO_ARGS }, { block: large, args: NO_ARGS });
  b.switchTo(small);
  b.jump(join, [b.stackAddr(slot)]);
  b.switchTo(large);
  const big = e.rt("fz_arena_alloc", [n])[0]!;
  b.jump(join, [big]);
  b.switchTo(join);
  return b.blockParams(join)[0]!;
}

/** Whether the byte `c` (i8) is ASCII white space: ' ' or \t \n \v \f \r. */
function asciiSpace(e: FunctionEmitter, c: LValue): LValue {
  const b = e.b;
  const space = b.icmp("eq", c, b.iconst("i8", 0x20));
  const ctl = b.icmp("ult", b.binary("isub", c, b.iconst("i8", 9)), b.iconst("i8", 5));
  return b.binary("bor", space, ctl);
}

/**
 * Rust's str::trim with an ASCII fast path: scan from each end over ASCII
 * white space; at the first non-ASCII byte hand that end to the runtime's
 * Unicode-aware helper (on a cold path), so results are Rust's exactly.
 */
function trim(e: FunctionEmitter, p: LValue, len: LValue): LValue[] {
  const b = e.b;
  const head1 = b.newBlock(["i64"]), body1 = b.newBlock(), check1 = b.newBlock(), slow1 = b.newBlock([], true), done1 = b.newBlock(["i64"]);
  b.jump(head1, [b.iconst("i64", 0)]);
  b.switchTo(head1);
  const i = b.blockParams(head1)[0]!;
  b.brif(b.icmp("ult", i, len), { block: body1, args: NO_ARGS }, { block: done1, args: [i] });
  b.switchTo(body1);
  const c1 = b.load("i8", b.ptrAdd(p, i), 0);
  e.count("directLoads");
  b.brif(asciiSpace(e, c1), { block: head1, args: [b.binary("iadd", i, b.iconst("i64", 1))] }, { block: check1, args: NO_ARGS });
  b.switchTo(check1);
  b.brif(b.icmp("slt", c1, b.iconst("i8", 0)), { block: slow1, args: NO_ARGS }, { block: done1, args: [i] });
  b.switchTo(slow1);
  b.jump(done1, [e.rt("fz_view_trim_start", [p, len])[0]!]);
  b.switchTo(done1);
  const start = b.blockParams(done1)[0]!;

  const head2 = b.newBlock(["i64"]), body2 = b.newBlock(), check2 = b.newBlock(), slow2 = b.newBlock([], true), done2 = b.newBlock(["i64"]);
  b.jump(head2, [len]);
  b.switchTo(head2);
  const j = b.blockParams(head2)[0]!;
  b.brif(b.icmp("ugt", j, start), { block: body2, args: NO_ARGS }, { block: done2, args: [j] });
  b.switchTo(body2);
  const jm1 = b.binary("isub", j, b.iconst("i64", 1));
  const c2 = b.load("i8", b.ptrAdd(p, jm1), 0);
  e.count("directLoads");
  b.brif(asciiSpace(e, c2), { block: head2, args: [jm1] }, { block: check2, args: NO_ARGS });
  b.switchTo(check2);
  b.brif(b.icmp("slt", c2, b.iconst("i8", 0)), { block: slow2, args: NO_ARGS }, { block: done2, args: [j] });
  b.switchTo(slow2);
  const ps = b.ptrAdd(p, start);
  const kept = e.rt("fz_view_trim_end", [ps, b.binary("isub", len, start)])[0]!;
  b.jump(done2, [b.binary("iadd", start, kept)]);
  b.switchTo(done2);
  const end = b.blockParams(done2)[0]!;
  return [b.ptrAdd(p, start), b.binary("isub", end, start)];
}

/** `view contains lit` inline: scan for the first byte, then compare the rest. */
function containsLiteral(e: FunctionEmitter, p: LValue, len: LValue, lit: Uint8Array): LValue {
  const b = e.b;
  if (lit.length === 0) return b.iconst("bool", 1);
  const n = b.iconst("i64", lit.length);
  const scan = b.newBlock(), head = b.newBlock(["i64"]), body = b.newBlock(), rest = b.newBlock(), done = b.newBlock(["bool"]);
  const byte = (v: number) => b.iconst("i8", BigInt.asIntN(8, BigInt(v)));
  b.brif(b.icmp("uge", len, n), { block: scan, args: NO_ARGS }, { block: done, args: [b.iconst("bool", 0)] });
  b.switchTo(scan);
  const last = b.binary("isub", len, n);
  b.jump(head, [b.iconst("i64", 0)]);
  b.switchTo(head);
  const i = b.blockParams(head)[0]!;
  b.brif(b.icmp("ule", i, last), { block: body, args: NO_ARGS }, { block: done, args: [b.iconst("bool", 0)] });
  b.switchTo(body);
  const at = b.ptrAdd(p, i);
  const next = b.binary("iadd", i, b.iconst("i64", 1));
  // A needle of at most 8 bytes is compared whole at each position (wide loads); a longer one after its first byte.
  const whole = lit.length <= 8 && wideLiteralLoads(e, lit.length);
  if (!whole) e.count("directLoads");
  const first = whole ? b.iconst("bool", 1) : b.icmp("eq", b.load("i8", at, 0), byte(lit[0]!));
  b.brif(first, { block: rest, args: NO_ARGS }, { block: head, args: [next] });
  b.switchTo(rest);
  b.brif(literalBytesEqual(e, at, lit, whole ? 0 : 1), { block: done, args: [b.iconst("bool", 1)] }, { block: head, args: [next] });
  b.switchTo(done);
  return b.blockParams(done)[0]!;
}

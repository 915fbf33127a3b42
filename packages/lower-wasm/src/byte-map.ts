/**
 * Instruction selection for one loop shape: the byte map that single-byte
 * `str.replace` lowers to (each byte of a source view copied to a
 * destination buffer, one byte value replaced by another). LLVM's loop
 * vectorizer turns it into 16-byte vector operations; binaryen has no
 * vectorizer, so this file recognizes the shape in the lowered form and puts
 * a SIMD loop in front of the scalar one: 16 bytes per step (i8x16.eq and
 * v128.bitselect), the scalar loop finishing the last 0-15 bytes.
 *
 * The shape (header H, body B, exactly these instructions in this order):
 *
 *   H(i: i64):  c = icmp ult i, n;  brif c, B, ...
 *   B:          p = ptr_add src, i;  x: i8 = load p+0;  k = iconst C1;
 *               e = icmp eq x, k;  r = iconst C2;  y = select e, r, x;
 *               q = ptr_add dst, i;  store y, q+0;  one = iconst 1;
 *               i2 = iadd i, one;  jump H(i2)
 *
 * The vector step is taken only while i + 16 <= n and when it computes what
 * the scalar loop computes: it reads 16 source bytes before writing 16
 * destination bytes, which differs only when a write lands on a byte the
 * same step still reads, i.e. when dst - src is in 1..15.
 */
import binaryen from "binaryen";
import type { LBlock, LFunction, LInst, LValue } from "@fzy/lir";

type Expr = binaryen.ExpressionRef;

/** A recognized byte map: its header block and the values the vector loop needs. */
export interface ByteMap {
  readonly header: number;
  readonly i: LValue;
  readonly n: LValue;
  readonly src: LValue;
  readonly dst: LValue;
  readonly from: number;
  readonly to: number;
}

const is = <K extends LInst["op"]>(x: LInst | undefined, op: K): x is Extract<LInst, { op: K }> => x?.op === op;

function matchBody(b: LBlock, header: number, i: LValue, n: LValue): Omit<ByteMap, "header" | "i" | "n"> | null {
  const [p, x, k, e, r, y, q, st, one, i2] = b.insts;
  if (b.insts.length !== 10 || b.params.length !== 0) return null;
  if (!is(p, "ptr_add") || p.offset !== i) return null;
  if (!is(x, "load") || x.type !== "i8" || x.addr !== p.dst || x.offset !== 0) return null;
  if (!is(k, "iconst") || k.type !== "i8") return null;
  if (!is(e, "icmp") || e.cc !== "eq" || e.a !== x.dst || e.b !== k.dst) return null;
  if (!is(r, "iconst") || r.type !== "i8") return null;
  if (!is(y, "select") || y.cond !== e.dst || y.a !== r.dst || y.b !== x.dst) return null;
  if (!is(q, "ptr_add") || q.offset !== i) return null;
  if (!is(st, "store") || st.addr !== q.dst || st.offset !== 0 || st.value !== y.dst) return null;
  if (!is(one, "iconst") || one.type !== "i64" || one.value !== 1n) return null;
  if (!is(i2, "binary") || i2.kind !== "iadd" || i2.a !== i || i2.b !== one.dst) return null;
  const t = b.term;
  if (t.op !== "jump" || t.target.block !== header || t.target.args.length !== 1 || t.target.args[0] !== i2.dst) return null;
  // Loop-invariant operands: defined outside the body (the header defines only the condition).
  const defined = new Set(b.insts.flatMap((s) => ("dst" in s ? [s.dst] : [])));
  if ([p.base, q.base, n].some((v) => defined.has(v) || v === i)) return null;
  return { src: p.base, dst: q.base, from: Number(BigInt.asIntN(8, k.value)), to: Number(BigInt.asIntN(8, r.value)) };
}

/** Every byte map of `fn`, by header block. */
export function findByteMaps(fn: LFunction): Map<number, ByteMap> {
  const out = new Map<number, ByteMap>();
  fn.blocks.forEach((h, header) => {
    const [c] = h.insts;
    if (h.params.length !== 1 || h.insts.length !== 1 || !is(c, "icmp") || c.cc !== "ult") return;
    const i = h.params[0]!;
    if (c.a !== i || fn.valueTypes[i] !== "i64" || h.term.op !== "brif" || h.term.cond !== c.dst || h.term.then.args.length !== 0) return;
    const body = fn.blocks[h.term.then.block];
    const m = body && h.term.then.block !== header ? matchBody(body, header, i, c.b) : null;
    if (m) out.set(header, { header, i, n: c.b, ...m });
  });
  return out;
}

/** What the vector loop needs from its function. */
export interface ByteMapScope {
  readonly m: binaryen.Module;
  get(v: LValue): Expr;
  set(v: LValue, e: Expr): Expr;
  /** A fresh local of type `t`. */
  local(t: binaryen.Type): number;
  /** A fresh loop label. */
  label(): string;
}

/** The vector loop, run at the top of the header on every entry (it does nothing once fewer than 16 bytes are left). */
export function byteMapVectorLoop(s: ByteMapScope, bm: ByteMap): Expr {
  const m = s.m;
  const v = s.local(binaryen.v128);
  const label = s.label();
  const at = (base: LValue) => m.i32.add(s.get(base), m.i32.wrap(s.get(bm.i)));
  const distance = m.i32.sub(s.get(bm.dst), s.get(bm.src));
  const sameStep = m.i32.and(m.i32.ne(distance, m.i32.const(0)), m.i32.lt_u(m.i32.sub(s.get(bm.dst), s.get(bm.src)), m.i32.const(16)));
  const room = m.i64.le_u(m.i64.add(s.get(bm.i), m.i64.const(16n)), s.get(bm.n));
  const step = m.block(null, [
    m.local.set(v, m.v128.load(0, 1, at(bm.src))),
    m.v128.store(0, 1, at(bm.dst), m.v128.bitselect(
      m.i8x16.splat(m.i32.const(bm.to)),
      m.local.get(v, binaryen.v128),
      m.i8x16.eq(m.local.get(v, binaryen.v128), m.i8x16.splat(m.i32.const(bm.from))),
    )),
    s.set(bm.i, m.i64.add(s.get(bm.i), m.i64.const(16n))),
    m.br(label),
  ], binaryen.none);
  return m.if(m.i32.eqz(sameStep), m.loop(label, m.if(room, step)));
}

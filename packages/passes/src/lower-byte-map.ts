/**
 * A single-byte replace, `out[i] = in[i] == from ? to : in[i]` for i in
 * 0..n. With the matrix's word-at-a-time form (rule byte-map-words, family
 * `widen`) eight bytes go per step, SIMD within a register (SWAR): the
 * bytes equal to `from` are found exactly with the carry-free zero-byte test
 * (Hacker's Delight, 2nd ed., section 6-1: high bit of
 * ~(((x & 0x7f..) + 0x7f..) | x | 0x7f..) is set exactly in the zero bytes of
 * x = word ^ splat(from)), widened to a byte mask and used to flip those
 * bytes to `to`; the last n % 8 bytes are one more word ending at n, which
 * overlaps bytes already written with the same values (they are mapped from
 * the input). Strings under 8 bytes take the byte loop. Switched off, the
 * byte loop does everything (the form the lowering had before).
 *
 * The input is any view and the last word any offset, so word loads and the
 * last store are unaligned.
 */
import type { LValue } from "@fzy/lir";
import { countedLoop } from "./counted-loop.js";
import type { FunctionEmitter } from "./function-emitter.js";
import { NO_ARGS } from "./block-variables.js";

const splat = (byte: number): bigint => BigInt.asIntN(64, 0x0101010101010101n * BigInt(byte & 0xff));

/** Emit the replace of `n` bytes from `src` into `out` (see the file header). */
export function byteMap(e: FunctionEmitter, src: LValue, n: LValue, out: LValue, from: number, to: number): void {
  const words = e.askUnreported({
    kind: "byte-map", enabled: e.mod.opts.fast.widen, escape: "none", mutability: "immutable", constant: true,
  }).form === "wide-loads";
  if (!words) return byteLoop(e, src, n, out, from, to, e.b.iconst("i64", 0));
  const b = e.b;
  const eight = b.iconst("i64", 8);
  const short = b.newBlock(), long = b.newBlock(), done = b.newBlock();
  b.brif(b.icmp("ult", n, eight), { block: short, args: NO_ARGS }, { block: long, args: NO_ARGS });
  b.switchTo(short);
  byteLoop(e, src, n, out, from, to, b.iconst("i64", 0));
  b.jump(done);
  b.switchTo(long);
  wordLoop(e, src, n, out, from, to);
  // The last n % 8 bytes: one more word ending at n, overlapping bytes already mapped (from the input, so alike).
  mapWord(e, src, out, b.binary("isub", n, eight), from, to);
  b.jump(done);
  b.switchTo(done);
}

/** Whole words from 0 while 8 bytes remain (n >= 8); returns the index where the bytes left begin. */
function wordLoop(e: FunctionEmitter, src: LValue, n: LValue, out: LValue, from: number, to: number): LValue {
  const b = e.b;
  const head = b.newBlock(["i64"]), body = b.newBlock(), exit = b.newBlock(["i64"]);
  const eight = b.iconst("i64", 8);
  b.jump(head, [b.iconst("i64", 0)]);
  b.switchTo(head);
  const i = b.blockParams(head)[0]!;
  const next = b.binary("iadd", i, eight);
  b.brif(b.icmp("ule", next, n), { block: body, args: NO_ARGS }, { block: exit, args: [i] });
  b.switchTo(body);
  mapWord(e, src, out, i, from, to);
  b.jump(head, [next]);
  b.switchTo(exit);
  return b.blockParams(exit)[0]!;
}

/** The 8 bytes at offset `i` of `src`, mapped, stored at offset `i` of `out`. */
function mapWord(e: FunctionEmitter, src: LValue, out: LValue, i: LValue, from: number, to: number): void {
  const b = e.b;
  const k = (v: bigint) => b.iconst("i64", v);
  const low7 = k(0x7f7f7f7f7f7f7f7fn);
  const word = b.loadUnaligned("i64", b.ptrAdd(src, i), 0);
  const x = b.binary("bxor", word, k(splat(from)));
  const carry = b.binary("iadd", b.binary("band", x, low7), low7);
  const zeroHigh = b.binary("bxor", b.binary("bor", b.binary("bor", carry, x), low7), k(-1n));
  const mask = b.binary("imul", b.binary("ushr", zeroHigh, k(7n)), k(0xffn));
  const mapped = b.binary("bxor", word, b.binary("band", mask, k(splat(from ^ to))));
  b.storeUnaligned(b.ptrAdd(out, i), mapped);
  e.count("directLoads");
  e.count("directStores");
}

/** out[i] = in[i] == from ? to : in[i], for i in start..n. */
function byteLoop(e: FunctionEmitter, src: LValue, n: LValue, out: LValue, from: number, to: number, start: LValue): void {
  const b = e.b;
  countedLoop(b, start, n, (i) => {
    const c = b.load("i8", b.ptrAdd(src, i), 0);
    const mapped = b.select(b.icmp("eq", c, b.iconst("i8", BigInt.asIntN(8, BigInt(from)))), b.iconst("i8", BigInt.asIntN(8, BigInt(to))), c);
    b.store(b.ptrAdd(out, i), mapped, 0);
    e.count("directLoads");
    e.count("directStores");
  });
}

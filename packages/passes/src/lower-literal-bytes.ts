/**
 * The bytes of a known-length literal compared with memory, as one bool:
 * the matrix (rule literal-wide, family `widen`) has them read with the
 * widest loads that fit, 8, 4, 2 or 1 bytes, each compared with the
 * literal's bytes as one little-endian constant; a tail shorter than the
 * load width is read by one more load that overlaps the previous one (a
 * 7-byte literal is two 4-byte loads at 0 and 3), so no byte loop and at
 * most one load per 8 bytes plus one. Switched off, every byte is loaded
 * and compared on its own (the form the lowering had before).
 *
 * The caller has checked that `lit.length` bytes from `base + from` are
 * inside the string; the wide loads are marked unaligned (any address).
 */
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";

const WIDTHS = [8, 4, 2, 1] as const;
const TYPE = { 8: "i64", 4: "i32", 2: "i16", 1: "i8" } as const;

/** The (offset, width) of each load covering bytes [0, n): full loads, then one overlapping tail load. */
export function wideChunks(n: number): { at: number; width: 1 | 2 | 4 | 8 }[] {
  if (n === 0) return [];
  const w = WIDTHS.find((x) => x <= n)!;
  const out: { at: number; width: 1 | 2 | 4 | 8 }[] = [];
  let at = 0;
  for (; at + w <= n; at += w) out.push({ at, width: w });
  if (at < n) out.push({ at: n - w, width: w });
  return out;
}

/** The little-endian value of `lit[at .. at + width)`, signed at its width. */
function chunkValue(lit: Uint8Array, at: number, width: number): bigint {
  let v = 0n;
  for (let k = width - 1; k >= 0; k--) v = (v << 8n) | BigInt(lit[at + k]!);
  return BigInt.asIntN(width * 8, v);
}

/** Whether the matrix has literal bytes read by wide loads. */
export function wideLiteralLoads(e: FunctionEmitter, bytes: number): boolean {
  return e.askUnreported({
    kind: "literal-bytes", enabled: e.mod.opts.fast.widen, escape: "none", mutability: "immutable", constant: true, bytes,
  }).form === "wide-loads";
}

/** `memory[base + from + k] == lit[k]` for every k, as one bool (true for an empty range). */
export function literalBytesEqual(e: FunctionEmitter, base: LValue, lit: Uint8Array, from = 0): LValue {
  const b = e.b;
  const wide = wideLiteralLoads(e, lit.length - from);
  let acc: LValue | undefined;
  const and = (same: LValue) => { acc = acc === undefined ? same : b.binary("band", acc, same); };
  if (wide) {
    for (const { at, width } of wideChunks(lit.length - from)) {
      e.count("directLoads");
      const t = TYPE[width];
      const loaded = width === 1 ? b.load("i8", base, from + at) : b.loadUnaligned(t, base, from + at);
      and(b.icmp("eq", loaded, b.iconst(t, chunkValue(lit, from + at, width))));
    }
  } else {
    for (let k = from; k < lit.length; k++) {
      e.count("directLoads");
      and(b.icmp("eq", b.load("i8", base, k), b.iconst("i8", BigInt.asIntN(8, BigInt(lit[k]!)))));
    }
  }
  return acc ?? b.iconst("bool", 1);
}

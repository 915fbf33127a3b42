/**
 * Data objects as LLVM globals. A read-only object is a `private unnamed_addr
 * constant` (invisible outside the module, mergeable with equal constants,
 * placed in read-only memory); a writable one is an `internal global`, whose
 * address identity is kept. Bytes print as a `c"..."` array; an object with
 * relocations is a packed struct of byte runs and `ptr` fields, so each
 * pointer sits at exactly its offset whatever its alignment.
 */
import { type LData, type LReloc, POINTER_SIZE, type TextOut } from "@fzy/lir";
import type { LlvmModuleScope } from "./module-scope.js";
import { globalName, writeEscaped } from "./spelling.js";

/** `[N x i8]`: the type of a byte run of `n` bytes. */
function writeByteArrayType(out: TextOut, n: number): void {
  out.s("[");
  out.u(n);
  out.s(" x i8]");
}

/**
 * The value of bytes[from, to): `c"..."`, or `zeroinitializer` when all are
 * zero. Written a byte at a time: building each object's text as a string
 * (a piece per byte, then the line around it) left a rope of some fifty
 * nodes per 60-byte literal, 2 KB of garbage each, for the collector.
 */
function writeByteArrayValue(out: TextOut, bytes: Uint8Array, from: number, to: number): void {
  let zero = true;
  for (let i = from; i < to && zero; i++) zero = bytes[i] === 0;
  if (zero) return out.s("zeroinitializer");
  out.s('c"');
  writeEscaped(out, bytes, from, to);
  out.c(0x22);
}

/** The pointer a relocation stores: the symbol, displaced by the addend when there is one. */
function relocValue(r: LReloc, ctx: LlvmModuleScope): string {
  const sym = ctx.symbol(r.symbol);
  // Not `inbounds`: an addend may legitimately point one past the end or outside the object.
  return r.addend === 0 ? sym : `getelementptr (i8, ptr ${sym}, i64 ${r.addend})`;
}

/** Relocations sorted by offset, checked to lie inside the object and not to overlap. */
function orderedRelocs(d: LData): LReloc[] {
  const relocs = [...d.relocs].sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const r of relocs) {
    if (!Number.isInteger(r.offset) || r.offset < end || r.offset + POINTER_SIZE > d.bytes.length) {
      throw new Error(`lower-llvm: data object ${d.name}: relocation at ${r.offset} overlaps another or leaves the object`);
    }
    end = r.offset + POINTER_SIZE;
  }
  return relocs;
}

/**
 * Writes the LLVM global defining `d`, one line without its line break:
 * bytes as `[N x i8] c"..."`; with relocations a packed struct, whose type
 * lists the byte runs and pointers, then its value the same parts.
 */
export function writeData(out: TextOut, d: LData, ctx: LlvmModuleScope): void {
  out.s(globalName(d.name));
  out.s(d.writable ? " = internal global " : " = private unnamed_addr constant ");
  if (d.relocs.length === 0) {
    writeByteArrayType(out, d.bytes.length);
    out.c(32);
    writeByteArrayValue(out, d.bytes, 0, d.bytes.length);
  } else {
    const relocs = orderedRelocs(d);
    out.s("<{ ");
    writeParts(out, d, relocs, ctx, false);
    out.s(" }> <{ ");
    writeParts(out, d, relocs, ctx, true);
    out.s(" }>");
  }
  out.s(", align ");
  out.u(d.align);
}

/** The parts of a data object with relocations, in offset order, separated by `, `: their types, or (`values`) each type and value. */
function writeParts(out: TextOut, d: LData, relocs: readonly LReloc[], ctx: LlvmModuleScope, values: boolean): void {
  let at = 0, first = true;
  const part = (): void => {
    if (!first) out.s(", ");
    first = false;
  };
  const run = (to: number): void => {
    if (to <= at) return;
    part();
    writeByteArrayType(out, to - at);
    if (!values) return;
    out.c(32);
    writeByteArrayValue(out, d.bytes, at, to);
  };
  for (const r of relocs) {
    run(r.offset);
    part();
    out.s("ptr");
    if (values) {
      out.c(32);
      out.s(relocValue(r, ctx));
    }
    at = r.offset + POINTER_SIZE;
  }
  run(d.bytes.length);
}

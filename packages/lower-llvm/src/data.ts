/**
 * Data objects as LLVM globals. A read-only object is a `private unnamed_addr
 * constant` (invisible outside the module, mergeable with equal constants,
 * placed in read-only memory); a writable one is an `internal global`, whose
 * address identity is kept. Bytes print as a `c"..."` array; an object with
 * relocations is a packed struct of byte runs and `ptr` fields, so each
 * pointer sits at exactly its offset whatever its alignment.
 */
import { type LData, type LReloc, POINTER_SIZE } from "@fzy/lir";
import type { LlvmModuleScope } from "./module-scope.js";
import { escapeBytes, globalName } from "./spelling.js";

/** A byte run as a typed constant: `[N x i8] c"..."`, or `zeroinitializer` when all bytes are zero. */
function byteArray(bytes: Uint8Array): { type: string; value: string } {
  const type = `[${bytes.length} x i8]`;
  let zero = true;
  for (let i = 0; i < bytes.length && zero; i++) zero = bytes[i] === 0;
  const value = zero ? "zeroinitializer" : `c"${escapeBytes(bytes)}"`;
  return { type, value };
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

/** The type and initializer of a data object. */
function initializer(d: LData, ctx: LlvmModuleScope): { type: string; value: string } {
  if (d.relocs.length === 0) return byteArray(d.bytes);
  const types: string[] = [];
  const values: string[] = [];
  let at = 0;
  const run = (to: number) => {
    if (to <= at) return;
    const a = byteArray(d.bytes.subarray(at, to));
    types.push(a.type);
    values.push(`${a.type} ${a.value}`);
  };
  for (const r of orderedRelocs(d)) {
    run(r.offset);
    types.push("ptr");
    values.push(`ptr ${relocValue(r, ctx)}`);
    at = r.offset + POINTER_SIZE;
  }
  run(d.bytes.length);
  return { type: `<{ ${types.join(", ")} }>`, value: `<{ ${values.join(", ")} }>` };
}

/** The LLVM global defining `d`. */
export function printData(d: LData, ctx: LlvmModuleScope): string {
  const { type, value } = initializer(d, ctx);
  const kind = d.writable ? "internal global" : "private unnamed_addr constant";
  return `${globalName(d.name)} = ${kind} ${type} ${value}, align ${d.align}`;
}

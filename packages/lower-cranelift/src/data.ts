/**
 * Data objects: CLIF text names symbols but cannot define their contents,
 * so the module's data (string literals, constant arrays, tables of
 * pointers) is returned beside the text for the embedder to define
 * (cranelift-module's `DataDescription`: bytes, alignment, writable or not,
 * and one 8-byte absolute relocation per pointer slot). The shape is the
 * lowered form's own `LData` (one data-object shape across the project),
 * checked and with its relocations sorted by offset; `fzlower -o` writes it
 * as `OUT.data.json` with the bytes as a hex string.
 */
import { type LData, POINTER_SIZE } from "@fzy/lir";
import type { ModuleScope } from "./scope.js";
import { symbolName } from "./spelling.js";

/**
 * The data object to define for a lowered one, relocations sorted by offset;
 * throws when it is malformed. A relocation may name any symbol the module
 * defines or declares (`scope.knows`).
 */
export function dataObject(d: LData, scope: ModuleScope): LData {
  symbolName(d.name, "data object");
  if (!Number.isInteger(d.align) || d.align < 1 || (d.align & (d.align - 1)) !== 0) {
    throw new Error(`lower-cranelift: data object ${d.name} has alignment ${d.align}, not a power of two`);
  }
  const relocs = [...d.relocs].sort((a, b) => a.offset - b.offset);
  relocs.forEach((r, i) => {
    const where = `data object ${d.name}, relocation at ${r.offset}`;
    if (!Number.isInteger(r.offset) || r.offset < 0 || r.offset + POINTER_SIZE > d.bytes.length) throw new Error(`lower-cranelift: ${where} is outside its ${d.bytes.length} bytes`);
    if (i > 0 && relocs[i - 1]!.offset + POINTER_SIZE > r.offset) throw new Error(`lower-cranelift: ${where} overlaps the previous one`);
    if (!scope.knows(r.symbol)) throw new Error(`lower-cranelift: ${where} names '${r.symbol}', which the module does not define or declare`);
    symbolName(r.symbol, "relocation target");
    if (!Number.isSafeInteger(r.addend)) throw new Error(`lower-cranelift: ${where} has addend ${r.addend}`);
  });
  return {
    name: d.name,
    bytes: d.bytes,
    align: d.align,
    relocs: relocs.map((r) => ({ offset: r.offset, symbol: r.symbol, addend: r.addend })),
    writable: d.writable,
  };
}

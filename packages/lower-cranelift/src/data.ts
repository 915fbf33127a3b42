/**
 * Data objects: CLIF text names symbols but cannot define their contents,
 * so the module's data (string literals, constant arrays, tables of
 * pointers) is returned beside the text in a JSON-friendly shape for the
 * embedder to define (cranelift-module's `DataDescription`: bytes,
 * alignment, writable or not, and one 8-byte absolute relocation per
 * pointer slot).
 */
import type { LData, LModule } from "@fzy/lir";
import { symbolName } from "./spelling.js";

/** A pointer-sized little-endian slot at `offset` that holds `&symbol + addend`. */
export interface DataReloc {
  readonly offset: number;
  readonly symbol: string;
  readonly addend: number;
}

/** A data object to define next to the functions of the CLIF text. */
export interface DataObject {
  /** Symbol name, `[A-Za-z0-9_]+`; `symbol colocated %name` in the text refers to it. */
  readonly name: string;
  /** Initial contents, one number 0..255 per byte; relocated slots hold zeros. */
  readonly bytes: readonly number[];
  /** Alignment in bytes, a power of two. */
  readonly align: number;
  /** Pointer slots, sorted by offset, non-overlapping, inside `bytes`. */
  readonly relocs: readonly DataReloc[];
  /** False for constants (read-only section). */
  readonly writable: boolean;
}

/** Size of a relocated pointer slot on the 64-bit targets CLIF is printed for. */
export const POINTER_SIZE = 8;

/** Every symbol a relocation may name: the module's data objects, functions and externs. */
export function knownSymbols(module: LModule): Set<string> {
  return new Set([...module.data.map((x) => x.name), ...module.functions.map((f) => f.name), ...module.externs.map((e) => e.name)]);
}

/**
 * The data object of a lowered one; throws when the lowered object is
 * malformed. `known` (knownSymbols of the module) is built once by the
 * caller for all data objects, not once per object.
 */
export function dataObject(d: LData, module: LModule, known: ReadonlySet<string> = knownSymbols(module)): DataObject {
  symbolName(d.name, "data object");
  if (!Number.isInteger(d.align) || d.align < 1 || (d.align & (d.align - 1)) !== 0) {
    throw new Error(`lower-cranelift: data object ${d.name} has alignment ${d.align}, not a power of two`);
  }
  const relocs = [...d.relocs].sort((a, b) => a.offset - b.offset);
  relocs.forEach((r, i) => {
    const where = `data object ${d.name}, relocation at ${r.offset}`;
    if (!Number.isInteger(r.offset) || r.offset < 0 || r.offset + POINTER_SIZE > d.bytes.length) throw new Error(`lower-cranelift: ${where} is outside its ${d.bytes.length} bytes`);
    if (i > 0 && relocs[i - 1]!.offset + POINTER_SIZE > r.offset) throw new Error(`lower-cranelift: ${where} overlaps the previous one`);
    if (!known.has(r.symbol)) throw new Error(`lower-cranelift: ${where} names '${r.symbol}', which the module does not define or declare`);
    symbolName(r.symbol, "relocation target");
    if (!Number.isSafeInteger(r.addend)) throw new Error(`lower-cranelift: ${where} has addend ${r.addend}`);
  });
  return {
    name: d.name,
    bytes: Array.from(d.bytes),
    align: d.align,
    relocs: relocs.map((r) => ({ offset: r.offset, symbol: r.symbol, addend: r.addend })),
    writable: d.writable,
  };
}

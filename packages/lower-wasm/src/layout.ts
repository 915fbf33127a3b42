/**
 * The linear-memory layout shared by an emitted module and the runtime it is
 * linked with (one memory, exported by the runtime, imported by the module).
 * The one home of these addresses: the runtime's build reads
 * RUNTIME_GLOBAL_BASE from here.
 *
 *   [0, OPAQUE_SCRATCH)            never used (address 0 stays an invalid pointer)
 *   [OPAQUE_SCRATCH, DATA_BASE)    8 bytes through which `opaque` passes a value
 *   [DATA_BASE, dataEnd)           the module's data objects, placed at compile time
 *   [dataEnd, RUNTIME_GLOBAL_BASE) the module's shadow stack, growing down from
 *                                  RUNTIME_GLOBAL_BASE (stack slots live here)
 *   [RUNTIME_GLOBAL_BASE, ...)     the runtime's static data, C stack and heap
 *
 * Placing data at compile time makes every data address a constant: a
 * `symbol_addr` is an `i32.const` and every relocation is resolved into the
 * bytes of the data segment, so nothing is patched at instantiation.
 */
import type { LData } from "@fzy/lir";

/** The 8-byte cell of `opaque`'s store and load (instructions.ts). */
export const OPAQUE_SCRATCH = 1008;
/** Lowest address a data object may take. */
export const DATA_BASE = 1024;
/** Where the runtime's own static data begins; also the initial shadow stack pointer. */
export const RUNTIME_GLOBAL_BASE = 4 << 20;
/** Smallest shadow stack a module keeps; data beyond this is rejected at compile time. */
export const MIN_STACK_BYTES = 1 << 20;
/** Alignment of the shadow stack pointer and of every frame. */
export const STACK_ALIGN = 16;
/** WebAssembly page size. */
export const PAGE_BYTES = 65536;

/** A module over a limit of this layout (data or one frame too large): bad input, not a bug. */
export class WasmLimitError extends Error {
  override readonly name = "WasmLimitError";
}

/** Where each data object lives, and the first address past all of them. */
export interface DataLayout {
  readonly address: ReadonlyMap<string, number>;
  readonly end: number;
}

export function alignUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

/** Addresses of the data objects, in module order, each at its alignment. */
export function placeData(data: readonly LData[]): DataLayout {
  const address = new Map<string, number>();
  let at = DATA_BASE;
  for (const d of data) {
    at = alignUp(at, Math.max(1, d.align));
    address.set(d.name, at);
    at += d.bytes.length;
  }
  return { address, end: alignUp(at, STACK_ALIGN) };
}

/** A function's frame: each stack slot's offset from the frame base, and the frame's size. */
export interface Frame {
  readonly offsets: readonly number[];
  readonly size: number;
}

export function frameOf(slots: readonly { size: number; align: number }[]): Frame {
  let at = 0;
  const offsets = slots.map((s) => {
    if (s.align > STACK_ALIGN) throw new Error(`lower-wasm: stack slot alignment ${s.align} exceeds ${STACK_ALIGN}`);
    at = alignUp(at, Math.max(1, s.align));
    const o = at;
    at += s.size;
    return o;
  });
  return { offsets, size: alignUp(at, STACK_ALIGN) };
}

/**
 * Lowering of module globals (SPEC.md "Globals"). A mutable global is one
 * writable data object of the module; `global.get` loads from it and
 * `global.set` stores to it, as ordinary memory the optimizer never folds or
 * forwards across a store or a call (optimize-ir.ts `isPure`: loads and
 * stores are effects). An immutable global is never written, so
 * `global.get` of it is its constant: an immediate, for a str the same
 * static bytes a `str.lit` of the text gets (expand-array-globals.ts made
 * those reads `str.lit`s already), and for a function reference the address
 * a `func.ref` of the function gets. A read of an array global never gets
 * here: expand-array-globals.ts made an immutable one an array literal and
 * a mutable one a global per element, whose cells are the elements of one
 * data object laid out as the array.
 *
 * Cells: an int, bool or f64 (or f32, an element of an array global) holds
 * its value in the type's memory layout (layout.ts; a bool is one byte),
 * starting as its initializer's bytes. A str or function-reference cell
 * starts zeroed, which stands for "still the initializer" (zero is never a
 * string handle nor a function: wasm's function table leaves index 0
 * empty), so the data needs no relocation:
 * - a function cell reads as `select(cell == 0, func.ref init, cell)`;
 * - a str cell is an i64 runtime slot (value-memory.ts toSlot) holding a
 *   handle the global owns: the first read of a zero cell interns the
 *   literal (immortal) and stores it; `global.set` stores the new value's
 *   owned handle (a handle is retained; a view becomes a counted copy, a
 *   literal its interned handle) and releases the old one. A read gives the
 *   reader its own value, because any later `global.set`, here or in a
 *   callee, may free the string the cell held: a handle is retained (the
 *   ownership plan releases it where it dies, as any owned value), a
 *   view's bytes are copied to a site buffer or the arena
 *   (stored-strings.ts StoredStrings.copies counts the read as a new string).
 *
 * Invariants: a module without globals lowers exactly as before (nothing
 * here runs); the data object of a global is created on first use, so its
 * name follows the deterministic lowering order like every other data object.
 * Every target (x86_64, aarch64, wasm32) is little-endian, so the initial
 * bytes are written little-endian.
 */
import { FzError, type GlobalDef, type Inst, type ScalarInit, STR, type Type, type ValueId } from "@fzy/ir";
import { arrayElement } from "./expand-array-globals.js";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { intTypeOf } from "./layout.js";
import { lowerFuncRef } from "./lower-calls.js";
import { bufferAt } from "./lower-strings.js";
import { fromSlot, loadValue, storeValue, toSlot } from "./value-memory.js";
import { NO_ARGS } from "./block-variables.js";

/** Bytes of a str cell: one i64 runtime slot. */
const STR_CELL = 8;

/** The initial bytes of mutable global `g` in its memory layout (zero for a str or function cell: "the initializer"). */
export function globalBytes(g: GlobalDef, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const init = g.init;
  switch (init.kind) {
    case "bool": bytes[0] = init.value ? 1 : 0; break;
    case "f64": if (g.type.kind === "f32") view.setFloat32(0, init.value, true); else view.setFloat64(0, init.value, true); break;
    case "int": for (let i = 0; i < size; i++) bytes[i] = Number(BigInt.asUintN(8, init.value >> BigInt(8 * i))); break;
    case "str": case "func": break;
    case "array": throw new FzError("unsupported", `global @${g.name}: an array global has a cell per element (expand-array-globals.ts)`);
  }
  return bytes;
}

/** Where mutable global `g` lives: a data object (made once per module, on first use) and the offset in it. */
interface Cell {
  readonly addr: LValue;
  readonly off: number;
}

/**
 * The cell of mutable global `g`. An element global `T[k]` of a mutable
 * array global (expand-array-globals.ts) is element k of `T`'s data object,
 * which holds the elements one after another in their layout.
 */
function cellOf(e: FunctionEmitter, g: GlobalDef): Cell {
  const el = arrayElement(g.name);
  const owner = el === null ? g : e.mod.ix.globals.get(el.array)!;
  let name = e.mod.globalCells.get(owner.name);
  if (name === undefined) {
    name = el === null ? scalarData(e, g) : arrayData(e, owner);
    e.mod.globalCells.set(owner.name, name);
  }
  return { addr: e.b.symbolAddr(name), off: el === null ? 0 : el.index * e.repr.layout(g.type).size };
}

/** The data object of scalar global `g`. */
function scalarData(e: FunctionEmitter, g: GlobalDef): string {
  const lay = g.type.kind === "str" ? { size: STR_CELL, align: STR_CELL } : e.repr.layout(g.type);
  return e.mod.addData(globalBytes(g, lay.size), lay.align, [], true);
}

/** The data object of mutable array global `g`: its elements' initial bytes, one after another. */
function arrayData(e: FunctionEmitter, g: GlobalDef): string {
  const elem = (g.type as { elem: Type }).elem;
  const lay = e.repr.layout(elem);
  const inits = (g.init as { elems: readonly ScalarInit[] }).elems;
  const bytes = new Uint8Array(Math.max(1, inits.length * lay.size));
  inits.forEach((init, k) => bytes.set(globalBytes({ name: g.name, type: elem, mutable: true, init }, lay.size), k * lay.size));
  return e.mod.addData(bytes, lay.align, [], true);
}

/**
 * Lower `global.get` / `global.set`. Returns the text of an immutable str
 * global read, which the caller defines as a string literal would (how a
 * literal is represented is the string lowering's business,
 * lower-function.ts); undefined when the instruction is lowered here.
 */
export function lowerGlobal(e: FunctionEmitter, inst: Inst): string | undefined {
  const g = e.mod.ix.globals.get((inst.imm as { name: string }).name)!;
  if (!g.mutable && g.init.kind === "str") return g.init.value;
  lowerGlobalOp(e, inst, g);
  return undefined;
}

/** lowerGlobal of any other global than an immutable str. */
function lowerGlobalOp(e: FunctionEmitter, inst: Inst, g: GlobalDef): void {
  const b = e.b;
  if (g.mutable && g.type.kind === "str") return inst.op === "global.set" ? setStr(e, g, inst.args[0]!) : e.define(inst, getStr(e, g, inst.dst!));
  if (g.mutable) {
    const c = cellOf(e, g);
    if (inst.op === "global.set") return storeValue(e, c.addr, c.off, g.type, e.value(inst.args[0]!));
    const v = loadValue(e, c.addr, c.off, g.type);
    if (g.init.kind !== "func") return e.define(inst, v);
    const unset = b.icmp("eq", b.convert("ptr_to_int", v[0]!, "i64"), b.iconst("i64", 0));
    return e.define(inst, [b.select(unset, lowerFuncRef(e, g.init.name), v[0]!)]);
  }
  const init = g.init;
  switch (init.kind) {
    case "str": throw new Error(`lowering ${e.func.name}: global.get of str global @${g.name} reads as a literal (lowerGlobal)`);
    case "func": return e.define(inst, [lowerFuncRef(e, init.name)]);
    case "array": throw new Error(`lowering ${e.func.name}: global.get of array global @${g.name} is expanded before lowering (expand-array-globals.ts)`);
    case "f64": return e.define(inst, [b.fconst(init.value)]);
    case "bool": return e.define(inst, [b.iconst("bool", init.value ? 1 : 0)]);
    case "int": {
      const bits = (g.type as { bits: 8 | 16 | 32 | 64 }).bits;
      return e.define(inst, [b.iconst(intTypeOf(bits), BigInt.asIntN(bits, init.value))]);
    }
  }
}

/** The slot (i64) of str cell `g`, interning and storing the initializer on the first read of a zero cell. */
function strSlot(e: FunctionEmitter, g: GlobalDef): LValue {
  const b = e.b;
  const cell = cellOf(e, g).addr;
  const s = b.load("i64", cell, 0);
  const init = b.newBlock([], true), join = b.newBlock(["i64"]);
  b.brif(b.icmp("eq", s, b.iconst("i64", 0)), { block: init, args: NO_ARGS }, { block: join, args: [s] });
  b.switchTo(init);
  const { bytes, name } = e.mod.stringData((g.init as { value: string }).value);
  const h = e.rt("fz_str_intern", [b.symbolAddr(name), b.iconst("i64", bytes.length)])[0]!;
  const s0 = b.convert("ptr_to_int", h, "i64");
  b.store(cellOf(e, g).addr, s0, 0);
  b.jump(join, [s0]);
  b.switchTo(join);
  return b.blockParams(join)[0]!;
}

/** `global.get` of a mutable str global: the reader's own value (a retained handle, or a copy of the bytes). */
function getStr(e: FunctionEmitter, g: GlobalDef, dst: ValueId): LValue[] {
  const s = strSlot(e, g);
  if (e.repr.strViews) return fromSlot(e, s, STR, bufferAt(e, dst));
  const [h] = fromSlot(e, s, STR) as [LValue];
  e.rt("fz_retain", [h]);
  return [h];
}

/** `global.set` of a mutable str global: store an owned handle of `v`, release the one the cell held. */
function setStr(e: FunctionEmitter, g: GlobalDef, v: ValueId): void {
  const b = e.b;
  // The ownership plan borrows global.set's argument, so a handle is retained for the cell.
  if (!e.repr.strViews) e.rt("fz_retain", [e.one(v)]);
  const s = toSlot(e, v, "owned");
  const cell = cellOf(e, g).addr;
  const old = b.load("i64", cell, 0);
  b.store(cell, s, 0);
  e.rt("fz_release", [b.convert("int_to_ptr", old, "ptr")]);
}

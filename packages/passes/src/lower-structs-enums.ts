/**
 * Lowering of structs and enums that stay in memory. Non-escaping structs
 * were already split into scalars (scalarize-structs.ts) where the matrix
 * said so; a struct that reaches this lowering lives in a heap cell with each
 * field at its natural alignment. A payload-less enum value is its
 * discriminant (i32, 0..n-1); an enum with payloads is boxed in one cell:
 * the discriminant at offset 0, the payload at offset 8. Reading a payload
 * checks the discriminant first (cold panic path). A cell whose fields (or
 * payloads) hold counted references gets a shape (insert-rc.ts), so it
 * releases them when it dies; overwriting such a field releases the old one.
 * A str view field or payload is a counted handle the cell owns
 * (value-memory.ts ownedParts), read back as a copy of its bytes.
 */
import type { Inst, Type, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter, StructCell } from "./function-emitter.js";
import { cellShape, newCell, type RcEmitter } from "./insert-rc.js";
import { bufferAt } from "./lower-strings.js";
import { loadOwnedHandle, loadOwnedStr, loadValue, ownedParts, ownedStr, storeValue } from "./value-memory.js";

/** The cells of struct `name`, made at its first instruction in the module. */
function cellsOf(e: FunctionEmitter, name: string): StructCell {
  let c = e.structCells.get(name);
  if (c === undefined) e.structCells.set(name, (c = { layout: e.repr.structLayout(name), shape: undefined }));
  return c;
}

type StructOrEnumOp = "struct.new" | "struct.get" | "struct.set" | "enum.new" | "enum.tag" | "enum.payload";

/** Lower one struct or enum instruction. */
export function lowerStructOrEnum(e: FunctionEmitter, inst: Inst & { op: StructOrEnumOp }, rc: RcEmitter): void {
  switch (inst.op) {
    case "struct.new": return structNew(e, inst);
    case "struct.get": case "struct.set": return structField(e, inst, rc);
    case "enum.new": return enumNew(e, inst);
    case "enum.tag": return e.define(inst, [enumTag(e, inst.args[0]!)]);
    case "enum.payload": return enumPayload(e, inst);
  }
}

function structNew(e: FunctionEmitter, inst: Inst): void {
  const name = (inst.imm as { name: string }).name;
  // Asked before scalarization (lower-module.ts): this struct was kept in memory.
  const d = e.analyses.structs.get(inst.dst!);
  if (!d) throw new Error(`struct %${e.nameOf(inst.dst!)} reached the lowering without a decision`);
  e.record(`struct %${e.nameOf(inst.dst!)}`, d);
  const cells = cellsOf(e, name), lay = cells.layout;
  const fields = e.mod.ix.structs.get(name)!.fields;
  if (cells.shape === undefined) cells.shape = structShape(e, lay, fields);
  const shape = cells.shape;
  const cell = newCell(e, lay.size, shape ?? undefined);
  for (let i = 0; i < fields.length; i++) storeValue(e, cell, lay.offsets[i]!, fields[i]!.type, ownedParts(e, inst.args[i]!));
  e.define(inst, [cell]);
}

/** The shape of a struct's cells (insert-rc.ts cellShape; null: none), apart from structNew, which a closure would make allocate a context per call. */
function structShape(e: FunctionEmitter, lay: StructCell["layout"], fields: readonly { readonly name: string; readonly type: Type }[]): string | null {
  return cellShape(e, fields.map((f, i) => ({ offset: lay.offsets[i]!, when: 0, type: f.type }))) ?? null;
}

function structField(e: FunctionEmitter, inst: Inst, rc: RcEmitter): void {
  const a = inst.args;
  const st = e.typeOf(a[0]!) as { name: string };
  const def = e.mod.ix.structs.get(st.name)!;
  const k = e.mod.ix.fieldIndex(def, (inst.imm as { name: string }).name);
  const field = def.fields[k]!, off = cellsOf(e, st.name).layout.offsets[k]!;
  if (inst.op === "struct.get") e.define(inst, loadField(e, inst, e.one(a[0]!), off, field.type));
  else if (rc.isCountedType(field.type) || ownedStr(e, field.type)) {
    // The field's reference is replaced: release the one it held.
    const old = ownedStr(e, field.type) ? loadOwnedHandle(e, e.one(a[0]!), off) : loadValue(e, e.one(a[0]!), off, field.type)[0]!;
    storeValue(e, e.one(a[0]!), off, field.type, ownedParts(e, a[1]!));
    rc.release(old);
  } else storeValue(e, e.one(a[0]!), off, field.type, ownedParts(e, a[1]!));
}

/** A field or payload of type t read by `inst`: an owned str is copied out to a buffer of the read's site. */
function loadField(e: FunctionEmitter, inst: Inst, cell: LValue, off: number, t: Type): LValue[] {
  if (!ownedStr(e, t)) return loadValue(e, cell, off, t);
  return loadOwnedStr(e, cell, off, bufferAt(e, inst.dst!));
}

function enumNew(e: FunctionEmitter, inst: Inst): void {
  const b = e.b;
  const imm = inst.imm as { enumName: string; variant: string };
  const def = e.mod.ix.enums.get(imm.enumName)!;
  const tag = e.mod.ix.variantIndex(def, imm.variant);
  if (!e.repr.payloadEnum(e.typeOf(inst.dst!))) {
    e.define(inst, [b.iconst("i32", tag)]);
    e.constInt.set(inst.dst!, BigInt(tag));
    return;
  }
  let shape = e.enumShapes.get(def.name);
  if (shape === undefined) e.enumShapes.set(def.name, (shape = cellShape(e, def.variants.flatMap((v, i) => (v.payload ? [{ offset: 8, when: i + 1, type: v.payload }] : []))) ?? null));
  const cell = newCell(e, e.repr.enumCellSize(def.name), shape ?? undefined);
  b.store(cell, b.iconst("i32", tag), 0);
  const v = def.variants[tag]!;
  if (v.payload) storeValue(e, cell, 8, v.payload, ownedParts(e, inst.args[0]!));
  e.define(inst, [cell]);
}

function enumPayload(e: FunctionEmitter, inst: Inst): void {
  const a = inst.args;
  const t = e.typeOf(a[0]!) as { name: string };
  const def = e.mod.ix.enums.get(t.name)!;
  const vi = e.mod.ix.variantIndex(def, (inst.imm as { variant: string }).variant);
  const tag = enumTag(e, a[0]!);
  e.guard(e.b.icmp("ne", tag, e.b.iconst("i32", vi)), "fz_panic_payload");
  e.define(inst, loadField(e, inst, e.one(a[0]!), 8, def.variants[vi]!.payload!));
}

/**
 * The discriminant of enum value `v` (a load from its cell when it has
 * payloads). The load carries the range [0, variants): enumNew is the only
 * store to offset 0 of an enum cell and it stores a variant's index, so the
 * range is a fact for every cell the load can read (the LLVM printer states
 * it as `!range`).
 */
export function enumTag(e: FunctionEmitter, v: ValueId): LValue {
  const t = e.typeOf(v);
  if (!e.repr.payloadEnum(t)) return e.one(v);
  e.count("directLoads");
  const variants = e.mod.ix.enums.get((t as { name: string }).name)!.variants.length;
  return e.b.loadInRange("i32", e.one(v), 0, { lo: 0n, hi: BigInt(variants) });
}

/**
 * Lowering of module globals (SPEC.md "Globals"). A mutable global is one
 * writable data object of the module, holding its value in the type's memory
 * layout (layout.ts; a bool is one byte) and starting as its initializer's
 * bytes; `global.get` loads from it and `global.set` stores to it, as
 * ordinary memory the optimizer never folds or forwards across a store or a
 * call (optimize-ir.ts `isPure`: loads and stores are effects). An immutable
 * global is never written, so `global.get` of it is its constant: an
 * immediate, for a str the same static bytes a `str.lit` of the text gets, and
 * for a function reference the address a `func.ref` of the function gets. A
 * read of an array global never gets here: expand-array-globals.ts made it
 * an array literal.
 *
 * Invariants: a module without globals lowers exactly as before (nothing
 * here runs); the data object of a global is created on first use, so its
 * name follows the deterministic lowering order like every other data object.
 * Every target (x86_64, aarch64, wasm32) is little-endian, so the initial
 * bytes are written little-endian.
 */
import { FzError, type GlobalDef, type Inst } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { lowerFuncRef } from "./lower-calls.js";
import { loadValue, storeValue } from "./value-memory.js";

/** The initial bytes of mutable global `g` in its memory layout. */
export function globalBytes(g: GlobalDef, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const init = g.init;
  switch (init.kind) {
    case "bool": bytes[0] = init.value ? 1 : 0; break;
    case "f64": view.setFloat64(0, init.value, true); break;
    case "int": for (let i = 0; i < size; i++) bytes[i] = Number(BigInt.asUintN(8, init.value >> BigInt(8 * i))); break;
    case "str": case "func": case "array": throw new FzError("unsupported", `global @${g.name}: a ${init.kind} global is immutable and has no cell`);
  }
  return bytes;
}

/** The address of mutable global `g`'s cell (its data object is made once per module). */
function cellAddr(e: FunctionEmitter, g: GlobalDef): LValue {
  let name = e.mod.globalCells.get(g.name);
  if (name === undefined) {
    const lay = e.repr.layout(g.type);
    name = e.mod.addData(globalBytes(g, lay.size), lay.align, [], true);
    e.mod.globalCells.set(g.name, name);
  }
  return e.b.symbolAddr(name);
}

/**
 * Lower `global.get` / `global.set`. `strLiteral(text)` defines the result
 * as a string literal would (how a literal is represented is the string
 * lowering's business, lower-function.ts).
 */
export function lowerGlobal(e: FunctionEmitter, inst: Inst, strLiteral: (text: string) => void): void {
  const g = e.mod.ix.globals.get((inst.imm as { name: string }).name)!;
  const b = e.b;
  if (inst.op === "global.set") return storeValue(e, cellAddr(e, g), 0, g.type, e.value(inst.args[0]!));
  if (g.mutable) return e.define(inst, loadValue(e, cellAddr(e, g), 0, g.type));
  const init = g.init;
  switch (init.kind) {
    case "str": return strLiteral(init.value);
    case "func": return e.define(inst, [lowerFuncRef(e, init.name)]);
    case "array": throw new Error(`lowering ${e.func.name}: global.get of array global @${g.name} is expanded before lowering (expand-array-globals.ts)`);
    case "f64": return e.define(inst, [b.fconst(init.value)]);
    case "bool": return e.define(inst, [b.iconst("bool", init.value ? 1 : 0)]);
    case "int": {
      const bits = (g.type as { bits: 8 | 16 | 32 | 64 }).bits;
      return e.define(inst, [b.iconst(`i${bits}`, BigInt.asIntN(bits, init.value))]);
    }
  }
}

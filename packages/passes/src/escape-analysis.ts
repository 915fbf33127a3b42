/**
 * Escape analysis: how each aggregate value (array, struct, str) leaves the
 * function that holds it. Arrays and structs have reference semantics, so an
 * allocation site may live in direct memory only when its value is used
 * solely as the container of its own reads and writes; anything that copies
 * the reference (a variable, a select, opaque, a call, a store into another
 * object, a return) makes it escape.
 *
 * The result is the worst use: none < calls < memory < import.
 */
import { type Func, type ModuleIndex, type ValueId } from "@fzy/ir";
import type { Escape } from "./eligibility.js";

/** The order of the classes (a switch, not a keyed table: asked for every operand of every instruction). */
function rank(e: Escape): number {
  switch (e) {
    case "none": return 0;
    case "calls": return 1;
    case "memory": return 2;
    case "import": return 3;
  }
}

/** The escape class of every value of `func`, by value id. */
export function analyzeEscapes(ix: ModuleIndex, func: Func): Escape[] {
  const out = new Array<Escape>(func.values.length).fill("none");
  const raise = (v: ValueId, e: Escape) => {
    if (rank(e) > rank(out[v]!)) out[v] = e;
  };
  const isStr = (v: ValueId) => func.values[v]!.type.kind === "str";
  // Indexed loops: this runs once per function, often before the engine optimizes it (no iterator objects).
  for (let bi = 0; bi < func.blocks.length; bi++) {
    const b = func.blocks[bi]!;
    for (let k = 0; k < b.insts.length; k++) {
      const inst = b.insts[k]!;
      switch (inst.op) {
        case "array.get": case "array.len": case "struct.get": case "enum.tag": case "enum.payload":
          break;
        case "array.set": case "array.push": case "struct.set":
          // The container is used in place; the stored value escapes into it.
          raise(inst.args[inst.args.length - 1]!, "memory");
          break;
        case "map.has": case "map.remove": case "map.len": case "map.key_at": case "map.value_at":
          // The map is used in place; a key is compared by value, never kept.
          break;
        case "map.set":
          // The key and the value are stored into the map.
          raise(inst.args[1]!, "memory");
          raise(inst.args[2]!, "memory");
          break;
        case "map.get":
          // The key is only compared; the default may come back as the result (aliased, like select).
          if (!isStr(inst.args[2]!)) raise(inst.args[2]!, "memory");
          break;
        case "str.len": case "str.eq": case "str.trim": case "str.replace": case "str.contains":
        case "str.starts_with": case "str.ends_with": case "str.concat":
        case "str.slice": case "str.find": case "str.byte_at": case "str.split": case "str.join":
        case "str.from_int": case "str.parse_int": case "str.parse_error":
          break;
        case "opaque": case "set": case "select":
          // A str copied through these is still a view; an object reference is aliased.
          for (const v of inst.args) if (!isStr(v)) raise(v, "memory");
          break;
        case "call": {
          const toImport = inst.imm.kind === "func" && ix.imports.has(inst.imm.name);
          for (const v of inst.args) raise(v, toImport ? "import" : "calls");
          break;
        }
        default:
          for (const v of inst.args) raise(v, "memory");
      }
    }
    if (b.term.op === "ret" && b.term.value !== null) raise(b.term.value, "calls");
  }
  return out;
}

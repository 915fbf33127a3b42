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

/** The classes, best first: the analysis keeps a class's rank, its index here (the one statement of their order). */
const BY_RANK: readonly Escape[] = ["none", "calls", "memory", "import"];
const CALLS = BY_RANK.indexOf("calls"), MEMORY = BY_RANK.indexOf("memory"), IMPORT = BY_RANK.indexOf("import");

/** How an instruction's operands escape; opcodes not listed store every operand (Use.Stores). */
const enum Use { InPlace, StoresLast, MapSet, MapGet, Copies, Call, Stores }

/** One lookup per instruction instead of a chain of opcode tests. */
const USE: ReadonlyMap<string, Use> = new Map<string, Use>([
  // Containers read or written in place.
  ...(["array.get", "array.len", "struct.get", "enum.tag", "enum.payload"] as const).map((op) => [op, Use.InPlace] as const),
  // The container is used in place; the stored value escapes into it.
  ...(["array.set", "array.push", "struct.set"] as const).map((op) => [op, Use.StoresLast] as const),
  // The map is used in place; a key is compared by value, never kept.
  ...(["map.has", "map.remove", "map.len", "map.key_at", "map.value_at"] as const).map((op) => [op, Use.InPlace] as const),
  ["map.set", Use.MapSet],
  ["map.get", Use.MapGet],
  ...([
    "str.len", "str.eq", "str.trim", "str.replace", "str.contains", "str.starts_with", "str.ends_with", "str.concat",
    "str.slice", "str.find", "str.byte_at", "str.split", "str.join", "str.from_int", "str.parse_int", "str.parse_error",
  ] as const).map((op) => [op, Use.InPlace] as const),
  ...(["opaque", "set", "select"] as const).map((op) => [op, Use.Copies] as const),
  ["call", Use.Call],
]);

/** The escape class of every value of `func`, by value id. */
export function analyzeEscapes(ix: ModuleIndex, func: Func): Escape[] {
  const n = func.values.length;
  // Ranks by value (0 none .. 3 import): a raise is one comparison of small integers.
  const worst = worstOf(n);
  const values = func.values;
  // Indexed loops: this runs once per function, often before the engine optimizes it (no iterator objects).
  for (let bi = 0; bi < func.blocks.length; bi++) {
    const b = func.blocks[bi]!;
    for (let k = 0; k < b.insts.length; k++) {
      const inst = b.insts[k]!;
      const args = inst.args;
      if (args.length === 0) continue; // every rule below is about operands
      switch (USE.get(inst.op) ?? Use.Stores) {
        case Use.InPlace:
          break;
        case Use.StoresLast:
          raiseIn(worst, args[args.length - 1]!, MEMORY);
          break;
        case Use.MapSet:
          // The key and the value are stored into the map.
          raiseIn(worst, args[1]!, MEMORY);
          raiseIn(worst, args[2]!, MEMORY);
          break;
        case Use.MapGet:
          // The key is only compared; the default may come back as the result (aliased, like select).
          if (values[args[2]!]!.type.kind !== "str") raiseIn(worst, args[2]!, MEMORY);
          break;
        case Use.Copies:
          // A str copied through these is still a view; an object reference is aliased.
          for (let j = 0; j < args.length; j++) if (values[args[j]!]!.type.kind !== "str") raiseIn(worst, args[j]!, MEMORY);
          break;
        case Use.Call: {
          const r = inst.imm.kind === "func" && ix.imports.has(inst.imm.name) ? IMPORT : CALLS;
          for (let j = 0; j < args.length; j++) raiseIn(worst, args[j]!, r);
          break;
        }
        case Use.Stores:
          for (let j = 0; j < args.length; j++) raiseIn(worst, args[j]!, MEMORY);
      }
    }
    if (b.term.op === "ret" && b.term.value !== null) raiseIn(worst, b.term.value, CALLS);
  }
  const out = new Array<Escape>(n);
  for (let v = 0; v < n; v++) out[v] = BY_RANK[worst[v]!]!;
  return out;
}

/** Raise v's rank in `worst` to at least r. */
function raiseIn(worst: Uint8Array, v: ValueId, r: number): void {
  if (r > worst[v]!) worst[v] = r;
}

/** The rank table of the function analyzed last, reused zeroed (never read past its function's values). */
let worstScratch = new Uint8Array(64);

function worstOf(n: number): Uint8Array {
  if (worstScratch.length < n) worstScratch = new Uint8Array(Math.max(n, 2 * worstScratch.length));
  else worstScratch.fill(0, 0, n);
  return worstScratch;
}

/**
 * What a function contains, found by one scan of its instructions, value
 * types and variable types, so that every per-function analysis a function
 * cannot need is skipped instead of run to an empty answer: a function
 * without aggregates has no counted value (no rc plan, no exit reads), no
 * immortal string and no escape class anyone asks for; a function that
 * makes no string and calls nothing allocates nothing in the arena; one
 * without `str.eq` heads no literal chain. The scan is shared by the module
 * pipeline (struct decisions) and the function lowering (lower-module.ts,
 * lower-function.ts), which scans again only a function scalarization
 * rewrote.
 *
 * Invariant: each bit is a superset of what its analysis looks for (a set
 * bit may still find nothing; a clear bit means the analysis would find
 * nothing), so skipping on a clear bit never changes an answer.
 */
import type { Func, Type } from "@fzy/ir";

/** Allocates a struct (`struct.new`): the module pipeline decides its sites (lower-module.ts decideStructs). */
export const HAS_STRUCT_NEW = 1;
/** Reads or writes an array element (`array.get`, `array.set`): blocks need check facts (lower-bounds-checks.ts). */
export const HAS_ARRAY_ACCESS = 2;
/**
 * Makes a string, reads one stored in an object or a global, or calls
 * through a pointer (arena-scopes.ts allocatesDirectly, without its test of
 * immortal element reads).
 */
export const HAS_ARENA_OPS = 4;
/** Calls a function by name (it may allocate in the arena: arena-scopes.ts arenaAllocators). */
export const HAS_DIRECT_CALLS = 8;
/** Defines a string literal, or a str by an element read, `opaque` or `select` (stored-strings.ts StoredStrings.immortals' candidates). */
export const HAS_IMMORTAL_CANDIDATES = 16;
/** Compares strings (`str.eq`): a literal chain may start here (lower-literal-set.ts). */
export const HAS_STR_EQ = 32;
/**
 * A value or a variable of a type that may be counted (ownership.ts
 * countedType: arrays, structs, maps, enums, and strings as handles).
 */
export const HAS_COUNTABLE = 64;
/**
 * Takes a function's address (`func.ref`): with HAS_DIRECT_CALLS and the
 * `global.get`s of HAS_ARENA_OPS, every instruction that may reference a
 * module function (inline-sites.ts), so a module without these has nothing
 * to inline (lower-module.ts).
 */
export const HAS_FUNC_REF = 128;

/** The traits of `func` (the bits above). Indexed loops: asked of every function, most of them small. */
export function traitsOf(func: Func): number {
  let t = 0;
  const values = func.values;
  for (let b = 0; b < func.blocks.length; b++) {
    const insts = func.blocks[b]!.insts;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      const bits = opTraits(i.op);
      if (bits === 0) continue;
      if ((bits & STR_RESULT) === 0) t |= bits;
      else t |= bits & ~STR_RESULT & (i.dst !== null && values[i.dst]!.type.kind === "str" ? ~0 : ALWAYS);
    }
  }
  for (let v = 0; v < values.length; v++) {
    if (mayBeCounted(values[v]!.type)) return t | HAS_COUNTABLE;
  }
  const vars = func.vars;
  for (let x = 0; x < vars.length; x++) if (mayBeCounted(vars[x]!.type)) return t | HAS_COUNTABLE;
  return t;
}

/** In opTraits: the bits other than ALWAYS hold only when the instruction defines a str. */
const STR_RESULT = 1 << 30;
/** In opTraits: the bits that hold whatever the result. */
const ALWAYS = HAS_ARRAY_ACCESS;

/**
 * The traits each opcode gives its function (0: none). A switch on the
 * opcode, asked per instruction: comparing interned strings is cheaper than
 * hashing one for a map.
 */
function opTraits(op: string): number {
  switch (op) {
    case "struct.new": return HAS_STRUCT_NEW;
    case "array.set": return HAS_ARRAY_ACCESS;
    case "array.get": return STR_RESULT | HAS_ARRAY_ACCESS | HAS_ARENA_OPS | HAS_IMMORTAL_CANDIDATES;
    case "str.lit": return HAS_IMMORTAL_CANDIDATES;
    case "opaque": case "select": return STR_RESULT | HAS_IMMORTAL_CANDIDATES;
    case "str.eq": return HAS_STR_EQ;
    case "str.concat": case "str.replace": case "str.from_int": case "str.join": case "call.indirect": return HAS_ARENA_OPS;
    case "struct.get": case "enum.payload": case "map.get": case "map.value_at": case "map.key_at": case "global.get": return STR_RESULT | HAS_ARENA_OPS;
    case "call": return HAS_DIRECT_CALLS;
    case "func.ref": return HAS_FUNC_REF;
    default: return 0;
  }
}

/** Whether a value of type `t` may be counted, whatever the representation (countedType's cases). */
export function mayBeCounted(t: Type): boolean {
  switch (t.kind) {
    case "dynarray": case "array": case "struct": case "map": case "enum": case "str": return true;
    default: return false;
  }
}

/**
 * Where the strings a function handles come from, as ownership and the
 * arena see it: operations that create new bytes, reads that copy bytes an
 * object owns, and values that are immortal (literals, reads from local
 * arrays of literals only), which are never counted and never copied.
 * Computed on the IR, cached per function.
 */
import { type Func, type Inst, type ValueId } from "@fzy/ir";
import { termUses } from "./rc-liveness.js";
/**
 * Operations whose `str` result is a string the runtime creates (new bytes):
 * as a handle it is born owned, one reference the runtime gives the caller
 * (runtime-c str.c: counted, not interned), released where it dies like any
 * call result; as a view its bytes come from a stack buffer or the arena, so
 * a loop or function that runs one gets an arena scope (arena-scopes.ts).
 * New string operations that make new bytes join this list.
 */
export function createsString(inst: Inst): boolean {
  switch (inst.op) {
    case "str.concat": case "str.replace": case "str.from_int": case "str.join": return true;
    default: return false;
  }
}

/**
 * Reads whose `str` result, as a view, is a copy of bytes an object owns
 * (value-memory.ts fromSlot, loadOwnedStr): a runtime array's element, a
 * field, a payload or a map value. The object's counted string may go while
 * the view lives (an overwrite, the object's death), so the read copies the
 * bytes into a site buffer or the arena, like a new string. Reads of
 * immortal strings (immortalValues: a local array of literals only) copy
 * nothing, so the constant string tables of the kernels cost no arena scope.
 * (Fields of structs split into scalars are no reads: scalarize-structs.ts
 * removed them before this is asked.) A `global.get` of str reads a mutable
 * global's counted string the same way (lower-globals.ts); reads of
 * immutable str globals are `str.lit`s by then (expand-array-globals.ts).
 */
export function copiesStoredString(inst: Inst, func: Func): boolean {
  // The opcode first: asked of every instruction, most of which read nothing stored.
  switch (inst.op) {
    case "array.get": return strResult(inst, func) && !immortalOf(func).has(inst.dst!);
    case "struct.get": case "enum.payload": case "map.get": case "map.value_at": case "global.get": return strResult(inst, func);
    case "map.key_at": return strResult(inst, func) && !localMapOf(func, inst.args[0]!);
    default: return false;
  }
}

/** Whether `inst` defines a str value. */
function strResult(inst: Inst, func: Func): boolean {
  return inst.dst !== null && func.values[inst.dst]!.type.kind === "str";
}

/**
 * Whether map `m` is made by a `map.new` of `func` and used only as the map
 * operand of map operations: a local map, which the matrix may make an
 * inline table whose str keys are interned views (nothing to copy). Any
 * other map is a runtime handle owning its str keys (lower-maps.ts), so a
 * key read out of it is copied. (A map escape analysis finds escaping in
 * some other way is a handle too; lower-maps.ts copies such a key into the
 * arena.)
 */
function localMapOf(func: Func, m: ValueId): boolean {
  return localMapsOf(func).has(m);
}

/**
 * The last function localMapsOf answered, and its answer: every key read of
 * the function being lowered asks (ownership, the arena plan, the string and
 * map lowerings), so one walk serves them all (see immortalOf).
 */
let localMapsFunc: Func | undefined;
let localMapsSet: ReadonlySet<ValueId> = new Set();

/** localMaps(func), kept for the function asked last. */
function localMapsOf(func: Func): ReadonlySet<ValueId> {
  if (localMapsFunc !== func) {
    localMapsSet = localMaps(func);
    localMapsFunc = func;
  }
  return localMapsSet;
}

/** The local maps of `func` (see localMapOf), in one walk: the maps it makes, less those with any other use. */
export function localMaps(func: Func): ReadonlySet<ValueId> {
  const made = new Set<ValueId>();
  const other = new Set<ValueId>();
  for (const b of func.blocks) {
    for (const i of b.insts) {
      if (i.op === "map.new" && i.dst !== null) made.add(i.dst);
      const mapOp = i.op.startsWith("map.");
      for (let k = 0; k < i.args.length; k++) if (k !== 0 || !mapOp) other.add(i.args[k]!);
    }
    for (const v of termUses(b.term)) other.add(v);
  }
  for (const v of other) made.delete(v);
  return made;
}

/**
 * The last function immortalOf answered, and its answer: the lowering and
 * the map lowering ask of the function being lowered, one function after
 * another, so one entry serves them (a WeakMap entry per function of the
 * module cost an ephemeron each for the collector).
 */
let immortalFunc: Func | undefined;
let immortalSet: ReadonlySet<ValueId> = new Set();

/** immortalValues(func), kept for the function asked last. */
export function immortalOf(func: Func): ReadonlySet<ValueId> {
  if (immortalFunc !== func) {
    immortalSet = immortalValues(func);
    immortalFunc = func;
  }
  return immortalSet;
}

/** The immortal values of a function without literals or element reads (shared, never written). */
export const NO_IMMORTALS: ReadonlySet<ValueId> = new Set();

/**
 * Values that are never counted although their type is: immortal strings
 * (runtime-c ignores retain and release for interned strings), so counting
 * them would only cost calls. They are string literals; reads from a local
 * array that only ever holds literals (made in the function by array.new or
 * array.lit, stored into only by push/set/lit of literals, used otherwise
 * only by get and len: nothing else can put a counted string in it); and
 * `opaque` or `select` of such values.
 */
export function immortalValues(func: Func): ReadonlySet<ValueId> {
  // One walk: the literals, and the str values that may come from one (element reads, opaque, select).
  let immortal: Set<ValueId> | undefined;
  const derived: Inst[] = [];
  let reads = false;
  for (let b = 0; b < func.blocks.length; b++) {
    const insts = func.blocks[b]!.insts;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      if (i.dst === null) continue;
      if (i.op === "str.lit") (immortal ??= new Set()).add(i.dst);
      else if ((i.op === "array.get" || i.op === "opaque" || i.op === "select") && func.values[i.dst]!.type.kind === "str") {
        derived.push(i);
        if (i.op === "array.get") reads = true;
      }
    }
  }
  if (immortal === undefined && !reads) return NO_IMMORTALS; // nothing derived can be immortal without a literal or a read
  immortal ??= new Set();
  if (derived.length === 0) return immortal;
  // Only element reads ask which arrays hold literals only (kept for literalArraysOf, which the array lowering asks next).
  const local = reads ? literalArraysOf(func) : NO_VALUES;
  // Block order is not def-before-use, so iterate to a fixpoint (it only grows).
  for (let changed = true; changed;) {
    changed = false;
    for (let k = 0; k < derived.length; k++) {
      const d = derived[k]!, v = d.dst!;
      if (immortal.has(v)) continue;
      const yes = d.op === "array.get" ? local.has(d.args[0]!)
        : d.op === "opaque" ? immortal.has(d.args[0]!)
        : immortal.has(d.args[1]!) && immortal.has(d.args[2]!);
      if (yes) {
        immortal.add(v);
        changed = true;
      }
    }
  }
  return immortal;
}

const NO_VALUES: ReadonlySet<ValueId> = new Set();

/** The defining instruction of each value of `func`, by value id (parameters have none). */
function definitions(func: Func): (Inst | undefined)[] {
  const def = new Array<Inst | undefined>(func.values.length).fill(undefined);
  for (let b = 0; b < func.blocks.length; b++) {
    const insts = func.blocks[b]!.insts;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      if (i.dst !== null) def[i.dst] = i;
    }
  }
  return def;
}

/**
 * The last function literalArraysOf answered, and its answer: immortalValues
 * asks first, then the array lowering of the same function (which stack
 * arrays hold only literals), so one entry serves both (see immortalOf).
 */
let literalFunc: Func | undefined;
let literalSet: ReadonlySet<ValueId> = new Set();

/** The arrays of `func` that only ever hold string literals (literalArrays), kept for the function asked last. */
export function literalArraysOf(func: Func): ReadonlySet<ValueId> {
  if (literalFunc !== func) {
    literalSet = literalArrays(func, definitions(func));
    literalFunc = func;
  }
  return literalSet;
}

/**
 * Arrays made in the function (array.new, array.lit) that only ever hold
 * string literals: started with literals only, stored into only by
 * push/set of literals, used otherwise only by get and len (nothing else
 * can put a counted string in them). `def`: each value's definition, by id.
 */
function literalArrays(func: Func, def: readonly (Inst | undefined)[]): Set<ValueId> {
  const local = new Set<ValueId>();
  const literal = (v: ValueId | undefined) => v !== undefined && def[v]?.op === "str.lit";
  // array.lit's elements and array.new's fill (when it has one) are what the array starts with.
  for (let a = 0; a < def.length; a++) {
    const d = def[a];
    if (d !== undefined && (d.op === "array.new" || d.op === "array.lit") && d.args.every(literal)) local.add(a as ValueId);
  }
  if (local.size === 0) return local;
  for (const b of func.blocks) {
    for (const i of b.insts) {
      const args = i.args;
      for (let k = 0; k < args.length; k++) {
        const a = args[k]!;
        if (!local.has(a)) continue;
        const ok = (i.op === "array.get" || i.op === "array.len") && k === 0
          || i.op === "array.push" && k === 0 && literal(args[1])
          || i.op === "array.set" && k === 0 && literal(args[2]);
        if (!ok) local.delete(a);
      }
    }
    for (const v of termUses(b.term)) local.delete(v);
  }
  return local;
}

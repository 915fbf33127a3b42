/**
 * Where the strings a function handles come from, as ownership and the
 * arena see it: operations that create new bytes, reads that copy bytes an
 * object owns, and values that are immortal (literals, reads from local
 * arrays of literals only), which are never counted and never copied; and
 * which new strings' site buffers may be needed after the site
 * (lower-strings.ts buffer).
 *
 * Each answer is computed on the IR at its first question and kept by the
 * function's StoredStrings, made where the function's lowering begins
 * (lower-function.ts) and dropped with it, so one walk serves every asker
 * of the function being lowered. Nothing is kept by function identity: a
 * function changed in place between two lowerings is answered for its body
 * as it is now.
 */
import { type Func, type Inst, type ValueId } from "@fzy/ir";
import { Scratch } from "./optimize-scratch.js";
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
 * The string facts of one function, each found by one walk at its first
 * question and kept for the other askers (ownership, the arena plan, and
 * the string, array and map lowerings). Made for one lowering of the
 * function and dropped with it: the function does not change meanwhile.
 */
export class StoredStrings {
  private immortals_: ReadonlySet<ValueId> | undefined;
  private literalArrays_: ReadonlySet<ValueId> | undefined;
  private localMaps_: ReadonlySet<ValueId> | undefined;
  private escapingBuffers_: ReadonlySet<ValueId> | undefined;

  constructor(readonly func: Func) {}

  /** The values that are never counted although their type is (immortalsOf). */
  immortals(): ReadonlySet<ValueId> {
    return (this.immortals_ ??= immortalsOf(this));
  }

  /** The arrays that only ever hold string literals (literalArrays). */
  literalArrays(): ReadonlySet<ValueId> {
    return (this.literalArrays_ ??= literalArrays(this.func, definitions(this.func)));
  }

  /** The maps made here and used only as the map operand of map operations (localMaps). */
  localMaps(): ReadonlySet<ValueId> {
    return (this.localMaps_ ??= localMaps(this.func));
  }

  /** The new-string sites whose buffers may be needed after the site runs again or the frame returns (stringBufferEscapes). */
  escapingBuffers(): ReadonlySet<ValueId> {
    return (this.escapingBuffers_ ??= stringBufferEscapes(this));
  }

  /**
   * Whether `inst`, an instruction of the function, is a read whose `str`
   * result, as a view, is a copy of bytes an object owns (value-memory.ts
   * fromSlot, loadOwnedStr): a runtime array's element, a field, a payload,
   * a map's value or key. The object's counted string may go while the view
   * lives (an overwrite, the object's death), so the read copies the bytes
   * into a site buffer or the arena, like a new string. Reads of immortal
   * strings (a local array of literals only) copy nothing, so the constant
   * string tables of the kernels cost no arena scope; nor do key reads of a
   * local map (localMaps). (Fields of structs split into scalars are no
   * reads: scalarize-structs.ts removed them before this is asked.) A
   * `global.get` of str reads a mutable global's counted string the same
   * way (lower-globals.ts); reads of immutable str globals are `str.lit`s
   * by then (expand-array-globals.ts).
   */
  copies(inst: Inst): boolean {
    // The opcode first: asked of every instruction, most of which read nothing stored.
    switch (inst.op) {
      case "array.get": return this.strResult(inst) && !this.immortals().has(inst.dst!);
      case "struct.get": case "enum.payload": case "map.get": case "map.value_at": case "global.get": return this.strResult(inst);
      case "map.key_at": return this.strResult(inst) && !this.localMaps().has(inst.args[0]!);
      default: return false;
    }
  }

  /** Whether `inst` defines a str value. */
  private strResult(inst: Inst): boolean {
    return inst.dst !== null && this.func.values[inst.dst]!.type.kind === "str";
  }
}

/**
 * The local maps of `func`, in one walk: the maps it makes (`map.new`), less
 * those with any use other than as the map operand of a map operation. The
 * matrix may make a local map an inline table whose str keys are interned
 * views (nothing to copy). Any other map is a runtime handle owning its str
 * keys (lower-maps.ts), so a key read out of it is copied. (A map escape
 * analysis finds escaping in some other way is a handle too; lower-maps.ts
 * copies such a key into the arena.)
 */
function localMaps(func: Func): ReadonlySet<ValueId> {
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
function immortalsOf(strings: StoredStrings): ReadonlySet<ValueId> {
  const func = strings.func;
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
  // Only element reads ask which arrays hold literals only (kept: the array lowering asks next).
  const local = reads ? strings.literalArrays() : NO_VALUES;
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

/**
 * Consumers of a str that only read it or copy its bytes (string operations
 * that only read their str operands, or copy them into counted pieces): its
 * buffer does not escape through them. Asked per instruction: a switch on
 * interned strings, no hashing.
 */
function readsOnly(op: string): boolean {
  switch (op) {
    case "str.len": case "str.eq": case "str.contains": case "str.starts_with": case "str.ends_with": case "str.replace": case "str.concat":
    case "str.find": case "str.byte_at": case "str.split": case "str.join": case "str.parse_int": case "str.parse_error":
      return true;
    default:
      return false;
  }
}

/**
 * Results of `str.replace` / `str.concat` (and the other new-string sites:
 * createsString, reads that copy a stored string) whose bytes may be needed after the
 * site runs again or the frame returns: a view derived from them (through
 * trim, opaque, select) reaches a variable, a call, a store or a return.
 * The others may reuse one stack buffer per site: an SSA value can only
 * reach the next execution of its own site through a variable.
 */
function stringBufferEscapes(strings: StoredStrings): Set<ValueId> {
  const func = strings.func;
  // A function without a new-string site (most, even among those with string operations) needs no use lists.
  if (!hasNewStringSite(strings)) return new Set();
  // One walk over the uses: a value with a use that keeps it (a variable, a call, a store, a return) is
  // marked; a view derived from it (trim, opaque, select, slice) is an edge to that result. A site's
  // buffer escapes when a marked value is reachable from its result along the edges.
  const n = func.values.length;
  const keeps = KEEPS.take(n, 0);
  const first = FIRST_EDGE.take(n, -1);
  const next: number[] = [], to: ValueId[] = [];
  for (const b of func.blocks) {
    for (const i of b.insts) {
      const op = i.op, args = i.args;
      const derives = op === "str.trim" || op === "opaque" || op === "select" || op === "str.slice";
      if (!derives && readsOnly(op)) continue; // consumers that copy or only read
      for (let k = 0; k < args.length; k++) {
        const v = args[k]!;
        if (!derives) keeps[v] = 1;
        else { next.push(first[v]!); to.push(i.dst!); first[v] = to.length - 1; }
      }
    }
    if (b.term.op === "ret" && b.term.value !== null) keeps[b.term.value] = 1;
  }
  const escaping = new Set<ValueId>();
  const seenBy = SEEN_BY.take(n, 0);
  let stamp = 0;
  const work: ValueId[] = [];
  for (const b of func.blocks) {
    for (const site of b.insts) {
      if (!newStringSite(site, strings) || site.dst === null) continue;
      stamp++;
      seenBy[site.dst] = stamp;
      work.length = 0;
      work.push(site.dst);
      let esc = false;
      while (work.length && !esc) {
        const v = work.pop()!;
        if (keeps[v]) esc = true;
        for (let e = first[v]!; e >= 0 && !esc; e = next[e]!) {
          const d = to[e]!;
          if (seenBy[d] !== stamp) { seenBy[d] = stamp; work.push(d); }
        }
      }
      if (esc) escaping.add(site.dst);
    }
  }
  return escaping;
}

/** stringBufferEscapes' tables by value, reused from one function to the next (optimize-scratch.ts): a typed array per function is an off-heap allocation. */
const KEEPS = new Scratch(), FIRST_EDGE = new Scratch(), SEEN_BY = new Scratch();

/** Whether any instruction of the function makes a new string in a site buffer (indexed loops: asked of every function with a string operation). */
function hasNewStringSite(strings: StoredStrings): boolean {
  const blocks = strings.func.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const insts = blocks[b]!.insts;
    for (let k = 0; k < insts.length; k++) if (newStringSite(insts[k]!, strings)) return true;
  }
  return false;
}

/** Whether `i` makes a new string in a site buffer (new bytes, or a copy of a stored string). */
function newStringSite(i: Inst, strings: StoredStrings): boolean {
  return createsString(i) || strings.copies(i);
}

/**
 * Operand renaming through a dense table, for the two whole-function walks
 * of the optimizer that rename every operand: applying the replacements
 * (Replacements.apply) and renumbering at the end (MFunction.finish).
 *
 * `map[v]` is the new id of value v; a negative entry means "no value" and
 * is reported through `missing`, which must throw. Instructions are renamed
 * in place (renameInPlace says why that is safe; a call's lists are
 * replaced, never written, as they may be shared); a terminator whose ids
 * do not change is returned as it is (no allocation), and a rewritten one
 * keeps its origin (carryOrigin) when `origins` (the function has an origin
 * table; without one there is nothing to carry and the side table is not
 * even looked up). A table lookup instead of a callback per operand keeps
 * these walks free of closure calls.
 */
import { brifTerm, brTableTerm, edge, jumpTerm, type LBlockId, type LEdge, type LInst, type LTerm, type LValue, returnTerm, switchTerm } from "@fzy/lir";
import { carryOrigin } from "./optimize-origins.js";

/** An instruction whose fields the optimizer may overwrite (it owns the object: see `renameInPlace`). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Called for an operand without an entry; never returns. */
export type Missing = (v: LValue) => never;

function at(map: Int32Array, v: LValue, missing: Missing): LValue {
  const x = map[v];
  if (x === undefined || x < 0) return missing(v);
  return x as LValue;
}

/*
 * The walks below build a changed list in a function of their own, never through a closure (`vs.map((v) => ...)`): a
 * closure over a parameter makes V8 allocate a context for the parameters at every call of the enclosing function,
 * whether or not the closure is made, and these functions run once per instruction or edge.
 */

function list(vs: readonly LValue[], map: Int32Array, missing: Missing): readonly LValue[] {
  for (let i = 0; i < vs.length; i++) {
    if (at(map, vs[i]!, missing) !== vs[i]) return renamedList(vs, map, missing);
  }
  return vs;
}

/** A new list of `vs` renamed by `map`. */
function renamedList(vs: readonly LValue[], map: Int32Array, missing: Missing): LValue[] {
  const out: LValue[] = [];
  for (let i = 0; i < vs.length; i++) out.push(at(map, vs[i]!, missing));
  return out;
}

/** A call's operand list with every entry replaced by `f(entry)`: the list itself when nothing changes, else a new list. */
export function mapList(vs: readonly LValue[], f: (v: LValue) => LValue): readonly LValue[] {
  for (let i = 0; i < vs.length; i++) {
    if (f(vs[i]!) !== vs[i]) return vs.map(f);
  }
  return vs;
}

/**
 * `t` with the values it reads renamed by `map` and, when `blocks` is given,
 * its edges' targets renamed by it.
 */
export function remapTerm(t: LTerm, map: Int32Array, blocks: Int32Array | undefined, missing: Missing, origins: boolean): LTerm {
  let out: LTerm;
  switch (t.op) {
    case "jump": {
      const target = remapEdge(t.target, map, blocks, missing);
      out = target === t.target ? t : jumpTerm(target);
      break;
    }
    case "brif": {
      const cond = at(map, t.cond, missing), then = remapEdge(t.then, map, blocks, missing), els = remapEdge(t.else, map, blocks, missing);
      out = cond === t.cond && then === t.then && els === t.else ? t : brifTerm(cond, then, els);
      break;
    }
    case "br_table": {
      const index = at(map, t.index, missing), dflt = remapEdge(t.default, map, blocks, missing);
      const targets = remapEdges(t.targets, map, blocks, missing);
      out = index === t.index && dflt === t.default && targets === t.targets ? t : brTableTerm(index, dflt, targets);
      break;
    }
    case "switch": {
      const value = at(map, t.value, missing), dflt = remapEdge(t.default, map, blocks, missing);
      const targets = remapEdges(t.targets, map, blocks, missing);
      out = value === t.value && dflt === t.default && targets === t.targets ? t : switchTerm(value, dflt, t.cases, targets);
      break;
    }
    case "return": {
      const values = list(t.values, map, missing);
      out = values === t.values ? t : returnTerm(values);
      break;
    }
    case "trap": return t;
  }
  return origins ? carryOrigin(t, out) : out;
}

/** `es` with every edge remapped: the list itself when no edge changes. */
function remapEdges(es: readonly LEdge[], map: Int32Array, blocks: Int32Array | undefined, missing: Missing): readonly LEdge[] {
  for (let i = 0; i < es.length; i++) {
    if (remapEdge(es[i]!, map, blocks, missing) !== es[i]) return remappedEdges(es, map, blocks, missing);
  }
  return es;
}

/** A new list of `es` remapped. */
function remappedEdges(es: readonly LEdge[], map: Int32Array, blocks: Int32Array | undefined, missing: Missing): LEdge[] {
  const out: LEdge[] = [];
  for (let i = 0; i < es.length; i++) out.push(remapEdge(es[i]!, map, blocks, missing));
  return out;
}

/** Edge `e` with its arguments renamed by `map` and its target by `blocks` (when given); `e` when nothing changes. */
function remapEdge(e: LEdge, map: Int32Array, blocks: Int32Array | undefined, missing: Missing): LEdge {
  const block = blocks ? (blocks[e.block]! as LBlockId) : e.block;
  const args = list(e.args, map, missing);
  return block === e.block && args === e.args ? e : edge(block, args);
}

/**
 * Rename the operands of `inst` by `map`, and its results too when `defs`,
 * in the object itself: finish renames nearly every
 * instruction (hoisting constants to the entry and removing values shifts
 * every later id), and a new object per instruction was most of the
 * optimizer's garbage. Safe because the optimizer owns every instruction
 * object of the function it works on (optimizeFunction consumes its input,
 * the builder makes one object per instruction, and a pass that copies
 * code makes new objects) and each appears once (SSA: one definition per
 * value). A call's lists may be shared (the lowering may pass one list as
 * another's operands): a call gets new lists when an id changes, its lists
 * are never written. The origin stays with an object renamed in place.
 */
export function renameInPlace(inst: LInst, map: Int32Array, defs: boolean, missing: Missing): void {
  switch (inst.op) {
    case "call": case "call_indirect": {
      const w = inst as Writable<typeof inst>;
      if (defs) w.dsts = list(inst.dsts, map, missing);
      w.args = list(inst.args, map, missing);
      if (w.op === "call_indirect") w.callee = at(map, w.callee, missing);
      return;
    }
    case "store": {
      const w = inst as Writable<typeof inst>;
      w.addr = at(map, inst.addr, missing);
      w.value = at(map, inst.value, missing);
      return;
    }
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr":
      if (defs) (inst as Writable<typeof inst>).dst = at(map, inst.dst, missing);
      return;
    case "binary": case "icmp": case "fcmp": {
      const w = inst as Writable<typeof inst>;
      if (defs) w.dst = at(map, inst.dst, missing);
      w.a = at(map, inst.a, missing);
      w.b = at(map, inst.b, missing);
      return;
    }
    case "select": {
      const w = inst as Writable<typeof inst>;
      if (defs) w.dst = at(map, inst.dst, missing);
      w.cond = at(map, inst.cond, missing);
      w.a = at(map, inst.a, missing);
      w.b = at(map, inst.b, missing);
      return;
    }
    case "convert": case "unary": case "opaque": {
      const w = inst as Writable<typeof inst>;
      if (defs) w.dst = at(map, inst.dst, missing);
      w.src = at(map, inst.src, missing);
      return;
    }
    case "load": {
      const w = inst as Writable<typeof inst>;
      if (defs) w.dst = at(map, inst.dst, missing);
      w.addr = at(map, inst.addr, missing);
      return;
    }
    case "ptr_add": {
      const w = inst as Writable<typeof inst>;
      if (defs) w.dst = at(map, inst.dst, missing);
      w.base = at(map, inst.base, missing);
      w.offset = at(map, inst.offset, missing);
      return;
    }
  }
}

/** What resolveInPlace reads operands through (the fold's Replacements: one method, called directly rather than through a closure). */
export interface Resolver {
  resolve(v: LValue): LValue;
}

/**
 * `inst` with every operand replaced by `r.resolve(operand)`, written into the
 * object (see renameInPlace for why that is safe, and why a call gets new lists).
 */
export function resolveInPlace(inst: LInst, r: Resolver): LInst {
  // Each field is written only when its value changes (most do not): a store to an object of one of many shapes costs more than the load.
  switch (inst.op) {
    case "call": case "call_indirect": {
      const w = inst as Writable<typeof inst>;
      const args = inst.args;
      for (let k = 0; k < args.length; k++) {
        if (r.resolve(args[k]!) !== args[k]) {
          w.args = resolvedList(args, r);
          break;
        }
      }
      if (w.op === "call_indirect") {
        const c = w.callee, x = r.resolve(c);
        if (x !== c) w.callee = x;
      }
      return inst;
    }
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr": return inst;
    case "store": {
      const w = inst as Writable<typeof inst>;
      const addr = inst.addr, value = inst.value, a = r.resolve(addr), v = r.resolve(value);
      if (a !== addr) w.addr = a;
      if (v !== value) w.value = v;
      return inst;
    }
    case "binary": case "icmp": case "fcmp": {
      const w = inst as Writable<typeof inst>;
      const a0 = inst.a, b0 = inst.b, a = r.resolve(a0), b = r.resolve(b0);
      if (a !== a0) w.a = a;
      if (b !== b0) w.b = b;
      return inst;
    }
    case "select": {
      const w = inst as Writable<typeof inst>;
      const c0 = inst.cond, a0 = inst.a, b0 = inst.b, c = r.resolve(c0), a = r.resolve(a0), b = r.resolve(b0);
      if (c !== c0) w.cond = c;
      if (a !== a0) w.a = a;
      if (b !== b0) w.b = b;
      return inst;
    }
    case "convert": case "unary": case "opaque": {
      const s0 = inst.src, s = r.resolve(s0);
      if (s !== s0) (inst as Writable<typeof inst>).src = s;
      return inst;
    }
    case "load": {
      const a0 = inst.addr, a = r.resolve(a0);
      if (a !== a0) (inst as Writable<typeof inst>).addr = a;
      return inst;
    }
    case "ptr_add": {
      const w = inst as Writable<typeof inst>;
      const b0 = inst.base, o0 = inst.offset, b = r.resolve(b0), o = r.resolve(o0);
      if (b !== b0) w.base = b;
      if (o !== o0) w.offset = o;
      return inst;
    }
  }
}

/** A new list of `vs` resolved through `r`. */
export function resolvedList(vs: readonly LValue[], r: Resolver): LValue[] {
  const out: LValue[] = [];
  for (let i = 0; i < vs.length; i++) out.push(r.resolve(vs[i]!));
  return out;
}

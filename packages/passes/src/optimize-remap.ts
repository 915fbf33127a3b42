/**
 * Operand renaming through a dense table, for the two whole-function walks
 * of the optimizer that rename every operand: applying the replacements
 * (Replacements.apply) and renumbering at the end (MFunction.finish).
 *
 * `map[v]` is the new id of value v; a negative entry means "no value" and
 * is reported through `missing`, which must throw. An instruction or
 * terminator whose ids do not change is returned as it is (no allocation),
 * and a rewritten one keeps its origin (carryOrigin) when `origins` (the
 * function has an origin table; without one there is nothing to carry and
 * the side table is not even looked up). A table lookup instead
 * of a callback per operand keeps these walks free of closure calls, and
 * renaming results and operands together (finish) makes one object per
 * changed instruction, not two.
 */
import type { LBlockId, LEdge, LInst, LTerm, LValue } from "@fzy/lir";
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

function list(vs: readonly LValue[], map: Int32Array, missing: Missing): readonly LValue[] {
  for (let i = 0; i < vs.length; i++) {
    if (at(map, vs[i]!, missing) !== vs[i]) return vs.map((v) => at(map, v, missing));
  }
  return vs;
}

/**
 * `inst` with its operands renamed by `map`, and its results too when
 * `defs` (finish renumbers both; applying replacements renames operands only).
 */
export function remapInst(inst: LInst, map: Int32Array, defs: boolean, missing: Missing, origins: boolean): LInst {
  const out = rewrite(inst, map, defs, missing);
  return origins ? carryOrigin(inst, out) : out;
}

function rewrite(inst: LInst, map: Int32Array, defs: boolean, missing: Missing): LInst {
  if (inst.op === "store") {
    const addr = at(map, inst.addr, missing), value = at(map, inst.value, missing);
    return addr === inst.addr && value === inst.value ? inst : { ...inst, addr, value };
  }
  if (inst.op === "call" || inst.op === "call_indirect") {
    const dsts = defs ? list(inst.dsts, map, missing) : inst.dsts, args = list(inst.args, map, missing);
    if (inst.op === "call") return dsts === inst.dsts && args === inst.args ? inst : { ...inst, dsts, args };
    const callee = at(map, inst.callee, missing);
    return dsts === inst.dsts && args === inst.args && callee === inst.callee ? inst : { ...inst, callee, dsts, args };
  }
  const dst = defs ? at(map, inst.dst, missing) : inst.dst;
  // Object literals of the instruction's exact shape, not spreads: a spread of instructions of many shapes is a slow generic copy.
  switch (inst.op) {
    case "iconst": return dst === inst.dst ? inst : { op: "iconst", dst, type: inst.type, value: inst.value };
    case "fconst": return dst === inst.dst ? inst : { op: "fconst", dst, value: inst.value };
    case "stack_addr": return dst === inst.dst ? inst : { op: "stack_addr", dst, slot: inst.slot, offset: inst.offset };
    case "symbol_addr": return dst === inst.dst ? inst : { op: "symbol_addr", dst, symbol: inst.symbol };
    case "func_addr": return dst === inst.dst ? inst : { op: "func_addr", dst, symbol: inst.symbol };
    case "binary": {
      const a = at(map, inst.a, missing), b = at(map, inst.b, missing);
      return dst === inst.dst && a === inst.a && b === inst.b ? inst : { op: "binary", kind: inst.kind, dst, a, b };
    }
    case "icmp": {
      const a = at(map, inst.a, missing), b = at(map, inst.b, missing);
      return dst === inst.dst && a === inst.a && b === inst.b ? inst : { op: "icmp", cc: inst.cc, dst, a, b };
    }
    case "fcmp": {
      const a = at(map, inst.a, missing), b = at(map, inst.b, missing);
      return dst === inst.dst && a === inst.a && b === inst.b ? inst : { op: "fcmp", cc: inst.cc, dst, a, b };
    }
    case "select": {
      const cond = at(map, inst.cond, missing), a = at(map, inst.a, missing), b = at(map, inst.b, missing);
      return dst === inst.dst && cond === inst.cond && a === inst.a && b === inst.b ? inst : { op: "select", dst, cond, a, b };
    }
    case "convert": case "unary": {
      const src = at(map, inst.src, missing);
      if (dst === inst.dst && src === inst.src) return inst;
      return inst.op === "convert" ? { op: "convert", kind: inst.kind, dst, src } : { op: "unary", kind: inst.kind, dst, src };
    }
    case "opaque": {
      const src = at(map, inst.src, missing);
      return dst === inst.dst && src === inst.src ? inst : { op: "opaque", dst, src };
    }
    case "load": {
      const addr = at(map, inst.addr, missing);
      return dst === inst.dst && addr === inst.addr ? inst : { ...inst, dst, addr }; // optional fields: copied as they are
    }
    case "ptr_add": {
      const base = at(map, inst.base, missing), offset = at(map, inst.offset, missing);
      return dst === inst.dst && base === inst.base && offset === inst.offset ? inst : { op: "ptr_add", dst, base, offset };
    }
  }
}

/**
 * `t` with the values it reads renamed by `map` and, when `blocks` is given,
 * its edges' targets renamed by it.
 */
export function remapTerm(t: LTerm, map: Int32Array, blocks: Int32Array | undefined, missing: Missing, origins: boolean): LTerm {
  const edge = (e: LEdge): LEdge => {
    const block = blocks ? (blocks[e.block]! as LBlockId) : e.block;
    const args = list(e.args, map, missing);
    return block === e.block && args === e.args ? e : { block, args };
  };
  let out: LTerm;
  switch (t.op) {
    case "jump": {
      const target = edge(t.target);
      out = target === t.target ? t : { op: "jump", target };
      break;
    }
    case "brif": {
      const cond = at(map, t.cond, missing), then = edge(t.then), els = edge(t.else);
      out = cond === t.cond && then === t.then && els === t.else ? t : { op: "brif", cond, then, else: els };
      break;
    }
    case "br_table": {
      const index = at(map, t.index, missing), dflt = edge(t.default);
      let targets: readonly LEdge[] = t.targets;
      for (let i = 0; i < t.targets.length; i++) {
        if (edge(t.targets[i]!) !== t.targets[i]) { targets = t.targets.map(edge); break; }
      }
      out = index === t.index && dflt === t.default && targets === t.targets ? t : { op: "br_table", index, default: dflt, targets };
      break;
    }
    case "return": {
      const values = list(t.values, map, missing);
      out = values === t.values ? t : { op: "return", values };
      break;
    }
    case "trap": return t;
  }
  return origins ? carryOrigin(t, out) : out;
}

/**
 * `inst` with its results and operands renamed by `map`, written into the
 * object itself: finish renames nearly every instruction (hoisting
 * constants to the entry and removing values shifts every later id), and a
 * new object per instruction was most of the optimizer's garbage. Safe
 * because the optimizer owns every instruction object of the function it
 * finishes (optimizeFunction consumes its input, and the builder makes one
 * object per instruction) and each appears once (SSA: one definition per
 * value). Calls keep the copying rewrite: their lists may be shared.
 * The origin stays with the object, so none is carried.
 */
export function renameInPlace(inst: LInst, map: Int32Array, missing: Missing): LInst {
  switch (inst.op) {
    case "call": case "call_indirect": return rewrite(inst, map, true, missing);
    case "store": {
      const w = inst as Writable<typeof inst>;
      w.addr = at(map, inst.addr, missing);
      w.value = at(map, inst.value, missing);
      return inst;
    }
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr":
      (inst as Writable<typeof inst>).dst = at(map, inst.dst, missing);
      return inst;
    case "binary": case "icmp": case "fcmp": {
      const w = inst as Writable<typeof inst>;
      w.dst = at(map, inst.dst, missing);
      w.a = at(map, inst.a, missing);
      w.b = at(map, inst.b, missing);
      return inst;
    }
    case "select": {
      const w = inst as Writable<typeof inst>;
      w.dst = at(map, inst.dst, missing);
      w.cond = at(map, inst.cond, missing);
      w.a = at(map, inst.a, missing);
      w.b = at(map, inst.b, missing);
      return inst;
    }
    case "convert": case "unary": case "opaque": {
      const w = inst as Writable<typeof inst>;
      w.dst = at(map, inst.dst, missing);
      w.src = at(map, inst.src, missing);
      return inst;
    }
    case "load": {
      const w = inst as Writable<typeof inst>;
      w.dst = at(map, inst.dst, missing);
      w.addr = at(map, inst.addr, missing);
      return inst;
    }
    case "ptr_add": {
      const w = inst as Writable<typeof inst>;
      w.dst = at(map, inst.dst, missing);
      w.base = at(map, inst.base, missing);
      w.offset = at(map, inst.offset, missing);
      return inst;
    }
  }
}

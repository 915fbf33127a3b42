/**
 * The control-flow and use structure llvm-facts.ts iterates over: edges of
 * a terminator and values an instruction reads, without building lists;
 * whether every edge goes forward; and which blocks read each value, as
 * one flat array (compressed rows).
 */
import type { LEdge, LFunction, LInst, LTerm, LValue } from "@fzy/lir";
import type { FactsScratch } from "./facts-scratch.js";

/** The int32 slots of the reused arrays (facts-scratch.ts) that readersOf takes: this one and the two after it. */
const I32_READERS = 1;

/** Calls `f` on each edge of a terminator, in `termEdges` order (@fzy/lir), without building a list. */
export function forEachEdge(t: LTerm, f: (e: LEdge) => void): void {
  switch (t.op) {
    case "jump": f(t.target); return;
    case "brif": f(t.then); f(t.else); return;
    case "br_table": f(t.default); for (const e of t.targets) f(e); return;
    case "return": case "trap": return;
  }
}

/**
 * Whether every edge of `fn` goes to a later block (or to block 0, whose
 * parameters no edge sets). Then every block a value reaches comes after
 * the block that sets it (a verified function's uses are dominated by their
 * definitions, and a dominator comes first when edges only go forward), so
 * the first round visits each reader after the change anyway: nothing is
 * marked for a later round, and the reader lists would go unused.
 */
export function forwardOnly(fn: LFunction): boolean {
  const blocks = fn.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const t = blocks[b]!.term;
    switch (t.op) {
      case "jump": if (t.target.block <= b && t.target.block !== 0) return false; break;
      case "brif":
        if ((t.then.block <= b && t.then.block !== 0) || (t.else.block <= b && t.else.block !== 0)) return false;
        break;
      case "br_table":
        if (t.default.block <= b && t.default.block !== 0) return false;
        for (const e of t.targets) if (e.block <= b && e.block !== 0) return false;
        break;
      case "return": case "trap": break;
    }
  }
  return true;
}

/** Blocks by value in one flat array: the blocks of v are blocks[start[v]] .. blocks[start[v + 1] - 1]. */
export interface Readers {
  readonly start: Int32Array;
  readonly blocks: Int32Array;
}

/**
 * The blocks that read each value (as an operand or an edge argument), in
 * increasing order without repeats, as one flat array: the readers of v are
 * blocks[start[v]] .. blocks[start[v + 1] - 1].
 */
export function readersOf(fn: LFunction, scratch: FactsScratch): Readers {
  const nv = fn.valueTypes.length, blocks = fn.blocks;
  const start = scratch.i32(I32_READERS, nv + 2, 0), last = scratch.i32(I32_READERS + 1, nv);
  let out: Int32Array | undefined, bi = 0;
  const use = (v: LValue) => {
    if (v < 0 || v >= nv || last[v] === bi) return;
    last[v] = bi;
    if (out) out[start[v + 1]!++] = bi;
    else start[v + 2]!++;
  };
  const edgeUses = (e: LEdge) => { for (const v of e.args) use(v); };
  for (let pass = 0; pass < 2; pass++) {
    last.fill(-1, 0, nv);
    for (bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi]!;
      for (const i of b.insts) forEachUse(i, use);
      forEachEdge(b.term, edgeUses);
    }
    if (!out) {
      for (let v = 0; v < nv; v++) start[v + 2]! += start[v + 1]!;
      out = scratch.i32(I32_READERS + 2, start[nv + 1]!);
    }
  }
  return { start, blocks: out! };
}

/** Calls `f` on each value `i` reads (instUses of @fzy/lir, without building a list). */
function forEachUse(i: LInst, f: (v: LValue) => void): void {
  switch (i.op) {
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr": return;
    case "binary": case "icmp": case "fcmp": f(i.a); f(i.b); return;
    case "select": f(i.cond); f(i.a); f(i.b); return;
    case "convert": case "opaque": case "unary": f(i.src); return;
    case "load": f(i.addr); return;
    case "store": f(i.addr); f(i.value); return;
    case "ptr_add": f(i.base); f(i.offset); return;
    case "call": for (const a of i.args) f(a); return;
    case "call_indirect": f(i.callee); for (const a of i.args) f(a); return;
  }
}

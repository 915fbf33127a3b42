/**
 * The verifier's definite-assignment check: every `get` of a variable is
 * preceded by a `set` of it on every path from the entry.
 *
 * A get after a set of its variable earlier in its own block, or in a block
 * that strictly dominates it, is assigned on every path (each passes through
 * that block): one walk of the dominator tree, counting per variable the
 * sets in the blocks on the path from the entry, finds the variables with
 * any other get (`undominatedGets`). Only those go through the dataflow
 * (`mustAssigned`): in(b) = ∩ out(p) over reachable predecessors,
 * out(b) = in(b) ∪ sets(b), one bit row per block, iterated in reverse
 * postorder from an optimistic start to the greatest fixpoint. So a function
 * whose gets are all dominated by sets (a loop nest's counters) costs a walk,
 * not blocks x variables bits; the answer is the dataflow's either way, as
 * the variables are independent bits.
 *
 * Gets are reported in reverse postorder of their blocks, then in order.
 */
import type { DominatorTree } from "./dominators.js";
import type { BlockId, Func } from "./module.js";

/** What the check asks of the dominator tree. */
export type Dominance = Pick<DominatorTree, "rpo" | "isReachable" | "strictlyDominates" | "predCount" | "pred" | "childCount" | "child">;

/** Scratch arrays of one module's verification, grown as needed and kept between functions. */
export interface AssignScratch {
  /** Bit matrices of the dataflow (3 x blocks x words). */
  bits: Uint32Array;
  /** Per-variable tables (2 per variable). */
  varInts: Int32Array;
  /** The dominator-tree walk's stack (2 per block). */
  stack: Int32Array;
}

/** Call `report(block, inst, variable)` for every get of `f` not preceded by a set on every path. */
export function checkDefiniteAssignment(f: Func, dom: Dominance, sc: AssignScratch, report: (b: BlockId, ii: number, v: number) => void): void {
  const nv = f.vars.length;
  if (nv === 0) return;
  if (sc.varInts.length < 2 * nv) sc.varInts = new Int32Array(Math.max(2 * nv, sc.varInts.length * 2));
  // varInts: per variable its dense index among the variables the dataflow checks (-1: none), then the walk's counts.
  const count = undominatedGets(f, dom, sc.varInts, sc);
  if (count > 0) mustAssigned(f, dom, count, sc.varInts, sc, report);
}

/**
 * Walks the dominator tree of `f` (preorder, an explicit stack) counting,
 * per variable, the sets on the path from the entry to the instruction
 * being walked: those of the blocks above it and those earlier in its own
 * block (a block's sets are counted as it is walked and uncounted when the
 * walk leaves it); a get of a variable whose count is 0 marks the variable.
 * Writes each variable's dense index among the marked ones (or -1) into
 * `t[0, nv)` and returns how many are marked; `t[nv, 2nv)` holds the counts.
 */
function undominatedGets(f: Func, dom: Dominance, t: Int32Array, sc: AssignScratch): number {
  const nv = f.vars.length, ON_PATH = nv;
  t.fill(-1, 0, nv).fill(0, nv, 2 * nv);
  const nb = f.blocks.length;
  if (sc.stack.length < 2 * nb) sc.stack = new Int32Array(Math.max(2 * nb, sc.stack.length * 2));
  const stack = sc.stack;
  let marked = 0, top = 0;
  stack[0] = dom.rpo[0]!;
  stack[1] = -1; // the next child to visit; -1: the block itself not walked yet
  while (top >= 0) {
    const b = stack[2 * top]!, next = stack[2 * top + 1]!;
    const insts = f.blocks[b]!.insts;
    if (next === -1) {
      for (let ii = 0; ii < insts.length; ii++) {
        const inst = insts[ii]!;
        if (inst.imm.kind !== "var") continue;
        const v = inst.imm.var;
        if (!(v >= 0 && v < nv)) continue;
        if (inst.op === "set") t[ON_PATH + v]!++;
        else if (inst.op === "get" && t[ON_PATH + v] === 0 && t[v] === -1) t[v] = marked++;
      }
    }
    if (next + 1 < dom.childCount(b as BlockId)) {
      stack[2 * top + 1] = next + 1;
      top++;
      stack[2 * top] = dom.child(b as BlockId, next + 1);
      stack[2 * top + 1] = -1;
    } else {
      for (let ii = 0; ii < insts.length; ii++) {
        const inst = insts[ii]!;
        if (inst.op === "set" && inst.imm.kind === "var" && inst.imm.var >= 0 && inst.imm.var < nv) t[ON_PATH + inst.imm.var]!--;
      }
      top--;
    }
  }
  return marked;
}

/** The must-assigned dataflow over the `count` variables that `dense` maps to 0..count-1 (the others are skipped). */
function mustAssigned(f: Func, dom: Dominance, count: number, dense: Int32Array, sc: AssignScratch, report: (b: BlockId, ii: number, v: number) => void): void {
  const nv = f.vars.length;
  const words = (count + 31) >>> 5;
  const n = f.blocks.length;
  // One flat bit matrix each (block b's row starts at b * words), in one scratch array of the module.
  const size = n * words;
  if (sc.bits.length < 3 * size) sc.bits = new Uint32Array(Math.max(3 * size, sc.bits.length * 2));
  const gen = sc.bits.subarray(0, size).fill(0);
  for (let bi = 0; bi < n; bi++) {
    for (const inst of f.blocks[bi]!.insts) {
      if (inst.op !== "set" || inst.imm.kind !== "var" || !(inst.imm.var >= 0 && inst.imm.var < nv)) continue;
      const k = dense[inst.imm.var]!;
      if (k >= 0) gen[bi * words + (k >>> 5)]! |= 1 << (k & 31);
    }
  }
  const ins = sc.bits.subarray(size, 2 * size).fill(0);
  // Optimistic start (all assigned) so loops converge to the greatest fixpoint.
  const outs = sc.bits.subarray(2 * size, 3 * size).fill(0xffffffff);
  outs.set(gen.subarray(0, words), 0);
  let changed = true;
  while (changed) {
    changed = false;
    for (const b of dom.rpo) {
      const at = b * words;
      // Rows are filled by loops: most are one word, and a fill() call per block cost more than the meet.
      if (b === 0) for (let w = 0; w < words; w++) ins[at + w] = 0;
      else {
        for (let w = 0; w < words; w++) ins[at + w] = 0xffffffff;
        for (let i = 0, np = dom.predCount(b); i < np; i++) {
          const p = dom.pred(b, i);
          if (!dom.isReachable(p)) continue;
          const o = p * words;
          for (let w = 0; w < words; w++) ins[at + w]! &= outs[o + w]!;
        }
      }
      for (let w = 0; w < words; w++) {
        // `>>> 0`: `|` gives a signed int32, and an all-ones word would never equal the Uint32Array's 0xffffffff.
        const x = (ins[at + w]! | gen[at + w]!) >>> 0;
        if (x !== outs[at + w]) { outs[at + w] = x; changed = true; }
      }
    }
  }
  // Each block's row of `ins` (not needed after this) is updated in place: no copy per block.
  for (const b of dom.rpo) {
    const at = b * words, insts = f.blocks[b]!.insts;
    for (let ii = 0; ii < insts.length; ii++) {
      const inst = insts[ii]!;
      if (inst.imm.kind !== "var" || !f.vars[inst.imm.var]) continue;
      const k = dense[inst.imm.var]!;
      if (k < 0) continue;
      const bit = 1 << (k & 31);
      if (inst.op === "set") ins[at + (k >>> 5)]! |= bit;
      else if (inst.op === "get" && !(ins[at + (k >>> 5)]! & bit)) report(b, ii, inst.imm.var);
    }
  }
}

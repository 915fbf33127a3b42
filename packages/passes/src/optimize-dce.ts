/**
 * Dead-value elimination: pure instructions (and loads, which the lowering
 * only emits for valid addresses) whose results nothing reads are removed,
 * and so are block parameters nothing reads, with the argument every edge
 * passes for them. A worklist over use counts (each removal may free the
 * operands it read), so the cost is linear in instructions and edges.
 *
 * A parameter passed only back to itself around a loop counts as unused.
 * Entry parameters (the function's arguments) are never removed.
 */
import { edge, type LEdge, type LTerm, type LValue } from "@fzy/lir";
import { truncate } from "./optimize-lists.js";
import { Scratch } from "./optimize-scratch.js";
import { countUses, edgesInto, everyUse, instDef, mapTermEdges, type MBlock, type MFunction, type Replacements } from "./optimize-ir.js";

const USES = new Scratch(), DEF_BLOCK = new Scratch(), DEF_INDEX = new Scratch(), DEF_IS_PARAM = new Scratch(), DEAD = new Scratch();
const BLOCK_OF = new Scratch(), TOUCHED = new Scratch();

/**
 * Remove what nothing reads (see the file header). `r` is applied first, in
 * the walk that counts the uses. Returns the block defining each value
 * (-1: none), gathered in the same walk for licm (valid until a pass moves
 * or adds a definition; what is removed is read by nothing left).
 */
export function removeDeadValues(m: MFunction, r: Replacements): Int32Array {
  const final = r.take(m);
  const n = m.types.length;
  const uses = USES.take(n, 0), blockOf = BLOCK_OF.take(n, -1);
  // Where each removable value is defined: its block, and its parameter index or instruction index.
  const defBlock = DEF_BLOCK.take(n, -1), defIndex = DEF_INDEX.take(n, 0), defIsParam = DEF_IS_PARAM.take(n, 0);
  const blocks = m.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const blk = blocks[b]!;
    if (blk.dead) continue;
    if (final) r.applyToBlock(m, blk, final);
    const params = blk.params;
    for (let k = 0; k < params.length; k++) {
      const p = params[k]!;
      blockOf[p] = b;
      if (b !== 0) { defBlock[p] = b; defIndex[p] = k; defIsParam[p] = 1; }
    }
    const insts = blk.insts;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!, op = i.op; // (read once: see instDef)
      countUses(i, uses);
      if (op === "call" || op === "call_indirect") for (const d of (i as { readonly dsts: readonly LValue[] }).dsts) blockOf[d] = b;
      else if (op !== "store") {
        const dst = (i as { readonly dst: LValue }).dst;
        blockOf[dst] = b;
        // Pure (isPure, calls and stores excluded above) or a load (see the file header): all but `opaque`.
        if (op !== "opaque") { defBlock[dst] = b; defIndex[dst] = k; }
      }
    }
    countTermUses(blocks, blk.term, uses);
  }
  let first = 0;
  while (first < n && !(defBlock[first]! >= 0 && uses[first] === 0)) first++;
  // Every removable value is read (common in small functions): nothing to remove, nothing more to make.
  if (first < n) removeUnread(m, first, uses, defBlock, defIndex, defIsParam);
  return blockOf;
}

/**
 * The worklist from value `first` on (the first removable value nothing
 * reads), then the removal. Apart from the count: its closures would be made
 * for every function, with something to remove or not.
 */
function removeUnread(m: MFunction, first: number, uses: Int32Array, defBlock: Int32Array, defIndex: Int32Array, defIsParam: Int32Array): void {
  const n = m.types.length;
  // The edges into each block, made when a parameter is found dead (most functions have none).
  let incoming: LEdge[][] | undefined;
  const into = (b: number): readonly LEdge[] => (incoming ??= edgesInto(m))[b]!;
  const dead = DEAD.take(n, 0), touched = TOUCHED.take(m.blocks.length, 0); // (the blocks defining a dead value)
  let removed = 0;
  const work: LValue[] = [];
  for (let v = first; v < n; v++) if (defBlock[v]! >= 0 && uses[v] === 0) work.push(v as LValue);
  const release = (v: LValue): boolean => {
    if (--uses[v]! === 0 && defBlock[v]! >= 0) work.push(v);
    return true; // (everyUse goes on to the next operand)
  };
  while (work.length) {
    const v = work.pop()!;
    if (dead[v]) continue;
    dead[v] = 1;
    removed++;
    const b = defBlock[v]!, k = defIndex[v]!;
    touched[b] = 1;
    if (!defIsParam[v]) {
      everyUse(m.blocks[b]!.insts[k]!, release);
    } else {
      for (const e of into(b)) {
        const a = e.args[k]!;
        if (a !== v) release(a);
      }
    }
  }
  if (removed === 0) return;
  const keptParams = new Map<number, boolean[]>();
  for (let b = 0; b < m.blocks.length; b++) {
    const blk = m.blocks[b]!;
    if (blk.dead || touched[b] !== 1) continue;
    // Parameter lists may be shared (see MFunction): a new list. Instructions are compacted in place (the optimizer's own array).
    if (blk.params.some((p) => dead[p])) {
      keptParams.set(b, blk.params.map((p) => !dead[p]));
      blk.params = blk.params.filter((p) => !dead[p]);
    }
    const insts = blk.insts;
    let w = 0;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!, d = instDef(i);
      if (d !== undefined && dead[d] === 1) continue;
      if (w++ !== k) insts[w - 1] = i;
    }
    truncate(insts, w);
  }
  if (keptParams.size === 0) return;
  const kept = (e: LEdge): LEdge => {
    const keep = keptParams.get(e.block);
    return keep ? edge(e.block, e.args.filter((_, k) => keep[k])) : e;
  };
  for (const blk of m.blocks) if (!blk.dead) blk.term = mapTermEdges(blk.term, kept);
}

/**
 * Count the values terminator `t` reads: its own operands, and each edge
 * argument other than the target's own parameter at that position (a
 * parameter passed back to itself is no use). Without making the lists
 * termOwnUses and termEdges return (two small arrays per block).
 */
function countTermUses(blocks: readonly MBlock[], t: LTerm, uses: Int32Array): void {
  switch (t.op) {
    case "jump": return countEdge(blocks, t.target, uses);
    case "brif": uses[t.cond]!++; countEdge(blocks, t.then, uses); return countEdge(blocks, t.else, uses);
    case "br_table": case "switch":
      uses[t.op === "br_table" ? t.index : t.value]!++;
      countEdge(blocks, t.default, uses);
      for (let k = 0; k < t.targets.length; k++) countEdge(blocks, t.targets[k]!, uses);
      return;
    case "return": for (let k = 0; k < t.values.length; k++) uses[t.values[k]!]!++; return;
    case "trap": return;
  }
}

function countEdge(blocks: readonly MBlock[], e: LEdge, uses: Int32Array): void {
  const params = blocks[e.block]!.params, args = e.args;
  for (let k = 0; k < args.length; k++) if (args[k] !== params[k]) uses[args[k]!]!++;
}

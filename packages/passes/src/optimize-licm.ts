/**
 * Loop-invariant code motion on the lowered form (fast-path family `licm`):
 * an instruction inside a natural loop whose operands are all defined
 * outside it (or by instructions already hoisted) moves to the end of the
 * loop's preheader, so it runs once per entry of the loop instead of once
 * per iteration. Cranelift's own LICM only sees what its egraph keeps and
 * the wasm backend's binaryen levels do little of it; LLVM hoists the same
 * things, so there it changes nothing but the input it starts from.
 *
 * What may move (speculation must be harmless, since a hoisted instruction
 * also runs when the loop body it came from would not have):
 *  - pure operations that cannot trap: arithmetic, compares, selects,
 *    conversions, address arithmetic; a division or remainder only by a
 *    constant divisor that is neither 0 nor (signed) -1, because the
 *    lowering guards other divisors with a check inside the loop;
 *  - `readonly` loads (memory no store of the function writes) from the
 *    loop header before any call in it: the header runs right after the
 *    preheader, so the load ran there at the same address anyway, and no
 *    guard inside the loop is passed over;
 *  - never from cold blocks (panic paths), nor constants and fixed
 *    addresses (the constant pass already put those in the entry block).
 *
 * Loops are the natural loops of the back edges t -> h (h dominates t;
 * Aho, Sethi, Ullman, "Compilers", 1986, 10.4). A loop is treated only when
 * its header has a preheader: exactly one predecessor outside the loop,
 * ending in a plain jump to the header (the lowering's loop entry shape), so
 * no block or edge is added. An operand counts as invariant when its
 * definition's block strictly dominates the header: it then dominates the
 * preheader too, and the loop cannot redefine it. Inner loops are treated
 * first (headers in reverse RPO), so a value hoisted into an inner
 * preheader may move on out of the enclosing loop. The matrix is asked once
 * per loop that has something to hoist (rule licm-hoist). The loops come
 * from loop-nest.ts (built once, near-linear); a loop's scan skips the
 * inner loops whose own scan stood (see `scanned`), so the work is linear
 * in the function when every loop has a preheader and the matrix agrees,
 * and at most the function times the loop nesting depth otherwise.
 *
 * Measured (conformance/README.md, "Loop-invariant code motion and LLVM
 * facts"): the kernels keep their invariants outside their loops already, so
 * the switch changes none of them; on conformance/modules/loop_invariants
 * Cranelift emits the same machine code with it on and off, and LLVM the
 * same up to register choice (both hoist these values themselves), and the
 * paired times are within noise. Neutral on both, so the matrix keeps it on:
 * the lowered form the backends (and binaryen) start from has less to undo.
 */
import { bitWidth, edgeAt, edgeCount, type LBlockId, type LInst, type LValue } from "@fzy/lir";
import type { Decision, MatrixInput } from "./eligibility.js";
import { type LoopDominators, LoopNest } from "./loop-nest.js";
import { dominatorsOfBlocks, forwardOnly } from "./optimize-dominators.js";
import { everyUse, type MFunction } from "./optimize-ir.js";
import { intConstants, type IntConstants } from "./optimize-int-constants.js";
import { Scratch } from "./optimize-scratch.js";

const STATE = new Scratch(), DEF = new Scratch();
/** The instructions a loop's scan picks, emptied per loop (a set per loop scanned was garbage for most loops: they have none). */
const PICKED = new Set<LInst>();

/** Asks the matrix about one loop (the function optimizer's `Ask`). */
export type LicmAsk = (subject: string, input: Omit<MatrixInput, "mode">) => Decision;

/**
 * Whether the graph reachable from block 0 has a cycle: a depth-first search
 * meets an edge into a block still on its stack (every back edge t -> h of a
 * natural loop is such an edge). Iterative, linear in blocks + edges. The
 * tests' oracle for graphs with loops (findLoops asks the dominator tree).
 */
export function hasCycle(succs: readonly (readonly number[])[]): boolean {
  if (succs.length === 0) return false;
  const state = STATE.take(succs.length, 0); // 0 unseen, 1 on the stack, 2 done
  const nodes = [0], next = [0];
  state[0] = 1;
  while (nodes.length) {
    const top = nodes.length - 1, b = nodes[top]!, out = succs[b]!;
    if (next[top]! < out.length) {
      const s = out[next[top]!++]!;
      if (state[s] === 1) return true;
      if (state[s] === 0) { state[s] = 1; nodes.push(s); next.push(0); }
      continue;
    }
    state[b] = 2;
    nodes.pop();
    next.pop();
  }
  return false;
}

/**
 * The loop structure of a function's graph; licm keeps it valid (it moves
 * instructions, never edges), so unrolling starts from it. `loops`: each
 * header's natural loop, headers in block order (each pass sorts them in
 * the order it takes them), bodies as read-only views of `nest` (not copied).
 */
export interface LoopForest {
  readonly dom: LoopDominators;
  readonly nest: LoopNest;
  readonly loops: ReadonlyMap<LBlockId, ReadonlySet<LBlockId>>;
}

/**
 * The loops of `m`; undefined when it has none. A graph whose edges all go
 * forward has no cycle and needs no dominator tree (many functions). Any
 * other is given its tree at once, not first a search for a cycle: nearly
 * every such graph has a loop, and the fold's tree often still holds it.
 */
export function findLoops(m: MFunction): LoopForest | undefined {
  if (forwardOnly(m.blocks)) return undefined;
  const dom = dominatorsOfBlocks(m.blocks);
  if (!hasBackEdge(m, dom)) return undefined;
  const nest = new LoopNest(dom, m.blocks.length);
  // Every header of the nest heads a natural loop (its back edges' sources are in it): no successor lists to find them by.
  const loops = new Map<LBlockId, ReadonlySet<LBlockId>>();
  for (let h = 0 as LBlockId; h < m.blocks.length; h++) if (nest.isHeader(h)) loops.set(h, nest.body(h));
  return { dom, nest, loops };
}

/** Whether a reachable edge t -> h has h dominating t: the back edge of a natural loop (a cycle without one is irreducible: no loop). */
function hasBackEdge(m: MFunction, dom: LoopDominators): boolean {
  for (let t = 0; t < m.blocks.length; t++) {
    const blk = m.blocks[t]!;
    if (blk.dead || !dom.isReachable(t as LBlockId)) continue;
    for (let k = 0, n = edgeCount(blk.term); k < n; k++) if (dom.dominates(edgeAt(blk.term, k).block, t as LBlockId)) return true;
  }
  return false;
}

/**
 * Hoist what the matrix allows out of every loop of `m` (`forest`: its loops
 * as they are now; `defs`: the block defining each value, as dead-value
 * elimination found it, written here); whether anything moved.
 */
export function hoistInvariants(m: MFunction, ask: LicmAsk, forest = findLoops(m), defs?: Int32Array): boolean {
  if (!forest || forest.loops.size === 0) return false;
  const { dom, loops, nest } = forest;
  const defBlock = defs ?? definingBlocks(m);
  // The integer constants, made for the first division met (most loops have none).
  let made: IntConstants | undefined;
  const consts = () => (made ??= intConstants(m));
  let changed = false;
  const unsettled = new Map<LBlockId, readonly LBlockId[] | undefined>();
  const headers = [...loops.keys()].sort((a, b) => dom.rpoIndex[b]! - dom.rpoIndex[a]!);
  // The loop being scanned, and its invariance test (one closure per function, not per loop).
  let h = 0 as LBlockId;
  const invariant = (v: LValue) => dom.strictlyDominates(defBlock[v]! as LBlockId, h);
  for (h of headers) {
    const pre = preheader(m, dom, h, loops.get(h)!);
    if (pre === undefined) {
      unsettled.set(h, undefined);
      continue;
    }
    const blocks = scanned(nest, dom, h, unsettled);
    const picked = PICKED;
    if (picked.size > 0) picked.clear(); // (clear makes a new table even for an empty set: most loops pick nothing)
    for (const b of blocks) {
      if (m.blocks[b]!.cold) continue;
      let seenCall = false;
      for (const inst of m.blocks[b]!.insts) {
        const op = inst.op; // (read once: see instDef)
        if (op === "call" || op === "call_indirect") seenCall = true;
        if (!movable(m, inst, b === h && !seenCall, consts) || !everyUse(inst, invariant)) continue;
        picked.add(inst);
        defBlock[(inst as { dst: LValue }).dst] = pre; // later instructions may use it as invariant
      }
    }
    if (picked.size === 0) continue;
    const d = ask(`loop at block ${h} of ${m.base.name}`, {
      kind: "loop-invariant", enabled: true, escape: "none", mutability: "mutated", constant: false, insts: picked.size,
    });
    if (d.form !== "hoisted") {
      // Not taken: the values stay where they are defined, and an enclosing loop's scan visits them again.
      for (const b of blocks) for (const inst of m.blocks[b]!.insts) if (picked.has(inst)) defBlock[(inst as { dst: LValue }).dst] = b;
      unsettled.set(h, blocks);
      continue;
    }
    const moved: LInst[] = [];
    for (const b of blocks) {
      const blk = m.blocks[b]!;
      if (!blk.insts.some((i) => picked.has(i))) continue;
      moved.push(...blk.insts.filter((i) => picked.has(i)));
      blk.insts = blk.insts.filter((i) => !picked.has(i));
    }
    m.blocks[pre]!.insts.push(...moved);
    changed = true;
  }
  return changed;
}

/**
 * The blocks of the loop of `h` its scan visits, in RPO: its own blocks and
 * those of its unsettled inner loops (taken out of `unsettled`; a loop
 * refused by the matrix left there the blocks its scan visited, a loop
 * without a preheader nothing, as its blocks are found in the nest). An
 * inner loop whose scan stood (nothing picked, or hoisted) is settled and
 * skipped, with the same result as a rescan: what its scan left is not
 * movable, or in a cold block, or uses a value defined in the inner loop
 * and left there (a definition outside an inner loop that dominates a use
 * inside it strictly dominates its header), so it is not invariant in an
 * enclosing loop either. A scan then visits each instruction once per loop
 * up to the first settled one around it; only loops refused by the matrix
 * pass theirs on.
 */
function scanned(nest: LoopNest, dom: LoopDominators, h: LBlockId, unsettled: Map<LBlockId, readonly LBlockId[] | undefined>): readonly LBlockId[] {
  const own = nest.own(h);
  let parts: (readonly LBlockId[])[] | undefined;
  // A worklist, not recursion: loops nest as deep as the input's code (the parts are sorted below, so the order found does not matter).
  const open = [h];
  for (let l = open.pop(); l !== undefined; l = open.pop()) {
    for (const c of nest.children(l)) {
      if (!unsettled.has(c)) continue;
      const visited = unsettled.get(c);
      unsettled.delete(c);
      (parts ??= [own]).push(visited ?? nest.own(c));
      if (!visited) open.push(c);
    }
  }
  if (!parts) return own;
  // In RPO: the positions sorted as numbers (no comparator), then the blocks at them.
  let n = 0;
  for (const p of parts) n += p.length;
  const at = new Int32Array(n);
  n = 0;
  for (const p of parts) for (const b of p) at[n++] = dom.rpoIndex[b]!;
  at.sort();
  return Array.from(at, (i) => dom.rpo[i]!);
}

/** Whether `inst` may run speculatively in a preheader (see the file header); `headerLoad`: a load there is allowed. */
function movable(m: MFunction, inst: LInst, headerLoad: boolean, consts: () => IntConstants): boolean {
  switch (inst.op) {
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "store": case "call": case "call_indirect": case "opaque": return false;
    case "load": return headerLoad && inst.readonly;
    case "binary": {
      if (inst.kind !== "sdiv" && inst.kind !== "srem" && inst.kind !== "udiv" && inst.kind !== "urem") return true;
      const c = consts().get(inst.b);
      if (c === undefined || c === 0n) return false;
      const signed = inst.kind === "sdiv" || inst.kind === "srem";
      return !(signed && BigInt.asIntN(bitWidth(m.types[inst.b]!), c) === -1n);
    }
    default: return true;
  }
}

/** The one predecessor of `h` outside its loop when it ends in a plain jump to `h`. */
function preheader(m: MFunction, dom: LoopDominators, h: LBlockId, body: ReadonlySet<LBlockId>): LBlockId | undefined {
  let p: LBlockId | undefined;
  for (let k = 0, np = dom.predCount(h); k < np; k++) {
    const q = dom.pred(h, k);
    if (body.has(q) || !dom.isReachable(q)) continue;
    if (p !== undefined) return undefined; // (a predecessor counts once per edge: two edges from one block are two)
    p = q;
  }
  if (p === undefined) return undefined;
  const term = m.blocks[p]!.term;
  return term.op === "jump" && term.target.block === h && !m.blocks[p]!.cold ? p : undefined;
}

/** The block defining each value (-1: none). */
function definingBlocks(m: MFunction): Int32Array {
  const def = DEF.take(m.types.length, -1);
  m.blocks.forEach((blk, b) => {
    if (blk.dead) return;
    for (const p of blk.params) def[p] = b;
    for (const i of blk.insts) {
      const op = i.op; // (read once: see instDef)
      if (op === "call" || op === "call_indirect") for (const d of (i as { readonly dsts: readonly LValue[] }).dsts) def[d] = b;
      else if (op !== "store") def[(i as { readonly dst: LValue }).dst] = b;
    }
  });
  return def;
}

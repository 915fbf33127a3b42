/**
 * The control-flow plan of one function: which blocks are printed in which
 * order under which labels, where each terminator edge lands, and the phi rows
 * every block parameter gets. Block parameters become phis, and three LLVM
 * rules shape the plan:
 *
 * - the entry block has no predecessors, so when LIR block 0 is a branch
 *   target a separate `entry` block (which also holds the allocas) jumps to it
 *   and its phis take the function arguments from there;
 * - a phi names predecessors, not edges, so when one terminator reaches the
 *   same block with parameters by edges carrying different arguments, every
 *   argument list but the first goes through a split block of its own
 *   (`bbP.eI`, I the index of the first such edge in the terminator);
 * - a phi has one row per incoming edge, so a block reached twice with the
 *   same arguments gets the same row twice.
 *
 * Instructions after a call to a `noreturn` extern are dead: the block ends
 * there with `unreachable`, and its original terminator contributes no edges.
 * Blocks the entry cannot reach are not printed (LLVM would need phis without
 * rows for them).
 */
import { type LBlockId, type LFunction, type LInst, type LTerm, type LValue, termEdges } from "@fzy/lir";

/** Where one terminator edge lands in the printed function. */
export interface EdgeRoute {
  readonly label: string;
  /** The label id of `label` (see EdgePlan.labelCount). */
  readonly to: number;
  /** The edge leads (directly or through a split block) to a cold block. */
  readonly cold: boolean;
}

/** A LIR block as printed. */
export interface PlannedBlock {
  readonly kind: "block";
  readonly label: string;
  /** Its label id: the LIR block id. */
  readonly labelId: number;
  readonly id: LBlockId;
  /** The block's instructions, cut after a call to a noreturn extern. */
  readonly insts: readonly LInst[];
  /** The block's terminator, or `trap` after a noreturn call. */
  readonly term: LTerm;
  /** One route per terminator edge, in `termEdges` order (@fzy/lir). */
  readonly routes: readonly EdgeRoute[];
}

/** A generated block carrying one edge's arguments to its target. */
export interface SplitBlock {
  readonly kind: "split";
  readonly label: string;
  /** Its label id (after the LIR blocks and the prologue). */
  readonly labelId: number;
  readonly target: LBlockId;
}

/** One phi row source: a predecessor label and the values it passes (or the function arguments, from the prologue). */
export interface Incoming {
  readonly from: string;
  /** The label id of `from`. */
  readonly fromId: number;
  readonly args: readonly LValue[] | "arguments";
}

/** The printed control flow of one function. */
export interface EdgePlan {
  /** A separate `entry` block precedes LIR block 0. */
  readonly prologue: boolean;
  /** Blocks in print order (LIR order, each split block right after its source). */
  readonly blocks: readonly (PlannedBlock | SplitBlock)[];
  /** Phi rows of each LIR block with parameters, indexed by block id. */
  readonly incoming: readonly (readonly Incoming[])[];
  /**
   * Labels are also numbered, so a printer can keep what it knows about
   * them in arrays: LIR block b is b, the prologue is `prologueId` (the
   * number of LIR blocks), split blocks follow in print order; ids are
   * below `labelCount`.
   */
  readonly prologueId: number;
  readonly labelCount: number;
}

/** Label of LIR block `b`. */
export function blockLabel(b: LBlockId): string {
  return `bb${b}`;
}

/** Label of the generated entry block. */
export const PROLOGUE_LABEL = "entry";

/** The instructions and terminator a block really executes, given which callees never return. */
function effectiveBody(insts: readonly LInst[], term: LTerm, isNoreturn: (callee: string) => boolean): { insts: readonly LInst[]; term: LTerm } {
  const stop = insts.findIndex((i) => i.op === "call" && isNoreturn(i.callee));
  if (stop < 0) return { insts, term };
  return { insts: insts.slice(0, stop + 1), term: { op: "trap" } };
}

/** Plans the printed control flow of `fn`. */
export function planEdges(fn: LFunction, isNoreturn: (callee: string) => boolean): EdgePlan {
  const n = fn.blocks.length;
  if (n === 0) throw new Error(`lower-llvm: function ${fn.name} has no blocks`);
  const bodies = fn.blocks.map((b) => effectiveBody(b.insts, b.term, isNoreturn));

  // Reachability from the entry, with an explicit worklist (no recursion depth limit).
  const reachable = new Array<boolean>(n).fill(false);
  const work: number[] = [0];
  reachable[0] = true;
  while (work.length > 0) {
    const b = work.pop()!;
    for (const e of termEdges(bodies[b]!.term)) {
      if (e.block < 0 || e.block >= n) throw new Error(`lower-llvm: ${fn.name} bb${b} branches to missing block ${e.block}`);
      if (!reachable[e.block]) {
        reachable[e.block] = true;
        work.push(e.block);
      }
    }
  }

  const incoming: Incoming[][] = fn.blocks.map(() => []);
  const blocks: (PlannedBlock | SplitBlock)[] = [];
  // One label string per block: every route to it shares it (cheap to compare and to look up by).
  const labels = fn.blocks.map((_, b) => blockLabel(b as LBlockId));
  let entryTargeted = false;
  let nextId = n + 1;
  for (let p = 0; p < n; p++) {
    if (!reachable[p]) continue;
    const id = p as LBlockId;
    const { insts, term } = bodies[p]!;
    const label = labels[p]!;
    const splits: SplitBlock[] = [];
    // Per target with parameters: where each distinct argument list seen so far is routed (keyed by the list's text,
    // so a terminator with many edges into one block stays linear).
    let seen: Map<number, Map<string, EdgeRoute>> | undefined;
    const routes = termEdges(term).map((edge, index): EdgeRoute => {
      const direct = edge.block as number;
      const target = fn.blocks[edge.block]!;
      if (edge.args.length !== target.params.length) {
        throw new Error(`lower-llvm: ${fn.name} ${label} passes ${edge.args.length} arguments to bb${edge.block}, which has ${target.params.length} parameters`);
      }
      if (edge.block === 0) entryTargeted = true;
      const cold = target.cold;
      const to = labels[edge.block]!;
      if (target.params.length === 0) return { label: to, to: direct, cold };
      seen ??= new Map();
      let lists = seen.get(edge.block);
      if (!lists) seen.set(edge.block, (lists = new Map()));
      const key = edge.args.join(",");
      const known = lists.get(key);
      if (known !== undefined) {
        if (known.to === direct) incoming[edge.block]!.push({ from: label, fromId: p, args: edge.args });
        return known;
      }
      if (lists.size === 0) {
        const route = { label: to, to: direct, cold };
        lists.set(key, route);
        incoming[edge.block]!.push({ from: label, fromId: p, args: edge.args });
        return route;
      }
      const split: SplitBlock = { kind: "split", label: `${label}.e${index}`, labelId: nextId++, target: edge.block };
      splits.push(split);
      const route = { label: split.label, to: split.labelId, cold };
      lists.set(key, route);
      incoming[edge.block]!.push({ from: split.label, fromId: split.labelId, args: edge.args });
      return route;
    });
    blocks.push({ kind: "block", label, labelId: p, id, insts, term, routes });
    for (const split of splits) blocks.push(split);
  }
  if (entryTargeted) incoming[0]!.unshift({ from: PROLOGUE_LABEL, fromId: n, args: "arguments" });
  return { prologue: entryTargeted, blocks, incoming, prologueId: n, labelCount: nextId };
}

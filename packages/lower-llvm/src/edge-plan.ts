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
import { type LBlockId, type LEdge, type LFunction, type LInst, type LTerm, type LValue, termEdges } from "@fzy/lir";

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

/** Where a block's instructions stop: after its first call to a noreturn extern, else its length. */
function effectiveLength(insts: readonly LInst[], isNoreturn: (callee: string) => boolean): number {
  for (let k = 0; k < insts.length; k++) {
    const i = insts[k]!;
    if (i.op === "call" && isNoreturn(i.callee)) return k + 1;
  }
  return insts.length;
}

const TRAP: LTerm = { op: "trap" };

/** Plans the printed control flow of `fn`. */
export function planEdges(fn: LFunction, isNoreturn: (callee: string) => boolean): EdgePlan {
  const n = fn.blocks.length;
  if (n === 0) throw new Error(`lower-llvm: function ${fn.name} has no blocks`);
  // What each block really executes: its terminator is `trap` after a noreturn call (cut = the kept instructions).
  // Plain arrays: most functions have a block or two, and a typed array costs more to make than to use.
  const cut = new Array<number>(n);
  const terms = new Array<LTerm>(n);
  for (let b = 0; b < n; b++) {
    const block = fn.blocks[b]!;
    cut[b] = effectiveLength(block.insts, isNoreturn);
    terms[b] = cut[b] === block.insts.length ? block.term : TRAP;
  }

  // Reachability from the entry, with an explicit worklist (no recursion depth limit).
  const reachable = new Array<boolean>(n).fill(false);
  const work: number[] = [0];
  reachable[0] = true;
  const reach = (from: number, e: LEdge) => {
    if (e.block < 0 || e.block >= n) throw new Error(`lower-llvm: ${fn.name} bb${from} branches to missing block ${e.block}`);
    if (!reachable[e.block]) {
      reachable[e.block] = true;
      work.push(e.block);
    }
  };
  while (work.length > 0) {
    const b = work.pop()!;
    const t = terms[b]!;
    if (t.op === "jump") reach(b, t.target);
    else if (t.op === "brif") { reach(b, t.then); reach(b, t.else); }
    else if (t.op === "br_table") { reach(b, t.default); for (const e of t.targets) reach(b, e); }
  }

  // Rows are added to a block's own list, made at its first row; a block without rows shares NO_ROWS.
  const incoming = new Array<Incoming[]>(n);
  const blocks: (PlannedBlock | SplitBlock)[] = [];
  // One label string per block: every route to it shares it (cheap to compare and to look up by).
  const labels = new Array<string>(n);
  for (let b = 0; b < n; b++) labels[b] = blockLabel(b as LBlockId);
  // One route object per block for the edges that land on it directly (most edges): routes are never mutated.
  const direct = new Array<EdgeRoute | undefined>(n);
  const directRoute = (b: number): EdgeRoute => (direct[b] ??= { label: labels[b]!, to: b, cold: fn.blocks[b]!.cold });
  // The routes of a jump to each block, shared by every jump there (route lists are never mutated either).
  const jumpRoutes = new Array<readonly EdgeRoute[] | undefined>(n);
  const addRow = (to: number, row: Incoming) => {
    const rows = incoming[to];
    if (rows === undefined) incoming[to] = [row];
    else rows.push(row);
  };
  let entryTargeted = false;
  let nextId = n + 1;
  const check = (edge: LEdge, label: string) => {
    const target = fn.blocks[edge.block]!;
    if (edge.args.length !== target.params.length) {
      throw new Error(`lower-llvm: ${fn.name} ${label} passes ${edge.args.length} arguments to bb${edge.block}, which has ${target.params.length} parameters`);
    }
    if (edge.block === 0) entryTargeted = true;
    return target;
  };
  /** The direct route of an edge, with its phi row when the target has parameters. */
  const directEdge = (edge: LEdge, p: number, label: string): EdgeRoute => {
    if (check(edge, label).params.length > 0) addRow(edge.block, { from: label, fromId: p, args: edge.args });
    return directRoute(edge.block);
  };
  for (let p = 0; p < n; p++) {
    if (!reachable[p]) continue;
    const id = p as LBlockId;
    const term = terms[p]!;
    const source = fn.blocks[p]!;
    const insts = cut[p] === source.insts.length ? source.insts : source.insts.slice(0, cut[p]);
    const label = labels[p]!;
    let routes: readonly EdgeRoute[];
    let splits: SplitBlock[] | undefined;
    // A terminator whose edges all go to different blocks needs no splits: every edge is direct, one row each.
    if (term.op === "jump") {
      const to = term.target.block;
      directEdge(term.target, p, label);
      routes = jumpRoutes[to] ??= [directRoute(to)];
    } else if (term.op === "brif" && term.then.block !== term.else.block) {
      routes = [directEdge(term.then, p, label), directEdge(term.else, p, label)];
    } else if (term.op === "return" || term.op === "trap") {
      routes = NO_ROUTES;
    } else {
      const edges = termEdges(term);
      for (const edge of edges) check(edge, label);
      splits = [];
      routes = sharedRoutes(edges, p, label, addRow, fn, directRoute, () => nextId++, splits);
    }
    blocks.push({ kind: "block", label, labelId: p, id, insts, term, routes });
    if (splits) for (const split of splits) blocks.push(split);
  }
  if (entryTargeted) (incoming[0] ??= []).unshift({ from: PROLOGUE_LABEL, fromId: n, args: "arguments" });
  for (let b = 0; b < n; b++) incoming[b] ??= NO_ROWS;
  return { prologue: entryTargeted, blocks, incoming, prologueId: n, labelCount: nextId };
}

const NO_ROWS: Incoming[] = [];
const NO_ROUTES: readonly EdgeRoute[] = [];

/**
 * Routes of a terminator with several edges into one block: per target with
 * parameters, the first argument list goes direct and every other distinct
 * one through a split block (keyed by the list's text, so a terminator with
 * many edges into one block stays linear); an edge repeating a list shares
 * its route.
 */
function sharedRoutes(
  edges: readonly LEdge[], p: number, label: string, addRow: (to: number, row: Incoming) => void, fn: LFunction,
  directRoute: (b: number) => EdgeRoute, nextId: () => number, splits: SplitBlock[],
): EdgeRoute[] {
  const seen = new Map<number, Map<string, EdgeRoute>>();
  return edges.map((edge, index): EdgeRoute => {
    const direct = edge.block as number;
    const target = fn.blocks[edge.block]!;
    if (target.params.length === 0) return directRoute(direct);
    let lists = seen.get(direct);
    if (!lists) seen.set(direct, (lists = new Map()));
    const key = edge.args.join(",");
    const known = lists.get(key);
    if (known !== undefined) {
      if (known.to === direct) addRow(direct, { from: label, fromId: p, args: edge.args });
      return known;
    }
    if (lists.size === 0) {
      const route = directRoute(direct);
      lists.set(key, route);
      addRow(direct, { from: label, fromId: p, args: edge.args });
      return route;
    }
    const split: SplitBlock = { kind: "split", label: `${label}.e${index}`, labelId: nextId(), target: edge.block };
    splits.push(split);
    const route = { label: split.label, to: split.labelId, cold: target.cold };
    lists.set(key, route);
    addRow(direct, { from: split.label, fromId: split.labelId, args: edge.args });
    return route;
  });
}

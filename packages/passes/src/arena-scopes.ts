/**
 * Arena scopes for loops: where the lowering marks the temporary arena at a
 * loop header and releases it to that mark on the back edge, so the buffers
 * of new strings (`concat`, `replace`, in the loop or in functions it calls)
 * live for one iteration instead of until the thread exits.
 *
 * A string is a view into its buffer, so a release is safe only when no view
 * made after the mark can be reached after the back edge. SSA values do not
 * cross a back edge, and a str stored into an array, a struct or an enum is
 * interned or copied into a counted string first (value-memory.ts), so views reach the next
 * iteration, or the code after the loop, only through a variable: a loop
 * gets a scope when every str variable it assigns is dead at the header
 * (each read in the loop or after it follows an assignment in the same
 * iteration, as with the variables inlined calls return through). The SSA
 * plan says which are live there: a variable assigned in a loop has the
 * header in the iterated dominance frontier of its assignments (a path from
 * the assignment to the back edge leaves the assignment's dominance at a
 * frontier block, and so on until the header), and the plan gives a
 * frontier block a parameter for it exactly when it is live there (pruned
 * SSA, ssa-plan.ts), so no liveness sets are made here. Every
 * back edge must be a plain `jump` to the header (a branch that also leaves
 * the loop would release views the code after the loop may read). Loops
 * that cannot allocate in the arena (no concat or replace, no read of a str
 * out of an array (stored-strings.ts StoredStrings.copies), in the loop or in
 * a function it calls, transitively) get no scope, so they pay
 * nothing. Natural loops as in Aho, Lam, Sethi, Ullman, 9.6.6.
 *
 * A function that may allocate in the arena and returns no str also gets a
 * scope of its own: a mark on entry, released before every return. No view
 * made after the mark can outlive the call: SSA values and variables are the
 * frame's, stores into objects and host calls intern, and the result is not
 * a view (a function returning a str hands its buffer to the caller, whose
 * scope covers it). This frees what loop scopes cannot: strings carried
 * across iterations in a variable, and those made outside any loop. The
 * entry block must have no predecessor, so the mark is taken once per call.
 */
import { blockSuccessors, type BlockId, type Func, type Inst, type ModuleIndex, type VarId } from "@fzy/ir";
import { LoopNest } from "./loop-nest.js";
import { holdsBetween } from "./sorted-lists.js";
import type { SsaPlan } from "./ssa-plan.js";
import { createsString, StoredStrings } from "./stored-strings.js";

export interface ArenaScopes {
  /** Loop headers that take a mark at their start. */
  readonly headers: ReadonlySet<BlockId>;
  /** Back-edge blocks and the header whose mark they release to, before their jump. */
  readonly latches: ReadonlyMap<BlockId, BlockId>;
  /** The function marks the arena on entry and releases it to that mark before every return. */
  readonly wholeFunction: boolean;
}

/** Whether an instruction of the function of `strings` allocates in the arena by itself (an indirect callee is unknown: it may). */
const allocatesDirectly = (i: Inst, strings: StoredStrings): boolean => i.op === "call.indirect" || createsString(i) || strings.copies(i);

/**
 * The functions that may allocate in the arena: those that do so directly,
 * and every function that calls one of them, found by a worklist over the
 * reversed call graph (a least fixed point: a recursive function that
 * allocates nothing is not marked). Linear in the module, and no recursion,
 * so a 20,000-deep call chain cannot exhaust the stack. Imports are never
 * marked: their str results come back as interned handles, not from the arena.
 */
function arenaAllocators(ix: ModuleIndex): ReadonlySet<string> {
  const callers = new Map<string, string[]>();
  const marked = new Set<string>();
  // Indexed loops; a function is done at its first direct allocation (its calls cannot mark it further).
  // Element reads are tested last: their test asks for the function's immortal values, which most
  // functions that read elements do not need to know here (another instruction allocates).
  for (const [name, f] of ix.functions) {
    // The string facts of the module's function, for this scan (its lowering, of a copy with exit reads, keeps its own).
    const strings = new StoredStrings(f);
    let reads = false;
    scan: for (let b = 0; b < f.blocks.length; b++) {
      const insts = f.blocks[b]!.insts;
      for (let k = 0; k < insts.length; k++) {
        const i = insts[k]!;
        if (i.op === "array.get") reads = true;
        else if (allocatesDirectly(i, strings)) {
          marked.add(name);
          break scan;
        }
        if (i.op === "call" && i.imm.kind === "func") {
          const list = callers.get(i.imm.name);
          if (list) list.push(name);
          else callers.set(i.imm.name, [name]);
        }
      }
    }
    if (reads && !marked.has(name) && readsStoredString(strings)) marked.add(name);
  }
  const work = [...marked];
  for (let n = work.pop(); n !== undefined; n = work.pop()) {
    for (const c of callers.get(n) ?? []) if (!marked.has(c)) { marked.add(c); work.push(c); }
  }
  return marked;
}

/** Whether an element read of the function of `strings` copies a stored string (allocatesDirectly's test of `array.get`). */
function readsStoredString(strings: StoredStrings): boolean {
  const blocks = strings.func.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const insts = blocks[b]!.insts;
    for (let k = 0; k < insts.length; k++) if (insts[k]!.op === "array.get" && strings.copies(insts[k]!)) return true;
  }
  return false;
}

/** Whether an instruction of the function of `strings` may allocate in the arena (itself, or through the function it calls; an indirect callee is unknown: it may). */
function allocatesIn(allocators: ReadonlySet<string>, strings: StoredStrings, i: Inst): boolean {
  return allocatesDirectly(i, strings) || (i.op === "call" && i.imm.kind === "func" && allocators.has(i.imm.name));
}

/** Whether any instruction of `func` may allocate in the arena (indexed loops: asked of every function, most of them small). */
function mayAllocate(allocators: ReadonlySet<string>, func: Func, strings: StoredStrings): boolean {
  for (let b = 0; b < func.blocks.length; b++) {
    const insts = func.blocks[b]!.insts;
    for (let k = 0; k < insts.length; k++) if (allocatesIn(allocators, strings, insts[k]!)) return true;
  }
  return false;
}

/**
 * The headers of the loops of `nest` with a block that may allocate in the
 * arena: each allocating block marks its innermost loop and the loops
 * around it, stopping at one already marked (its enclosing loops are
 * marked then too), so each block and each header is visited once.
 */
function allocatingLoops(func: Func, strings: StoredStrings, nest: LoopNest<BlockId>, allocators: ReadonlySet<string>): Set<BlockId> {
  const marked = new Set<BlockId>();
  for (let b = 0; b < func.blocks.length; b++) {
    let h = nest.innermost(b as BlockId);
    if (h === undefined || marked.has(h) || !func.blocks[b]!.insts.some((i) => allocatesIn(allocators, strings, i))) continue;
    for (; h !== undefined && !marked.has(h); h = nest.parent(h)) marked.add(h);
  }
  return marked;
}

/**
 * The places (LoopNest.place) of the blocks in a loop that assign each str
 * variable, ascending: the loop of h assigns v when one of v's places is
 * in h's span (holdsBetween), so no set of variables is made per loop (a
 * variable assigned in the innermost loop of a nest is assigned in all).
 */
function assignedPlaces(func: Func, nest: LoopNest<BlockId>): Map<VarId, number[]> {
  const places = new Map<VarId, number[]>();
  for (let b = 0; b < func.blocks.length; b++) {
    const at = nest.place(b as BlockId);
    if (at < 0) continue;
    for (const i of func.blocks[b]!.insts) {
      if (i.op !== "set" || i.imm.kind !== "var" || func.vars[i.imm.var]!.type.kind !== "str") continue;
      const list = places.get(i.imm.var);
      if (!list) places.set(i.imm.var, [at]);
      else if (list[list.length - 1] !== at) list.push(at);
    }
  }
  for (const list of places.values()) list.sort((a, b) => a - b);
  return places;
}

/** Whether no variable with a parameter at `h` (`phis`: live there, ssa-plan.ts) is a str variable the loop of `h` assigns. */
function keepsDead(h: BlockId, phis: readonly VarId[], places: ReadonlyMap<VarId, readonly number[]>, nest: LoopNest<BlockId>): boolean {
  for (const v of phis) {
    const at = places.get(v);
    if (at && holdsBetween(at, 0, at.length, nest.spanStart(h), nest.spanEnd(h))) return false;
  }
  return true;
}

const NO_SCOPES: ArenaScopes = { headers: new Set(), latches: new Map(), wholeFunction: false };

/**
 * The arena scopes of the functions of one lowering of a module, planned one
 * after another (lower-function.ts): which functions of the module may
 * allocate in the arena (arenaAllocators) is found at the first plan and
 * kept for the others of this lowering only, as a module may be changed in
 * place before it is lowered again.
 */
export class ArenaPlanner {
  /** arenaAllocators of the module, found at the first plan: most functions plan none. */
  private allocators: ReadonlySet<string> | undefined;

  constructor(private readonly ix: ModuleIndex) {}

  /**
   * The arena scopes of `func`'s loops, and whether the function takes one
   * of its own; `strings`: its string facts; `ssa`: its SSA plan;
   * `successors`: its blocks' successor lists, when the caller keeps them.
   */
  plan(
    func: Func, strings: StoredStrings, ssa: SsaPlan, successors: () => readonly (readonly BlockId[])[] = () => blockSuccessors(func),
  ): ArenaScopes {
    const allocators = (this.allocators ??= arenaAllocators(this.ix));
    // Most functions allocate nothing in the arena: one linear scan spares them the loop walk of scopesOf
    // (a loop nest and the loops' assignments), and the successor lists. The module's own function is
    // marked exactly when it may allocate (arenaAllocators' fixed point); another one is scanned.
    if (this.ix.functions.get(func.name) === func ? !allocators.has(func.name) : !mayAllocate(allocators, func, strings)) return NO_SCOPES;
    return scopesOf(func, strings, ssa, successors(), allocators);
  }
}

/** The arena scopes of `func`, which may allocate in the arena; `succs`: its blocks' successor lists. */
function scopesOf(
  func: Func, strings: StoredStrings, ssa: SsaPlan, succs: readonly (readonly BlockId[])[], allocators: ReadonlySet<string>,
): ArenaScopes {
  const dom = ssa.dom;
  // Each header's latches in block order (a block with two back edges to it is listed twice).
  const latchesOf = new Map<BlockId, BlockId[]>();
  for (let b = 0; b < succs.length; b++) {
    const ss = succs[b]!;
    if (ss.length === 0 || !dom.isReachable(b as BlockId)) continue;
    for (let j = 0; j < ss.length; j++) {
      const h = ss[j]!;
      if (!dom.dominates(h, b as BlockId)) continue;
      const list = latchesOf.get(h);
      if (list) list.push(b as BlockId);
      else latchesOf.set(h, [b as BlockId]);
    }
  }
  const headers = new Set<BlockId>();
  const latches = new Map<BlockId, BlockId>();
  // The natural loop of each header (its back edges' loops, joined), found once for all headers: a body walk per header cost depth^2 on a nest.
  const nest = latchesOf.size > 0 ? new LoopNest(dom, func.blocks.length) : undefined;
  const allocating = nest ? allocatingLoops(func, strings, nest, allocators) : new Set<BlockId>();
  const places = nest && func.vars.some((x) => x.type.kind === "str") ? assignedPlaces(func, nest) : new Map<VarId, number[]>();
  for (const [h, ls] of [...latchesOf].sort((a, b) => a[0] - b[0])) {
    if (!ls.every((l) => func.blocks[l]!.term.op === "jump" && !latches.has(l))) continue;
    if (!allocating.has(h)) continue;
    if (places.size > 0 && !keepsDead(h, ssa.phis[h]!, places, nest!)) continue;
    headers.add(h);
    for (const l of ls) latches.set(l, h);
  }
  const wholeFunction = func.result?.kind !== "str" && !succs.some((ss) => ss.includes(0 as BlockId));
  return { headers, latches, wholeFunction };
}

/**
 * The inliner's plan (inline-small-functions.ts), known before any body is
 * copied, over the sites and call graph of inline-sites.ts (dense function
 * ids, CSR): the functions that can reach themselves (Tarjan's strongly
 * connected components), the bottom-up order, each function's final size and
 * counts, which sites are inlined calls, and the functions an exported
 * function still reaches once calls are inlined. Linear in functions + sites:
 * no body is read here, and every table is a typed array indexed by id.
 */
import { type Module, type ModuleIndex } from "@fzy/ir";
import { decide, type Decision, type Mode } from "./eligibility.js";
import { OPTIMIZE_MAX_INSTS } from "./eligibility-thresholds.js";
import { firstSite, moduleSites, type ModuleSites, SITE_CALL_WITH_RESULT } from "./inline-sites.js";

/**
 * The largest flat function, in IR instructions (plan sizes): the lowering
 * merges the blocks of a split only when the matrix lets the optimizer fold
 * the function, which it does up to OPTIMIZE_MAX_INSTS lowered
 * instructions; a twentieth of that leaves room for what one IR
 * instruction of a flat function (scalars only) can lower to.
 */
const FLAT_MAX_SIZE = OPTIMIZE_MAX_INSTS / 20;

export interface InlineOptions {
  readonly mode: Mode;
  readonly enabled: boolean;
  /**
   * false: no function is flat, every inlined call splits its block: for
   * a lowering whose optimizer does not fold (it would leave a split's
   * blocks as they are), or that prints each IR instruction as a comment
   * (constants a splice leaves in the entry block keep theirs, where
   * constants hoisted from a callee's own block lose it). Default true.
   */
  readonly splice?: boolean;
}

/**
 * Functions that can reach themselves through calls (1 by function id): the members of a
 * strongly connected component of the call graph with more than one
 * function, or with a call to itself. Tarjan's algorithm (SIAM J. Comput.,
 * 1972), with an explicit stack so a deep call chain cannot overflow ours:
 * linear in functions + call edges.
 */
export function recursive({ callStart, callees }: { readonly callStart: ArrayLike<number>; readonly callees: ArrayLike<number> }): Uint8Array {
  const n = callStart.length - 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const rec = new Uint8Array(n);
  let counter = 0;
  // Each frame: a function and its next edge in `callees` (two parallel stacks, shared by every root).
  const frameFn = new Int32Array(n), frameAt = new Int32Array(n);
  let fp = 0;
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    frameFn[fp] = root;
    frameAt[fp++] = callStart[root]!;
    while (fp > 0) {
      const top = fp - 1;
      const f = frameFn[top]!, e = frameAt[top]!;
      if (e < callStart[f + 1]!) {
        frameAt[top] = e + 1;
        const g = callees[e]!;
        if (g === f) rec[f] = 1;
        if (index[g]! < 0) {
          index[g] = low[g] = counter++;
          stack[sp++] = g;
          onStack[g] = 1;
          frameFn[fp] = g;
          frameAt[fp++] = callStart[g]!;
        } else if (onStack[g] && index[g]! < low[f]!) {
          low[f] = index[g]!;
        }
        continue;
      }
      fp--;
      if (fp > 0) {
        const p = frameFn[fp - 1]!;
        if (low[f]! < low[p]!) low[p] = low[f]!;
      }
      if (low[f] !== index[f]) continue;
      // f roots a component: pop it; more than one member means a cycle.
      const many = stack[sp - 1] !== f;
      let g: number;
      do {
        g = stack[--sp]!;
        onStack[g] = 0;
        if (many) rec[g] = 1;
      } while (g !== f);
    }
  }
  return rec;
}

/** Post-order of the call graph (callees before callers), deterministic. */
function bottomUp({ callStart, callees }: ModuleSites): Int32Array {
  const n = callStart.length - 1;
  const done = new Uint8Array(n);
  const order = new Int32Array(n);
  let out = 0;
  // A function and its next edge in `callees`, per frame (two parallel stacks, shared by every root).
  const fns = new Int32Array(n), at = new Int32Array(n);
  let fp = 0;
  for (let root = 0; root < n; root++) {
    if (done[root]) continue;
    done[root] = 1;
    fns[fp] = root;
    at[fp++] = callStart[root]!;
    while (fp > 0) {
      const top = fp - 1;
      const f = fns[top]!;
      if (at[top]! < callStart[f + 1]!) {
        const g = callees[at[top]!++]!;
        if (!done[g]) {
          done[g] = 1;
          fns[fp] = g;
          at[fp++] = callStart[g]!;
        }
      } else {
        order[out++] = f;
        fp--;
      }
    }
  }
  return order;
}

/**
 * What inlining does, known before any body is copied. Per function (dense
 * id), in bottom-up order: its size, value, variable and block counts once its
 * own calls are inlined (its "final" body), and which of its sites are
 * inlined calls (the others are what else its body references: calls left as
 * calls, function references, globals holding one). The counts follow
 * inlineAt: an inlined call adds the callee's final body (less its
 * parameters: the call's arguments stand for them), one `set` per `ret` with
 * a value and one `get` for a result, one block (the continuation) and one
 * variable (the result). Only calls of a function's own body are ever
 * inlined into it: a call inside a copied callee was left a call there for a
 * reason (its size, recursion) that holds in the caller too.
 *
 * A function whose final body is one block ("flat": its own body is one
 * block ending in `ret`, and every callee it inlines is flat) is built by
 * splicing instead: each callee's instructions (and the `set`/`get` of the
 * result) take the call's place in the block, with no block of their own
 * and no continuation. Sizes (the matrix's measure), variables and their
 * order are the same either way. The blocks differ (the lowering merges
 * such a chain of blocks into one anyway, so the output is the same), and
 * `splitBlocks` keeps the count a split at every inlined call would give
 * (the order of the records follows it). So do the values and
 * variables: a call spliced inside a spliced callee leaves no `set`/`get`
 * of a result variable, its result is the callee's returned value, so the
 * value it defined and the variable are gone. A function whose lowering tells
 * where its blocks begin (inline-sites.ts keepsBlocks, its own or an
 * inlined callee's) is not flat.
 */
export interface InlinePlan {
  readonly order: Int32Array;
  /** Position of each function in `order`: a callee can be inlined only into a function after it. */
  readonly at: Int32Array;
  readonly sizes: Int32Array;
  /** Per function: its final value count (a flat one's, spliced; see splicedValues). */
  readonly valueCounts: Int32Array;
  /**
   * Per flat function: the values its body adds where it is spliced into
   * another (its final values less its parameters and the results of the
   * calls it splices).
   */
  readonly splicedValues: Int32Array;
  /** Per function: its final variable count (a flat one's, spliced). */
  readonly varCounts: Int32Array;
  /** Per function: the variables its body adds where it is split into another (its split body's, less its result variable). */
  readonly splitVars: Int32Array;
  /** Per flat function: the variables its body adds where it is spliced into another (its own and those of what it splices). */
  readonly splicedVars: Int32Array;
  readonly blockCounts: Int32Array;
  /** Per function: its block count had every inlined call split its block (the numbering the records are ordered by). */
  readonly splitBlocks: Int32Array;
  /** Per function: 1 when it is flat (its final body is one block ending in `ret`, made by splicing). */
  readonly flat: Uint8Array;
  /** Per site (inline-sites.ts): 1 when it is a call its function inlines. */
  readonly inlinedSite: Uint8Array;
  /** Per function: the calls of its own body it inlines. */
  readonly inlineCount: Int32Array;
  /** The matrix's decision per call, asked once per callee size. */
  readonly decider: InlineDecider;
}

/**
 * Whether an owner's body inlines the call of function `g`. The matrix's
 * answer depends on g's final size only, so it is asked once per size
 * (a long call chain asks about the same callees at every level of nesting)
 * and kept per callee once asked.
 */
class InlineDecider {
  /** The matrix's decisions, one per callee size asked (most callees share a handful of sizes), and their positions by size. */
  private readonly decisions: Decision[] = [];
  private readonly bySize = new Map<number, number>();
  /**
   * Per callee once asked (its final size is known by then: it comes before
   * its callers): 1 + the position of its decision. Typed: a list with an
   * entry per function is a large object on a long call chain (report.ts
   * Column says what that costs).
   */
  private readonly byCallee: Int32Array;

  constructor(private readonly at: Int32Array, readonly sizes: Int32Array, private readonly rec: Uint8Array, private readonly opts: InlineOptions) {
    this.byCallee = new Int32Array(sizes.length);
  }

  /** The decision for a call of g in owner's own body, or undefined when g can never be inlined there (not before owner in bottom-up order, or recursive). */
  ask(owner: number, g: number): Decision | undefined {
    if (this.at[g]! >= this.at[owner]! || g === owner || this.rec[g]) return undefined;
    const known = this.byCallee[g]!;
    return known > 0 ? this.decisions[known - 1]! : this.decideFor(g);
  }

  private decideFor(g: number): Decision {
    const insts = this.sizes[g]!;
    let k = this.bySize.get(insts);
    if (k === undefined) {
      k = this.decisions.length;
      this.decisions.push(decide({ kind: "call", mode: this.opts.mode, enabled: this.opts.enabled, escape: "none", mutability: "immutable", constant: false, insts }));
      this.bySize.set(insts, k);
    }
    this.byCallee[g] = k + 1;
    return this.decisions[k]!;
  }
}

/** The plan of `m` from its sites (inline-sites.ts) and its recursive functions (`rec`, see recursive). */
export function planInlining(m: Module, sites: ModuleSites, rec: Uint8Array, opts: InlineOptions): InlinePlan {
  const n = m.functions.length;
  const order = bottomUp(sites);
  const at = new Int32Array(n);
  for (let k = 0; k < n; k++) at[order[k]!] = k;
  const counts = new PlanCounts(sites, new InlineDecider(at, sites.size.slice(), rec, opts), opts.splice !== false);
  for (let k = 0; k < n; k++) counts.add(order[k]!);
  const { sizes, valueCounts, splicedValues, varCounts, splitVars, splicedVars, blockCounts, splitBlocks, flat, inlinedSite, inlineCount, decider } = counts;
  return { order, at, sizes, valueCounts, splicedValues, varCounts, splitVars, splicedVars, blockCounts, splitBlocks, flat, inlinedSite, inlineCount, decider };
}

/**
 * The counts of planInlining, one `add` per function in bottom-up order. A
 * method per function rather than the body of planInlining's loop: the
 * engine optimizes a method called once per function at once, while a long
 * loop in a function called once per module runs unoptimized until it is
 * replaced on the stack.
 */
class PlanCounts {
  // Each function's own counts; those that inline something add their callees' in `add`.
  // A callee split into its caller brings its split body's values (splitValues), one spliced its spliced body's.
  readonly sizes: Int32Array;
  readonly splitValues: Int32Array;
  readonly splicedValues: Int32Array;
  readonly splitVars: Int32Array;
  readonly splicedVars: Int32Array;
  readonly blockCounts: Int32Array;
  readonly splitBlocks: Int32Array;
  readonly flat: Uint8Array;
  readonly keeps: Uint8Array;
  readonly inlinedSite: Uint8Array;
  readonly inlineCount: Int32Array;
  readonly valueCounts: Int32Array;
  readonly varCounts: Int32Array;

  constructor(private readonly sites: ModuleSites, readonly decider: InlineDecider, private readonly splice: boolean) {
    const n = sites.size.length;
    this.sizes = decider.sizes;
    this.splitValues = sites.values.slice();
    this.splicedValues = sites.values.slice();
    this.splitVars = sites.vars.slice();
    this.splicedVars = sites.vars.slice();
    this.blockCounts = new Int32Array(n);
    for (let f = 0; f < n; f++) this.blockCounts[f] = sites.blockStart[f + 1]! - sites.blockStart[f]!;
    this.splitBlocks = this.blockCounts.slice();
    this.flat = new Uint8Array(n);
    this.keeps = sites.keepsBlocks.slice();
    this.inlinedSite = new Uint8Array(sites.siteCallee.length);
    this.inlineCount = new Int32Array(n);
    this.valueCounts = new Int32Array(n);
    this.varCounts = new Int32Array(n);
  }

  /** Function f's counts, its callees' known (they come before it in bottom-up order). */
  add(f: number): void {
    const { sites, decider, sizes, splitValues, splicedValues, splitVars, splicedVars, splitBlocks, keeps, flat } = this;
    const { siteCallee, siteKind, returns, params, hasResult, oneBlockRet } = sites;
    const end = firstSite(sites, f + 1);
    // The calls it splices with a result; those of callees with a result (a spliced function's own calls keep their result variables).
    let flatCallees = true, results = 0, resultVars = 0;
    for (let s = firstSite(sites, f); s < end; s++) {
      if (!siteKind[s]) continue;
      const g = siteCallee[s]!;
      if (decider.ask(f, g)?.form !== "inlined") continue;
      // The callee's final body, a `set` per `ret` with a value and a `get` of the result; its parameters are the call's arguments.
      const result = hasResult[g] === 1;
      sizes[f] += sizes[g]! + (result ? returns[g]! + (siteKind[s] === SITE_CALL_WITH_RESULT ? 1 : 0) : 0);
      splitValues[f] += splitValues[g]! - params[g]!;
      splicedValues[f] += splicedValues[g]!;
      if (siteKind[s] === SITE_CALL_WITH_RESULT) results++;
      splitVars[f] += splitVars[g]! + (result ? 1 : 0);
      splicedVars[f] += splicedVars[g]!;
      if (result) resultVars++;
      splitBlocks[f] += splitBlocks[g]! + 1;
      keeps[f] |= keeps[g]!;
      if (!flat[g]) flatCallees = false;
      this.inlinedSite[s] = 1;
      this.inlineCount[f]++;
    }
    if (this.splice && flatCallees && oneBlockRet[f] && !keeps[f] && sizes[f]! <= FLAT_MAX_SIZE) flat[f] = 1;
    this.blockCounts[f] = flat[f] ? 1 : splitBlocks[f]!;
    this.valueCounts[f] = flat[f] ? splicedValues[f]! : splitValues[f]!;
    this.varCounts[f] = flat[f] ? splicedVars[f]! + resultVars : splitVars[f]!;
    splicedValues[f] -= params[f]! + results;
  }
}

/**
 * The functions an exported function reaches once calls are inlined (all of
 * them when none is exported: the module has no roots to judge by). A final
 * body references what its own body does, less the inlined calls, plus what
 * the final bodies of its inlined callees reference; each body is opened
 * once, so this is linear in the plan.
 */
export function reachable(m: Module, sites: ModuleSites, plan: InlinePlan): Uint8Array {
  const n = m.functions.length;
  const live = new Uint8Array(n), opened = new Uint8Array(n);
  const work: number[] = [], bodies: number[] = [];
  for (let f = 0; f < n; f++) {
    if (!sites.exported[f]) continue;
    live[f] = 1;
    work.push(f);
  }
  if (work.length === 0) return live.fill(1);
  const { siteCallee } = sites, { inlinedSite } = plan;
  while (work.length) {
    bodies.push(work.pop()!);
    while (bodies.length) {
      const f = bodies.pop()!;
      if (opened[f]) continue;
      opened[f] = 1;
      const end = firstSite(sites, f + 1);
      for (let s = firstSite(sites, f); s < end; s++) {
        const g = siteCallee[s]!;
        if (inlinedSite[s]) bodies.push(g);
        else if (!live[g]) {
          live[g] = 1;
          work.push(g);
        }
      }
    }
  }
  return live;
}

/** What inlining a module will do, before any body is built: its sites, the plan, and the kept functions' ids in module order. */
export interface PlannedModule {
  readonly sites: ModuleSites;
  readonly plan: InlinePlan;
  readonly kept: Int32Array;
}

/**
 * The sites and plan of `m` and the functions kept (with `prune`, those an
 * exported function reaches); undefined when no body references a module
 * function (a module of leaf functions) and pruning keeps them all: nothing
 * is inlined or recorded. The inliner (inline-small-functions.ts) builds
 * each kept function in any order: a body is made from the input's bodies
 * and the plan alone.
 */
export function planModule(ix: ModuleIndex, m: Module, opts: InlineOptions & { readonly prune?: boolean }): PlannedModule | undefined {
  const sites = moduleSites(m, ix);
  const n = m.functions.length;
  if (sites.blockSite[sites.blockSite.length - 1] === 0 && !(opts.prune && prunesLeaves(sites.exported))) return undefined;
  const plan = planInlining(m, sites, recursive(sites), opts);
  const keep = opts.prune ? reachable(m, sites, plan) : undefined;
  let count = 0;
  for (let f = 0; f < n; f++) if (!keep || keep[f]) count++;
  const kept = new Int32Array(count);
  for (let f = 0, k = 0; f < n; f++) if (!keep || keep[f]) kept[k++] = f;
  return { sites, plan, kept };
}

/** Whether pruning a module without sites drops a function: some are exported and some are not. */
function prunesLeaves(exported: Uint8Array): boolean {
  const first = exported[0];
  for (let f = 1; f < exported.length; f++) if (exported[f] !== first) return true;
  return false;
}

/**
 * Where the lowering needs block parameters for the IR's mutable variables.
 *
 * The IR keeps cross-block state in variables; the lowered form is SSA. We
 * place a block parameter for variable v at block B exactly when B is in the
 * iterated dominance frontier of the blocks that assign v and v is live on
 * entry to B (pruned SSA; Cytron et al., "Efficiently Computing Static Single
 * Assignment Form and the Control Dependence Graph", TOPLAS 1991). Renaming
 * is then implicit: walking blocks in reverse postorder, a block without a
 * parameter for v sees v's value at the end of its immediate dominator.
 *
 * Cost, near linear in what the answer needs rather than in the live sets
 * (whose total size is quadratic on a deep loop nest, every counter being
 * live in every inner loop, or with n variables live across n diamonds):
 * - Liveness is asked only at frontier blocks. A block that reads v before
 *   assigning it, or assigns it before reading it, answers at once, and an
 *   assignment dominating every read but not the block shows v dead there
 *   (QuickLiveness); a frontier block left open is followed as if live, and
 *   v's open ones are settled together, by which parameters the reads use
 *   through reaching definitions over the dominator tree (ReachingUses).
 * - The iterated frontiers come from Cytron's worklist over explicit
 *   dominance frontiers (built as by Cooper, Harvey and Kennedy, 2001) while
 *   their total size stays within a linear budget, and otherwise (deep nests
 *   with long back edges make it quadratic) from Sreedhar and Gao's walk of
 *   the DJ graph ("A Linear Time Algorithm for Placing phi-nodes", POPL
 *   1995), which builds no frontiers but walks a definition's whole dominator
 *   subtree per variable. Both compute the same sets; block parameters are
 *   listed in variable order either way.
 *
 * `liveIn` (every block's live-in set, for tests and tools) is computed on
 * first use by walking backwards from the reads of every variable.
 *
 * Parameters go only to joins, so a function without a join (straight code,
 * or a tree of branches such as a chain of inlined calls leaves) needs no
 * flow graph and no liveness; a function of one block that branches nowhere
 * and has no variables shares one plan with all the others.
 */
import { type BlockId, computeDominatorsOfGraph, type DominatorTree, dominatorsOf, type Func, successors, type VarId } from "@fzy/ir";
import { dominanceFrontiers } from "./ssa-frontiers.js";
import { allLiveIn, DEAD, Flow, OPEN, QuickLiveness, Sites } from "./ssa-liveness.js";
import { DominatorOrder } from "./ssa-nearest.js";
import { ReachingUses } from "./ssa-reaching.js";
import { FRESH_TABLES, type Ints, type IntTables, type SsaTables } from "./ssa-tables.js";

export interface SsaPlan {
  readonly dom: DominatorTree<BlockId>;
  /** Variables that get a block parameter at each block, in variable order. */
  readonly phis: readonly (readonly VarId[])[];
  /** Variables live on entry to each block (iterated in increasing variable order); computed on first use. */
  readonly liveIn: readonly ReadonlySet<VarId>[];
}

/**
 * How the iterated frontiers are found: "auto" (frontier lists within a
 * linear budget, else the DJ-graph walk), or one of the two forced (tests
 * compare them).
 */
export type Placement = "auto" | "frontiers" | "dj-walk";

const NO_VARS: readonly VarId[] = [];
const NO_LIVE: ReadonlySet<VarId> = new Set();

/**
 * The plan of every function of one block that branches nowhere and has no
 * variables (most small functions): one immutable value shared by all.
 */
const ONE_BLOCK_DOM = computeDominatorsOfGraph<BlockId>([[]]);
const ONE_BLOCK_PLAN: SsaPlan = Object.freeze({ dom: ONE_BLOCK_DOM, phis: Object.freeze([NO_VARS]), liveIn: Object.freeze([NO_LIVE]) });

/** The size, in blocks, from which a function's dominator tree is looked up in @fzy/ir's cache (a tuning: smaller trees are not kept there). */
const CACHED_BLOCKS = 64;

/**
 * The dominator tree and the block parameters of `func` (see the header);
 * `placement` is for tests; `succs`: the successor lists of its blocks,
 * when the caller keeps them (asked only when a dominator tree is built);
 * `reused`: tables to take over from the caller's last plan (ssa-tables.ts;
 * then the plan's `phis` is valid until the next plan on them).
 */
export function planSsa(
  func: Func, placement: Placement = "auto", succs?: () => readonly (readonly BlockId[])[], reused?: SsaTables,
): SsaPlan {
  const n = func.blocks.length;
  const oneBlock = n === 1 && successors(func.blocks[0]!.term).length === 0;
  if (oneBlock && func.vars.length === 0) return ONE_BLOCK_PLAN;
  // A large function's tree is usually the one the parser made and kept (dominatorsOf checks that its
  // edges are unchanged); a small one's is made here, from the caller's successor lists, which later
  // analyses reuse (the cache keeps no small trees, and a miss would make its own lists).
  const dom = oneBlock ? ONE_BLOCK_DOM : n < CACHED_BLOCKS && succs ? computeDominatorsOfGraph(succs()) : dominatorsOf(func);
  if (func.vars.length === 0) {
    // Nothing to place: no flow graph, no liveness.
    return new NoVariablesPlan(dom, reused?.blockLists(n, NO_VARS) ?? new Array(n).fill(NO_VARS));
  }
  if (!hasJoin(dom)) {
    // Parameters go only to joins (Flow.isJoin): without one there is nothing to place (straight
    // code, or a tree of branches as a chain of inlined calls leaves), and liveness waits for a question.
    return new VariablesPlan(func, dom, reused?.blockLists(n, NO_VARS) ?? new Array(n).fill(NO_VARS), undefined, undefined);
  }
  const tables: IntTables = reused?.begin() ?? FRESH_TABLES;
  const g = new Flow(func, dom, tables);
  const sites = new Sites(func, g, tables);
  const frontiers = placement === "dj-walk" ? undefined : dominanceFrontiers(g, placement === "frontiers" ? Infinity : 4 * (g.n + g.edges) + 64, tables);
  // Most blocks get no parameter: they share one empty list.
  const phis: (readonly VarId[])[] = reused?.blockLists(g.n, NO_VARS) ?? new Array(g.n).fill(NO_VARS);
  let order: DominatorOrder | undefined, reaching: ReachingUses | undefined;
  const orderOf = () => (order ??= new DominatorOrder(g.n, g.idom, dom.rpo, tables));
  const live = new QuickLiveness(g, sites, dom, orderOf, tables);
  const place = frontiers ? new FrontierPlacer(g, frontiers, tables) : new DjWalkPlacer(g, dom, tables);
  // The variable being placed; its frontier blocks where it is live or not known dead (`candidates`, the
  // first `count`), and whether any is not known live. One callback for every variable: one made per
  // variable was a closure and a context each, for the thousands of counters of a deep nest.
  const candidates = tables.ints(g.n);
  let v = 0, count = 0, open = false;
  const candidate = (y: number): boolean => {
    const answer = live.liveIn(v, y);
    if (answer === DEAD) return false;
    candidates[count++] = y;
    if (answer === OPEN) open = true;
    return true;
  };
  for (v = 0; v < g.nv; v++) {
    if (sites.defStart[v] === sites.defStart[v + 1]) continue;
    sites.stampVar(v);
    count = 0;
    open = false;
    place.run(v, sites, candidate);
    if (open) count = (reaching ??= new ReachingUses(g, orderOf(), tables)).keepUsed(v, sites, candidates, count);
    // The list shared by the blocks whose only variable is v (the lists are never changed in place).
    let one: readonly VarId[] | undefined;
    for (let i = 0; i < count; i++) {
      const y = candidates[i]!, at = phis[y]!;
      if (at === NO_VARS) phis[y] = one ??= [v as VarId];
      else if (at.length === 1) phis[y] = [at[0]!, v as VarId];
      else (at as VarId[]).push(v as VarId);
    }
  }
  // Reused tables belong to the caller's next plan by the time liveIn is asked: then it makes a flow graph of its own.
  return reused === undefined ? new VariablesPlan(func, dom, phis, g, sites) : new VariablesPlan(func, dom, phis, undefined, undefined);
}

/**
 * The plan of a function with variables; its live-in sets made at the first
 * question. A class, not an object literal with a getter: such a literal
 * defines its accessor at run time, some microseconds per function.
 */
class VariablesPlan implements SsaPlan {
  private liveIn_: readonly ReadonlySet<VarId>[] | undefined;

  /** `flow`, `sites`: the function's flow graph and sites when still valid at the question (else made then). */
  constructor(
    private readonly func: Func, readonly dom: DominatorTree<BlockId>, readonly phis: readonly (readonly VarId[])[],
    private readonly flow: Flow | undefined, private readonly sites: Sites | undefined,
  ) {}

  get liveIn(): readonly ReadonlySet<VarId>[] {
    if (this.liveIn_) return this.liveIn_;
    const g = this.flow ?? new Flow(this.func, this.dom);
    return (this.liveIn_ = allLiveIn(g, this.sites ?? new Sites(this.func, g)));
  }
}

/** The plan of a function without variables: nothing is live anywhere (the list saying so made at the first question). */
class NoVariablesPlan implements SsaPlan {
  private liveIn_: readonly ReadonlySet<VarId>[] | undefined;

  constructor(readonly dom: DominatorTree<BlockId>, readonly phis: readonly (readonly VarId[])[]) {}

  get liveIn(): readonly ReadonlySet<VarId>[] {
    return (this.liveIn_ ??= new Array(this.phis.length).fill(NO_LIVE));
  }
}

/** Whether a reachable block has two or more reachable incoming edges (Flow.isJoin), from the dominator tree's lists. */
function hasJoin(dom: DominatorTree<BlockId>): boolean {
  for (const b of dom.rpo) {
    const preds = dom.preds[b]!;
    if (preds.length < 2) continue;
    let reachable = 0;
    for (const p of preds) if (dom.isReachable(p) && ++reachable >= 2) return true;
  }
  return false;
}

/**
 * Finds the iterated frontier of v's assignments; `candidate(y)`, asked once
 * per frontier block, says whether v may be live at y (then y is followed).
 */
interface Placer {
  run(v: number, sites: Sites, candidate: (y: number) => boolean): void;
}

/** Cytron's worklist over explicit frontiers: a frontier block that gets a parameter is itself an assignment. */
class FrontierPlacer implements Placer {
  private readonly inIdf: Ints;
  /** The worklist, a stack: a block enters it at most once per variable (an assignment, or else a frontier block first met). */
  private readonly work: Ints;

  constructor(private readonly g: Flow, private readonly df: { start: Ints; items: Ints }, tables: IntTables) {
    this.inIdf = tables.ints(g.n);
    this.work = tables.ints(g.n);
  }

  run(v: number, sites: Sites, candidate: (y: number) => boolean): void {
    const stamp = v + 1, { start, items } = this.df, work = this.work;
    let top = 0;
    for (let k = sites.defStart[v]!; k < sites.defStart[v + 1]!; k++) if (this.g.reachable[sites.defBlocks[k]!]) work[top++] = sites.defBlocks[k]!;
    while (top > 0) {
      const x = work[--top]!;
      for (let i = start[x]!; i < start[x + 1]!; i++) {
        const y = items[i]!;
        if (this.inIdf[y] === stamp) continue;
        this.inIdf[y] = stamp;
        // Pruned: a frontier block where v is dead gets no parameter and need
        // not be followed: every live block beyond it is reached from a
        // definition on a path that avoids it (as LLVM's IDFCalculator).
        if (candidate(y) && sites.defStamp[y] !== stamp) work[top++] = y;
      }
    }
  }
}

/**
 * Sreedhar and Gao's walk of the DJ graph: roots taken deepest first from a
 * bucket per dominator-tree level; from each root its dominator subtree is
 * walked once per variable, and every join edge x -> y with level(y) <=
 * level(root) puts y in the frontier.
 */
class DjWalkPlacer implements Placer {
  private readonly buckets: number[][] = [];
  private readonly inIdf: Ints;
  private readonly visited: Ints;
  private readonly walk: number[] = [];

  constructor(private readonly g: Flow, private readonly dom: DominatorTree<BlockId>, tables: IntTables) {
    this.inIdf = tables.ints(g.n);
    this.visited = tables.ints(g.n);
  }

  run(v: number, sites: Sites, candidate: (y: number) => boolean): void {
    const stamp = v + 1, { level, succ, succStart, idom } = this.g, buckets = this.buckets, walk = this.walk;
    let top = -1, pending = 0;
    const push = (b: number) => {
      const l = level[b]!;
      (buckets[l] ??= []).push(b);
      pending++;
      if (l > top) top = l;
    };
    for (let k = sites.defStart[v]!; k < sites.defStart[v + 1]!; k++) if (this.g.reachable[sites.defBlocks[k]!]) push(sites.defBlocks[k]!);
    for (; top >= 0 && pending > 0; top--) {
      const bucket = buckets[top];
      while (bucket !== undefined && bucket.length > 0) {
        const root = bucket.pop()!;
        pending--;
        if (this.visited[root] === stamp) continue;
        this.visited[root] = stamp;
        walk.push(root);
        while (walk.length) {
          const x = walk.pop()!;
          for (let i = succStart[x]!; i < succStart[x + 1]!; i++) {
            const y = succ[i]!;
            if (idom[y] === x || level[y]! > top || this.inIdf[y] === stamp || !this.g.isJoin(y)) continue;
            this.inIdf[y] = stamp;
            if (candidate(y) && sites.defStamp[y] !== stamp) push(y);
          }
          for (const c of this.dom.children(x as BlockId)) {
            if (this.visited[c] !== stamp) {
              this.visited[c] = stamp;
              walk.push(c);
            }
          }
        }
      }
    }
  }
}

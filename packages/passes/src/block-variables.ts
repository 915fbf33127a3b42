/**
 * The IR's mutable variables as SSA values, block by block, following the
 * plan of ssa-plan.ts. Blocks are lowered in reverse postorder, so a block's
 * immediate dominator is done before it: a block with a parameter for v reads
 * v from its parameters, any other block sees v's value at the end of its
 * immediate dominator. Each IR block maps to one lowered block whose
 * parameters are the planned variables' parts, in variable order.
 *
 * Invariant: the state recorded at the end of a block (`leave`) is never
 * changed afterwards; assignments made by a terminator belong to no recorded
 * state. The states are nodes of one tree (variable-states.ts): a block's
 * state is a child of its immediate dominator's recorded state, holding only
 * the block's own parameters and assignments, so the cost is linear in
 * those, not blocks x variables.
 */
import type { BlockId, Func, VarId } from "@fzy/ir";
import { edge, type LBlockId, type LEdge, type LFunctionBuilder, type LType, type LValue, NO_VALUES } from "@fzy/lir";
import type { Representation } from "./layout.js";
import type { SsaPlan } from "./ssa-plan.js";
import { Scratch } from "./optimize-scratch.js";
import { VariableStates } from "./variable-states.js";

/** The parameter types of a block without parameters (shared, never written). */
const NO_TYPES: readonly LType[] = [];
/** The parts of a variable of one part, by its machine type (shared by every such variable, never written). */
const ONE_PART: Readonly<Record<LType, readonly LType[]>> = {
  bool: ["bool"], i8: ["i8"], i16: ["i16"], i32: ["i32"], i64: ["i64"], f32: ["f32"], f64: ["f64"], ptr: ["ptr"],
};
/** The arguments of an edge to a block without parameters: the builder's one empty value list (edges are never changed in place). */
export const NO_ARGS: readonly LValue[] = NO_VALUES;

/**
 * The per-block tables of BlockVariables, reused from one function to the
 * next by a caller lowering many in turn (one function at a time): a large
 * function's would otherwise be made on fresh memory each time.
 */
export class BlockVariablesScratch {
  blockMap: LBlockId[] = [];
  readonly exits = new Scratch();
  /** The VariableStates' node table. */
  readonly nodes = new Scratch();
}

/** The variables' SSA values of one function, block by block. */
export class BlockVariables {
  /** The lowered block of each IR block (entries past the function's blocks are another function's). */
  readonly blockMap: readonly LBlockId[];
  /** The states; none in a function without variables. */
  private readonly states: VariableStates | undefined;
  /** The state node recorded at the end of each IR block (0: the empty state). */
  private readonly exits: Int32Array | undefined;
  /** Each variable's machine parts, by variable id, made at first use. */
  private readonly varParts: (readonly LType[] | undefined)[] = [];

  /** `scratch`: tables to take over from the function lowered before (none: its own). */
  constructor(
    private readonly b: LFunctionBuilder,
    private readonly func: Func,
    private readonly plan: SsaPlan,
    private readonly repr: Representation,
    scratch: BlockVariablesScratch = new BlockVariablesScratch(),
  ) {
    const n = func.blocks.length;
    if (func.vars.length > 0) {
      this.states = new VariableStates(n, func.vars.length, scratch.nodes);
      this.exits = scratch.exits.take(n, 0);
    }
    const entryHasPreds = plan.dom.preds[0]!.length > 0;
    if (scratch.blockMap.length < n) scratch.blockMap = new Array<LBlockId>(n + (n >> 3));
    const blockMap = scratch.blockMap;
    for (let i = 0; i < n; i++) {
      blockMap[i] = i === 0 && !entryHasPreds ? b.currentBlock : b.newBlock(this.phiTypes(i as BlockId));
    }
    this.blockMap = blockMap;
    // An entry block with predecessors cannot be the function's entry: jump to it.
    if (entryHasPreds) b.jump(this.blockMap[0]!);
  }

  /** Start IR block `bi`: variables as its immediate dominator left them, then its parameters. */
  enter(bi: BlockId): void {
    const states = this.states;
    if (states === undefined) return;
    const idom = this.plan.dom.idom(bi);
    states.enter(bi, idom === null ? 0 : this.exits![idom]!);
    const phis = this.plan.phis[bi]!;
    if (phis.length === 0) return;
    const params = this.b.blockParams(this.blockMap[bi]!);
    // The one variable of a block carries all its parameters: their list is its value (lists of
    // parts are never changed in place), not a copy living as long as the function.
    if (phis.length === 1) return states.set(phis[0]!, params as LValue[]);
    let k = 0;
    for (const v of phis) {
      const n = this.partsOf(v).length;
      states.set(v, n === 1 ? [params[k]!] : params.slice(k, k + n));
      k += n;
    }
  }

  /** Record the state at the end of IR block `bi` (before its terminator). */
  leave(bi: BlockId): void {
    if (this.states) this.exits![bi] = this.states.seal();
  }

  /** A block whose code is subsumed elsewhere ends with the state of block `from`. */
  inheritExit(bi: BlockId, from: BlockId): void {
    if (this.exits) this.exits[bi] = this.exits[from]!;
  }

  /** Assign `v` inside the block's instructions. */
  assign(v: VarId, parts: LValue[]): void {
    this.states!.set(v, parts);
  }

  /** Assign `v` in a terminator: the block's recorded exit state is kept. */
  assignOnEdge(v: VarId, parts: LValue[]): void {
    this.states!.set(v, parts);
  }

  /** The current parts of `v`. */
  read(v: VarId): LValue[] {
    const cur = this.states?.get(v);
    if (cur) return cur;
    // Unassigned on this path (the verifier rules out reads): any value of the right parts.
    return this.partsOf(v).map((t) => zeroOf(this.b, t));
  }

  /**
   * The edge to IR block `target`, passing its variables' current values:
   * one variable's list of parts itself (no list of parts or of arguments
   * is changed in place), else a list at its size (one grown by push keeps
   * room for sixteen, and lives as long as the lowered form).
   */
  edge(target: BlockId): LEdge {
    const phis = this.plan.phis[target]!;
    if (phis.length === 0) return edge(this.blockMap[target]!, NO_ARGS);
    if (phis.length === 1) return edge(this.blockMap[target]!, this.read(phis[0]!));
    let n = 0;
    for (const v of phis) n += this.partsOf(v).length;
    const args = new Array<LValue>(n);
    let k = 0;
    for (const v of phis) for (const x of this.read(v)) args[k++] = x;
    return edge(this.blockMap[target]!, args);
  }

  /**
   * The machine types of block `bi`'s parameters: its planned variables'
   * parts, in order, in a list at its size (newBlock keeps no list of them;
   * one grown by push would make room for sixteen, per join of a deep nest).
   */
  private phiTypes(bi: BlockId): readonly LType[] {
    const phis = this.plan.phis[bi]!;
    if (phis.length === 0) return NO_TYPES;
    if (phis.length === 1) return this.partsOf(phis[0]!);
    let n = 0;
    for (let i = 0; i < phis.length; i++) n += this.partsOf(phis[i]!).length;
    if (n === 2) return [this.partsOf(phis[0]!)[0]!, this.partsOf(phis[1]!)[0]!];
    const types = new Array<LType>(n);
    for (let i = 0, k = 0; i < phis.length; i++) for (const t of this.partsOf(phis[i]!)) types[k++] = t;
    return types;
  }

  /** The machine parts of variable `v` (a variable of one part shares its list with the others of its type: a deep nest has thousands). */
  private partsOf(v: VarId): readonly LType[] {
    let parts = this.varParts[v];
    if (parts === undefined) {
      const t = this.func.vars[v]!.type;
      parts = this.varParts[v] = this.repr.partCount(t) === 1 ? ONE_PART[this.repr.firstPart(t)] : this.repr.parts(t);
    }
    return parts;
  }
}

/** A zero of machine type `t`. */
export function zeroOf(b: LFunctionBuilder, t: LType): LValue {
  switch (t) {
    case "f64": case "f32": return b.fconst(0, t);
    case "ptr": return b.convert("int_to_ptr", b.iconst("i64", 0), "ptr");
    default: return b.iconst(t, 0);
  }
}

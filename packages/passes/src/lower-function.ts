/**
 * The shared lowering of one IR function to the lowered form. Both backends
 * print what this produces, so every decision here is taken once, by the
 * eligibility matrix, for both.
 *
 * Blocks are lowered in reverse postorder, so a block's immediate dominator
 * is lowered before it (block-variables.ts turns variables into SSA values
 * that way). Each instruction goes to the lowerer of its family through the
 * narrow FunctionEmitter: lower-arithmetic, lower-arrays (with
 * lower-bounds-checks), lower-structs-enums, lower-strings, lower-calls; a
 * terminator to lower-switch (with lower-lookup-table) or is emitted here. A
 * chain of string-literal tests is dispatched by lower-literal-set.
 */
import { activeClock, blockSuccessors, type BlockId, type Func, type Inst, PASS, type Term, type ValueId, type VarId } from "@fzy/ir";
import { instCount, type LFunction, type LValue } from "@fzy/lir";
import type { Decision, Escape } from "./eligibility.js";
import { FunctionEmitter } from "./function-emitter.js";
import { lowerScalar, type ScalarOp } from "./lower-arithmetic.js";
import { ArrayLowering } from "./lower-arrays.js";
import { MapLowering } from "./lower-maps.js";
import { ArenaPlanner, type ArenaScopes } from "./arena-scopes.js";
import { lowerCall, lowerCallIndirect, lowerFuncRef } from "./lower-calls.js";
import type { DirectOf } from "./lower-c-imports.js";
import { lowerGlobal } from "./lower-globals.js";
import { RcEmitter } from "./insert-rc.js";
import { addExitReads, countedType, emptyPlan, NO_EXIT_READS, type OwnershipPlan, planRc } from "./ownership.js";
import { NO_IMMORTALS, StoredStrings } from "./stored-strings.js";
import { HAS_ARENA_OPS, HAS_COUNTABLE, HAS_DIRECT_CALLS, HAS_IMMORTAL_CANDIDATES, HAS_STR_EQ } from "./function-traits.js";
import { findLiteralChains, type LiteralChain, lowerLiteralChain, NO_CHAINS } from "./lower-literal-set.js";
import { lowerStringOp } from "./lower-strings.js";
import { lowerStringOps } from "./lower-string-ops.js";
import { lowerStructOrEnum } from "./lower-structs-enums.js";
import { lowerSwitch } from "./lower-switch.js";
import { loopBlocksOf } from "./loop-analysis.js";
import { optimizeFunction } from "./optimize-function.js";
import type { FnSig, ModuleEmitter } from "./module-emitter.js";
import type { FunctionReport, KeptDecisions } from "./report.js";
import { planSsa } from "./ssa-plan.js";

/** What the module pipeline already knows about a function when it is lowered. */
export interface FunctionFacts {
  /** Escape classes (escape-analysis.ts), when computed already; undefined: analyzed from the function at the first question. */
  readonly escapes: readonly Escape[] | undefined;
  /** The matrix's decisions for the struct allocations kept in memory. */
  readonly structs: ReadonlyMap<ValueId, Decision>;
  /** The function's machine signature (ModuleEmitter.sigAt). */
  readonly sig: FnSig;
  /** What the function contains (function-traits.ts traitsOf): the analyses it cannot need are skipped. */
  readonly traits: number;
}

/** A lowered function and its report (without the inlined callees, which the module pipeline knows). */
export interface LoweredFunction {
  readonly fn: LFunction;
  readonly report: Omit<FunctionReport, "inlined" | "decisions"> & { readonly decisions: KeptDecisions };
}

/**
 * The lowering of a module's functions, one after another: the emitting
 * context and the arena planner are made once per module and started on
 * each function (FunctionEmitter.begin), not made anew per function.
 */
export class FunctionLowering {
  private readonly e: FunctionEmitter;
  private readonly arena: ArenaPlanner;

  constructor(readonly mod: ModuleEmitter) {
    this.e = new FunctionEmitter(mod);
    this.arena = new ArenaPlanner(mod.ix);
  }

  /** Lower `input` to the lowered form. */
  lower(input: Func, facts: FunctionFacts): LoweredFunction {
    return lowerWith(this.e, this.arena, input, facts);
  }
}

function lowerWith(e: FunctionEmitter, arena: ArenaPlanner, input: Func, facts: FunctionFacts): LoweredFunction {
  const mod = e.mod, clock = activeClock;
  clock?.enter(PASS.plan);
  const traits = facts.traits;
  // Without a value or variable of a countable type, nothing is counted: no exit reads, no rc plan.
  const countable = (traits & HAS_COUNTABLE) !== 0;
  const withReads = countable ? addExitReads(input, (t) => countedType(t, mod.repr)) : undefined;
  const of0 = withReads === undefined ? input : withReads.func;
  // The string facts of this lowering of the function: asked here, then by the arena plan and the lowerers of
  // `func`. They hold for `func` when planRc splits edges of of0: a split adds no value, only blocks without
  // instructions that end in a jump, and no answer reads a jump.
  const strings = new StoredStrings(of0);
  // Immortal strings are never counted (kept by strings, so the map lowering reuses them; RcEmitter.counted agrees).
  const immortal = (traits & HAS_IMMORTAL_CANDIDATES) !== 0 ? strings.immortals() : NO_IMMORTALS;
  // The blocks' successor lists, made at the first question and asked by every analysis below (one
  // set per function: the split of critical edges, when it happens, makes the function anew).
  let of = of0, succs: BlockId[][] | undefined;
  const successorsOf = () => (succs ??= blockSuccessors(of));
  let func = of0, ownership = emptyPlan(of0.blocks.length);
  if (countable) {
    const counted = (v: ValueId) => countedType(of0.values[v]!.type, mod.repr) && !immortal.has(v);
    ({ func, plan: ownership } = planRc(of0, counted, successorsOf));
    if (func !== of) { of = func; succs = undefined; }
  }
  const plan = planSsa(func, "auto", successorsOf, mod.scratch.ssa);
  clock?.next(PASS.emit);
  // Asked at the first count (FunctionEmitter.count): most functions count nothing.
  const loops = () => loopBlocksOf(func, plan.dom, successorsOf);
  e.begin(func, { plan, escapes: facts.escapes, source: input, traits, structs: facts.structs, sig: facts.sig, loops, strings });
  const blocks = new BlockLowering(e, arena, ownership, withReads?.exitReads ?? NO_EXIT_READS, immortal, successorsOf);
  const rpo = plan.dom.rpo;
  for (let k = 0; k < rpo.length; k++) blocks.lower(rpo[k]!);
  const emitted = e.b.finish();
  let insts = 0;
  for (let k = 0; k < emitted.blocks.length; k++) insts += instCount(emitted.blocks[k]!) + 1;
  const d = e.askFunctionValues(insts);
  // A function the matrix finds too large is left as emitted by every optimizer pass, compose included.
  const small = d.rule !== "function-too-large", fast = mod.opts.fast;
  clock?.next(PASS.optimize);
  const fn = optimizeFunction(emitted, { fold: d.form === "folded", compose: fast.compose && small, licm: fast.licm && small, unroll: fast.unroll && small }, e.askOptimizer, mod);
  clock?.leave();
  return {
    fn,
    report: { name: func.name, total: e.total, loop: e.loop, decisions: e.keptDecisions },
  };
}

/** The per-block driver: block entry and exit, instruction dispatch, terminators. */
class BlockLowering {
  private readonly arrays: ArrayLowering;
  /** Made on the first map instruction: most functions have none. */
  private maps_: MapLowering | undefined;
  private readonly rc: RcEmitter;
  /** The function has a value or variable of a countable type (HAS_COUNTABLE): without, every rc hook is a no-op and is not called. */
  private readonly counts: boolean;
  /** Loops whose iterations release the arena (strings as views only), and each header's mark. */
  private readonly arena: ArenaScopes | undefined;
  private readonly marks: Map<BlockId, LValue>;
  /** The function's own arena mark (ArenaScopes.wholeFunction), taken in the entry block. */
  private functionMark: LValue | undefined;
  /** Chains of literal equality tests, by head block, and the head of each link they subsume. */
  private readonly literalChains: ReadonlyMap<BlockId, LiteralChain>;
  private readonly chainLinks: Map<BlockId, BlockId>;
  /** The arrays in direct memory, for calls (lower-calls.ts), made at the first call: many functions make none. */
  private directOf_: DirectOf | undefined;

  constructor(
    private readonly e: FunctionEmitter, arena: ArenaPlanner, ownership: OwnershipPlan, exitReads: ReadonlySet<ValueId>, immortal: ReadonlySet<ValueId>,
    successors: () => readonly (readonly BlockId[])[],
  ) {
    this.arrays = new ArrayLowering(e);
    this.rc = new RcEmitter(e, ownership, this.arrays, exitReads, immortal);
    this.arrays.rc = this.rc;
    const traits = e.analyses.traits;
    this.counts = (traits & HAS_COUNTABLE) !== 0;
    // A function that makes no string, reads none stored and calls nothing allocates nothing in the arena.
    if (e.repr.strViews && (traits & (HAS_ARENA_OPS | HAS_DIRECT_CALLS)) !== 0) this.arena = arena.plan(e.func, e.analyses.strings, e.analyses.plan, successors);
    this.literalChains = (traits & HAS_STR_EQ) === 0 ? NO_CHAINS : findLiteralChains(e.func, e.analyses.plan.dom.preds, (tests) => e.askUnreported({
      kind: "literal-set", enabled: e.mod.opts.fast.strings, escape: "none", mutability: "immutable", constant: true, cases: tests,
    }).form === "length-dispatch", e);
    this.marks = e.mod.scratch.marks();
    this.chainLinks = e.mod.scratch.chainLinks();
    if (this.literalChains.size > 0) for (const [h, c] of this.literalChains) for (const l of c.links) this.chainLinks.set(l, h);
  }

  lower(bi: BlockId): void {
    const e = this.e;
    e.enterBlock(bi);
    e.b.switchTo(e.vars.blockMap[bi]!);
    e.vars.enter(bi);
    const block = e.func.blocks[bi]!;
    // Most functions have no chain and skip nothing: no lookup per block in the empty tables.
    const head = this.chainLinks.size === 0 ? undefined : this.chainLinks.get(bi);
    if (head !== undefined || (e.skipped.size > 0 && e.skipped.has(bi))) {
      // A link of a literal chain or an arm of a lookup table: subsumed by its
      // dispatching block, nothing in the lowered code reaches it.
      e.vars.inheritExit(bi, head ?? e.analyses.plan.dom.idom(bi)!);
      e.b.trap();
      return;
    }
    const chain = this.literalChains.size === 0 ? undefined : this.literalChains.get(bi);
    const insts = chain ? block.insts.slice(0, -1) : block.insts;
    const counts = this.counts;
    if (counts) this.rc.enterBlock(bi);
    if (bi === 0 && this.arena?.wholeFunction) this.functionMark = e.rt("fz_arena_mark", [])[0]!;
    if (this.arena?.headers.has(bi)) this.marks.set(bi, e.rt("fz_arena_mark", [])[0]!);
    if (e.accessesArrays) this.arrays.beginBlock(insts); // nothing to check in a function without element accesses
    for (let k = 0; k < insts.length; k++) {
      const inst = insts[k]!;
      e.setOrigin(inst);
      if (counts) this.rc.beforeInst(inst, k);
      this.lowerInst(inst, k);
      if (counts) this.rc.afterInst(inst, k);
    }
    e.setOrigin(chain ? block.insts[block.insts.length - 1] : block.term);
    if (counts) this.rc.beforeTerm(block.term);
    const scope = this.arena?.latches.get(bi);
    if (scope !== undefined) e.rt("fz_arena_release", [this.marks.get(scope)!]);
    if (block.term.op === "ret" && this.functionMark !== undefined) e.rt("fz_arena_release", [this.functionMark]);
    e.vars.leave(bi);
    e.setOrigin(chain ? block.insts[block.insts.length - 1] : block.term);
    if (chain) lowerLiteralChain(e, chain);
    else this.lowerTerm(block.term);
    e.setOrigin(undefined);
  }

  /** Dispatch one instruction to the lowerer of its family (`k`: its position in the block). */
  private lowerInst(inst: Inst, k: number): void {
    const e = this.e;
    switch (inst.op) {
      case "get":
        return e.define(inst, e.vars.read((inst.imm as { var: VarId }).var));
      case "set":
        return e.vars.assign((inst.imm as { var: VarId }).var, e.value(inst.args[0]!));
      case "call":
        return e.define(inst, lowerCall(e, (inst.imm as { name: string }).name, inst.args, this.directOf()));
      case "array.lit": case "array.new": case "array.get": case "array.set": case "array.len": case "array.push":
        return this.arrays.lower(inst as Inst & { op: typeof inst.op }, k);
      case "struct.new": case "struct.get": case "struct.set": case "enum.new": case "enum.tag": case "enum.payload":
        return lowerStructOrEnum(e, inst as Inst & { op: typeof inst.op }, this.rc);
      case "map.new": case "map.get": case "map.set": case "map.has": case "map.remove": case "map.len":
      case "map.key_at": case "map.value_at":
        return this.maps().lower(inst as Inst & { op: typeof inst.op });
      case "str.lit":
        return this.stringLiteral(inst, (inst.imm as { value: string }).value);
      case "func.ref":
        return e.defineOne(inst, lowerFuncRef(e, (inst.imm as { name: string }).name));
      case "call.indirect":
        return e.define(inst, lowerCallIndirect(e, inst.args));
      case "global.get": case "global.set":
        return this.global(inst);
      case "str.len": case "str.eq": case "str.trim": case "str.replace": case "str.contains":
      case "str.starts_with": case "str.ends_with": case "str.concat":
        return e.define(inst, lowerStringOp(e, inst, e.analyses.strings.escapingBuffers()));
      case "str.slice": case "str.find": case "str.byte_at": case "str.split": case "str.join":
      case "str.from_int": case "str.parse_int": case "str.parse_error":
        return e.define(inst, lowerStringOps(e, inst, e.analyses.strings.escapingBuffers()));
      default:
        return lowerScalar(e, inst as Inst & { op: ScalarOp });
    }
  }

  /**
   * The closures of calls and globals are made apart from lowerInst: a
   * closure there would make each of its calls allocate a frame for what it
   * captures.
   */
  private directOf(): DirectOf {
    return (this.directOf_ ??= (v) => this.arrays.direct(v));
  }

  /** `global.get` / `global.set` (lower-globals.ts); an immutable str global reads as its literal. */
  private global(inst: Inst): void {
    const text = lowerGlobal(this.e, inst);
    if (text !== undefined) this.stringLiteral(inst, text);
  }

  private maps(): MapLowering {
    if (!this.maps_) {
      this.maps_ = new MapLowering(this.e);
      this.maps_.rc = this.rc;
      this.maps_.staticView = (v) => this.staticView(v);
    }
    return this.maps_;
  }

  /**
   * Whether str value v is a view of static data (a literal, an element of a
   * constant array in static data, or either through opaque), so a map may
   * keep the view without copying or interning it.
   */
  private staticView(v: ValueId): boolean {
    const e = this.e;
    for (let d = e.defInst[v]; d !== undefined; d = e.defInst[d.args[0]!]) {
      if (d.op === "str.lit") return e.repr.strViews;
      if (d.op === "array.get") return this.arrays.direct(d.args[0]!)?.readonly === true && e.repr.strViews;
      if (d.op !== "opaque") return false;
    }
    return false;
  }

  /** A literal's bytes become static data: a view of it, or an interned handle. */
  private stringLiteral(inst: Inst, text: string): void {
    const e = this.e;
    const { bytes, name } = e.mod.stringData(text);
    e.strLit.set(inst.dst!, bytes);
    const p = e.b.symbolAddr(name);
    const len = e.b.iconst("i64", bytes.length);
    if (e.repr.strViews) e.define(inst, [p, len]);
    else e.define(inst, e.rt("fz_str_intern", [p, len]));
  }

  private lowerTerm(t: Term): void {
    const e = this.e;
    const b = e.b;
    switch (t.op) {
      case "jump": {
        return b.jumpAlong(e.vars.edge(t.target));
      }
      case "br":
        return b.brif(e.one(t.cond), e.vars.edge(t.then), e.vars.edge(t.else));
      case "switch":
        return lowerSwitch(e, t);
      case "ret": {
        const vals = t.value === null ? [] : e.value(t.value);
        if (!e.sig.outParts) return b.ret(vals);
        const out = b.args[b.args.length - 1]!;
        // A loop, not a closure: one here would make every terminator allocate a frame for what it captures.
        for (let i = 0; i < vals.length; i++) b.store(out, vals[i]!, i * 8);
        return b.ret([]);
      }
      case "unreachable":
        return b.jump(e.panicBlock("fz_panic_unreachable", 0));
    }
  }
}

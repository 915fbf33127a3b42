/**
 * FunctionEmitter: the narrow context every family lowerer (arithmetic,
 * arrays, strings, structs and enums, switches, calls) works through, the
 * way cranelift-frontend's `Switch::emit` takes a `FunctionBuilder`. It holds
 * the lowered-form builder, the value map (each IR value's machine parts:
 * one, or two for a string view), the variables' state, the function's
 * analyses, the shared cold panic blocks, and the report counters with the
 * decisions the matrix took. It knows no family: lowerers import it, never
 * each other's state, and it imports no lowerer.
 *
 * Checks the IR's semantics require (bounds, division, payload tags) become a
 * predictable branch to one shared cold block per panic kind.
 */
import { type BlockId, type Func, type Inst, printInst, printTerm, type Term, type Type, type ValueId } from "@fzy/ir";
import { edge, LFunctionBuilder, type LBlockId, type LType, type LValue } from "@fzy/lir";
import { BlockVariables, NO_ARGS, zeroOf } from "./block-variables.js";
import { decide, type Decision, type Escape, inMode, type MatrixInput } from "./eligibility.js";
import { analyzeEscapes } from "./escape-analysis.js";
import { HAS_ARRAY_ACCESS } from "./function-traits.js";
import type { Representation } from "./layout.js";
import type { DenseTable } from "./lower-scratch.js";
import type { FnSig, ModuleEmitter } from "./module-emitter.js";
import { analyzeRanges, type Range, type Ranges } from "./range-analysis.js";
import { type Counts, decisionRecord, type DecisionRecord, type KeptDecisions, valuesRecord, zeroCounts } from "./report.js";
import type { SsaPlan } from "./ssa-plan.js";
import type { StoredStrings } from "./stored-strings.js";
import { countUses, type UseCounts } from "./use-counts.js";

/** The cells of one struct: size and field offsets (layout.ts structLayout), and shape (insert-rc.ts cellShape; null: none; undefined: not made yet). */
export interface StructCell { readonly layout: ReturnType<Representation["structLayout"]>; shape: string | null | undefined }

/** What the lowering knows about a function before emitting it. */
export interface FunctionAnalyses {
  readonly plan: SsaPlan;
  /**
   * Escape classes (escape-analysis.ts) when the module pipeline computed
   * them (a function allocating structs); otherwise those of `source`,
   * computed at the first question (escapeOf): most functions ask none.
   */
  readonly escapes: readonly Escape[] | undefined;
  /** The function as the module pipeline handed it over (exit reads and edge splits, made after, change no escape). */
  readonly source: Func;
  /** What the function contains (function-traits.ts). */
  readonly traits: number;
  /** The string facts of the function (stored-strings.ts), made for this lowering of it: ownership, the arena plan and the lowerers ask. */
  readonly strings: StoredStrings;
  /** The matrix's decisions for the struct allocations kept in memory (asked before scalarization). */
  readonly structs: ReadonlyMap<ValueId, Decision>;
  /** Blocks on a cycle of the CFG (loop-analysis.ts), whose counts also go to the loop subtotal: asked at the first count (most functions count nothing). */
  readonly loops: () => ReadonlySet<BlockId>;
  /** The function's machine signature (ModuleEmitter.sigAt). */
  readonly sig: FnSig;
}

/** The counts of a function, or of its loops, that counted nothing (shared, frozen: the report only reads it). */
const NO_COUNTS: Counts = Object.freeze(zeroCounts());
/** The decisions of a function that recorded none (shared, never written). */
const NO_DECISIONS: readonly DecisionRecord[] = [];

/**
 * The emitting context of one function at a time (see the file header):
 * made once per module and started on each function by `begin`, which sets
 * every per-function field anew (lowerers only read them).
 */
export class FunctionEmitter {
  /** The function being lowered, its analyses and its lowered-form builder (set by begin). */
  func!: Func;
  analyses!: FunctionAnalyses;
  b!: LFunctionBuilder;
  sig!: FnSig;
  readonly repr: Representation;
  vars!: BlockVariables;
  /** Known integer constants and literal bytes of str values, by the value holding them. */
  constInt!: DenseTable<ValueId, bigint>;
  strLit!: DenseTable<ValueId, Uint8Array>;
  /** The instruction defining each value (parameters have none), listed at the first question: many functions ask none. */
  get defInst(): readonly (Inst | undefined)[] { return (this.defInst_ ??= this.definitions()); }
  private defInst_: readonly (Inst | undefined)[] | undefined;
  /** The function reads or writes an array element (array.get, array.set): without, no block needs check facts. */
  accessesArrays = false;
  /** The escape classes (analyses.escapes, or computed at the first escapeOf) and the ranges (made at the first rangeOf). */
  private escapes_: readonly Escape[] | undefined;
  private ranges_: Ranges | undefined;
  /**
   * The counts, and their loop subtotal: one frozen zero shared by the
   * functions that count nothing (most small ones), until count() writes
   * the first (the report keeps them, so a fresh pair per function would live
   * as long as the report).
   */
  get total(): Counts { return this.total_; }
  get loop(): Counts { return this.loop_; }
  private total_ = NO_COUNTS;
  private loop_ = NO_COUNTS;
  /** The decisions recorded, as the report keeps them: the list, or the values decision when it is the only one (most functions). */
  get keptDecisions(): KeptDecisions {
    return this.onlyValues ?? this.decisions_ ?? NO_DECISIONS;
  }
  private decisions_: DecisionRecord[] | undefined;
  /** The values decision (askFunctionValues) while no other is recorded: no record made for it. */
  private onlyValues: Decision | undefined;
  /** The IR block being lowered (enterBlock). */
  get irBlock(): BlockId { return this.irBlock_; }
  private irBlock_ = 0 as BlockId;
  /** analyses.loops(), once a count asked. */
  private loops_: ReadonlySet<BlockId> | undefined;
  /** IR blocks whose code a dispatch subsumed: nothing in the lowered code reaches them. */
  skipped!: Set<BlockId>;
  /** Each IR value's machine parts: a list, or for a value defined by defineOne its one part (listed when `value` asks; `one` needs no list). */
  private parts!: (LValue[] | LValue | undefined)[];
  private panicBlocks!: Map<string, LBlockId>;
  private uses: UseCounts | undefined;
  private readonly annotate: boolean;
  /** An origin is current in the builder (setOrigin). */
  private hasOrigin = false;

  /**
   * The cells of each struct (their layout and shape) and the shape data
   * object of each payload enum's cells (insert-rc.ts cellShape; null:
   * none), by name: they depend on the type alone, so they are made once
   * per module, not per allocation or field access.
   */
  readonly structCells = new Map<string, StructCell>();
  readonly enumShapes = new Map<string, string | null>();
  /** The matrix's answer on optimizing a function, by its size: the only part of the question that varies in a module. */
  private readonly valuesBySize = new Map<number, Decision>();

  constructor(readonly mod: ModuleEmitter) {
    this.annotate = mod.opts.annotate === true;
    this.repr = mod.repr;
  }

  /** Start lowering `func`: every per-function field is set anew (nothing of the previous function is kept). */
  begin(func: Func, analyses: FunctionAnalyses): void {
    const mod = this.mod;
    this.func = func;
    this.analyses = analyses;
    this.sig = analyses.sig;
    this.escapes_ = analyses.escapes;
    this.ranges_ = undefined;
    this.total_ = NO_COUNTS;
    this.loop_ = NO_COUNTS;
    this.decisions_ = undefined;
    this.onlyValues = undefined;
    this.irBlock_ = 0 as BlockId;
    this.loops_ = undefined;
    this.uses = undefined;
    this.hasOrigin = false;
    // The module's scratch tables (lower-scratch.ts), empty: one set per module, not per function.
    const scratch = mod.scratch;
    this.constInt = scratch.constInt();
    this.strLit = scratch.strLit();
    this.skipped = scratch.skipped();
    this.panicBlocks = scratch.panicBlocks();
    this.b = new LFunctionBuilder(this.sig.name, this.sig.params, this.sig.results, func.exported, scratch.builder);
    const n = func.values.length;
    // The module's (lower-scratch.ts), emptied over this function's values: only indexed, below n.
    this.parts = scratch.parts<LValue[] | LValue>(n);
    this.defInst_ = undefined;
    this.accessesArrays = (analyses.traits & HAS_ARRAY_ACCESS) !== 0;
    // Parameters: the entry block's parameters, split per IR parameter.
    const args = this.b.args;
    for (let i = 0, k = 0; i < func.params.length; i++) {
      const m = mod.repr.partCount(func.params[i]!.type);
      this.parts[i] = args.slice(k, k + m);
      k += m;
    }
    this.vars = new BlockVariables(this.b, func, analyses.plan, mod.repr, scratch.variables);
    this.nameEntities();
  }

  /** defInst, in the module's table (lower-scratch.ts) emptied over this function's values. */
  private definitions(): readonly (Inst | undefined)[] {
    const blocks = this.func.blocks, defs = this.mod.scratch.defs<Inst>(this.func.values.length);
    for (let bi = 0; bi < blocks.length; bi++) {
      const insts = blocks[bi]!.insts;
      for (let k = 0; k < insts.length; k++) {
        const i = insts[k]!;
        if (i.dst !== null) defs[i.dst] = i;
      }
    }
    return defs;
  }

  /**
   * Names for readers of the output: each IR block names its lowered block,
   * each parameter its parts, each variable the block parameters that carry
   * it (instruction results are named as they are defined).
   */
  private nameEntities(): void {
    const { b, func } = this;
    for (let i = 0; i < func.params.length; i++) {
      const name = func.params[i]!.name;
      for (const v of this.parts[i] as LValue[]) b.nameValue(v, name);
    }
    const phis = this.analyses.plan.phis;
    for (let bi = 0; bi < func.blocks.length; bi++) {
      const lb = this.vars.blockMap[bi]!;
      b.nameBlock(lb, func.blocks[bi]!.name);
      const vs = phis[bi]!;
      if (vs.length === 0) continue;
      const params = b.blockParams(lb);
      let k = 0;
      for (const v of vs) {
        const x = func.vars[v]!;
        for (let n = this.repr.partCount(x.type); n > 0; n--) b.nameValue(params[k++]!, x.name);
      }
    }
  }

  /**
   * The origin of the code lowered next: the IR instruction or terminator
   * `what` (its text when annotating, and its source location). Costs one
   * comparison when neither is asked for.
   */
  setOrigin(what: Inst | Term | undefined): void {
    const loc = what?.loc;
    if (what === undefined || (!this.annotate && loc === undefined)) {
      if (this.hasOrigin) this.b.setOrigin(undefined);
      this.hasOrigin = false;
      return;
    }
    const text = this.annotate ? ("dst" in what ? printInst(this.func, what) : printTerm(this.func, what, this.mod.ix.enums)) : undefined;
    this.b.setOrigin(text === undefined ? { loc } : loc === undefined ? { text } : { text, loc }); // (literals: spreads were generic copies)
    this.hasOrigin = true;
  }

  /** Start lowering IR block `bi`. */
  enterBlock(bi: BlockId): void {
    this.irBlock_ = bi;
  }

  /** Count an event in the report (and in the loop subtotal inside loops, off the cold paths). */
  count(key: keyof Counts, n = 1): void {
    if (this.total_ === NO_COUNTS) this.total_ = zeroCounts();
    this.total_[key] += n;
    if (!this.b.currentCold && (this.loops_ ??= this.analyses.loops()).has(this.irBlock_)) {
      if (this.loop_ === NO_COUNTS) this.loop_ = zeroCounts();
      this.loop_[key] += n;
    }
  }

  /** Ask the matrix once and record the decision in the report (`enabled` replaces the input's). */
  ask(subject: string, input: Omit<MatrixInput, "mode">, enabled = input.enabled): Decision {
    const d = decide(inMode(input, this.mod.opts.mode, enabled));
    this.record(subject, d);
    return d;
  }

  /** Record a decision the matrix took earlier in the pipeline, where its code is emitted. */
  record(subject: string, d: Decision): void {
    const r = decisionRecord(subject, d);
    if (this.onlyValues !== undefined) {
      this.decisions_ = [valuesRecord(this.func.name, this.onlyValues)];
      this.onlyValues = undefined;
    }
    if (this.decisions_ === undefined) this.decisions_ = [r];
    else this.decisions_.push(r);
  }

  /**
   * Ask the matrix whether the values of the function being lowered, of
   * `insts` lowered instructions, are optimized (family fold), and record
   * the answer. The matrix is pure and mode and switches are the module's,
   * so each size is asked once per module (one question per function made
   * three objects that were dropped at once).
   */
  askFunctionValues(insts: number): Decision {
    let d = this.valuesBySize.get(insts);
    if (d === undefined) {
      const input = { kind: "function-values", enabled: this.mod.opts.fast.fold, escape: "none", mutability: "mutated", constant: false, insts } as const;
      this.valuesBySize.set(insts, (d = decide(inMode(input, this.mod.opts.mode))));
    }
    if (this.decisions_ === undefined && this.onlyValues === undefined) this.onlyValues = d;
    else this.record(`values of ${this.func.name}`, d);
    return d;
  }

  /** The optimizer's questions (optimize-function.ts Ask): each family's own switch decides whether it is enabled. A method bound once per function. */
  readonly askOptimizer = (subject: string, i: Omit<MatrixInput, "mode">): Decision => {
    const fast = this.mod.opts.fast;
    return this.ask(subject, i, i.kind === "loop-invariant" ? fast.licm : i.kind === "counted-loop" ? fast.unroll : fast.compose);
  };

  /**
   * Ask the matrix once about something the report has no line for (strength
   * reduction, strings at a runtime boundary): obeyed like any decision, not
   * listed, so the report keeps one line per data object, match and check.
   */
  askUnreported(input: Omit<MatrixInput, "mode">): Decision {
    return decide(inMode(input, this.mod.opts.mode));
  }

  /** Call a runtime function, counting it by kind; returns its results. */
  rt(name: string, args: readonly LValue[]): LValue[] {
    const e = this.mod.runtime(name);
    if (name === "fz_retain" || name === "fz_retain_n") this.count("retains");
    else if (name === "fz_release" || name === "fz_release_each") this.count("releases");
    else if (!e.noreturn) {
      if (name.startsWith("fz_view_") || name.startsWith("fz_arena_")) this.count("helperCalls");
      else this.count("handleCalls");
      if (name === "fz_str_intern") this.count("interns");
      if (name === "fz_alloc" || name === "fz_cell_new" || name === "fz_array_new_of" || name === "fz_array_new_filled_of" || name === "fz_arena_alloc" || name === "fz_array_new" || name === "fz_array_new_filled") this.count("allocations");
    }
    return this.b.call(name, args, e.results);
  }

  /** The shared cold block that calls panic function `fn` (with `nargs` i64 arguments). */
  panicBlock(fn: string, nargs: number): LBlockId {
    let blk = this.panicBlocks.get(fn);
    if (blk === undefined) {
      const here = this.b.currentBlock;
      blk = this.b.newBlock(new Array(nargs).fill("i64"), true);
      this.b.switchTo(blk);
      this.mod.runtime(fn);
      this.b.call(fn, this.b.blockParams(blk), []);
      this.b.trap();
      this.b.switchTo(here);
      this.panicBlocks.set(fn, blk);
    }
    return blk;
  }

  /** Branch to panic `fn` when `bad` holds; continue in a fresh block otherwise. */
  guard(bad: LValue, fn: string, args: readonly LValue[] = NO_ARGS): void {
    const cont = this.b.newBlock();
    this.b.brif(bad, edge(this.panicBlock(fn, args.length), args), edge(cont, NO_ARGS));
    this.b.switchTo(cont);
  }

  /** The machine parts of IR value `v`. */
  value(v: ValueId): LValue[] {
    const r = this.parts[v];
    if (typeof r === "number") return (this.parts[v] = [r]);
    if (!r) throw new Error(`lowering ${this.func.name}: value %${this.func.values[v]!.name} used before its definition`);
    return r;
  }

  /** The single machine part of a scalar value. */
  one(v: ValueId): LValue {
    const r = this.parts[v];
    return typeof r === "number" ? r : this.value(v)[0]!;
  }

  /** Define the result of `inst` (no-op for instructions without one). */
  define(inst: Inst, parts: LValue[]): void {
    if (inst.dst === null) return;
    this.parts[inst.dst] = parts;
    const name = this.func.values[inst.dst]!.name;
    for (let i = 0; i < parts.length; i++) this.b.nameValue(parts[i]!, name);
  }

  /** Define the result of `inst` as the one machine part `part` (define without a list). */
  defineOne(inst: Inst, part: LValue): void {
    if (inst.dst === null) return;
    this.parts[inst.dst] = part;
    this.b.nameValue(part, this.func.values[inst.dst]!.name);
  }

  typeOf(v: ValueId): Type { return this.func.values[v]!.type; }

  /** The name of IR value `v` as the report spells it. */
  nameOf(v: ValueId): string {
    return this.func.values[v]!.name;
  }

  /** The name of the IR block being lowered. */
  blockName(): string {
    return this.func.blocks[this.irBlock]!.name;
  }

  zero(t: LType): LValue { return zeroOf(this.b, t); }

  /** The range-analysis verdict for `v` in the current block (the analysis is made at the first question: most functions ask none). */
  rangeOf(v: ValueId): Range | undefined {
    return (this.ranges_ ??= analyzeRanges(this.mod.ix, this.func, this.analyses.plan)).of(v, this.irBlock);
  }

  /** Whether range analysis proves `v` non-negative in the current block (Ranges.nonNegative: often settled without the fixpoint). */
  provenNonNegative(v: ValueId): boolean {
    return (this.ranges_ ??= analyzeRanges(this.mod.ix, this.func, this.analyses.plan)).nonNegative(v, this.irBlock);
  }

  /** The escape class of IR value `v` (escape-analysis.ts; analyzed at the first question when the module pipeline did not). */
  escapeOf(v: ValueId): Escape {
    return (this.escapes_ ??= analyzeEscapes(this.mod.ix, this.analyses.source))[v]!;
  }

  /** The constant integer defining `v`, as a signed value of its type. */
  constOf(v: ValueId): bigint | undefined {
    const d = this.defInst[v];
    const t = this.typeOf(v);
    return d && d.op === "const" && d.imm.kind === "int" && t.kind === "int" ? BigInt.asIntN(t.bits, d.imm.value) : undefined;
  }

  /** How many times each value is used (instructions and terminators), counted at the first question. */
  useCounts(): UseCounts {
    return (this.uses ??= countUses(this.func));
  }
}

/**
 * The shared lowering of one IR function to the lowered form. Both backends
 * print what this produces, so every decision here is taken once, by the
 * eligibility matrix, for both.
 *
 * Order of work: blocks in reverse postorder, so a block's immediate
 * dominator is lowered before it. Variables become SSA through the plan of
 * ssa-plan.ts: a block with a parameter for v reads it from its parameters,
 * any other block sees v's value at the end of its immediate dominator.
 * Each IR value maps to its parts (one machine value, or two for a string
 * view). Checks the IR's semantics require (bounds, division, payload tags)
 * become a predictable branch to one shared cold block per panic kind.
 */
import {
  blockSuccessors, type BlockId, type Func, type Inst, type Term, type Type, type ValueId, type VarId,
} from "@fzy/ir";
import { decide, type Decision, type Escape, type MatrixInput } from "./eligibility.js";
import type { Layout } from "./layout.js";
import type { FnSig, ModuleContext } from "./lower-context.js";
import { lowerStringOp, stringBufferEscapes } from "./lower-strings.js";
import { lowerSwitch } from "./lower-switch.js";
import { findLiteralChains, type LiteralChain, lowerLiteralChain } from "./lower-literal-set.js";
import { LFunctionBuilder } from "@fzy/lir";
import type { LBlockId, LFloatCC, LFunction, LIntCC, LIntType, LType, LValue } from "@fzy/lir";
import { blocksInLoops } from "./loop-analysis.js";
import { analyzeRanges, type Ranges } from "./range-analysis.js";
import { type Counts, type DecisionRecord, type FunctionReport, zeroCounts } from "./report.js";
import { planSsa, type SsaPlan } from "./ssa-plan.js";

/** A fixed array lowered to direct memory. */
interface DirectArray {
  readonly len: number;
  readonly elem: Layout;
  readonly base: LValue;
  /** Static read-only data: loads may be marked readonly. */
  readonly readonly: boolean;
}

/** Bounds-check treatment of one access, decided before the block is lowered. */
type CheckPlan =
  | { kind: "elided" }
  | { kind: "strict" }
  | { kind: "covered" }
  | { kind: "group"; base: ValueId; members: { inst: number; offset: bigint }[] };

export class FunctionLowering {
  readonly b: LFunctionBuilder;
  readonly sig: FnSig;
  readonly plan: SsaPlan;
  readonly ranges: Ranges;
  readonly escapes: readonly Escape[];
  readonly repr: (LValue[] | undefined)[];
  readonly direct = new Map<ValueId, DirectArray>();
  /** Known literal bytes of str values (from str.lit) and known integer constants. */
  readonly strLit = new Map<ValueId, Uint8Array>();
  readonly constInt = new Map<ValueId, bigint>();
  readonly defInst: (Inst | undefined)[];
  /** Values whose string buffer must outlive the frame (see lower-strings). */
  readonly bufferEscapes: Set<ValueId>;
  private readonly blockMap: LBlockId[];
  private readonly exitVars: (LValue[] | undefined)[][];
  private vars: (LValue[] | undefined)[] = [];
  private readonly panicBlocks = new Map<string, LBlockId>();
  readonly total: Counts = zeroCounts();
  readonly loop: Counts = zeroCounts();
  readonly decisions: DecisionRecord[] = [];
  private readonly loopBlocks: Set<BlockId>;
  /** Chains of literal equality tests, by head block, and the links they subsume. */
  private readonly literalChains: Map<BlockId, LiteralChain>;
  private readonly chainLinks = new Map<BlockId, BlockId>();
  private readonly skipped = new Set<BlockId>();
  private uses: Map<ValueId, number> | undefined;
  private inLoop = false;
  irBlock: BlockId = 0 as BlockId;
  private checks = new Map<number, CheckPlan>();
  /** Element addresses computed in the current IR block, by array and index base. */
  private addrCache = new Map<string, LValue>();

  constructor(readonly mc: ModuleContext, readonly func: Func, escapes: readonly Escape[]) {
    this.sig = mc.sig(func.name);
    this.plan = planSsa(func);
    this.ranges = analyzeRanges(mc.ix, func, this.plan);
    this.escapes = escapes;
    this.loopBlocks = blocksInLoops(blockSuccessors(func));
    this.repr = new Array(func.values.length).fill(undefined);
    this.defInst = new Array(func.values.length).fill(undefined);
    for (const bl of func.blocks) for (const i of bl.insts) if (i.dst !== null) this.defInst[i.dst] = i;
    this.bufferEscapes = stringBufferEscapes(func);
    this.literalChains = mc.repr.strViews ? findLiteralChains(func, this.plan.dom.preds) : new Map();
    for (const [h, c] of this.literalChains) for (const l of c.links) this.chainLinks.set(l, h);
    this.b = new LFunctionBuilder(this.sig.symbol, this.sig.params, this.sig.results, func.exported);
    this.exitVars = func.blocks.map(() => []);
    // Parameters: the entry block's parameters, split per IR parameter.
    let k = 0;
    func.params.forEach((p, i) => {
      const n = mc.repr.parts(p.type).length;
      this.repr[i] = this.b.args.slice(k, k + n);
      k += n;
    });
    const entryHasPreds = this.plan.dom.preds[0]!.length > 0;
    this.blockMap = func.blocks.map((_, i) => {
      if (i === 0 && !entryHasPreds) return this.b.currentBlock;
      return this.b.newBlock(this.plan.phis[i]!.flatMap((v) => mc.repr.parts(func.vars[v]!.type)));
    });
    if (entryHasPreds) this.b.jump(this.blockMap[0]!, []);
  }

  /** Count an event in the report (and in the loop subtotal inside loops). */
  count(key: keyof Counts, n = 1): void {
    this.total[key] += n;
    if (this.inLoop && !this.b.currentCold) this.loop[key] += n;
  }

  /** Ask the matrix and record the decision in the report. */
  ask(subject: string, input: Omit<MatrixInput, "mode" | "caps">): Decision {
    const d = decide({ ...input, mode: this.mc.opts.mode, caps: this.mc.opts.caps });
    this.decisions.push({ subject, ...d });
    return d;
  }

  /** Call a runtime function, counting it by kind; returns its results. */
  rt(name: string, args: readonly LValue[]): LValue[] {
    const e = this.mc.runtime(name);
    if (!e.noreturn) {
      if (name.startsWith("fz_view_") || name.startsWith("fz_arena_")) this.count("helperCalls");
      else this.count("handleCalls");
      if (name === "fz_str_intern") this.count("interns");
      if (name === "fz_alloc" || name === "fz_arena_alloc" || name === "fz_array_new" || name === "fz_array_new_filled") this.count("allocations");
    }
    return this.b.call(name, args, e.results);
  }

  /** The shared cold block that raises panic `kind` (with i64 arguments `nargs`). */
  panicBlock(fn: string, nargs: number): LBlockId {
    let blk = this.panicBlocks.get(fn);
    if (blk === undefined) {
      const here = this.b.currentBlock;
      blk = this.b.newBlock(new Array(nargs).fill("i64"), true);
      this.b.switchTo(blk);
      this.mc.runtime(fn);
      this.b.call(fn, this.b.blockParams(blk), []);
      this.b.trap();
      this.b.switchTo(here);
      this.panicBlocks.set(fn, blk);
    }
    return blk;
  }

  /** Branch to panic `fn` when `bad` holds; continue in a fresh block otherwise. */
  guard(bad: LValue, fn: string, args: readonly LValue[] = []): void {
    const cont = this.b.newBlock();
    this.b.brif(bad, { block: this.panicBlock(fn, args.length), args }, { block: cont, args: [] });
    this.b.switchTo(cont);
  }

  value(v: ValueId): LValue[] {
    const r = this.repr[v];
    if (!r) throw new Error(`lowering ${this.func.name}: value %${this.func.values[v]!.name} used before its definition`);
    return r;
  }

  one(v: ValueId): LValue {
    return this.value(v)[0]!;
  }

  typeOf(v: ValueId): Type {
    return this.func.values[v]!.type;
  }

  lower(): { fn: LFunction; report: Omit<FunctionReport, "inlined"> } {
    for (const bi of this.plan.dom.rpo) this.lowerBlock(bi);
    return {
      fn: this.b.finish(),
      report: { name: this.func.name, total: this.total, loop: this.loop, decisions: this.decisions },
    };
  }

  private lowerBlock(bi: BlockId): void {
    this.irBlock = bi;
    this.inLoop = this.loopBlocks.has(bi);
    const blk = this.blockMap[bi]!;
    this.b.switchTo(blk);
    // Variable state on entry.
    const idom = this.plan.dom.idom(bi);
    this.vars = idom === null ? [] : [...this.exitVars[idom]!];
    const params = this.b.blockParams(blk);
    let k = 0;
    for (const v of this.plan.phis[bi]!) {
      const n = this.mc.repr.parts(this.func.vars[v]!.type).length;
      this.vars[v] = params.slice(k, k + n);
      k += n;
    }
    const block = this.func.blocks[bi]!;
    const head = this.chainLinks.get(bi);
    if (head !== undefined || this.skipped.has(bi)) {
      // A link of a literal chain or an arm of a lookup table: subsumed by its
      // dispatching block, nothing in the lowered code reaches it.
      this.exitVars[bi] = this.exitVars[head ?? idom!]!;
      this.b.trap();
      return;
    }
    const chain = this.literalChains.get(bi);
    const insts = chain ? block.insts.slice(0, -1) : block.insts;
    this.checks = this.planChecks(insts);
    this.addrCache.clear();
    insts.forEach((inst, idx) => this.lowerInst(inst, idx));
    this.exitVars[bi] = this.vars;
    if (chain) lowerLiteralChain(this, chain);
    else this.lowerTerm(block.term);
  }

  /** Assign a variable in the current block's state (a copy: the recorded exit state is kept). */
  assignVar(v: VarId, parts: LValue[]): void {
    this.vars = [...this.vars];
    this.vars[v] = parts;
  }

  /** Leave IR block `b` out: nothing in the lowered code reaches it any more. */
  skipBlock(b: BlockId): void {
    this.skipped.add(b);
  }

  predsOf(b: BlockId): readonly BlockId[] {
    return this.plan.dom.preds[b]!;
  }

  /** How many times each value is used (instructions and terminators). */
  useCounts(): ReadonlyMap<ValueId, number> {
    if (!this.uses) {
      const m = new Map<ValueId, number>();
      const add = (v: ValueId) => m.set(v, (m.get(v) ?? 0) + 1);
      for (const b of this.func.blocks) {
        for (const i of b.insts) i.args.forEach(add);
        const t = b.term;
        if (t.op === "br") add(t.cond);
        else if (t.op === "switch") add(t.value);
        else if (t.op === "ret" && t.value !== null) add(t.value);
      }
      this.uses = m;
    }
    return this.uses;
  }

  /** Arguments for an edge to IR block `target`: its variables' current values. */
  edgeArgs(target: BlockId): LValue[] {
    return this.plan.phis[target]!.flatMap((v) => this.varValue(v));
  }

  edge(target: BlockId): { block: LBlockId; args: LValue[] } {
    return { block: this.blockMap[target]!, args: this.edgeArgs(target) };
  }

  private varValue(v: VarId): LValue[] {
    const cur = this.vars[v];
    if (cur) return cur;
    // Unassigned on this path (the verifier rules out reads): any value of the right parts.
    return this.mc.repr.parts(this.func.vars[v]!.type).map((t) => this.zero(t));
  }

  zero(t: LType): LValue {
    switch (t) {
      case "f64": return this.b.fconst(0);
      case "ptr": return this.b.convert("int_to_ptr", this.b.iconst("i64", 0), "ptr");
      default: return this.b.iconst(t, 0);
    }
  }

  /** The range-analysis verdict for `v` in the current block. */
  rangeOf(v: ValueId) {
    return this.ranges.of(v, this.irBlock);
  }

  private lowerTerm(t: Term): void {
    switch (t.op) {
      case "jump":
        this.b.jump(this.blockMap[t.target]!, this.edgeArgs(t.target));
        return;
      case "br":
        this.b.brif(this.one(t.cond), this.edge(t.then), this.edge(t.else));
        return;
      case "switch":
        lowerSwitch(this, t);
        return;
      case "ret": {
        const vals = t.value === null ? [] : this.value(t.value);
        if (this.sig.outParts) {
          const out = this.b.args[this.b.args.length - 1]!;
          vals.forEach((v, i) => this.b.store(out, v, i * 8));
          this.b.ret([]);
        } else {
          this.b.ret(vals);
        }
        return;
      }
      case "unreachable":
        this.b.jump(this.panicBlock("fz_panic_unreachable", 0), []);
        return;
    }
  }

  private set(inst: Inst, parts: LValue[]): void {
    if (inst.dst !== null) this.repr[inst.dst] = parts;
  }

  private lowerInst(inst: Inst, idx: number): void {
    const b = this.b;
    const a = inst.args;
    switch (inst.op) {
      case "const": {
        const t = inst.type!;
        if (inst.imm.kind === "int") {
          // `const.i8 255` is -1: constants are normalized to their signed value.
          const bits = (t as { bits: number }).bits;
          const v = BigInt.asIntN(bits, inst.imm.value);
          this.constInt.set(inst.dst!, v);
          this.set(inst, [b.iconst(`i${bits}` as LIntType, v)]);
        } else if (inst.imm.kind === "bool") this.set(inst, [b.iconst("bool", inst.imm.value ? 1 : 0)]);
        else if (inst.imm.kind === "f64") this.set(inst, [b.fconst(inst.imm.value)]);
        return;
      }
      case "opaque":
        this.set(inst, this.value(a[0]!).map((v) => b.opaque(v)));
        return;
      case "add": case "sub": case "mul": case "and": case "or": case "xor": {
        const kind = { add: "iadd", sub: "isub", mul: "imul", and: "band", or: "bor", xor: "bxor" } as const;
        this.set(inst, [b.binary(kind[inst.op], this.one(a[0]!), this.one(a[1]!))]);
        return;
      }
      case "shl": case "lshr": case "ashr": {
        const x = this.one(a[0]!);
        const bits = (this.typeOf(a[0]!) as { bits: number }).bits;
        const t = `i${bits}` as LIntType;
        const c = this.constInt.get(a[1]!);
        const amt = c !== undefined ? b.iconst(t, BigInt.asUintN(bits, c) & BigInt(bits - 1)) : b.binary("band", this.one(a[1]!), b.iconst(t, bits - 1));
        this.set(inst, [b.binary(inst.op === "shl" ? "ishl" : inst.op === "lshr" ? "ushr" : "sshr", x, amt)]);
        return;
      }
      case "not": {
        const x = this.one(a[0]!);
        const t = this.typeOf(a[0]!);
        this.set(inst, [b.binary("bxor", x, t.kind === "bool" ? b.iconst("bool", 1) : b.iconst(`i${(t as { bits: number }).bits}` as LIntType, -1))]);
        return;
      }
      case "neg": {
        const t = this.typeOf(a[0]!);
        if (t.kind === "f64") this.set(inst, [b.binary("fsub", b.fconst(-0), this.one(a[0]!))]);
        else this.set(inst, [b.binary("isub", b.iconst(`i${(t as { bits: number }).bits}` as LIntType, 0), this.one(a[0]!))]);
        return;
      }
      case "sdiv": case "srem": case "udiv": case "urem":
        this.set(inst, [this.division(inst.op, a[0]!, a[1]!)]);
        return;
      case "fadd": case "fsub": case "fmul": case "fdiv":
        this.set(inst, [b.binary(inst.op, this.one(a[0]!), this.one(a[1]!))]);
        return;
      case "icmp":
        this.set(inst, [b.icmp((inst.imm as { cc: string }).cc as LIntCC, this.one(a[0]!), this.one(a[1]!))]);
        return;
      case "fcmp":
        this.set(inst, [b.fcmp((inst.imm as { cc: string }).cc as LFloatCC, this.one(a[0]!), this.one(a[1]!))]);
        return;
      case "select": {
        const c = this.one(a[0]!);
        const x = this.value(a[1]!), y = this.value(a[2]!);
        this.set(inst, x.map((xv, i) => b.select(c, xv, y[i]!)));
        return;
      }
      case "sext": case "zext": case "trunc": {
        const to = `i${(inst.type as { bits: number }).bits}` as LIntType;
        const x = this.one(a[0]!);
        if (this.typeOf(a[0]!).kind === "bool") {
          // LIR never widens bool to i8 (CLIF would spell a same-width extend).
          this.set(inst, [to === "i8" ? b.select(x, b.iconst("i8", 1), b.iconst("i8", 0)) : b.convert("uext", x, to)]);
        } else {
          this.set(inst, [b.convert(inst.op === "zext" ? "uext" : inst.op, x, to)]);
        }
        return;
      }
      case "sitofp":
        this.set(inst, [b.convert("sitofp", this.one(a[0]!), "f64")]);
        return;
      case "fptosi": {
        const bits = (inst.type as { bits: number }).bits;
        if (bits >= 32) {
          this.set(inst, [b.convert("fptosi_sat", this.one(a[0]!), `i${bits}` as LIntType)]);
          return;
        }
        // Narrow targets: saturate to i32, clamp to the narrow range, truncate. Same result
        // (NaN gives 0), and Cranelift's x64 backend has no narrow fcvt_to_sint_sat.
        const w = b.convert("fptosi_sat", this.one(a[0]!), "i32");
        const lo = b.iconst("i32", -(1n << BigInt(bits - 1))), hi = b.iconst("i32", (1n << BigInt(bits - 1)) - 1n);
        const low = b.select(b.icmp("slt", w, lo), lo, w);
        const clamped = b.select(b.icmp("sgt", low, hi), hi, low);
        this.set(inst, [b.convert("trunc", clamped, `i${bits}` as LIntType)]);
        return;
      }
      case "get":
        this.set(inst, this.varValue((inst.imm as { var: VarId }).var));
        return;
      case "set":
        this.vars[(inst.imm as { var: VarId }).var] = this.value(a[0]!);
        return;
      case "call":
        this.set(inst, this.lowerCall((inst.imm as { name: string }).name, a));
        return;
      case "array.lit": case "array.new":
        this.set(inst, this.newArray(inst));
        return;
      case "array.get": case "array.set":
        this.arrayAccess(inst, idx);
        return;
      case "array.len": {
        const d = this.direct.get(a[0]!);
        if (d) this.set(inst, [b.iconst("i32", d.len)]);
        else this.set(inst, [b.convert("trunc", this.rt("fz_array_len", [this.one(a[0]!)])[0]!, "i32")]);
        return;
      }
      case "array.push":
        this.rt("fz_array_push", [this.one(a[0]!), this.toSlot(a[1]!)]);
        return;
      case "struct.new": {
        const name = (inst.imm as { name: string }).name;
        this.ask(`struct %${this.func.values[inst.dst!]!.name}`, { kind: "struct", enabled: this.mc.opts.fast.structs, escape: this.escapes[inst.dst!]!, mutability: "mutated", constant: false, profitable: true });
        const lay = this.mc.repr.structLayout(name);
        const cell = this.rt("fz_alloc", [b.iconst("i64", lay.size)])[0]!;
        this.mc.ix.structs.get(name)!.fields.forEach((f, i) => this.storeValue(cell, lay.offsets.get(f.name)!, f.type, this.value(a[i]!)));
        this.set(inst, [cell]);
        return;
      }
      case "struct.get": case "struct.set": {
        const st = this.typeOf(a[0]!) as { name: string };
        const field = this.mc.ix.structs.get(st.name)!.fields.find((f) => f.name === (inst.imm as { name: string }).name)!;
        const off = this.mc.repr.structLayout(st.name).offsets.get(field.name)!;
        if (inst.op === "struct.get") this.set(inst, this.loadValue(this.one(a[0]!), off, field.type));
        else this.storeValue(this.one(a[0]!), off, field.type, this.value(a[1]!));
        return;
      }
      case "enum.new": {
        const imm = inst.imm as { enumName: string; variant: string };
        const def = this.mc.ix.enums.get(imm.enumName)!;
        const tag = def.variants.findIndex((v) => v.name === imm.variant);
        const t = this.typeOf(inst.dst!);
        if (!this.mc.repr.payloadEnum(t)) {
          this.set(inst, [b.iconst("i32", tag)]);
          this.constInt.set(inst.dst!, BigInt(tag));
          return;
        }
        const cell = this.rt("fz_alloc", [b.iconst("i64", this.mc.repr.enumCellSize(def.name))])[0]!;
        b.store(cell, b.iconst("i32", tag), 0);
        const v = def.variants[tag]!;
        if (v.payload) this.storeValue(cell, 8, v.payload, this.value(a[0]!));
        this.set(inst, [cell]);
        return;
      }
      case "enum.tag":
        this.set(inst, [this.enumTag(a[0]!)]);
        return;
      case "enum.payload": {
        const t = this.typeOf(a[0]!) as { name: string };
        const def = this.mc.ix.enums.get(t.name)!;
        const vi = def.variants.findIndex((v) => v.name === (inst.imm as { variant: string }).variant);
        const tag = this.enumTag(a[0]!);
        this.guard(b.icmp("ne", tag, b.iconst("i32", vi)), "fz_panic_payload");
        this.set(inst, this.loadValue(this.one(a[0]!), 8, def.variants[vi]!.payload!));
        return;
      }
      case "str.lit": {
        const bytes = new TextEncoder().encode((inst.imm as { value: string }).value);
        this.strLit.set(inst.dst!, bytes);
        const sym = this.mc.addData(bytes, 1);
        const p = b.symbolAddr(sym);
        const len = b.iconst("i64", bytes.length);
        if (this.mc.repr.strViews) this.set(inst, [p, len]);
        else this.set(inst, this.rt("fz_str_intern", [p, len]));
        return;
      }
      case "str.len": case "str.eq": case "str.trim": case "str.replace": case "str.contains":
      case "str.starts_with": case "str.ends_with": case "str.concat":
        this.set(inst, lowerStringOp(this, inst));
        return;
    }
  }

  enumTag(e: ValueId): LValue {
    if (!this.mc.repr.payloadEnum(this.typeOf(e))) return this.one(e);
    this.count("directLoads");
    return this.b.load("i32", this.one(e), 0);
  }

  /** Integer division and remainder with the IR's checks; constant divisors need none. */
  private division(op: "sdiv" | "srem" | "udiv" | "urem", x: ValueId, y: ValueId): LValue {
    const b = this.b;
    const bits = (this.typeOf(x) as { bits: number }).bits;
    const t = `i${bits}` as LIntType;
    const xv = this.one(x), yv = this.one(y);
    const c = this.constInt.get(y);
    const signed = op === "sdiv" || op === "srem";
    const zeroPanic = op === "sdiv" || op === "udiv" ? "fz_panic_div_zero" : "fz_panic_rem_zero";
    if (c === undefined || c === 0n) this.guard(b.icmp("eq", yv, b.iconst(t, 0)), zeroPanic);
    if (signed && (c === undefined || c === -1n)) {
      const rx = this.rangeOf(x), ry = this.rangeOf(y);
      const min = -(1n << BigInt(bits - 1));
      const mayMin = !rx || rx.lo <= min;
      const mayNeg1 = c === -1n || !ry || (ry.lo <= -1n && ry.hi >= -1n);
      if (mayMin && mayNeg1) {
        const ov = b.binary("band", b.icmp("eq", xv, b.iconst(t, min)), b.icmp("eq", yv, b.iconst(t, -1)));
        this.guard(ov, op === "sdiv" ? "fz_panic_div_overflow" : "fz_panic_rem_overflow");
      }
    }
    // Strength reduction: a non-negative dividend and a positive constant divisor make the
    // signed operation unsigned, which needs no sign fix-up after the multiply.
    let kind: "sdiv" | "srem" | "udiv" | "urem" = op;
    if (signed && this.mc.opts.fast.strength && this.mc.opts.mode !== "off" && c !== undefined && c > 0n) {
      const rx = this.rangeOf(x);
      if (rx && rx.lo >= 0n) kind = op === "sdiv" ? "udiv" : "urem";
    }
    return b.binary(kind, xv, yv);
  }

  private lowerCall(name: string, args: readonly ValueId[]): LValue[] {
    const b = this.b;
    this.count("calls");
    const imp = this.mc.ix.imports.get(name);
    if (imp) {
      const e = this.mc.importFn(name);
      const flat = args.flatMap((v, i) => (imp.params[i]!.kind === "str" ? [this.internHandle(v)] : this.value(v)));
      const r = b.call(name, flat, e.results);
      if (imp.result?.kind === "str" && this.mc.repr.strViews) return this.viewOfHandle(r[0]!);
      return r;
    }
    const sig = this.mc.sig(name);
    const flat = args.flatMap((v) => this.value(v));
    if (sig.outParts) {
      const slot = b.newSlot(sig.outParts.length * 8, 8);
      const out = b.stackAddr(slot);
      b.call(sig.symbol, [...flat, out], []);
      return sig.outParts.map((t, i) => b.load(t as Exclude<LType, "bool">, out, i * 8));
    }
    return b.call(sig.symbol, flat, sig.results);
  }

  /** An interned handle for a str value (views are interned at this boundary). */
  internHandle(v: ValueId): LValue {
    const parts = this.value(v);
    return this.mc.repr.strViews ? this.rt("fz_str_intern", parts)[0]! : parts[0]!;
  }

  viewOfHandle(h: LValue): LValue[] {
    return [this.rt("fz_str_ptr", [h])[0]!, this.rt("fz_str_len", [h])[0]!];
  }

  /** Widen a value to a runtime array slot (i64). */
  toSlot(v: ValueId): LValue {
    const b = this.b;
    const t = this.typeOf(v);
    const x = this.one(v);
    switch (t.kind) {
      case "int": return t.bits === 64 ? x : b.convert("sext", x, "i64");
      case "bool": return b.convert("uext", x, "i64");
      case "f64": return b.convert("bitcast", x, "i64");
      case "enum": return this.mc.repr.payloadEnum(t) ? b.convert("ptr_to_int", x, "i64") : b.convert("sext", x, "i64");
      case "str": return b.convert("ptr_to_int", this.internHandle(v), "i64");
      default: return b.convert("ptr_to_int", x, "i64");
    }
  }

  /** Narrow a runtime array slot back to a value of type t. */
  fromSlot(s: LValue, t: Type): LValue[] {
    const b = this.b;
    switch (t.kind) {
      case "int": return [t.bits === 64 ? s : b.convert("trunc", s, `i${t.bits}` as LIntType)];
      case "bool": return [b.icmp("ne", s, b.iconst("i64", 0))];
      case "f64": return [b.convert("bitcast", s, "f64")];
      case "enum": return [this.mc.repr.payloadEnum(t) ? b.convert("int_to_ptr", s, "ptr") : b.convert("trunc", s, "i32")];
      case "str": {
        const h = b.convert("int_to_ptr", s, "ptr");
        return this.mc.repr.strViews ? this.viewOfHandle(h) : [h];
      }
      default: return [b.convert("int_to_ptr", s, "ptr")];
    }
  }

  /** Store a value's parts at addr+off in its memory layout. */
  storeValue(addr: LValue, off: number, t: Type, parts: readonly LValue[]): void {
    const lay = this.mc.repr.layout(t);
    lay.parts.forEach((p, i) => {
      const v = p.bool ? this.b.select(parts[i]!, this.b.iconst("i8", 1), this.b.iconst("i8", 0)) : parts[i]!;
      this.b.store(addr, v, off + p.offset);
      this.count("directStores");
    });
  }

  loadValue(addr: LValue, off: number, t: Type, readonly = false): LValue[] {
    const lay = this.mc.repr.layout(t);
    return lay.parts.map((p) => {
      this.count("directLoads");
      const v = this.b.load(p.type, addr, off + p.offset, readonly);
      return p.bool ? this.b.icmp("ne", v, this.b.iconst("i8", 0)) : v;
    });
  }

  // ---- arrays -------------------------------------------------------------

  private newArray(inst: Inst): LValue[] {
    const b = this.b;
    const t = inst.type!;
    const dst = inst.dst!;
    const name = `array %${this.func.values[dst]!.name}`;
    if (t.kind === "dynarray") {
      this.ask(name, { kind: "dynamic-array", enabled: this.mc.opts.fast.arrays, escape: this.escapes[dst]!, mutability: "mutated", constant: false, profitable: true });
      return this.rt("fz_array_new", [b.iconst("i64", 0)]);
    }
    if (t.kind !== "array") throw new Error("array type expected");
    const elem = this.mc.repr.layout(t.elem);
    const written = this.func.blocks.some((bl) => bl.insts.some((i) => i.op === "array.set" && i.args[0] === dst));
    const constant = inst.op === "array.lit" && inst.args.every((v) => this.staticBytesOk(v));
    const d = this.ask(name, {
      kind: "fixed-array", enabled: this.mc.opts.fast.arrays, escape: this.escapes[dst]!,
      mutability: written ? "mutated" : "immutable", constant,
      profitable: t.len * elem.size <= this.mc.opts.stackArrayMaxBytes,
    });
    if (d.form === "static-data") {
      const base = b.symbolAddr(this.staticArray(inst.args, t.elem, elem));
      this.direct.set(dst, { len: t.len, elem, base, readonly: true });
      return [base];
    }
    if (d.form === "stack-slot") {
      const slot = b.newSlot(Math.max(1, t.len * elem.size), Math.max(elem.align, 8));
      const base = b.stackAddr(slot);
      this.direct.set(dst, { len: t.len, elem, base, readonly: false });
      if (inst.op === "array.lit") inst.args.forEach((v, i) => this.storeValue(base, i * elem.size, t.elem, this.value(v)));
      else this.fill(base, t.len, t.elem, elem, this.value(inst.args[0]!));
      return [base];
    }
    // Runtime handle.
    if (inst.op === "array.new") return this.rt("fz_array_new_filled", [b.iconst("i64", t.len), this.toSlot(inst.args[0]!)]);
    const h = this.rt("fz_array_new", [b.iconst("i64", t.len)])[0]!;
    for (const v of inst.args) this.rt("fz_array_push", [h, this.toSlot(v)]);
    return [h];
  }

  /** Whether a value's bytes are known at compile time (for static data). */
  private staticBytesOk(v: ValueId): boolean {
    const d = this.defInst[v];
    if (!d) return false;
    if (d.op === "const") return d.imm.kind === "int" || d.imm.kind === "bool" || d.imm.kind === "f64";
    if (d.op === "enum.new") return d.args.length === 0 && !this.mc.repr.payloadEnum(this.typeOf(v));
    if (d.op === "str.lit") return this.mc.repr.strViews;
    return false;
  }

  private staticArray(elems: readonly ValueId[], t: Type, lay: Layout): string {
    const bytes = new Uint8Array(Math.max(1, elems.length * lay.size));
    const view = new DataView(bytes.buffer);
    const relocs: { offset: number; symbol: string; addend: number }[] = [];
    elems.forEach((v, i) => {
      const off = i * lay.size;
      const d = this.defInst[v]!;
      if (d.op === "const" && d.imm.kind === "int") {
        const n = BigInt.asUintN(lay.size * 8, d.imm.value); // two's complement bytes, little-endian
        for (let k = 0; k < lay.size; k++) bytes[off + k] = Number((n >> BigInt(8 * k)) & 0xffn);
      } else if (d.op === "const" && d.imm.kind === "bool") {
        bytes[off] = d.imm.value ? 1 : 0;
      } else if (d.op === "const" && d.imm.kind === "f64") {
        view.setFloat64(off, d.imm.value, true);
      } else if (d.op === "enum.new" && d.imm.kind === "variant") {
        const imm = d.imm;
        view.setInt32(off, this.mc.ix.enums.get(imm.enumName)!.variants.findIndex((x) => x.name === imm.variant), true);
      } else if (d.op === "str.lit" && d.imm.kind === "str") {
        const s = new TextEncoder().encode(d.imm.value);
        relocs.push({ offset: off, symbol: this.mc.addData(s, 1), addend: 0 });
        view.setBigInt64(off + 8, BigInt(s.length), true);
      }
    });
    void t;
    return this.mc.addData(bytes, Math.max(lay.align, 8), relocs);
  }

  /** Fill `len` elements at base with one value: unrolled when short, else a loop. */
  private fill(base: LValue, len: number, t: Type, lay: Layout, parts: readonly LValue[]): void {
    const b = this.b;
    if (len <= 16) {
      for (let i = 0; i < len; i++) this.storeValue(base, i * lay.size, t, parts);
      return;
    }
    const head = b.newBlock(["i64"]);
    const body = b.newBlock();
    const exit = b.newBlock();
    b.jump(head, [b.iconst("i64", 0)]);
    b.switchTo(head);
    const i = b.blockParams(head)[0]!;
    b.brif(b.icmp("ult", i, b.iconst("i64", len)), { block: body, args: [] }, { block: exit, args: [] });
    b.switchTo(body);
    this.storeValue(b.ptrAdd(base, b.binary("imul", i, b.iconst("i64", lay.size))), 0, t, parts);
    b.jump(head, [b.binary("iadd", i, b.iconst("i64", 1))]);
    b.switchTo(exit);
  }

  /** Decide the bounds check of each direct array access in a block (grouping windows). */
  private planChecks(insts: readonly Inst[]): Map<number, CheckPlan> {
    const plans = new Map<number, CheckPlan>();
    const fast = this.mc.opts.fast.bounds && this.mc.opts.mode !== "off";
    const open = new Map<string, { base: ValueId; members: { inst: number; offset: bigint }[]; plan: CheckPlan }>();
    insts.forEach((inst, k) => {
      const isAccess = inst.op === "array.get" || inst.op === "array.set";
      const arrT = isAccess ? this.typeOf(inst.args[0]!) : undefined;
      const directCandidate = isAccess && arrT?.kind === "array" && this.escapes[inst.args[0]!] === "none";
      if (isAccess && directCandidate && fast) {
        const idx = inst.args[1]!;
        const r = this.ranges.of(idx, this.irBlock);
        const len = BigInt((arrT as { len: number }).len);
        if (r && r.lo >= 0n && r.hi < len) {
          plans.set(k, { kind: "elided" });
          return;
        }
        const [base, offset] = this.decompose(idx);
        const key = `${inst.args[0]}:${base}`;
        const g = open.get(key);
        const baseReady = this.defInst[base] === undefined || !insts.includes(this.defInst[base]!) || insts.indexOf(this.defInst[base]!) < (g ? g.members[0]!.inst : k);
        if (g && baseReady && len < 1n << 30n) {
          g.members.push({ inst: k, offset });
          plans.set(k, { kind: "covered" });
          return;
        }
        const plan: CheckPlan = { kind: "group", base, members: [{ inst: k, offset }] };
        open.set(key, { base, members: (plan as { members: { inst: number; offset: bigint }[] }).members, plan });
        plans.set(k, plan);
        return;
      }
      if (isAccess || inst.op === "call" || ["sdiv", "srem", "udiv", "urem", "enum.payload"].includes(inst.op)) open.clear();
    });
    // Single-member groups are plain strict checks; windows too wide for the array stay strict.
    for (const [k, p] of plans) {
      if (p.kind !== "group") continue;
      const offs = p.members.map((m) => m.offset);
      const span = offs.reduce((x, y) => (y > x ? y : x)) - offs.reduce((x, y) => (y < x ? y : x));
      const len = BigInt((this.typeOf(this.func.blocks[this.irBlock]!.insts[k]!.args[0]!) as { len: number }).len);
      if (p.members.length === 1 || span >= len || offs.some((o) => o > 1n << 20n || o < -(1n << 20n))) {
        plans.set(k, { kind: "strict" });
        for (const m of p.members.slice(1)) plans.set(m.inst, { kind: "strict" });
      }
    }
    return plans;
  }

  /** Split an index value into base + constant offset (`add %b, K`, `sub %b, K`). */
  private decompose(v: ValueId): [ValueId, bigint] {
    const d = this.defInst[v];
    if (d && (d.op === "add" || d.op === "sub")) {
      const c1 = this.constOf(d.args[1]!);
      if (c1 !== undefined) return [d.args[0]!, d.op === "add" ? c1 : -c1];
      const c0 = d.op === "add" ? this.constOf(d.args[0]!) : undefined;
      if (c0 !== undefined) return [d.args[1]!, c0];
    }
    return [v, 0n];
  }

  private constOf(v: ValueId): bigint | undefined {
    const d = this.defInst[v];
    const t = this.typeOf(v);
    return d && d.op === "const" && d.imm.kind === "int" && t.kind === "int" ? BigInt.asIntN(t.bits, d.imm.value) : undefined;
  }

  private arrayAccess(inst: Inst, k: number): void {
    const b = this.b;
    const [arr, idx] = inst.args as [ValueId, ValueId];
    const d = this.direct.get(arr);
    const t = this.typeOf(arr) as { elem: Type };
    if (!d) {
      // Runtime handle: the runtime checks bounds and panics with the same message.
      const h = this.one(arr);
      const i = b.convert("sext", this.one(idx), "i64");
      if (inst.op === "array.get") this.set(inst, this.fromSlot(this.rt("fz_array_get", [h, i])[0]!, t.elem));
      else this.rt("fz_array_set", [h, i, this.toSlot(inst.args[2]!)]);
      return;
    }
    const plan = this.checks.get(k) ?? { kind: "strict" };
    const subject = `bounds ${this.func.blocks[this.irBlock]!.name}#${k}`;
    const base = { kind: "bounds-check" as const, enabled: this.mc.opts.fast.bounds, escape: "none" as const, mutability: "immutable" as const, constant: false, profitable: true };
    if (plan.kind === "elided") {
      this.ask(subject, { ...base, proven: true });
      this.count("boundsElided");
    } else if (plan.kind === "covered") {
      this.count("boundsGrouped");
    } else if (plan.kind === "group") {
      this.ask(subject, { ...base, proven: false, groupable: true });
      this.groupCheck(plan, d.len);
      this.count("boundsChecks");
      this.count("boundsGrouped");
    } else {
      this.ask(subject, { ...base, proven: false, groupable: false });
      const i64 = b.convert("sext", this.one(idx), "i64");
      const len = b.iconst("i64", d.len);
      this.guard(b.icmp("uge", i64, len), "fz_panic_bounds", [i64, len]);
      this.count("boundsChecks");
    }
    const c = this.constOf(idx);
    let addr = d.base, off = 0;
    if (c !== undefined && c >= 0n && c < BigInt(d.len)) off = Number(c) * d.elem.size;
    else {
      // base + K with a small K: the access is in bounds here, so base + K did not wrap
      // (see planChecks' limits) and the element is at addr(base) + K * size. The
      // rolling window a[off], a[off+1], ... shares one address and uses constant offsets.
      const [bv, k] = this.decompose(idx);
      const small = k !== 0n && k > -(1n << 20n) && k < 1n << 20n && d.len < 1 << 30 && this.typeOf(bv).kind === "int";
      const key = small ? `${arr}:${bv}` : `${arr}:${idx}`;
      let at = this.addrCache.get(key);
      if (at === undefined) {
        const iv = this.one(small ? bv : idx);
        const bits = (this.typeOf(small ? bv : idx) as { bits: number }).bits;
        at = b.ptrAdd(d.base, b.binary("imul", bits === 64 ? iv : b.convert("sext", iv, "i64"), b.iconst("i64", d.elem.size)));
        this.addrCache.set(key, at);
      }
      addr = at;
      if (small) off = Number(k) * d.elem.size;
    }
    if (inst.op === "array.get") this.set(inst, this.loadValue(addr, off, t.elem, d.readonly));
    else this.storeValue(addr, off, t.elem, this.value(inst.args[2]!));
  }

  /**
   * One check for a window of accesses base+c_min .. base+c_max: in i64,
   * base+c_min must be in [0, len - span). On failure the cold path re-checks
   * each access in program order, so the panic names exactly the index the
   * IR's semantics would report first.
   */
  private groupCheck(plan: Extract<CheckPlan, { kind: "group" }>, len: number): void {
    const b = this.b;
    const offs = plan.members.map((m) => m.offset);
    const cmin = offs.reduce((x, y) => (y < x ? y : x));
    const cmax = offs.reduce((x, y) => (y > x ? y : x));
    const baseV = this.one(plan.base);
    const bits = (this.typeOf(plan.base) as { bits: number }).bits;
    const base64 = bits === 64 ? baseV : b.convert("sext", baseV, "i64");
    const lo = b.binary("iadd", base64, b.iconst("i64", cmin));
    const bad = b.icmp("uge", lo, b.iconst("i64", BigInt(len) - (cmax - cmin)));
    const cont = b.newBlock();
    const cold = b.newBlock([], true);
    b.brif(bad, { block: cold, args: [] }, { block: cont, args: [] });
    b.switchTo(cold);
    const t = `i${bits}` as LIntType;
    for (const m of plan.members) {
      const idx = m.offset === 0n ? baseV : b.binary("iadd", baseV, b.iconst(t, BigInt.asIntN(bits, m.offset)));
      const i64 = bits === 64 ? idx : b.convert("sext", idx, "i64");
      const lenV = b.iconst("i64", len);
      const next = b.newBlock([], true);
      b.brif(b.icmp("uge", i64, lenV), { block: this.panicBlock("fz_panic_bounds", 2), args: [i64, lenV] }, { block: next, args: [] });
      b.switchTo(next);
    }
    b.jump(cont, []);
    b.switchTo(cont);
  }
}

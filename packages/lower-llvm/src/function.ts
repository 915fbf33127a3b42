/**
 * One lowered function as an LLVM `define`. Values and blocks take the names
 * the lowered form carries (`%acc`, `loop_head:`, made unique and spelled by
 * local-names.ts), and otherwise their ids (`%vN`, `bbN`); stack slots become
 * `%sN` allocas in the entry block (so LLVM sees fixed-size frame objects),
 * and block parameters become phis as the edge plan says. Scalars never go
 * through memory: there is no alloca but the stack slots the lowering asked
 * for. Origins print as `; ...` comment lines (their text) and as `!dbg`
 * locations (their source location, debug-info.ts).
 */
import type { LFunction, LInst, LOrigin, LSourceLoc, LTerm, LType, LValue } from "@fzy/lir";
import type { DebugInfo, FunctionDebug } from "./debug-info.js";
import type { EdgePlan } from "./edge-plan.js";
import { argumentName, type Locals, localNames, putLabel } from "./function-locals.js";
import { type FunctionScope, line, writeInst } from "./instructions.js";
import type { KnownOperands } from "./facts-operands.js";
import { LlvmFacts } from "./llvm-facts.js";
import { COLD_WEIGHT, HOT_WEIGHT, type LlvmModuleScope } from "./module-scope.js";
import { spelledName, llvmReturnType, llvmType } from "./spelling.js";
import { DEFINE_INTERNAL_RESULT_LEAD, DEFINE_RESULT_LEAD, NEXT_PARAM_LEAD, PARAM_LEAD, PHI_TAIL, RET_LEAD } from "./leads.js";
import { activeClock, PASS, type TextOut } from "@fzy/lir";

const INDENT = "  ";

/** The function a printer holds before its first (never printed). */
const NO_FUNCTION: LFunction = { name: "", params: [], results: [], exported: false, slots: [], blocks: [], valueTypes: [] };

/** The terminator of a block cut after a call to a noreturn extern. */
const TRAP: LTerm = { op: "trap" };

/**
 * Branch weights for a terminator whose routes mix hot and cold targets: a
 * cold edge weighs 1 against 2000 for a hot one. No weights when all routes
 * agree, since there is nothing to predict. The routes are the plan's edges
 * e0 .. e0 + count - 1.
 */
function weightsSuffix(plan: EdgePlan, e0: number, count: number, ctx: LlvmModuleScope): string {
  const { route, cold: isCold } = plan;
  let cold = 0;
  for (let e = e0; e < e0 + count; e++) cold += isCold[route[e]!]!;
  if (cold === 0 || cold === count) return "";
  // A two-way branch has only two mixed weightings: their suffixes are spelled once per module.
  if (count === 2) return ctx.twoWayWeights(isCold[route[e0]!] === 1);
  const weights: number[] = [];
  for (let e = e0; e < e0 + count; e++) weights.push(isCold[route[e]!] ? COLD_WEIGHT : HOT_WEIGHT);
  return `, !prof ${ctx.branchWeights(weights)}`;
}

/**
 * The printer of a module's functions, one after another (print): the
 * state of printing one function, reset for each (one object per module,
 * not one per function, which for many small functions was garbage to
 * collect): the scope instructions print in, and the `!dbg` attachment of
 * the instruction being printed (its location node is asked for at the
 * instruction's first line end, after the nodes the instruction itself
 * names, as when each instruction was printed whole before its attachment
 * was added).
 */
export class FunctionPrinter implements FunctionScope {
  /** Whether the current instruction's lines carry a `!dbg` attachment not yet numbered. */
  private pending = false;
  private loc: LSourceLoc | undefined = undefined;
  /** The attachment of the current instruction's lines once numbered ("" for none). */
  private suffix = "";
  private solved: LlvmFacts | undefined = undefined;
  private asked = false;
  private fn: LFunction = NO_FUNCTION;
  private locals: Locals | undefined = undefined;
  private dbg: FunctionDebug | undefined = undefined;
  /** The operands known without solving, when the function's flow only goes forward (facts-operands.ts). */
  private known: KnownOperands | undefined = undefined;
  /** The origin of each instruction of the block being printed (by index), and the origin of the one before. */
  private row: readonly number[] | undefined = undefined;
  private last = -1;

  /** One printer serves every function of a module (print), one after another. */
  constructor(
    readonly ctx: LlvmModuleScope,
    readonly out: TextOut,
    private readonly debug: DebugInfo,
  ) {}

  spell(v: LValue): string {
    const locals = this.locals!, named = locals.named[v];
    return locals.spell[v] ?? (named !== undefined ? `%${named}` : this.ctx.generatedRefs.value(this.generated(v)));
  }

  put(v: LValue): void {
    this.ref("", v, "");
  }

  ref(lead: string, v: LValue, tail: string): void {
    const locals = this.locals!, s = locals.spell[v];
    if (s !== undefined) return this.out.ref(lead, s, "", 0, tail);
    // A local name is written from its bytes (function-locals.ts NameBytes), not from its string.
    if (locals.named[v] !== undefined) {
      const { bytes, start, end } = locals.nameBytes;
      return this.out.refBytes(lead, bytes, start[v]!, end[v]!, tail);
    }
    this.out.ref(lead, undefined, "%v", this.generated(v), tail);
  }

  refPairEnd(lead: string, a: LValue, mid: string, b: LValue): void {
    const locals = this.locals!;
    // A local name is written from its bytes (see ref), so then one operand at a time.
    if (locals.named[a] !== undefined || locals.named[b] !== undefined) {
      this.ref(lead, a, mid);
      return this.refEnd("", b);
    }
    // Neither has a local name: a spelling is written as it is, any other value as `%vN`.
    const nameA = locals.spell[a], nameB = locals.spell[b];
    const idA = nameA === undefined ? this.generated(a) : 0, idB = nameB === undefined ? this.generated(b) : 0;
    // As in refEnd: without an attachment the line break goes with the operands.
    const attached = this.pending || this.suffix !== "";
    this.out.refs(lead, nameA, 0, idA, mid, nameB, 0, idB, "%v", attached ? "" : "\n");
    if (attached) this.end();
  }

  refEnd(lead: string, v: LValue): void {
    // Without an attachment the line break goes with the operand: one call to the text fewer.
    if (this.pending || this.suffix !== "") {
      this.ref(lead, v, "");
      this.end();
    } else this.ref(lead, v, "\n");
  }

  /** v, a value spelled by its id (`%vN`): checked to be one of the function's values. */
  private generated(v: LValue): LValue {
    if (!((v | 0) === v && v >= 0 && v < this.fn.valueTypes.length)) throw new Error(`lower-llvm: ${this.fn.name} uses unknown value v${v}`);
    return v;
  }

  typeOf(v: LValue): LType {
    const t = this.fn.valueTypes[v];
    if (t === undefined) throw new Error(`lower-llvm: ${this.fn.name} uses unknown value v${v}`);
    return t;
  }

  temp(): string {
    return this.locals!.temp();
  }

  wrapFlags(inst: Extract<LInst, { op: "binary" }>): string {
    if (!this.ctx.facts) return "";
    // Arguments, constants and results of such operations: the flags the solver would give, without solving (facts-operands.ts).
    if (this.known) {
      const t = this.fn.valueTypes[inst.dst];
      const quick = t === undefined ? undefined : this.known.wrapFlags(inst.kind, t, inst.a, inst.b);
      if (quick !== undefined) {
        // Its operands known, so is its result: a chain of such operations is answered without solving.
        this.known.result(inst.kind, t!, inst.dst, inst.a, inst.b);
        return quick;
      }
    }
    return this.facts()?.wrapFlags(inst) ?? "";
  }

  // Solved at the first question: a function with no flaggable arithmetic and no integer load needs no ranges.
  facts(): LlvmFacts | undefined {
    if (!this.asked && this.ctx.facts) {
      this.asked = true;
      const clock = activeClock;
      clock?.enter(PASS.facts);
      this.solved = new LlvmFacts(this.fn, this.ctx.dataRanges, this.ctx.factsScratch);
      clock?.leave();
    }
    return this.solved;
  }

  open(): void {
    this.out.s(INDENT);
  }

  end(): void {
    if (this.pending) {
      this.pending = false;
      this.suffix = this.dbg!.attachment(this.loc);
    }
    if (this.suffix !== "") this.out.s(this.suffix);
    this.out.nl();
  }

  /** Starts an instruction (or terminator) of an origin: whether its lines carry a `!dbg` attachment, and where. */
  startInst(origin: LOrigin | undefined, isCall: boolean): void {
    this.pending = this.dbg !== undefined && (origin?.loc !== undefined || isCall);
    this.loc = origin?.loc;
    this.suffix = "";
  }

  /** Starts instruction i of the block: a `; text` line before the first instruction of each origin in the block. */
  private start(i: number, isCall: boolean): void {
    const row = this.row, o = row === undefined || i >= row.length ? -1 : row[i]!;
    const origin = o >= 0 ? this.fn.origins!.table[o]! : undefined;
    if (origin?.text !== undefined && o !== this.last) {
      this.out.s(INDENT);
      this.out.s("; ");
      this.out.s(oneLine(origin.text));
      this.out.nl();
    }
    this.last = o;
    this.startInst(origin, isCall);
  }

  /** Writes the LLVM text of `fn`, each line ending in a line break. */
  print(fn: LFunction): void {
    const { ctx, out } = this;
    const entry = fn.blocks[0];
    if (!entry || entry.params.length !== fn.params.length) {
      throw new Error(`lower-llvm: ${fn.name}: the entry block's parameters must be the function's parameters`);
    }
    const plan = ctx.edgePlan.plan(fn, ctx.noreturnTest);
    // Arguments and constants are known without solving the facts where the flow only goes forward (facts-operands.ts).
    let known: KnownOperands | undefined;
    if (ctx.facts && plan.forward) {
      known = ctx.knownOperands;
      known.reset(fn.valueTypes.length);
      for (const p of entry.params) known.argument(p, fn.valueTypes[p]);
    }
    this.fn = fn;
    this.known = known;
    this.solved = undefined;
    this.asked = false;
    this.pending = false;
    this.loc = undefined;
    this.suffix = "";
    const { labels } = (this.locals = localNames(fn, plan, ctx, known));
    this.dbg = this.debug.forFunction(fn);
    this.header(fn, plan.prologue);
    if (plan.prologue) {
      labelLine(out, labels, plan.prologueId);
      allocas(out, fn);
      out.ref(JUMP_LEAD, labels[0], "bb", 0, "\n");
    }
    const origins = fn.origins, plain = origins === undefined && this.dbg === undefined;
    const n = plan.blockCount, { order, kept, trapped, edgeStart } = plan;
    for (let o = 0; o < plan.printed; o++) {
      const id = order[o]!;
      if (id > n) {
        labelLine(out, labels, id);
        const to = plan.splitTarget[id - n - 1]!;
        out.ref(JUMP_LEAD, labels[to], "bb", to, "\n");
        continue;
      }
      const block = fn.blocks[id]!;
      out.ref("", labels[id], "bb", id, block.cold ? ": ; cold\n" : ":\n");
      if (id === 0 && !plan.prologue) allocas(out, fn);
      if (plan.rowHead[id]! >= 0) phis(fn, block.params, plan.rowHead[id]!, plan, this, labels);
      const insts = block.insts;
      if (plain) {
        // No comment lines and no attachments: nothing for start() to do (no line has a suffix to forget).
        for (let i = 0, end = kept[id]!; i < end; i++) writeInst(this, insts[i]!);
      } else {
        this.row = origins?.at[id];
        this.last = -1;
        for (let i = 0, end = kept[id]!; i < end; i++) {
          const inst = insts[i]!;
          this.start(i, inst.op === "call" || inst.op === "call_indirect");
          writeInst(this, inst);
        }
        // An instruction cut by the edge plan (after a noreturn call) prints with the terminator's slot.
        this.start(insts.length, false);
      }
      writeTerm(this, trapped[id] ? TRAP : block.term, plan, edgeStart[id]!, labels);
    }
    out.s("}");
    out.nl();
  }

  /** The `define` line: every lowered value is defined (llvm-facts.ts), so parameters and results are noundef. */
  private header(fn: LFunction, prologue: boolean): void {
    const out = this.out;
    // More than one result is an error, which llvmReturnType reports.
    const lead = fn.results.length === 0 ? (fn.exported ? "define void @" : "define internal void @")
      : fn.results.length === 1 ? (fn.exported ? DEFINE_RESULT_LEAD : DEFINE_INTERNAL_RESULT_LEAD)[fn.results[0]!]
      : llvmReturnType(fn.results, fn.name);
    out.ref(lead, spelledName(fn.name), "", 0, "(");
    const params = fn.blocks[0]!.params;
    for (let i = 0; i < fn.params.length; i++) {
      const lead = (i > 0 ? NEXT_PARAM_LEAD : PARAM_LEAD)[fn.params[i]!];
      if (prologue) out.ref(lead, this.locals!.arg(i), "", 0, "");
      else this.ref(lead, params[i]!, "");
    }
    if (this.dbg) {
      out.s(") ");
      out.s(this.ctx.definedFunctionGroup());
      out.s(" !dbg ");
      out.s(this.dbg.subprogram);
      out.s(" {\n");
    } else out.s(this.ctx.definedFunctionTail());
  }
}

/** Writes `lead`, `label %name` of the route of edge e, and `tail`. */
function putTarget(w: TextOut, lead: string, labels: readonly (string | undefined)[], plan: EdgePlan, e: number, tail: string): void {
  const to = plan.route[e]!;
  w.ref(lead, labels[to], "bb", to, tail);
}

/** A jump's text before its target's label. */
const JUMP_LEAD = "  br label %";

/** Writes the terminator of LIR block `b`, whose edges are the plan's from e0 on. */
function writeTerm(s: FunctionPrinter, term: LTerm, plan: EdgePlan, e0: number, labels: readonly (string | undefined)[]): void {
  const w = s.out;
  switch (term.op) {
    case "jump":
      putTarget(w, JUMP_LEAD, labels, plan, e0, "");
      return s.end();
    case "brif": {
      s.ref("  br i1 ", term.cond, ", label %");
      putTarget(w, "", labels, plan, e0, ", label %");
      putTarget(w, "", labels, plan, e0 + 1, weightsSuffix(plan, e0, 2, s.ctx));
      return s.end();
    }
    case "br_table": case "switch": {
      // A table's case k is the index k; a switch names its cases. The head and case lines carry
      // no attachment: the `]` line ends the instruction.
      const on = term.op === "br_table" ? term.index : term.value, cases = term.op === "switch" ? term.cases : undefined;
      const t = llvmType(s.typeOf(on));
      w.s(INDENT);
      w.s("switch ");
      w.s(t);
      w.s(" ");
      s.put(on);
      putTarget(w, ", label %", labels, plan, e0, " [\n");
      for (let i = 0; i < term.targets.length; i++) {
        w.s(INDENT);
        w.s(INDENT);
        w.s(t);
        w.s(" ");
        if (cases === undefined) w.u(i);
        else w.s(cases[i]!.toString());
        putTarget(w, ", label %", labels, plan, e0 + i + 1, "\n");
      }
      s.open();
      w.s("]");
      w.s(weightsSuffix(plan, e0, term.targets.length + 1, s.ctx));
      return s.end();
    }
    case "return":
      if (term.values.length === 0) return line(s, "ret void");
      if (term.values.length > 1) throw new Error("lower-llvm: return of more than one value");
      return s.refEnd(RET_LEAD[s.typeOf(term.values[0]!)], term.values[0]!);
    case "trap":
      return line(s, "unreachable");
    default: {
      const never: never = term;
      throw new Error(`lower-llvm: unknown terminator ${(never as LTerm).op}`);
    }
  }
}

/** Writes the allocas of `fn`'s stack slots (`%sN`), which are in the entry block. */
function allocas(out: TextOut, fn: LFunction): void {
  for (let i = 0; i < fn.slots.length; i++) {
    const slot = fn.slots[i]!;
    out.s(INDENT);
    out.s(`%s${i} = alloca [${slot.size} x i8], align ${slot.align}`);
    out.nl();
  }
}

function labelLine(out: TextOut, labels: readonly (string | undefined)[], id: number): void {
  putLabel(out, labels, id);
  out.s(":");
  out.nl();
}

/** Text on one comment line: line breaks and other control characters become spaces. */
function oneLine(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, " ") : text;
}

const CONTROL = /[\x00-\x1f\x7f]/;
const CONTROL_ALL = /[\x00-\x1f\x7f]/g;

/** Writes the phis of a LIR block with parameters `params`: one per parameter, one row per incoming edge (rows from `head`). */
function phis(fn: LFunction, params: readonly LValue[], head: number, plan: EdgePlan, s: FunctionPrinter, labels: readonly (string | undefined)[]): void {
  const w = s.out;
  const { rowNext, rowFrom, rowArgs, args } = plan;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    s.ref(INDENT, p, PHI_TAIL[s.typeOf(p)]);
    for (let r = head; r >= 0; r = rowNext[r]!) {
      const lead = r === head ? " [ " : ", [ ";
      const at = rowArgs[r]!;
      if (at < 0) w.ref(lead, `%${argumentName(i)}`, "", 0, ", %");
      else s.ref(lead, args[at + i]! as LValue, ", %");
      const from = rowFrom[r]!;
      w.ref("", labels[from], "bb", from, " ]");
    }
    w.nl();
  }
}

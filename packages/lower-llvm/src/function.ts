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
import { type EdgePlan, PROLOGUE_LABEL } from "./edge-plan.js";
import { type FunctionScope, line, writeInst } from "./instructions.js";
import { KnownOperands } from "./facts-operands.js";
import { LlvmFacts } from "./llvm-facts.js";
import { localRef, spelledLocal } from "./local-names.js";
import { COLD_WEIGHT, HOT_WEIGHT, type LlvmModuleScope } from "./module-scope.js";
import { floatLiteral, globalName, intLiteral, llvmParamType, llvmReturnType, llvmType } from "./spelling.js";
import type { TextOut } from "@fzy/lir";

const INDENT = "  ";

/** The terminator of a block cut after a call to a noreturn extern. */
const TRAP: LTerm = { op: "trap" };

/**
 * N when `name` is `prefix` followed by N in decimal as the printer writes it
 * (no leading zero), the shape of a generated name (`v12`, `bb3`); else -1.
 */
function generatedIndex(name: string, prefix: number): number {
  const n = name.length;
  if (n === prefix || n - prefix > 9 || (name.charCodeAt(prefix) === 0x30 && n > prefix + 1)) return -1;
  let k = 0;
  for (let i = prefix; i < n; i++) {
    const d = name.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    k = k * 10 + d;
  }
  return k;
}

/** Name of the i-th function argument when LIR block 0 is a branch target (its parameters are then phis). */
function argumentName(i: number): string {
  return `arg${i}`;
}

/** The printed local names of one function: value spellings, labels by label id, fresh temporaries. */
interface Locals {
  readonly spell: string[];
  /**
   * Printed label of each label id of the plan; undefined for a LIR block
   * whose label is its generated one, `bbN` (written without a string).
   */
  readonly labels: readonly (string | undefined)[];
  readonly arg: (i: number) => string;
  readonly temp: () => string;
}

/** Writes the label of label id `id` (without `%`). */
function putLabel(w: TextOut, labels: readonly (string | undefined)[], id: number): void {
  const l = labels[id];
  if (l !== undefined) w.s(l);
  else {
    w.s("bb");
    w.u(id);
  }
}

/**
 * Operand spellings of every value (constants and fixed addresses print in
 * place, the rest as a local) and the function's labels, in arrays by value
 * id and label id. Without names this is `%vN`, `bbN` and `%tN` with no
 * bookkeeping. With names, the spellings the printer writes directly
 * (`%sN`, `%argN`) are reserved first, then the source names are claimed
 * (blocks, then values, in id order), then each generated name is checked
 * against them (generated names never collide with each other, so only a
 * source name can take one), then split labels and temporaries are claimed
 * as they come.
 */
function localNames(fn: LFunction, plan: EdgePlan, ctx: LlvmModuleScope, known: KnownOperands | undefined): Locals {
  const spell = inPlaceSpellings(fn, plan, ctx, known);
  const names = fn.names;
  const n = plan.blockCount, splitCount = plan.labelCount - n - 1;
  const { order, printed } = plan;
  /** Printed label by label id (undefined: the generated `bbN` of a LIR block). */
  const labels = new Array<string | undefined>(plan.labelCount);
  if (!names) {
    for (let i = 0; i < spell.length; i++) spell[i] ??= `%v${i}`;
    labels[plan.prologueId] = PROLOGUE_LABEL;
    for (let s = 0; s < splitCount; s++) labels[n + 1 + s] = `bb${plan.splitFrom[s]!}.e${plan.splitEdge[s]!}`;
    let temps = 0;
    return { spell, labels, arg: (i) => `%${argumentName(i)}`, temp: () => `%t${temps++}` };
  }
  const local = ctx.localNames;
  local.clear();
  // At most one claim per slot, argument, block and value, and a few temporaries: a table that needs no growing.
  local.reserve(fn.slots.length + fn.params.length + plan.labelCount + spell.length + 16);
  let temps = 0;
  for (let i = 0; i < fn.slots.length; i++) local.claim(`s${i}`);
  if (plan.prologue) for (let i = 0; i < fn.params.length; i++) local.claim(argumentName(i));
  // The unspelled name of each LIR block with split blocks (a split label extends it); only made when there are splits.
  const raw = splitCount > 0 ? new Array<string | undefined>(n) : undefined;
  // Only a claimed source name that is exactly a generated name can take one (a claim that got a `.K` is no
  // generated name), so those are marked by number, and a generated name is checked with one array read.
  // Made at the first such name (most functions have none: a typed array per function costs more than its use).
  let takenValues: Uint8Array | undefined, takenBlocks: Uint8Array | undefined;
  let takenEntry = false;
  const claimSource = (name: string) => {
    const claimed = local.claim(name);
    const c = claimed.charCodeAt(0);
    if (c === 0x76) { // v
      const k = generatedIndex(claimed, 1);
      if (k >= 0 && k < spell.length) (takenValues ??= new Uint8Array(spell.length))[k] = 1;
    } else if (c === 0x62 && claimed.charCodeAt(1) === 0x62) { // bb
      const k = generatedIndex(claimed, 2);
      if (k >= 0 && k < n) (takenBlocks ??= new Uint8Array(n))[k] = 1;
    } else if (claimed === PROLOGUE_LABEL) takenEntry = true;
    return claimed;
  };
  const blockNames = names.blocks;
  for (let i = 0; i < printed; i++) {
    const b = order[i]!;
    if (b >= n) continue;
    const name = blockNames[b];
    if (!name) continue;
    const claimed = claimSource(name);
    if (raw) raw[b] = claimed;
    labels[b] = spelledLocal(claimed);
  }
  const valueNames = names.values;
  for (let i = 0; i < spell.length; i++) {
    const name = valueNames[i];
    if (spell[i] === undefined && name) spell[i] = localRef(claimSource(name));
  }
  // A generated name (`bbN`, `entry`, `vN`, with a `.K` when a source name took it) is always bare: it is its own spelling.
  if (plan.prologue) labels[plan.prologueId] = takenEntry ? local.claim(PROLOGUE_LABEL) : PROLOGUE_LABEL;
  if (takenBlocks) {
    for (let i = 0; i < printed; i++) {
      const b = order[i]!;
      if (b < n && labels[b] === undefined && takenBlocks[b]) labels[b] = local.claim(`bb${b}`);
    }
  }
  // A generated value name is bare, so `%vN` is its spelling unless a source name took it.
  // `vN` and its `.K` variants are always bare names: `%` is their whole spelling (no quoting check per value).
  for (let i = 0; i < spell.length; i++) spell[i] ??= takenValues?.[i] ? `%${local.claim(`v${i}`)}` : `%v${i}`;
  // A split block is named after its source block: `loop_head.e1`.
  for (let i = 0; raw && i < printed; i++) {
    const id = order[i]!;
    if (id <= n) continue;
    const s = id - n - 1, from = plan.splitFrom[s]!;
    const source = raw[from] ?? labels[from] ?? `bb${from}`;
    labels[id] = spelledLocal(local.claim(`${source}.e${plan.splitEdge[s]!}`));
  }
  return {
    spell,
    labels,
    arg: (i) => `%${argumentName(i)}`,
    temp: () => `%${local.claim(`t${temps++}`)}`,
  };
}

/**
 * Spellings of the values that print in place (constants, fixed addresses);
 * undefined for the others. The integer constants also go to `known`.
 */
function inPlaceSpellings(fn: LFunction, plan: EdgePlan, ctx: LlvmModuleScope, known: KnownOperands | undefined): string[] {
  const spell = new Array<string>(fn.valueTypes.length);
  const n = plan.blockCount;
  for (let o = 0; o < plan.printed; o++) {
    const b = plan.order[o]!;
    if (b >= n) continue;
    const insts = fn.blocks[b]!.insts;
    for (let k = 0, kept = plan.kept[b]!; k < kept; k++) {
      const inst = insts[k]!;
      switch (inst.op) {
        case "iconst":
          spell[inst.dst] = intLiteral(inst.type, inst.value);
          known?.constant(inst.dst, fn.valueTypes[inst.dst], inst.type, inst.value);
          break;
        case "fconst": spell[inst.dst] = floatLiteral(inst.value); break;
        case "symbol_addr": spell[inst.dst] = ctx.symbol(inst.symbol); break;
        case "func_addr": ctx.callee(inst.symbol); spell[inst.dst] = ctx.globalRef(inst.symbol); break;
        case "stack_addr":
          if (inst.slot < 0 || inst.slot >= fn.slots.length) throw new Error(`lower-llvm: ${fn.name} uses missing stack slot ${inst.slot}`);
          if (inst.offset === 0) spell[inst.dst] = `%s${inst.slot}`;
          break;
        default: break;
      }
    }
  }
  return spell;
}

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
 * The state of printing one function: the scope instructions print in, and
 * the `!dbg` attachment of the instruction being printed (its location node
 * is asked for at the instruction's first line end, after the nodes the
 * instruction itself names, as when each instruction was printed whole
 * before its attachment was added).
 */
class FunctionPrinter implements FunctionScope {
  /** Whether the current instruction's lines carry a `!dbg` attachment not yet numbered. */
  private pending = false;
  private loc: LSourceLoc | undefined;
  /** The attachment of the current instruction's lines once numbered ("" for none). */
  private suffix = "";
  private solved: LlvmFacts | undefined;
  private asked = false;

  constructor(
    readonly ctx: LlvmModuleScope,
    readonly out: TextOut,
    private readonly fn: LFunction,
    private readonly locals: Locals,
    private readonly dbg: FunctionDebug | undefined,
    /** The operands known without solving, when the function's flow only goes forward (facts-operands.ts). */
    private readonly known: KnownOperands | undefined,
  ) {}

  spell(v: LValue): string {
    const s = this.locals.spell[v];
    if (s === undefined) throw new Error(`lower-llvm: ${this.fn.name} uses unknown value v${v}`);
    return s;
  }

  typeOf(v: LValue): LType {
    const t = this.fn.valueTypes[v];
    if (t === undefined) throw new Error(`lower-llvm: ${this.fn.name} uses unknown value v${v}`);
    return t;
  }

  temp(): string {
    return this.locals.temp();
  }

  wrapFlags(inst: Extract<LInst, { op: "binary" }>): string {
    if (!this.ctx.facts) return "";
    // Arguments and constants only: the flags the solver would give, without solving (facts-operands.ts).
    if (this.known) {
      const t = this.fn.valueTypes[inst.dst];
      const quick = t === undefined ? undefined : this.known.wrapFlags(inst.kind, t, inst.a, inst.b);
      if (quick !== undefined) return quick;
    }
    return this.facts()?.wrapFlags(inst) ?? "";
  }

  // Solved at the first question: a function with no flaggable arithmetic and no integer load needs no ranges.
  facts(): LlvmFacts | undefined {
    if (!this.asked && this.ctx.facts) {
      this.asked = true;
      this.solved = new LlvmFacts(this.fn, this.ctx.dataRanges, this.ctx.factsScratch);
    }
    return this.solved;
  }

  open(): void {
    this.out.s(INDENT);
  }

  end(): void {
    if (this.pending) {
      this.pending = false;
      this.suffix = `, !dbg ${this.dbg!.location(this.loc)}`;
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
}

/** Writes `label %name` of the route of edge e. */
function putTarget(w: TextOut, labels: readonly (string | undefined)[], plan: EdgePlan, e: number): void {
  w.s("label %");
  putLabel(w, labels, plan.route[e]!);
}

/** Writes the terminator of LIR block `b`, whose edges are the plan's from e0 on. */
function writeTerm(s: FunctionPrinter, term: LTerm, plan: EdgePlan, e0: number, labels: readonly (string | undefined)[]): void {
  const w = s.out;
  switch (term.op) {
    case "jump":
      s.open();
      w.s("br ");
      putTarget(w, labels, plan, e0);
      return s.end();
    case "brif": {
      s.open();
      w.s("br i1 ");
      w.s(s.spell(term.cond));
      w.s(", ");
      putTarget(w, labels, plan, e0);
      w.s(", ");
      putTarget(w, labels, plan, e0 + 1);
      w.s(weightsSuffix(plan, e0, 2, s.ctx));
      return s.end();
    }
    case "br_table": {
      const t = llvmType(s.typeOf(term.index));
      // The head and case lines carry no attachment: the `]` line ends the instruction.
      w.s(INDENT);
      w.s("switch ");
      w.s(t);
      w.s(" ");
      w.s(s.spell(term.index));
      w.s(", ");
      putTarget(w, labels, plan, e0);
      w.s(" [");
      w.nl();
      for (let i = 0; i < term.targets.length; i++) {
        w.s(INDENT);
        w.s(INDENT);
        w.s(t);
        w.s(" ");
        w.u(i);
        w.s(", ");
        putTarget(w, labels, plan, e0 + i + 1);
        w.nl();
      }
      s.open();
      w.s("]");
      w.s(weightsSuffix(plan, e0, term.targets.length + 1, s.ctx));
      return s.end();
    }
    case "return":
      if (term.values.length === 0) return line(s, "ret void");
      if (term.values.length > 1) throw new Error("lower-llvm: return of more than one value");
      s.open();
      w.s("ret ");
      w.s(llvmType(s.typeOf(term.values[0]!)));
      w.s(" ");
      w.s(s.spell(term.values[0]!));
      return s.end();
    case "trap":
      return line(s, "unreachable");
    default: {
      const never: never = term;
      throw new Error(`lower-llvm: unknown terminator ${(never as LTerm).op}`);
    }
  }
}

/** Writes the LLVM text of `fn` to `out`, each line ending in a line break. */
export function printFunction(fn: LFunction, ctx: LlvmModuleScope, debug: DebugInfo, out: TextOut): void {
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
  const locals = localNames(fn, plan, ctx, known);
  const { spell, labels } = locals;
  const dbg = debug.forFunction(fn);
  const s = new FunctionPrinter(ctx, out, fn, locals, dbg, known);

  // Every lowered value is defined (llvm-facts.ts): parameters and results are noundef.
  out.s(fn.exported ? "define " : "define internal ");
  if (fn.results.length > 0) {
    out.s("noundef ");
    out.s(llvmReturnType(fn.results, fn.name));
  } else out.s("void");
  out.s(" ");
  out.s(globalName(fn.name));
  out.s("(");
  for (let i = 0; i < fn.params.length; i++) {
    if (i > 0) out.s(", ");
    out.s(llvmParamType(fn.params[i]!));
    out.s(" noundef ");
    out.s(plan.prologue ? locals.arg(i) : spell[entry.params[i]!]!);
  }
  out.s(") ");
  out.s(ctx.definedFunctionGroup());
  if (dbg) {
    out.s(" !dbg ");
    out.s(dbg.subprogram);
  }
  out.s(" {");
  out.nl();

  const allocas = () => {
    for (let i = 0; i < fn.slots.length; i++) {
      const slot = fn.slots[i]!;
      out.s(INDENT);
      out.s(`%s${i} = alloca [${slot.size} x i8], align ${slot.align}`);
      out.nl();
    }
  };
  if (plan.prologue) {
    labelLine(out, labels, plan.prologueId);
    allocas();
    out.s(INDENT);
    out.s("br label %");
    putLabel(out, labels, 0);
    out.nl();
  }

  const origins = fn.origins;
  // The origin of each instruction: a `; text` line before the first instruction of each origin in the block.
  let row: readonly number[] | undefined, last = -1;
  const start = (i: number, isCall: boolean) => {
    const o = row === undefined || i >= row.length ? -1 : row[i]!;
    const origin = o >= 0 ? origins!.table[o]! : undefined;
    if (origin?.text !== undefined && o !== last) {
      out.s(INDENT);
      out.s("; ");
      out.s(oneLine(origin.text));
      out.nl();
    }
    last = o;
    s.startInst(origin, isCall);
  };
  const n = plan.blockCount, { order, kept, trapped, edgeStart } = plan;
  for (let o = 0; o < plan.printed; o++) {
    const id = order[o]!;
    if (id > n) {
      labelLine(out, labels, id);
      out.s(INDENT);
      out.s("br label %");
      putLabel(out, labels, plan.splitTarget[id - n - 1]!);
      out.nl();
      continue;
    }
    const block = fn.blocks[id]!;
    putLabel(out, labels, id);
    out.s(block.cold ? ": ; cold" : ":");
    out.nl();
    if (id === 0 && !plan.prologue) allocas();
    if (plan.rowHead[id]! >= 0) phis(fn, block.params, plan.rowHead[id]!, plan, s, labels);
    row = origins?.at[id];
    last = -1;
    const insts = block.insts;
    for (let i = 0, end = kept[id]!; i < end; i++) {
      const inst = insts[i]!;
      start(i, inst.op === "call" || inst.op === "call_indirect");
      writeInst(s, inst);
    }
    // An instruction cut by the edge plan (after a noreturn call) prints with the terminator's slot.
    start(insts.length, false);
    writeTerm(s, trapped[id] ? TRAP : block.term, plan, edgeStart[id]!, labels);
  }
  out.s("}");
  out.nl();
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
    w.s(INDENT);
    w.s(s.spell(p));
    w.s(" = phi ");
    w.s(llvmType(s.typeOf(p)));
    for (let r = head; r >= 0; r = rowNext[r]!) {
      w.s(r === head ? " [ " : ", [ ");
      const at = rowArgs[r]!;
      w.s(at < 0 ? `%${argumentName(i)}` : s.spell(args[at + i]! as LValue));
      w.s(", %");
      putLabel(w, labels, rowFrom[r]!);
      w.s(" ]");
    }
    w.nl();
  }
}

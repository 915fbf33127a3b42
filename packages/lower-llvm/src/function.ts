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
import type { LBlockId, LFunction, LOrigin, LSourceLoc, LTerm, LType, LValue } from "@fzy/lir";
import type { DebugInfo, FunctionDebug } from "./debug-info.js";
import { planEdges, PROLOGUE_LABEL, type EdgeRoute, type EdgePlan } from "./edge-plan.js";
import { type FunctionScope, line, writeInst } from "./instructions.js";
import { LlvmFacts } from "./llvm-facts.js";
import { localRef } from "./local-names.js";
import { COLD_WEIGHT, DEFINED_FUNCTION_ATTRS, HOT_WEIGHT, type LlvmModuleScope } from "./module-scope.js";
import { floatLiteral, globalName, intLiteral, llvmParamType, llvmReturnType, llvmType } from "./spelling.js";
import type { TextOut } from "@fzy/lir";

const INDENT = "  ";

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
  /** Printed label of each label id of the plan (`bbN`, `bbN.eI`, `entry` without names). */
  readonly labels: readonly string[];
  readonly arg: (i: number) => string;
  readonly temp: () => string;
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
function localNames(fn: LFunction, plan: EdgePlan, ctx: LlvmModuleScope): Locals {
  const spell = inPlaceSpellings(fn, plan, ctx);
  const names = fn.names;
  /** Printed label by label id, and (with names) the unspelled name behind it (split labels extend it). */
  const labels = new Array<string>(plan.labelCount);
  if (!names) {
    for (let i = 0; i < spell.length; i++) spell[i] ??= `%v${i}`;
    for (const b of plan.blocks) labels[b.labelId] = b.label;
    labels[plan.prologueId] = PROLOGUE_LABEL;
    let temps = 0;
    return { spell, labels, arg: (i) => `%${argumentName(i)}`, temp: () => `%t${temps++}` };
  }
  const local = ctx.localNames;
  local.clear();
  let temps = 0;
  fn.slots.forEach((_, i) => local.claim(`s${i}`));
  if (plan.prologue) fn.params.forEach((_, i) => local.claim(argumentName(i)));
  const raw = new Array<string | undefined>(plan.labelCount);
  const setLabel = (id: number, name: string) => { raw[id] = name; labels[id] = localRef(name).slice(1); };
  // A generated name (`bbN`, `entry`, `vN`, with a `.K` when a source name took it) is always bare: it is its own spelling.
  const setGenerated = (id: number, name: string) => { raw[id] = name; labels[id] = name; };
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
      if (k >= 0 && k < fn.blocks.length) (takenBlocks ??= new Uint8Array(fn.blocks.length))[k] = 1;
    } else if (claimed === PROLOGUE_LABEL) takenEntry = true;
    return claimed;
  };
  for (const b of plan.blocks) {
    const name = b.kind === "block" ? names.blocks[b.id] : undefined;
    if (name) setLabel(b.labelId, claimSource(name));
  }
  for (let i = 0; i < spell.length; i++) {
    const name = names.values[i];
    if (spell[i] === undefined && name) spell[i] = localRef(claimSource(name));
  }
  if (plan.prologue) setGenerated(plan.prologueId, takenEntry ? local.claim(PROLOGUE_LABEL) : PROLOGUE_LABEL);
  for (const b of plan.blocks) {
    if (b.kind === "block" && labels[b.labelId] === undefined) setGenerated(b.labelId, takenBlocks?.[b.id] ? local.claim(b.label) : b.label);
  }
  // A generated value name is bare, so `%vN` is its spelling unless a source name took it.
  // `vN` and its `.K` variants are always bare names: `%` is their whole spelling (no quoting check per value).
  for (let i = 0; i < spell.length; i++) spell[i] ??= takenValues?.[i] ? `%${local.claim(`v${i}`)}` : `%v${i}`;
  // A split block is named after its source block: `loop_head.e1`.
  let source = "";
  for (const b of plan.blocks) {
    if (b.kind === "block") source = raw[b.labelId]!;
    else setLabel(b.labelId, local.claim(`${source}${b.label.slice(b.label.lastIndexOf("."))}`));
  }
  return {
    spell,
    labels,
    arg: (i) => `%${argumentName(i)}`,
    temp: () => `%${local.claim(`t${temps++}`)}`,
  };
}

/** Spellings of the values that print in place (constants, fixed addresses); undefined for the others. */
function inPlaceSpellings(fn: LFunction, plan: EdgePlan, ctx: LlvmModuleScope): string[] {
  const spell = new Array<string>(fn.valueTypes.length);
  for (const b of plan.blocks) {
    if (b.kind !== "block") continue;
    for (const inst of b.insts) {
      switch (inst.op) {
        case "iconst": spell[inst.dst] = intLiteral(inst.type, inst.value); break;
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
 * agree, since there is nothing to predict.
 */
function weightsSuffix(routes: readonly EdgeRoute[], ctx: LlvmModuleScope): string {
  let cold = 0;
  for (const r of routes) if (r.cold) cold++;
  if (cold === 0 || cold === routes.length) return "";
  // A two-way branch has only two mixed weightings: their suffixes are spelled once per module.
  if (routes.length === 2) return ctx.twoWayWeights(routes[0]!.cold);
  return `, !prof ${ctx.branchWeights(routes.map((r) => (r.cold ? COLD_WEIGHT : HOT_WEIGHT)))}`;
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

/** Writes `label %name` of a route. */
function putTarget(w: TextOut, labels: readonly string[], route: EdgeRoute): void {
  const l = labels[route.to];
  if (l === undefined) throw new Error(`lower-llvm: no label for label ${route.to}`);
  w.s("label %");
  w.s(l);
}

function writeTerm(s: FunctionPrinter, term: LTerm, routes: readonly EdgeRoute[], labels: readonly string[]): void {
  const w = s.out;
  switch (term.op) {
    case "jump":
      s.open();
      w.s("br ");
      putTarget(w, labels, routes[0]!);
      return s.end();
    case "brif": {
      s.open();
      w.s("br i1 ");
      w.s(s.spell(term.cond));
      w.s(", ");
      putTarget(w, labels, routes[0]!);
      w.s(", ");
      putTarget(w, labels, routes[1]!);
      w.s(weightsSuffix(routes, s.ctx));
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
      putTarget(w, labels, routes[0]!);
      w.s(" [");
      w.nl();
      for (let i = 0; i < term.targets.length; i++) {
        w.s(INDENT);
        w.s(INDENT);
        w.s(t);
        w.s(" ");
        w.u(i);
        w.s(", ");
        putTarget(w, labels, routes[i + 1]!);
        w.nl();
      }
      s.open();
      w.s("]");
      w.s(weightsSuffix(routes, s.ctx));
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
  const plan = planEdges(fn, (c) => ctx.isNoreturn(c));
  const locals = localNames(fn, plan, ctx);
  const { spell, labels } = locals;
  const dbg = debug.forFunction(fn);
  const s = new FunctionPrinter(ctx, out, fn, locals, dbg);

  const params = fn.params
    .map((t, i) => `${llvmParamType(t)} noundef ${plan.prologue ? locals.arg(i) : spell[entry.params[i]!]}`)
    .join(", ");
  // Every lowered value is defined (llvm-facts.ts): parameters and results are noundef.
  const ret = fn.results.length > 0 ? `noundef ${llvmReturnType(fn.results, fn.name)}` : "void";
  const linkage = fn.exported ? "" : "internal ";
  const attach = dbg ? ` !dbg ${dbg.subprogram}` : "";
  out.s(`define ${linkage}${ret} ${globalName(fn.name)}(${params}) ${ctx.attrGroup(DEFINED_FUNCTION_ATTRS)}${attach} {`);
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
    labelLine(out, labels[plan.prologueId]!);
    allocas();
    out.s(INDENT);
    out.s("br label %");
    out.s(labels[0]!);
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
  for (const block of plan.blocks) {
    if (block.kind === "split") {
      labelLine(out, labels[block.labelId]!);
      out.s(INDENT);
      out.s("br label %");
      out.s(labels[block.target]!);
      out.nl();
      continue;
    }
    out.s(labels[block.labelId]!);
    out.s(fn.blocks[block.id]!.cold ? ": ; cold" : ":");
    out.nl();
    if (block.id === 0 && !plan.prologue) allocas();
    phis(fn, block.id, plan, s, labels);
    row = origins?.at[block.id];
    last = -1;
    const insts = block.insts;
    for (let i = 0; i < insts.length; i++) {
      const inst = insts[i]!;
      start(i, inst.op === "call" || inst.op === "call_indirect");
      writeInst(s, inst);
    }
    // An instruction cut by the edge plan (after a noreturn call) prints with the terminator's slot.
    start(fn.blocks[block.id]!.insts.length, false);
    writeTerm(s, block.term, block.routes, labels);
  }
  out.s("}");
  out.nl();
}

function labelLine(out: TextOut, label: string): void {
  out.s(label);
  out.s(":");
  out.nl();
}

/** Text on one comment line: line breaks and other control characters become spaces. */
function oneLine(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, " ") : text;
}

const CONTROL = /[\x00-\x1f\x7f]/;
const CONTROL_ALL = /[\x00-\x1f\x7f]/g;

/** Writes the phis of LIR block `id`: one per parameter, one row per incoming edge. */
function phis(fn: LFunction, id: LBlockId, plan: EdgePlan, s: FunctionPrinter, labels: readonly string[]): void {
  const rows = plan.incoming[id]!;
  if (rows.length === 0) return;
  const params = fn.blocks[id]!.params;
  const w = s.out;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    w.s(INDENT);
    w.s(s.spell(p));
    w.s(" = phi ");
    w.s(llvmType(s.typeOf(p)));
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      w.s(k === 0 ? " [ " : ", [ ");
      w.s(r.args === "arguments" ? `%${argumentName(i)}` : s.spell(r.args[i]!));
      w.s(", %");
      const from = labels[r.fromId];
      if (from === undefined) throw new Error(`lower-llvm: ${fn.name}: no label for label ${r.fromId}`);
      w.s(from);
      w.s(" ]");
    }
    w.nl();
  }
}

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
import { collapseLines, type LBlockId, type LFunction, type LTerm, type LValue, originIndex } from "@fzy/lir";
import { DebugInfo, type FunctionDebug } from "./debug-info.js";
import { planEdges, PROLOGUE_LABEL, type EdgeRoute, type EdgePlan, type PlannedBlock } from "./edge-plan.js";
import { printInst, type FunctionScope } from "./instructions.js";
import { LlvmFacts } from "./llvm-facts.js";
import { LocalNames, localRef } from "./local-names.js";
import { COLD_WEIGHT, DEFINED_FUNCTION_ATTRS, HOT_WEIGHT, type LlvmModuleScope } from "./module-scope.js";
import { floatLiteral, globalName, intLiteral, llvmParamType, llvmReturnType, llvmType } from "./spelling.js";

const INDENT = "  ";

/** The shape of the names the printer generates for values and blocks (`v12`, `bb3`, `entry`). */
const GENERATED_SHAPE = /^(?:v\d+|bb\d+|entry)$/;

/** Name of the i-th function argument when LIR block 0 is a branch target (its parameters are then phis). */
function argumentName(i: number): string {
  return `arg${i}`;
}

/** The printed local names of one function: value spellings, labels by label id, fresh temporaries. */
interface Locals {
  readonly spell: string[];
  /** Printed label of each label id of the plan (`bbN`, `bbN.eI`, `entry` without names). */
  readonly label: (id: number) => string;
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
  const labels = new Array<string | undefined>(plan.labelCount);
  const label = (id: number) => {
    const printed = labels[id];
    if (printed === undefined) throw new Error(`lower-llvm: ${fn.name}: no label for label ${id}`);
    return printed;
  };
  if (!names) {
    for (let i = 0; i < spell.length; i++) spell[i] ??= `%v${i}`;
    for (const b of plan.blocks) labels[b.labelId] = b.label;
    labels[plan.prologueId] = PROLOGUE_LABEL;
    let temps = 0;
    return { spell, label, arg: (i) => `%${argumentName(i)}`, temp: () => `%t${temps++}` };
  }
  const local = new LocalNames();
  let temps = 0;
  fn.slots.forEach((_, i) => local.claim(`s${i}`));
  if (plan.prologue) fn.params.forEach((_, i) => local.claim(argumentName(i)));
  const raw = new Array<string | undefined>(plan.labelCount);
  const setLabel = (id: number, name: string) => { raw[id] = name; labels[id] = localRef(name).slice(1); };
  // Only a source name of a generated name's shape can take one; without such a name no generated name is checked.
  let clash = false;
  const claimSource = (name: string) => {
    const claimed = local.claim(name);
    // Only `v`, `b` and `e` start a generated name: the pattern is tried on those alone.
    const c = claimed.charCodeAt(0);
    if ((c === 0x76 || c === 0x62 || c === 0x65) && GENERATED_SHAPE.test(claimed)) clash = true;
    return claimed;
  };
  const planned = plan.blocks.filter((b): b is PlannedBlock => b.kind === "block");
  for (const b of planned) {
    const name = names.blocks[b.id];
    if (name) setLabel(b.labelId, claimSource(name));
  }
  for (let i = 0; i < spell.length; i++) {
    const name = names.values[i];
    if (spell[i] === undefined && name) spell[i] = localRef(claimSource(name));
  }
  const generated = (g: string) => (clash && local.has(g) ? local.claim(g) : g);
  if (plan.prologue) setLabel(plan.prologueId, generated(PROLOGUE_LABEL));
  for (const b of planned) if (labels[b.labelId] === undefined) setLabel(b.labelId, generated(b.label));
  // A generated value name is bare, so `%vN` is its spelling unless a source name took it.
  // `vN` and its `.K` variants are always bare names: `%` is their whole spelling (no quoting check per value).
  for (let i = 0; i < spell.length; i++) spell[i] ??= clash ? `%${generated(`v${i}`)}` : `%v${i}`;
  // A split block is named after its source block: `loop_head.e1`.
  let source = "";
  for (const b of plan.blocks) {
    if (b.kind === "block") source = raw[b.labelId]!;
    else setLabel(b.labelId, local.claim(`${source}${b.label.slice(b.label.lastIndexOf("."))}`));
  }
  return {
    spell,
    label,
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
        case "func_addr": ctx.callee(inst.symbol); spell[inst.dst] = globalName(inst.symbol); break;
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
  const cold = routes.filter((r) => r.cold).length;
  if (cold === 0 || cold === routes.length) return "";
  return `, !prof ${ctx.branchWeights(routes.map((r) => (r.cold ? COLD_WEIGHT : HOT_WEIGHT)))}`;
}

function printTerm(s: FunctionScope, term: LTerm, routes: readonly EdgeRoute[], label: (id: number) => string): string[] {
  const target = (i: number) => `label %${label(routes[i]!.to)}`;
  switch (term.op) {
    case "jump":
      return [`br ${target(0)}`];
    case "brif":
      return [`br i1 ${s.spell(term.cond)}, ${target(0)}, ${target(1)}${weightsSuffix(routes, s.ctx)}`];
    case "br_table": {
      const t = llvmType(s.typeOf(term.index));
      const cases = term.targets.map((_, i) => `${INDENT}${t} ${i}, ${target(i + 1)}`);
      return [`switch ${t} ${s.spell(term.index)}, ${target(0)} [`, ...cases, `]${weightsSuffix(routes, s.ctx)}`];
    }
    case "return":
      if (term.values.length === 0) return ["ret void"];
      if (term.values.length > 1) throw new Error("lower-llvm: return of more than one value");
      return [`ret ${llvmType(s.typeOf(term.values[0]!))} ${s.spell(term.values[0]!)}`];
    case "trap":
      return ["unreachable"];
    default: {
      const never: never = term;
      throw new Error(`lower-llvm: unknown terminator ${(never as LTerm).op}`);
    }
  }
}

/** Appends the LLVM text of `fn` to `lines`, one line per array element. */
export function printFunction(fn: LFunction, ctx: LlvmModuleScope, debug: DebugInfo, lines: string[]): void {
  const entry = fn.blocks[0];
  if (!entry || entry.params.length !== fn.params.length) {
    throw new Error(`lower-llvm: ${fn.name}: the entry block's parameters must be the function's parameters`);
  }
  const plan = planEdges(fn, (c) => ctx.isNoreturn(c));
  const locals = localNames(fn, plan, ctx);
  const { spell, label } = locals;
  let facts: LlvmFacts | undefined;
  const scope: FunctionScope = {
    ctx,
    spell: (v: LValue) => {
      const s = spell[v];
      if (s === undefined) throw new Error(`lower-llvm: ${fn.name} uses unknown value v${v}`);
      return s;
    },
    typeOf: (v: LValue) => {
      const t = fn.valueTypes[v];
      if (t === undefined) throw new Error(`lower-llvm: ${fn.name} uses unknown value v${v}`);
      return t;
    },
    temp: locals.temp,
    // Solved at the first question: a function with no flaggable arithmetic and no integer load needs no ranges.
    facts: () => (facts === undefined && ctx.facts ? (facts = new LlvmFacts(fn, ctx.dataObjectsByName())) : facts),
  };
  const dbg = debug.forFunction(fn);
  const origins = new OriginPrinter(fn, dbg);

  const params = fn.params
    .map((t, i) => `${llvmParamType(t)} noundef ${plan.prologue ? locals.arg(i) : spell[entry.params[i]!]}`)
    .join(", ");
  // Every lowered value is defined (llvm-facts.ts): parameters and results are noundef.
  const ret = fn.results.length > 0 ? `noundef ${llvmReturnType(fn.results, fn.name)}` : "void";
  const linkage = fn.exported ? "" : "internal ";
  const attach = dbg ? ` !dbg ${dbg.subprogram}` : "";
  lines.push(`define ${linkage}${ret} ${globalName(fn.name)}(${params}) ${ctx.attrGroup(DEFINED_FUNCTION_ATTRS)}${attach} {`);

  const allocas = fn.slots.map((slot, i) => `${INDENT}%s${i} = alloca [${slot.size} x i8], align ${slot.align}`);
  if (plan.prologue) lines.push(`${label(plan.prologueId)}:`, ...allocas, `${INDENT}br label %${label(0)}`);

  let chunkStart = lines.length;
  for (const block of plan.blocks) {
    chunkStart = collapseLines(lines, chunkStart);
    if (block.kind === "split") {
      lines.push(`${label(block.labelId)}:`, `${INDENT}br label %${label(block.target)}`);
      continue;
    }
    lines.push(blockHeader(fn, block, label));
    if (block.id === 0 && !plan.prologue) lines.push(...allocas);
    phis(fn, block.id, plan, scope, locals, lines);
    origins.startBlock();
    const insts = block.insts;
    for (let i = 0; i < insts.length; i++) {
      const inst = insts[i]!;
      origins.emit(lines, block.id, i, printInst(scope, inst), inst.op === "call" || inst.op === "call_indirect");
      chunkStart = collapseLines(lines, chunkStart);
    }
    origins.emit(lines, block.id, fn.blocks[block.id]!.insts.length, printTerm(scope, block.term, block.routes, label), false);
  }
  lines.push("}");
}

/**
 * Prints the lines of each instruction with its origin: a `; text` line
 * before the first instruction of each origin in a block, and a `!dbg`
 * location on every line (on calls also without a source location, see
 * debug-info.ts). An instruction cut by the edge plan (after a noreturn call)
 * prints with the terminator's slot, which the plan replaced by `unreachable`.
 */
class OriginPrinter {
  private last = -1;

  constructor(private readonly fn: LFunction, private readonly dbg: FunctionDebug | undefined) {}

  startBlock(): void {
    this.last = -1;
  }

  emit(out: string[], block: LBlockId, i: number, lines: readonly string[], isCall: boolean): void {
    const o = this.fn.origins ? originIndex(this.fn, block, i) : -1;
    const origin = o >= 0 ? this.fn.origins!.table[o]! : undefined;
    if (origin?.text !== undefined && o !== this.last) out.push(`${INDENT}; ${oneLine(origin.text)}`);
    this.last = o;
    const suffix = this.dbg && lines.length > 0 && (origin?.loc || isCall) ? `, !dbg ${this.dbg.location(origin?.loc)}` : "";
    // A switch's `]` line ends the instruction: the attachment goes there, not on its case lines.
    for (const l of lines) out.push(INDENT + (suffix && !l.startsWith(" ") && !l.endsWith("[") ? l + suffix : l));
  }
}

/** Text on one comment line: line breaks and other control characters become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, " ");
}

function blockHeader(fn: LFunction, block: PlannedBlock, label: (id: number) => string): string {
  return fn.blocks[block.id]!.cold ? `${label(block.labelId)}: ; cold` : `${label(block.labelId)}:`;
}

/** Appends the phis of LIR block `id` to `out`: one per parameter, one row per incoming edge. */
function phis(fn: LFunction, id: LBlockId, plan: EdgePlan, s: FunctionScope, locals: Locals, out: string[]): void {
  const rows = plan.incoming[id]!;
  if (rows.length === 0) return;
  const params = fn.blocks[id]!.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const entries = rows.map((r) => `[ ${r.args === "arguments" ? locals.arg(i) : s.spell(r.args[i]!)}, %${locals.label(r.fromId)} ]`);
    out.push(`${INDENT}${s.spell(p)} = phi ${llvmType(s.typeOf(p))} ${entries.join(", ")}`);
  }
}

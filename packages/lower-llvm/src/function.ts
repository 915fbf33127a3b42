/**
 * One lowered function as an LLVM `define`. Values keep their lowered ids
 * (`%vN`), blocks their indices (`bbN`), stack slots become `%sN` allocas in
 * the entry block (so LLVM sees fixed-size frame objects), and block
 * parameters become phis as the edge plan says. Scalars never go through
 * memory: there is no alloca but the stack slots the lowering asked for.
 */
import type { LBlockId, LFunction, LTerm, LValue } from "@fzy/lir";
import { planEdges, PROLOGUE_LABEL, type EdgeRoute, type EdgePlan, type PlannedBlock } from "./edge-plan.js";
import { printInst, type FunctionScope } from "./instructions.js";
import { COLD_WEIGHT, DEFINED_FUNCTION_ATTRS, HOT_WEIGHT, type LlvmModuleScope } from "./module-scope.js";
import { floatLiteral, globalName, intLiteral, llvmParamType, llvmReturnType, llvmType } from "./spelling.js";

const INDENT = "  ";

/** Name of the i-th function argument when LIR block 0 is a branch target (its parameters are then phis). */
function argumentName(i: number): string {
  return `%arg${i}`;
}

/** Operand spellings of every value: constants and fixed addresses print in place, the rest as `%vN`. */
function valueSpellings(fn: LFunction, plan: EdgePlan, ctx: LlvmModuleScope): string[] {
  const spell = fn.valueTypes.map((_, i) => `%v${i}`);
  for (const b of plan.blocks) {
    if (b.kind !== "block") continue;
    for (const inst of b.insts) {
      switch (inst.op) {
        case "iconst": spell[inst.dst] = intLiteral(inst.type, inst.value); break;
        case "fconst": spell[inst.dst] = floatLiteral(inst.value); break;
        case "symbol_addr": spell[inst.dst] = ctx.symbol(inst.symbol); break;
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

function printTerm(s: FunctionScope, term: LTerm, routes: readonly EdgeRoute[]): string[] {
  const label = (i: number) => `label %${routes[i]!.label}`;
  switch (term.op) {
    case "jump":
      return [`br ${label(0)}`];
    case "brif":
      return [`br i1 ${s.spell(term.cond)}, ${label(0)}, ${label(1)}${weightsSuffix(routes, s.ctx)}`];
    case "br_table": {
      const t = llvmType(s.typeOf(term.index));
      const cases = term.targets.map((_, i) => `${INDENT}${t} ${i}, ${label(i + 1)}`);
      return [`switch ${t} ${s.spell(term.index)}, ${label(0)} [`, ...cases, `]${weightsSuffix(routes, s.ctx)}`];
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

/** The LLVM text of `fn`, one line per array element. */
export function printFunction(fn: LFunction, ctx: LlvmModuleScope): string[] {
  const entry = fn.blocks[0];
  if (!entry || entry.params.length !== fn.params.length) {
    throw new Error(`lower-llvm: ${fn.name}: the entry block's parameters must be the function's parameters`);
  }
  const plan = planEdges(fn, (c) => ctx.isNoreturn(c));
  const spell = valueSpellings(fn, plan, ctx);
  let temps = 0;
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
    temp: () => `%t${temps++}`,
  };

  const params = fn.params
    .map((t, i) => `${llvmParamType(t)} ${plan.prologue ? argumentName(i) : spell[entry.params[i]!]}`)
    .join(", ");
  const ret = llvmReturnType(fn.results, fn.name);
  const linkage = fn.exported ? "" : "internal ";
  const lines = [`define ${linkage}${ret} ${globalName(fn.name)}(${params}) ${ctx.attrGroup(DEFINED_FUNCTION_ATTRS)} {`];

  const allocas = fn.slots.map((slot, i) => `${INDENT}%s${i} = alloca [${slot.size} x i8], align ${slot.align}`);
  if (plan.prologue) lines.push(`${PROLOGUE_LABEL}:`, ...allocas, `${INDENT}br label %bb0`);

  for (const block of plan.blocks) {
    if (block.kind === "split") {
      lines.push(`${block.label}:`, `${INDENT}br label %bb${block.target}`);
      continue;
    }
    lines.push(blockHeader(fn, block));
    if (block.id === 0 && !plan.prologue) lines.push(...allocas);
    lines.push(...phis(fn, block.id, plan, scope).map((l) => INDENT + l));
    for (const inst of block.insts) lines.push(...printInst(scope, inst).map((l) => INDENT + l));
    lines.push(...printTerm(scope, block.term, block.routes).map((l) => INDENT + l));
  }
  lines.push("}");
  return lines;
}

function blockHeader(fn: LFunction, block: PlannedBlock): string {
  return fn.blocks[block.id]!.cold ? `${block.label}: ; cold` : `${block.label}:`;
}

/** The phis of LIR block `id`: one per parameter, one row per incoming edge. */
function phis(fn: LFunction, id: LBlockId, plan: EdgePlan, s: FunctionScope): string[] {
  const rows = plan.incoming[id]!;
  if (rows.length === 0) return [];
  return fn.blocks[id]!.params.map((p, i) => {
    const entries = rows.map((r) => `[ ${r.args === "arguments" ? argumentName(i) : s.spell(r.args[i]!)}, %${r.from} ]`);
    return `${s.spell(p)} = phi ${llvmType(s.typeOf(p))} ${entries.join(", ")}`;
  });
}

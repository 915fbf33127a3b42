/**
 * The checks Cranelift's verifier makes, on parsed CLIF. It checks:
 *
 * - every block ends in exactly one terminator, and no other instruction is one;
 * - branch targets are blocks of the function, never the entry block, and
 *   pass exactly the target's parameter count and types (jump, brif and
 *   every br_table edge);
 * - the entry block's parameters match the signature; the entry is not cold;
 * - every value is defined once, and every use is dominated by its
 *   definition (same block: earlier; other block: a dominating one), checked
 *   in reachable blocks as Cranelift does;
 * - operand and result types per instruction (types.ts, after the type
 *   variables of the instruction reference): icmp/fcmp give i8 (or an
 *   integer vector), br_table's index is i32, addresses are i32 or i64,
 *   operands of one type variable agree, extends widen and ireduce narrows,
 *   a `.T` suffix agrees with the inferred type; value aliases stand for
 *   their targets;
 * - calls match their signature in argument count, argument types and
 *   result count; returns match the function's results;
 * - across the text: function names are unique, a colocated callee is
 *   defined in the text with the declared signature, and one external name
 *   has one signature (an object writer rejects two).
 */
import { aliasTarget, blockCalls, type CheckError, type ClifFile, type FunctionAst, type Inst, instUses, signatureKey, type ValueType } from "./ast.js";
import { DominatorTree, successors } from "./dominators.js";
import { OPCODES } from "./opcodes.js";
import { typeInst } from "./types.js";

export type { CheckError } from "./ast.js";

/** Options of the file-level checks. */
export interface CheckOptions {
  /** Names of the data objects defined beside the text: every `symbol` must name one of them or a function. */
  readonly dataSymbols?: readonly string[];
}

interface Def {
  type: ValueType | undefined;
  readonly pos: number;
  /** Index of the defining instruction in its block; -1 for a block parameter. */
  readonly index: number;
  readonly line: number;
}

type Report = (line: number, message: string, col?: number) => void;

/** The column of value `v` as an operand of `inst` (after the `=`), or the instruction's column. */
function operandCol(inst: Inst, v: number): number {
  const eq = inst.text.indexOf("=");
  const m = new RegExp(`\\bv${v}\\b`).exec(inst.text.slice(eq + 1));
  return m ? inst.col + eq + 1 + m.index : inst.col;
}

function verifyFunction(f: FunctionAst, report: Report): Map<number, ValueType> {
  const entry = f.blocks[0]!;
  const sigText = signatureKey(f.sig);
  if (entry.params.length !== f.sig.params.length || entry.params.some((p, i) => p.type !== f.sig.params[i])) {
    report(entry.line, `entry block parameters (${entry.params.map((p) => p.type).join(", ")}) must match the signature ${sigText}`);
  }
  if (entry.cold) report(entry.line, `the entry block block${entry.id} must not be cold`);

  const defs = new Map<number, Def>();
  const define = (v: number, def: Def) => {
    const old = defs.get(v);
    if (old) report(def.line, `v${v} is defined twice (first on line ${old.line})`);
    else defs.set(v, def);
  };
  f.blocks.forEach((b, p) => {
    b.params.forEach((prm) => define(prm.value, { type: prm.type, pos: p, index: -1, line: b.line }));
    b.insts.forEach((inst, k) => inst.results.forEach((r) => define(r, { type: undefined, pos: p, index: k, line: inst.line })));
    const last = b.insts[b.insts.length - 1];
    if (!last || !OPCODES[last.opcode].terminator) report(last?.line ?? b.line, `block${b.id} does not end in a terminator`);
    b.insts.slice(0, -1).forEach((inst) => {
      if (OPCODES[inst.opcode].terminator) report(inst.line, `terminator '${inst.opcode}' in the middle of block${b.id}`, inst.col);
    });
    for (const inst of b.insts) {
      for (const c of blockCalls(inst)) {
        if (!f.blockPos.has(c.block)) report(inst.line, `block${c.block} is not a block of %${f.name}`, inst.col);
        else if (c.block === entry.id) report(inst.line, `block${c.block} is the entry block: no instruction may branch to it`, inst.col);
      }
    }
  });

  const dom = new DominatorTree(successors(f));
  const unreachable = f.blocks.map((_, p) => p).filter((p) => !dom.isReachable(p));
  for (const p of [...dom.rpo, ...unreachable]) {
    const b = f.blocks[p]!;
    b.insts.forEach((inst, k) => {
      for (const u0 of instUses(inst)) {
        const u = aliasTarget(f, u0);
        const d = defs.get(u);
        if (!d) report(inst.line, `use of undefined value v${u}`, operandCol(inst, u0));
        else if (dom.isReachable(p) && !(d.pos === p ? d.index < k : dom.dominates(d.pos, p))) {
          report(inst.line, d.pos === p ? `v${u} is used before its definition on line ${d.line}` : `v${u} is used in block${b.id} but its definition in block${f.blocks[d.pos]!.id} (line ${d.line}) does not dominate it`, operandCol(inst, u0));
        }
      }
      const types = typeInst(f, inst, (v) => defs.get(aliasTarget(f, v))?.type, (m) => report(inst.line, `${inst.opcode}: ${m}`, inst.col));
      if (!types) return;
      if (types.length !== inst.results.length) {
        report(inst.line, `${inst.opcode} produces ${types.length} value${types.length === 1 ? "" : "s"}, ${inst.results.length} named`, inst.col);
        return;
      }
      inst.results.forEach((r, i) => {
        const d = defs.get(r);
        if (d && d.line === inst.line) d.type = types[i];
      });
    });
  }
  const types = new Map<number, ValueType>();
  for (const [v, d] of defs) if (d.type) types.set(v, d.type);
  return types;
}

/** Type of every value of one function, keyed by value number. */
export type ValueTypes = ReadonlyMap<number, ValueType>;

/**
 * Checks a parsed file; returns every problem found, in line order. When
 * `types` is given, it receives the value types of each function, in file order.
 */
export function verifyFile(file: ClifFile, options: CheckOptions = {}, types?: ValueTypes[]): CheckError[] {
  const errors: CheckError[] = [];
  const report: Report = (line, message, col = 0) => errors.push({ line, col, message });
  const byName = new Map<string, FunctionAst>();
  for (const f of file.functions) {
    const old = byName.get(f.name);
    if (old) report(f.line, `function %${f.name} is defined twice (first on line ${old.line})`);
    else byName.set(f.name, f);
  }
  const externs = new Map<string, { key: string; line: number }>();
  const dataSymbols = options.dataSymbols && new Set(options.dataSymbols);
  for (const f of file.functions) {
    for (const d of f.fns.values()) {
      const key = signatureKey(d.sig);
      const target = byName.get(d.name);
      if (target) {
        if (signatureKey(target.sig) !== key) report(d.line, `fn${d.id} declares %${d.name} as ${key}, but it is defined as ${signatureKey(target.sig)}`);
      } else if (d.colocated) {
        report(d.line, `fn${d.id}: colocated %${d.name} is not defined in this text`);
      } else {
        const old = externs.get(d.name);
        if (old && old.key !== key) report(d.line, `external %${d.name} is declared as ${key} here and as ${old.key} on line ${old.line}`);
        else if (!old) externs.set(d.name, { key, line: d.line });
      }
    }
    for (const g of f.globals.values()) {
      if (dataSymbols && !dataSymbols.has(g.symbol) && !byName.has(g.symbol)) report(g.line, `gv${g.id}: %${g.symbol} is not a data object or function of the module`);
    }
    checkTextOrder(f, report);
    const t = verifyFunction(f, report);
    types?.push(t);
  }
  return errors.sort((a, b) => a.line - b.line || a.col - b.col);
}

/**
 * cranelift-reader infers the type of a polymorphic instruction written
 * without a suffix (`iadd v1, v2`, `icmp slt v1, v2`, `store v1, v2`) from
 * its controlling operand, and only if that operand's definition appears
 * earlier in the text. Dominance alone is not enough: a dominating block may
 * be printed later.
 */
function checkTextOrder(f: FunctionAst, report: Report): void {
  const seen = new Set<number>();
  for (const a of f.aliases.keys()) seen.add(a);
  for (const b of f.blocks) {
    for (const p of b.params) seen.add(p.value);
    for (const inst of b.insts) {
      if (inst.ctrl === undefined && inst.format !== "opaque") {
        let ctrl: number | undefined;
        switch (inst.format) {
          case "unary": case "binary_imm8": ctrl = inst.arg; break;
          case "binary": case "int_compare": case "float_compare": case "ternary_imm8": case "shuffle": case "int_add_trap": case "atomic_cas": ctrl = inst.args[0]; break;
          case "ternary": ctrl = inst.opcode.startsWith("select") ? inst.args[1] : inst.args[0]; break;
          case "store": case "store_no_offset": ctrl = inst.value; break;
          case "call_indirect": ctrl = inst.callee; break;
          case "cond_trap": ctrl = inst.arg; break;
          case "brif": ctrl = inst.cond; break;
          default: ctrl = undefined;
        }
        if (ctrl !== undefined && OPCODES[inst.opcode].suffix === "optional" && OPCODES[inst.opcode].typing !== "fixed" && !seen.has(ctrl)) {
          report(inst.line, `type variable required for polymorphic opcode ${inst.opcode}: v${ctrl} is not yet defined in the text (write ${inst.opcode}.TYPE or define v${ctrl} earlier)`, operandCol(inst, ctrl));
        }
      }
      for (const r of inst.results) seen.add(r);
    }
  }
}

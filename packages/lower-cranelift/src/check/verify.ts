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
 * - operand and result types per instruction (see `typeInst`): icmp/fcmp
 *   give i8, br_table's index is i32, addresses are i64, binary operands
 *   agree, extends widen and ireduce narrows, a `.T` suffix agrees with the
 *   inferred type;
 * - calls match their signature in argument count, argument types and
 *   result count; returns match the function's results;
 * - across the text: function names are unique, a colocated callee is
 *   defined in the text with the declared signature, and one external name
 *   has one signature (an object writer rejects two).
 */
import { blockCalls, type ClifFile, type FunctionAst, type Inst, instUses, isInt, signatureKey, typeBits, type ValueType } from "./ast.js";
import { DominatorTree, successors } from "./dominators.js";
import { OPCODES } from "./opcodes.js";

/** One problem found in CLIF text, at a 1-based line. */
export interface CheckError {
  readonly line: number;
  readonly message: string;
}

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

type Report = (line: number, message: string) => void;

/** Result types of `inst` given its operand types, reporting type errors; undefined when an operand type is unknown. */
function typeInst(f: FunctionAst, inst: Inst, ty: (v: number) => ValueType | undefined, report: Report): readonly ValueType[] | undefined {
  const info = OPCODES[inst.opcode];
  const bad = (message: string) => report(inst.line, `${inst.opcode}: ${message}`);
  const agree = (t: ValueType) => {
    if (inst.ctrl !== undefined && inst.ctrl !== t) bad(`the suffix .${inst.ctrl} disagrees with the operand type ${t}`);
  };
  const want = (v: number, ok: (t: ValueType) => boolean, what: string): ValueType | undefined => {
    const t = ty(v);
    if (t !== undefined && !ok(t)) bad(`v${v} is ${t}, expected ${what}`);
    return t;
  };
  const int = (v: number) => want(v, isInt, "an integer");
  const addr = (v: number) => want(v, (t) => t === "i64", "an i64 address");
  const ctrl = inst.ctrl;
  switch (inst.format) {
    case "unary_imm":
      return ctrl === "f64" ? (bad("iconst makes integers"), undefined) : [ctrl!];
    case "unary_ieee64":
      return ["f64"];
    case "binary": {
      const [a, b] = inst.args;
      if (info.typing === "shift") {
        const ta = int(a);
        int(b);
        if (ta) agree(ta);
        return ta && [ta];
      }
      const isFloat = info.typing === "float_binary";
      const ta = want(a, (t) => isInt(t) !== isFloat, isFloat ? "f64" : "an integer");
      const tb = want(b, (t) => isInt(t) !== isFloat, isFloat ? "f64" : "an integer");
      if (ta && tb && ta !== tb) bad(`operands differ in type: v${a} is ${ta}, v${b} is ${tb}`);
      if (ta) agree(ta);
      return ta && [ta];
    }
    case "int_compare": case "float_compare": {
      const isFloat = inst.format === "float_compare";
      const [a, b] = inst.args;
      const ta = want(a, (t) => isInt(t) !== isFloat, isFloat ? "f64" : "an integer");
      const tb = want(b, (t) => isInt(t) !== isFloat, isFloat ? "f64" : "an integer");
      if (ta && tb && ta !== tb) bad(`operands differ in type: v${a} is ${ta}, v${b} is ${tb}`);
      if (ta) agree(ta);
      return ["i8"];
    }
    case "ternary": {
      const [c, x, y] = inst.args;
      int(c);
      const tx = ty(x), tyy = ty(y);
      if (tx && tyy && tx !== tyy) bad(`arms differ in type: v${x} is ${tx}, v${y} is ${tyy}`);
      if (tx) agree(tx);
      return tx && [tx];
    }
    case "unary": {
      const t = ty(inst.arg);
      if (!t) return [ctrl!];
      switch (info.typing) {
        case "extend": case "reduce": {
          if (!isInt(t) || !isInt(ctrl!)) bad(`needs integers, got ${t} to ${ctrl}`);
          else if (info.typing === "extend" && typeBits(ctrl!) <= typeBits(t)) bad(`${inst.opcode}.${ctrl} of an ${t}: the result must be wider than the operand`);
          else if (info.typing === "reduce" && typeBits(ctrl!) >= typeBits(t)) bad(`ireduce.${ctrl} of an ${t}: the result must be narrower than the operand`);
          break;
        }
        case "float_to_int":
          if (t !== "f64" || !isInt(ctrl!)) bad(`converts f64 to an integer, got ${t} to ${ctrl}`);
          break;
        case "int_to_float":
          if (!isInt(t) || ctrl !== "f64") bad(`converts an integer to f64, got ${t} to ${ctrl}`);
          break;
        default:
          bad("unexpected format");
      }
      return [ctrl!];
    }
    case "load_no_offset": {
      if (info.typing === "bitcast") {
        const t = ty(inst.arg);
        if (t && typeBits(t) !== typeBits(ctrl!)) bad(`v${inst.arg} has ${typeBits(t)} bits, ${ctrl} has ${typeBits(ctrl!)}`);
        if (inst.flags.some((fl) => fl !== "little" && fl !== "big")) bad("only the little or big flag is allowed");
      } else {
        addr(inst.arg);
        if (!isInt(ctrl!)) bad("atomic loads are integer-only");
      }
      return [ctrl!];
    }
    case "load": {
      addr(inst.addr);
      if (info.memBytes && (!isInt(ctrl!) || typeBits(ctrl!) <= info.memBytes * 8)) bad(`the result must be an integer wider than ${info.memBytes * 8} bits, not ${ctrl}`);
      return [ctrl!];
    }
    case "store": {
      addr(inst.addr);
      const t = ty(inst.value);
      if (t && info.memBytes && (!isInt(t) || typeBits(t) <= info.memBytes * 8)) bad(`the value must be an integer wider than ${info.memBytes * 8} bits, not ${t}`);
      if (t) agree(t);
      return [];
    }
    case "stack_addr": case "global_value": case "func_addr": {
      if (ctrl !== "i64") bad(`addresses are i64 on x86_64 and aarch64, not ${ctrl}`);
      if (inst.format === "stack_addr") {
        const slot = f.slots.get(inst.slot)!;
        if (inst.offset < 0 || inst.offset > slot.size) bad(`offset ${inst.offset} is outside ss${inst.slot} (${slot.size} bytes)`);
      }
      return ["i64"];
    }
    case "call": case "call_indirect": {
      const sig = inst.format === "call" ? f.fns.get(inst.fn)!.sig : f.sigs.get(inst.sig)!.sig;
      if (inst.format === "call_indirect") addr(inst.callee);
      if (inst.args.length !== sig.params.length) bad(`passes ${inst.args.length} arguments, the signature ${signatureKey(sig)} takes ${sig.params.length}`);
      inst.args.forEach((a, i) => {
        const t = ty(a), p = sig.params[i];
        if (t && p && t !== p) bad(`argument ${i} v${a} is ${t}, the signature wants ${p}`);
      });
      return sig.results;
    }
    case "jump": case "brif": case "br_table": {
      if (inst.format === "brif") int(inst.cond);
      if (inst.format === "br_table") want(inst.index, (t) => t === "i32", "i32 (a br_table index must be i32)");
      const params = new Map(f.blocks.map((b) => [b.id, b.params]));
      for (const c of blockCalls(inst)) {
        const ps = params.get(c.block);
        if (!ps) continue;
        if (ps.length !== c.args.length) {
          bad(`block${c.block} takes ${ps.length} arguments, the edge passes ${c.args.length}`);
          continue;
        }
        c.args.forEach((a, i) => {
          const t = ty(a);
          if (t && t !== ps[i]!.type) bad(`argument v${a} to block${c.block} is ${t}, its parameter v${ps[i]!.value} is ${ps[i]!.type}`);
        });
      }
      return [];
    }
    case "multi_ary": {
      const want2 = f.sig.results;
      if (inst.args.length !== want2.length) bad(`returns ${inst.args.length} values, the function returns ${want2.length}`);
      inst.args.forEach((a, i) => {
        const t = ty(a);
        if (t && want2[i] && t !== want2[i]) bad(`value ${i} v${a} is ${t}, the function returns ${want2[i]}`);
      });
      return [];
    }
    case "trap":
      return [];
    case "cond_trap":
      int(inst.arg);
      return [];
  }
}

function verifyFunction(f: FunctionAst, report: Report): Map<number, ValueType> {
  const pos = new Map(f.blocks.map((b, i) => [b.id, i]));
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
      if (OPCODES[inst.opcode].terminator) report(inst.line, `terminator '${inst.opcode}' in the middle of block${b.id}`);
    });
    for (const inst of b.insts) {
      for (const c of blockCalls(inst)) {
        if (!pos.has(c.block)) report(inst.line, `block${c.block} is not a block of %${f.name}`);
        else if (c.block === entry.id) report(inst.line, `block${c.block} is the entry block: no instruction may branch to it`);
      }
    }
  });

  const dom = new DominatorTree(successors(f));
  const unreachable = f.blocks.map((_, p) => p).filter((p) => !dom.isReachable(p));
  for (const p of [...dom.rpo, ...unreachable]) {
    const b = f.blocks[p]!;
    b.insts.forEach((inst, k) => {
      for (const u of instUses(inst)) {
        const d = defs.get(u);
        if (!d) report(inst.line, `use of undefined value v${u}`);
        else if (dom.isReachable(p) && !(d.pos === p ? d.index < k : dom.dominates(d.pos, p))) {
          report(inst.line, d.pos === p ? `v${u} is used before its definition on line ${d.line}` : `v${u} is used in block${b.id} but its definition in block${f.blocks[d.pos]!.id} (line ${d.line}) does not dominate it`);
        }
      }
      const types = typeInst(f, inst, (v) => defs.get(v)?.type, report);
      if (!types) return;
      if (types.length !== inst.results.length) {
        report(inst.line, `${inst.opcode} produces ${types.length} value${types.length === 1 ? "" : "s"}, ${inst.results.length} named`);
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
  const report: Report = (line, message) => errors.push({ line, message });
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
  return errors.sort((a, b) => a.line - b.line);
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
  for (const b of f.blocks) {
    for (const p of b.params) seen.add(p.value);
    for (const inst of b.insts) {
      if (inst.ctrl === undefined) {
        let ctrl: number | undefined;
        switch (inst.format) {
          case "unary": ctrl = inst.arg; break;
          case "binary": case "int_compare": case "float_compare": ctrl = inst.args[0]; break;
          case "ternary": ctrl = inst.args[1]; break;
          case "store": ctrl = inst.value; break;
          case "brif": ctrl = inst.cond; break;
          default: ctrl = undefined;
        }
        if (ctrl !== undefined && !seen.has(ctrl)) {
          report(inst.line, `type variable required for polymorphic opcode ${inst.opcode}: v${ctrl} is not yet defined in the text (write ${inst.opcode}.TYPE or define v${ctrl} earlier)`);
        }
      }
      for (const r of inst.results) seen.add(r);
    }
  }
}

/**
 * One lowered instruction or terminator as CLIF lines. Every operation the
 * lowered form holds is already total (divisors checked, shift amounts
 * masked, accesses in bounds and aligned), so each maps to one plain CLIF
 * instruction; constants are `iconst`/`f64const` (the `*_imm` forms were
 * removed in Cranelift 0.133). Float comparison codes keep their CLIF
 * meaning: `eq lt le gt ge` are ordered (false on NaN) and `ne` is
 * unordered-or-not-equal (true on NaN), i.e. `!(a == b)` as in Rust.
 */
import { isFloatType, type LEdge, type LInst, type LTerm, type LType, type LValue } from "@fzy/lir";
import type { FunctionScope } from "./scope.js";
import { clifType, f32Immediate, f64Immediate, intImmediate, offsetSuffix } from "./spelling.js";

/** Trap code for `trap`: the lowered form traps only after a noreturn panic call or in impossible code. */
export const TRAP_CODE = "user1";

function intTypeOf(s: FunctionScope, v: LValue, what: string): LType {
  const t = s.typeOf(v);
  if (isFloatType(t)) throw new Error(`lower-cranelift: ${what} of a float value v${v} in ${s.fn.name}`);
  return t;
}

function convert(s: FunctionScope, inst: Extract<LInst, { op: "convert" }>): string | undefined {
  const from = s.typeOf(inst.src), to = s.typeOf(inst.dst);
  const head = `${s.v(inst.dst)} =`;
  const fail = (why: string): never => { throw new Error(`lower-cranelift: ${inst.kind} from ${from} to ${to} in ${s.fn.name}: ${why}`); };
  switch (inst.kind) {
    case "sext": case "uext": {
      if (isFloatType(from) || isFloatType(to)) fail("not an integer conversion");
      // A bool is an i8 in CLIF: widening it to i8 would be a same-width extend, which the verifier rejects.
      if (clifBits(from) >= clifBits(to)) fail("not a widening");
      if (from === "bool" && inst.kind === "sext") fail("a bool widens with uext only");
      return `${head} ${inst.kind === "sext" ? "sextend" : "uextend"}.${clifType(to)} ${s.v(inst.src)}`;
    }
    case "trunc":
      if (isFloatType(from) || isFloatType(to) || to === "bool" || clifBits(from) <= clifBits(to)) fail("not a narrowing to an integer");
      return `${head} ireduce.${clifType(to)} ${s.v(inst.src)}`;
    case "sitofp":
      intTypeOf(s, inst.src, "sitofp");
      return `${head} fcvt_from_sint.${clifType(to)} ${s.v(inst.src)}`;
    case "fptosi_sat":
      // Saturating with NaN to 0: Rust's `as`, and CLIF's fcvt_to_sint_sat.
      if (!isFloatType(from) || isFloatType(to) || to === "bool") fail("expected a float to an integer");
      return `${head} fcvt_to_sint_sat.${clifType(to)} ${s.v(inst.src)}`;
    case "uitofp":
      intTypeOf(s, inst.src, "uitofp");
      return `${head} fcvt_from_uint.${clifType(to)} ${s.v(inst.src)}`;
    case "fptoui_sat":
      if (!isFloatType(from) || (to !== "i32" && to !== "i64")) fail("expected a float to i32 or i64");
      return `${head} fcvt_to_uint_sat.${clifType(to)} ${s.v(inst.src)}`;
    case "fpromote": return `${head} fpromote.f64 ${s.v(inst.src)}`;
    case "fdemote": return `${head} fdemote.f32 ${s.v(inst.src)}`;
    case "bitcast":
      if (clifType(from) === clifType(to) || clifBits(from) !== 64 || clifBits(to) !== 64) fail("expected i64 <-> f64");
      return `${head} bitcast.${clifType(to)} ${s.v(inst.src)}`;
    case "ptr_to_int": case "int_to_ptr":
      // Both sides are i64 in CLIF: the result is the source under another name.
      if (clifType(from) !== "i64" || clifType(to) !== "i64") fail("expected ptr <-> i64");
      s.alias(inst.dst, inst.src);
      return undefined;
    default: {
      const never: never = inst.kind;
      throw new Error(`lower-cranelift: unknown conversion ${String(never)}`);
    }
  }
}

/** Bits of the CLIF type a lowered type is printed as (bool is an i8). */
function clifBits(t: LType): number {
  return Number(clifType(t).slice(1));
}

/**
 * `dst = src` that Cranelift cannot see through: the value goes through an
 * 8-byte stack slot and comes back with `atomic_load`, which Cranelift
 * treats as a memory fence (no store-to-load forwarding, no elimination of
 * the store, never hoisted or merged). On x86_64 that is a plain store and
 * load, the same cost as Rust's `black_box`. A float comes back as its
 * integer bits (atomic loads are integer-only) and is bitcast. Several
 * lines, joined by a newline and `prefix` (the indent and source location
 * each line carries).
 */
function opaque(s: FunctionScope, dst: LValue, src: LValue, prefix: string): string {
  const t = s.typeOf(src);
  const slot = s.fresh("ptr");
  const head = `${s.v(slot)} = stack_addr.i64 ${s.opaqueSlot()}\n${prefix}store notrap aligned ${s.v(src)}, ${s.v(slot)}\n${prefix}`;
  if (isFloatType(t)) {
    const carrier = t === "f64" ? "i64" : "i32";
    const bits = s.fresh(carrier);
    return `${head}${s.v(bits)} = atomic_load.${carrier} notrap aligned ${s.v(slot)}\n${prefix}${s.v(dst)} = bitcast.${t} ${s.v(bits)}`;
  }
  return `${head}${s.v(dst)} = atomic_load.${clifType(t)} notrap aligned ${s.v(slot)}`;
}

/** `v1, v2` (no allocation: the lists are short, and `return`/call lists are most of them). */
function valueList(s: FunctionScope, vs: readonly LValue[]): string {
  let text = "";
  for (let i = 0; i < vs.length; i++) text += i ? `, ${s.v(vs[i]!)}` : s.v(vs[i]!);
  return text;
}

function call(s: FunctionScope, inst: Extract<LInst, { op: "call" }>): string {
  const callee = s.module.callee(inst.callee);
  if (inst.dsts.length > callee.results.length) {
    throw new Error(`lower-cranelift: call to ${inst.callee} in ${s.fn.name} defines ${inst.dsts.length} values but it has ${callee.results.length} results`);
  }
  if (inst.args.length !== callee.params.length) {
    throw new Error(`lower-cranelift: call to ${inst.callee} in ${s.fn.name} passes ${inst.args.length} arguments, expected ${callee.params.length}`);
  }
  // CLIF names every result of a call; results the lowered form ignores get fresh, unused values.
  const results = callee.results;
  let dsts = "";
  for (let i = 0; i < results.length; i++) {
    const d = i < inst.dsts.length ? inst.dsts[i]! : s.fresh(results[i]!);
    dsts += i ? `, ${s.v(d)}` : s.v(d);
  }
  const text = `call ${s.fnRef(callee)}(${valueList(s, inst.args)})`;
  return results.length ? `${dsts} = ${text}` : text;
}

/**
 * The CLIF text of one lowered instruction: undefined for ptr/int casts
 * (they print nothing), several lines for `opaque` (joined by a newline
 * and `prefix`), one line for every other.
 */
export function printInst(s: FunctionScope, inst: LInst, prefix: string): string | undefined {
  switch (inst.op) {
    case "iconst":
      return `${s.v(inst.dst)} = iconst.${clifType(inst.type)} ${intImmediate(inst.type, inst.value)}`;
    case "fconst":
      return s.typeOf(inst.dst) === "f32"
        ? `${s.v(inst.dst)} = f32const ${f32Immediate(inst.value)}`
        : `${s.v(inst.dst)} = f64const ${f64Immediate(inst.value)}`;
    case "binary":
      return `${s.v(inst.dst)} = ${inst.kind} ${s.v(inst.a)}, ${s.v(inst.b)}`;
    case "icmp":
      intTypeOf(s, inst.a, "icmp");
      return `${s.v(inst.dst)} = icmp ${inst.cc} ${s.v(inst.a)}, ${s.v(inst.b)}`;
    case "fcmp":
      return `${s.v(inst.dst)} = fcmp ${inst.cc} ${s.v(inst.a)}, ${s.v(inst.b)}`;
    case "select":
      return `${s.v(inst.dst)} = select ${s.v(inst.cond)}, ${s.v(inst.a)}, ${s.v(inst.b)}`;
    case "convert":
      return convert(s, inst);
    case "unary":
      // CLIF's names, except the float `trunc`, which the lowered form calls ftrunc beside the integer conversion.
      return `${s.v(inst.dst)} = ${inst.kind === "ftrunc" ? "trunc" : inst.kind} ${s.v(inst.src)}`;
    case "load": {
      const flags = inst.unaligned ? (inst.readonly ? "notrap readonly" : "notrap") : inst.readonly ? "notrap aligned readonly" : "notrap aligned";
      return `${s.v(inst.dst)} = load.${clifType(inst.type)} ${flags} ${s.v(inst.addr)}${offsetSuffix(inst.offset)}`;
    }
    case "store":
      if (s.typeOf(inst.value) === "bool") throw new Error(`lower-cranelift: store of a bool in ${s.fn.name}: bool never goes to memory`);
      return `store notrap${inst.unaligned ? "" : " aligned"} ${s.v(inst.value)}, ${s.v(inst.addr)}${offsetSuffix(inst.offset)}`;
    case "stack_addr":
      if (inst.slot < 0 || inst.slot >= s.fn.slots.length) throw new Error(`lower-cranelift: stack slot ${inst.slot} of ${s.fn.name} does not exist`);
      return `${s.v(inst.dst)} = stack_addr.i64 ss${inst.slot}${offsetSuffix(inst.offset)}`;
    case "symbol_addr":
      return `${s.v(inst.dst)} = symbol_value.i64 ${s.globalValue(inst.symbol)}`;
    case "ptr_add":
      return `${s.v(inst.dst)} = iadd ${s.v(inst.base)}, ${s.v(inst.offset)}`;
    case "opaque":
      return opaque(s, inst.dst, inst.src, prefix);
    case "call":
      return call(s, inst);
    case "func_addr":
      return `${s.v(inst.dst)} = func_addr.i64 ${s.fnRef(s.module.callee(inst.symbol))}`;
    case "call_indirect": {
      // The signature is read off the arguments and results (types.ts): caller and callee agree by construction.
      const sig = s.sigRef(inst.args.map((a) => s.typeOf(a)), inst.dsts.map((d) => s.typeOf(d)));
      const text = `call_indirect ${sig}, ${s.v(inst.callee)}(${valueList(s, inst.args)})`;
      return inst.dsts.length ? `${valueList(s, inst.dsts)} = ${text}` : text;
    }
    default: {
      const never: never = inst;
      throw new Error(`lower-cranelift: unknown instruction ${(never as LInst).op}`);
    }
  }
}

/** `blockN(v1, v2)`, or `blockN` without arguments. */
export function edge(s: FunctionScope, e: LEdge): string {
  return e.args.length ? `${s.block(e.block)}(${valueList(s, e.args)})` : s.block(e.block);
}

/** `[edge, edge, ...]` of a br_table, built in one string (tables reach tens of thousands of entries). */
function tableTargets(s: FunctionScope, targets: readonly LEdge[]): string {
  let text = "[";
  for (let i = 0; i < targets.length; i++) text += i ? `, ${edge(s, targets[i]!)}` : edge(s, targets[i]!);
  return `${text}]`;
}

/** The terminator line of a block. */
export function printTerm(s: FunctionScope, term: LTerm): string {
  switch (term.op) {
    case "jump":
      return `jump ${edge(s, term.target)}`;
    case "brif":
      return `brif ${s.v(term.cond)}, ${edge(s, term.then)}, ${edge(s, term.else)}`;
    case "br_table": {
      // Cranelift's verifier accepts only an i32 index.
      const t = s.typeOf(term.index);
      if (t !== "i32") throw new Error(`lower-cranelift: br_table index in ${s.fn.name} is ${t}, must be i32`);
      return `br_table ${s.v(term.index)}, ${edge(s, term.default)}, ${tableTargets(s, term.targets)}`;
    }
    case "return":
      return term.values.length ? `return ${valueList(s, term.values)}` : "return";
    case "trap":
      return `trap ${TRAP_CODE}`;
    default: {
      const never: never = term;
      throw new Error(`lower-cranelift: unknown terminator ${(never as LTerm).op}`);
    }
  }
}

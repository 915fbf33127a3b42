/**
 * One lowered instruction or terminator as CLIF lines, written straight to
 * the function's TextOut (`s.w`). Every operation the lowered form holds is
 * already total (divisors checked, shift amounts masked, accesses in bounds
 * and aligned), so each maps to one plain CLIF instruction; constants are
 * `iconst`/`f64const` (the `*_imm` forms were removed in Cranelift 0.133).
 * Float comparison codes keep their CLIF meaning: `eq lt le gt ge` are
 * ordered (false on NaN) and `ne` is unordered-or-not-equal (true on NaN),
 * i.e. `!(a == b)` as in Rust.
 */
import { isFloatType, type LBlockId, type LEdge, type LInst, type LIntCC, type LIntType, type LTerm, type LType, type LValue } from "@fzy/lir";
import type { FunctionScope } from "./scope.js";
import { type ClifType, clifType, intImmediate, signedImmediate, writeF32Immediate, writeF64Immediate, writeOffset } from "./spelling.js";

/** `load.T` per lowered type (bool is an i8, ptr an i64). */
const LOAD: Readonly<Record<LType, string>> = {
  bool: "load.i8", i8: "load.i8", i16: "load.i16", i32: "load.i32", i64: "load.i64", f32: "load.f32", f64: "load.f64", ptr: "load.i64",
};

/** Trap code for `trap`: the lowered form traps only after a noreturn panic call or in impossible code. */
export const TRAP_CODE = "user1";
/** The whole `trap` line, spelled once. */
const TRAP_LINE = `trap ${TRAP_CODE}`;

function intTypeOf(s: FunctionScope, v: LValue, what: string): LType {
  const t = s.typeOf(v);
  if (isFloatType(t)) throw new Error(`lower-cranelift: ${what} of a float value v${v} in ${s.fn.name}`);
  return t;
}

/** Throws: the conversion `inst` from `from` to `to` is not one CLIF has (a function, so no closure is made per conversion). */
function badConversion(s: FunctionScope, inst: Extract<LInst, { op: "convert" }>, from: LType, to: LType, why: string): never {
  throw new Error(`lower-cranelift: ${inst.kind} from ${from} to ${to} in ${s.fn.name}: ${why}`);
}

/** The CLIF operation (with its type) of a conversion, checked; undefined for ptr/int casts, which are identities. */
function convertOp(s: FunctionScope, inst: Extract<LInst, { op: "convert" }>): string | undefined {
  const from = s.typeOf(inst.src), to = s.typeOf(inst.dst);
  switch (inst.kind) {
    case "sext": case "uext": {
      if (isFloatType(from) || isFloatType(to)) badConversion(s, inst, from, to, "not an integer conversion");
      // A bool is an i8 in CLIF: widening it to i8 would be a same-width extend, which the verifier rejects.
      if (clifBits(from) >= clifBits(to)) badConversion(s, inst, from, to, "not a widening");
      if (from === "bool" && inst.kind === "sext") badConversion(s, inst, from, to, "a bool widens with uext only");
      return pick(inst.kind === "sext" ? SEXTEND : UEXTEND, to);
    }
    case "trunc":
      if (isFloatType(from) || isFloatType(to) || to === "bool" || clifBits(from) <= clifBits(to)) badConversion(s, inst, from, to, "not a narrowing to an integer");
      return pick(IREDUCE, to);
    case "sitofp":
      intTypeOf(s, inst.src, "sitofp");
      return pick(FROM_SINT, to);
    case "fptosi_sat":
      // Saturating with NaN to 0: Rust's `as`, and CLIF's fcvt_to_sint_sat.
      if (!isFloatType(from) || isFloatType(to) || to === "bool") badConversion(s, inst, from, to, "expected a float to an integer");
      return pick(TO_SINT_SAT, to);
    case "uitofp":
      intTypeOf(s, inst.src, "uitofp");
      return pick(FROM_UINT, to);
    case "fptoui_sat":
      if (!isFloatType(from) || (to !== "i32" && to !== "i64")) badConversion(s, inst, from, to, "expected a float to i32 or i64");
      return pick(TO_UINT_SAT, to);
    case "fpromote": return "fpromote.f64";
    case "fdemote": return "fdemote.f32";
    case "bitcast":
      if (clifType(from) === clifType(to) || clifBits(from) !== 64 || clifBits(to) !== 64) badConversion(s, inst, from, to, "expected i64 <-> f64");
      return pick(BITCAST, to);
    case "ptr_to_int": case "int_to_ptr":
      // Both sides are i64 in CLIF: the result is the source under another name.
      if (clifType(from) !== "i64" || clifType(to) !== "i64") badConversion(s, inst, from, to, "expected ptr <-> i64");
      s.alias(inst.dst, inst.src);
      return undefined;
    default: {
      const never: never = inst.kind;
      throw new Error(`lower-cranelift: unknown conversion ${String(never)}`);
    }
  }
}

const CLIF_BITS: Readonly<Record<ClifType, number>> = { i8: 8, i16: 16, i32: 32, i64: 64, f32: 32, f64: 64 };

/** Bits of the CLIF type a lowered type is printed as (bool is an i8). */
function clifBits(t: LType): number {
  return CLIF_BITS[clifType(t)];
}

/** `${op}.${type}` for every CLIF type, spelled once. */
function typed(op: string): Readonly<Record<ClifType, string>> {
  return { i8: `${op}.i8`, i16: `${op}.i16`, i32: `${op}.i32`, i64: `${op}.i64`, f32: `${op}.f32`, f64: `${op}.f64` };
}

/** The entry of `table` for lowered type `t` (spelled as before for a type outside the tables). */
function pick(table: Readonly<Record<ClifType, string>>, t: LType): string {
  return table[clifType(t)] ?? `${table.i8.slice(0, -3)}.${clifType(t)}`;
}

const SEXTEND = typed("sextend"), UEXTEND = typed("uextend"), IREDUCE = typed("ireduce"), BITCAST = typed("bitcast");
const FROM_SINT = typed("fcvt_from_sint"), TO_SINT_SAT = typed("fcvt_to_sint_sat");
const FROM_UINT = typed("fcvt_from_uint"), TO_UINT_SAT = typed("fcvt_to_uint_sat");

/** ` = atomic_load.T notrap aligned ` per CLIF type, spelled once. */
const ATOMIC_LOAD: Readonly<Record<ClifType, string>> = {
  i8: " = atomic_load.i8 notrap aligned ", i16: " = atomic_load.i16 notrap aligned ", i32: " = atomic_load.i32 notrap aligned ",
  i64: " = atomic_load.i64 notrap aligned ", f32: " = atomic_load.f32 notrap aligned ", f64: " = atomic_load.f64 notrap aligned ",
};

/**
 * `dst = src` that Cranelift cannot see through: the value goes through an
 * 8-byte stack slot and comes back with `atomic_load`, which Cranelift
 * treats as a memory fence (no store-to-load forwarding, no elimination of
 * the store, never hoisted or merged). On x86_64 that is a plain store and
 * load, the same cost as Rust's `black_box`. A float comes back as its
 * integer bits (atomic loads are integer-only) and is bitcast. Each line
 * after the first starts with `prefix` (indent and source location).
 */
function opaque(s: FunctionScope, dst: LValue, src: LValue, prefix: string): void {
  const w = s.w;
  const t = s.typeOf(src);
  const slot = s.fresh("ptr");
  s.v(slot); w.s(" = stack_addr.i64 ss"); w.u(s.opaqueSlot()); w.nl();
  w.s(prefix); w.s("store notrap aligned "); s.v(src); w.s(", "); s.v(slot); w.nl();
  w.s(prefix);
  if (isFloatType(t)) {
    const carrier = t === "f64" ? "i64" : "i32";
    const bits = s.fresh(carrier);
    s.v(bits); w.s(ATOMIC_LOAD[carrier]); s.v(slot); w.nl();
    w.s(prefix); s.v(dst); w.s(t === "f64" ? " = bitcast.f64 " : " = bitcast.f32 "); s.v(bits);
  } else {
    s.v(dst); w.s(ATOMIC_LOAD[clifType(t)]); s.v(slot);
  }
}

function call(s: FunctionScope, inst: Extract<LInst, { op: "call" }>): void {
  const w = s.w;
  const k = s.module.calleeNamed(inst.callee), callee = s.module.callee(k);
  if (inst.dsts.length > callee.results.length) {
    throw new Error(`lower-cranelift: call to ${inst.callee} in ${s.fn.name} defines ${inst.dsts.length} values but it has ${callee.results.length} results`);
  }
  if (inst.args.length !== callee.params.length) {
    throw new Error(`lower-cranelift: call to ${inst.callee} in ${s.fn.name} passes ${inst.args.length} arguments, expected ${callee.params.length}`);
  }
  // CLIF names every result of a call; results the lowered form ignores get fresh, unused values.
  const results = callee.results;
  for (let i = 0; i < results.length; i++) {
    if (i) w.s(", ");
    s.v(i < inst.dsts.length ? inst.dsts[i]! : s.fresh(results[i]!));
  }
  w.s(results.length ? " = call fn" : "call fn");
  w.u(s.fnRef(k));
  w.c(40);
  s.values(inst.args);
  w.c(41);
}

/** Writes `vD = iconst.T N` after `prefix`. */
export function printIconst(s: FunctionScope, prefix: string, dst: LValue, type: LIntType | "bool", value: bigint): void {
  const w = s.w;
  const n = signedImmediate(type, value);
  if (n === undefined) {
    w.assign(prefix, s.id(dst), "iconst.", clifType(type));
    w.c(32); w.s(intImmediate(type, value));
  } else {
    // The space and sign go with the head (what TextOut.imm writes): one write fewer per constant.
    w.assign(prefix, s.id(dst), iconstOp(type), n < 0 ? " -" : " ");
    w.u(n < 0 ? -n : n);
  }
}

/** Writes `vD = icmp CC vA, vB` after `prefix` (integer operands only). */
export function printIcmp(s: FunctionScope, prefix: string, dst: LValue, cc: LIntCC, a: LValue, b: LValue): void {
  intTypeOf(s, a, "icmp");
  s.w.inst(prefix, s.id(dst), "icmp ", cc, s.id(a), s.id(b), -1);
}

/** `iconst.T` of an integer type (bool, which signedImmediate never answers, spelled by clifType). */
function iconstOp(t: LType): string {
  switch (t) {
    case "i8": return "iconst.i8";
    case "i16": return "iconst.i16";
    case "i32": return "iconst.i32";
    case "i64": case "ptr": return "iconst.i64";
    default: return `iconst.${clifType(t)}`;
  }
}

/** What printInst returns when it wrote nothing (a ptr/int cast). */
export const NO_LINE = -1;
/** What printInst returns for a line that names no value (a store). */
export const UNNAMED = -2;
/** What printInst returns for a call: the names of its results come from its `dsts`. */
export const CALL = -3;

/**
 * Writes one lowered instruction as CLIF after `prefix` (its indent and
 * source location), without the newline. Returns the value the line
 * defines (whose name, if any, ends the line: read here, where `inst.dst`
 * is a load of one instruction shape, not in the caller, which sees them
 * all), or NO_LINE (nothing written: ptr/int casts print no instruction),
 * UNNAMED or CALL. `opaque` writes several lines.
 */
export function printInst(s: FunctionScope, inst: LInst, prefix: string): number {
  const w = s.w;
  switch (inst.op) {
    case "iconst":
      printIconst(s, prefix, inst.dst, inst.type, inst.value);
      return inst.dst;
    case "fconst":
      if (s.typeOf(inst.dst) === "f32") {
        w.assign(prefix, s.id(inst.dst), "f32const ", "");
        writeF32Immediate(w, inst.value);
      } else {
        w.assign(prefix, s.id(inst.dst), "f64const ", "");
        writeF64Immediate(w, inst.value);
      }
      return inst.dst;
    case "binary":
      w.inst(prefix, s.id(inst.dst), inst.kind, "", s.id(inst.a), s.id(inst.b), -1);
      return inst.dst;
    case "icmp":
      printIcmp(s, prefix, inst.dst, inst.cc, inst.a, inst.b);
      return inst.dst;
    case "fcmp":
      w.inst(prefix, s.id(inst.dst), "fcmp ", inst.cc, s.id(inst.a), s.id(inst.b), -1);
      return inst.dst;
    case "select":
      w.inst(prefix, s.id(inst.dst), "select", "", s.id(inst.cond), s.id(inst.a), s.id(inst.b));
      return inst.dst;
    case "convert": {
      const op = convertOp(s, inst);
      if (op === undefined) return NO_LINE;
      w.inst(prefix, s.id(inst.dst), op, "", s.id(inst.src), -1, -1);
      return inst.dst;
    }
    case "unary":
      // CLIF's names, except the float `trunc`, which the lowered form calls ftrunc beside the integer conversion.
      w.inst(prefix, s.id(inst.dst), inst.kind === "ftrunc" ? "trunc" : inst.kind, "", s.id(inst.src), -1, -1);
      return inst.dst;
    case "load":
      w.inst(prefix, s.id(inst.dst), LOAD[inst.type] ?? `load.${clifType(inst.type)}`,
        inst.unaligned ? (inst.readonly ? " notrap readonly" : " notrap") : inst.readonly ? " notrap aligned readonly" : " notrap aligned", s.id(inst.addr), -1, -1);
      if (inst.offset !== 0) writeOffset(w, inst.offset);
      return inst.dst;
    case "store":
      if (s.typeOf(inst.value) === "bool") throw new Error(`lower-cranelift: store of a bool in ${s.fn.name}: bool never goes to memory`);
      w.s(prefix); w.s(inst.unaligned ? "store notrap" : "store notrap aligned"); w.arg(s.id(inst.value)); w.next(s.id(inst.addr));
      if (inst.offset !== 0) writeOffset(w, inst.offset);
      return UNNAMED;
    case "stack_addr":
      if (inst.slot < 0 || inst.slot >= s.fn.slots.length) throw new Error(`lower-cranelift: stack slot ${inst.slot} of ${s.fn.name} does not exist`);
      w.assign(prefix, s.id(inst.dst), "stack_addr.i64 ss", ""); w.u(inst.slot); writeOffset(w, inst.offset);
      return inst.dst;
    case "symbol_addr":
      w.assign(prefix, s.id(inst.dst), "symbol_value.i64 gv", ""); w.u(s.globalValue(inst.symbol));
      return inst.dst;
    case "ptr_add":
      w.inst(prefix, s.id(inst.dst), "iadd", "", s.id(inst.base), s.id(inst.offset), -1);
      return inst.dst;
    case "opaque":
      w.s(prefix); opaque(s, inst.dst, inst.src, prefix);
      return inst.dst;
    case "call":
      w.s(prefix); call(s, inst);
      return CALL;
    case "func_addr":
      w.assign(prefix, s.id(inst.dst), "func_addr.i64 fn", ""); w.u(s.fnRef(s.module.calleeNamed(inst.symbol)));
      return inst.dst;
    case "call_indirect": {
      // The signature is read off the arguments and results (types.ts): caller and callee agree by construction.
      const sig = s.sigRefOfValues(inst.args, inst.dsts);
      w.s(prefix);
      if (inst.dsts.length) { s.values(inst.dsts); w.s(" = "); }
      w.s("call_indirect sig"); w.u(sig); w.s(", "); s.v(inst.callee); w.c(40); s.values(inst.args); w.c(41);
      return CALL;
    }
    default: {
      const never: never = inst;
      throw new Error(`lower-cranelift: unknown instruction ${(never as LInst).op}`);
    }
  }
}

/** Writes `${lead}blockN(v1, v2)`, or `${lead}blockN` without arguments (`lead` and `block` in one write). */
export function edge(s: FunctionScope, e: LEdge, lead: string): void {
  edgeTo(s, e.block, e.args, lead);
}

/** edge() of an edge given as its target and arguments. */
export function edgeTo(s: FunctionScope, block: LBlockId, args: readonly LValue[], lead: string): void {
  s.block(block, lead);
  if (args.length === 0) return;
  const w = s.w;
  w.c(40);
  w.v(s.id(args[0]!));
  for (let i = 1; i < args.length; i++) w.next(s.id(args[i]!));
  w.c(41);
}

/** Writes the terminator of a block, without the newline. */
export function printTerm(s: FunctionScope, term: LTerm): void {
  const w = s.w;
  switch (term.op) {
    case "jump":
      edge(s, term.target, "jump block");
      return;
    case "brif":
      w.named("brif v", s.id(term.cond)); edge(s, term.then, ", block"); edge(s, term.else, ", block");
      return;
    case "br_table": {
      // Cranelift's verifier accepts only an i32 index.
      const t = s.typeOf(term.index);
      if (t !== "i32") throw new Error(`lower-cranelift: br_table index in ${s.fn.name} is ${t}, must be i32`);
      w.named("br_table v", s.id(term.index)); edge(s, term.default, ", block"); w.s(", [");
      for (let i = 0; i < term.targets.length; i++) edge(s, term.targets[i]!, i ? ", block" : "block");
      w.c(93);
      return;
    }
    case "switch":
      // CLIF has no sparse switch: printFunction writes it as a compare tree of several blocks (switch-tree.ts).
      throw new Error(`lower-cranelift: internal error: the switch of ${s.fn.name} is printed as a compare tree (printSwitch), not as one terminator`);
    case "return":
      if (term.values.length === 0) w.s("return");
      else {
        const vs = term.values;
        w.named("return v", s.id(vs[0]!));
        for (let i = 1; i < vs.length; i++) w.next(s.id(vs[i]!));
      }
      return;
    case "trap":
      w.s(TRAP_LINE);
      return;
    default: {
      const never: never = term;
      throw new Error(`lower-cranelift: unknown terminator ${(never as LTerm).op}`);
    }
  }
}

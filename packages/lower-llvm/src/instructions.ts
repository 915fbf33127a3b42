/**
 * One lowered instruction as LLVM instructions. The lowering has already made
 * every operation total (divisors checked, shift amounts masked, accesses in
 * bounds and aligned), so each maps to the plain LLVM instruction: wrapping
 * two's-complement and exact IEEE results are the semantics, so `nsw`/`nuw`
 * and `!range` appear only where llvm-facts.ts proves them (when the scope
 * has facts), and never `exact` or fast-math flags. Constants and fixed addresses define no
 * instruction; `FunctionScope.spell` prints them in place at every use.
 */
import { type LBinOp, type LConvKind, type LFloatCC, type LInst, type LIntCC, type LType, type LUnOp, type LValue } from "@fzy/lir";
import { FLAG_TEXTS } from "./facts-intervals.js";
import { FLAGGED, type LlvmFacts, rangeNode } from "./llvm-facts.js";
import type { LlvmModuleScope } from "./module-scope.js";
import { roundingLines } from "./rounding.js";
import type { TextOut } from "@fzy/lir";
import { globalName, intrinsicSuffix, llvmReturnType, llvmType } from "./spelling.js";
import { ALIGN_TAIL, ARG_LEAD, assignments, LOAD_TYPE, NEXT_ARG_LEAD, NEXT_TYPE_LEAD, STORE_LEAD, TO_TYPE, TYPE_LEAD, UNALIGNED_TAIL } from "./leads.js";

/** What printing an instruction needs from its function. */
export interface FunctionScope {
  readonly ctx: LlvmModuleScope;
  /** Where the function's text goes. */
  readonly out: TextOut;
  /** How an operand is written: `%vN`, a literal, `%sN` or `@name`. */
  spell(v: LValue): string;
  /** Writes the operand as `spell` spells it (without making the string). */
  put(v: LValue): void;
  /** Writes `lead`, the operand as `spell` spells it, and `tail`, in one call to the text. */
  ref(lead: string, v: LValue, tail: string): void;
  /** Writes `lead` and the operand as the last thing on the line, then ends the line (as `end`). */
  refEnd(lead: string, v: LValue): void;
  /** Writes `lead`, operand a, `mid` and operand b as the last thing on the line, then ends the line (as refEnd). */
  refPairEnd(lead: string, a: LValue, mid: string, b: LValue): void;
  typeOf(v: LValue): LType;
  /** A fresh name for an address computed on the way (`%tN`). */
  temp(): string;
  /** Proven facts about the function's values (no flags or metadata without them), solved at the first call. */
  facts(): LlvmFacts | undefined;
  /** The `nuw`/`nsw` flags of a flaggable binary operation (" nuw", ...), "" without facts. */
  wrapFlags(inst: Extract<LInst, { op: "binary" }>): string;
  /** Starts a line of the current instruction (writes its indent). */
  open(): void;
  /**
   * Ends a line of the current instruction: its `!dbg` attachment, if any,
   * and the line break. The attachment's node is numbered at the first
   * end(), so whatever node the instruction itself names must be asked for
   * before (nodes are numbered by first use).
   */
  end(): void;
}

/** Writes one whole line of the current instruction. */
export function line(s: FunctionScope, text: string): void {
  s.open();
  s.out.s(text);
  s.end();
}

const BINARY: Readonly<Record<LBinOp, string>> = {
  iadd: "add", isub: "sub", imul: "mul",
  sdiv: "sdiv", srem: "srem", udiv: "udiv", urem: "urem",
  band: "and", bor: "or", bxor: "xor",
  ishl: "shl", ushr: "lshr", sshr: "ashr",
  fadd: "fadd", fsub: "fsub", fmul: "fmul", fdiv: "fdiv",
  // Intrinsics (called by `intrinsicCall`): fshl/fshr with both halves x are rotates (amount modulo the width);
  // minimum/maximum are NaN-propagating with -0.0 < +0.0, the lowered form's fmin/fmax.
  rotl: "llvm.fshl", rotr: "llvm.fshr", smin: "llvm.smin", smax: "llvm.smax", umin: "llvm.umin", umax: "llvm.umax",
  fmin: "llvm.minimum", fmax: "llvm.maximum", fcopysign: "llvm.copysign",
};

/** The intrinsic of each one-operand operation; `false` marks the i1 flag ctlz/cttz/abs take (false: defined at 0 and MIN). */
const UNARY: Readonly<Record<LUnOp, readonly [string, boolean]>> = {
  sqrt: ["llvm.sqrt", false], fabs: ["llvm.fabs", false], floor: ["llvm.floor", false], ceil: ["llvm.ceil", false],
  ftrunc: ["llvm.trunc", false], nearest: ["llvm.roundeven", false], // not used: rounding.ts spells these four
  popcnt: ["llvm.ctpop", false], clz: ["llvm.ctlz", true], ctz: ["llvm.cttz", true], bswap: ["llvm.bswap", false], iabs: ["llvm.abs", true],
};

/** `dst = call T @name.T(args)`, declaring the intrinsic once. */
function intrinsicCall(s: FunctionScope, base: string, dst: LValue, args: readonly string[]): string {
  const t = llvmType(s.typeOf(dst));
  const name = `${base}.${intrinsicSuffix(s.typeOf(dst))}`;
  s.ctx.useIntrinsic(name, `declare ${t} ${globalName(name)}(${args.map((a) => a.slice(0, a.indexOf(" "))).join(", ")})`);
  return `${s.spell(dst)} = call ${t} ${globalName(name)}(${args.join(", ")})`;
}

/** `  %dst = ` followed by `tail`. */
function def(s: FunctionScope, dst: LValue, tail: string): void {
  s.ref(INDENT, dst, tail);
}

const INDENT = "  ";

/** `%dst = op T %a, %b`; `assign` is ` = op ` (with the op's flags, if any), the text between the name and the operands. */
function twoOperands(s: FunctionScope, dst: LValue, assign: string, a: LValue, b: LValue): void {
  def(s, dst, assign);
  s.refPairEnd(TYPE_LEAD[s.typeOf(a)], a, ", ", b);
}

/**
 * How a binary operation prints, read with one look-up per instruction: the
 * intrinsic it calls, or else its assignment (` = add `, for twoOperands)
 * and, when it can carry flags, its assignment with each flag text
 * wrapFlags gives (` = add nsw `).
 */
interface BinarySpelling {
  readonly intrinsic: string | undefined;
  readonly assign: string;
  readonly flagged: Readonly<Record<string, string>> | undefined;
}

/** ` = add ` and the like. */
const BINARY_ASSIGN = assignments(BINARY);

const BINARY_SPELLING: Readonly<Record<LBinOp, BinarySpelling>> = Object.fromEntries(
  (Object.keys(BINARY) as LBinOp[]).map((k): [LBinOp, BinarySpelling] => {
    const op = BINARY[k], intrinsic = op.startsWith("llvm.");
    return [k, {
      intrinsic: intrinsic ? op : undefined,
      assign: BINARY_ASSIGN[k],
      flagged: FLAGGED.has(k) ? Object.fromEntries(FLAG_TEXTS.map((f) => [f, ` = ${op}${f} `])) : undefined,
    }];
  }),
) as Record<LBinOp, BinarySpelling>;

function binary(s: FunctionScope, inst: Extract<LInst, { op: "binary" }>): void {
  const spelling = BINARY_SPELLING[inst.kind];
  if (spelling.intrinsic === undefined) {
    // Only flaggable operations are asked about: asking the facts about another would solve them for nothing.
    const flagged = spelling.flagged, flags = flagged ? s.wrapFlags(inst) : "";
    twoOperands(s, inst.dst, flags === "" ? spelling.assign : flagged![flags]!, inst.a, inst.b);
    return;
  }
  const rot = inst.kind === "rotl" || inst.kind === "rotr";
  line(s, intrinsicCall(s, spelling.intrinsic, inst.dst, rot ? [operand(s, inst.a), operand(s, inst.a), operand(s, inst.b)] : [operand(s, inst.a), operand(s, inst.b)]));
}

function unaryLine(s: FunctionScope, inst: Extract<LInst, { op: "unary" }>): string {
  const [name, flag] = UNARY[inst.kind];
  return intrinsicCall(s, name, inst.dst, flag ? [operand(s, inst.src), "i1 false"] : [operand(s, inst.src)]);
}

/**
 * Float predicates. Comparisons are ordered (false when either side is NaN)
 * except `ne`, which is unordered (`une`, true when either side is NaN):
 * that is `!(a == b)`, the result Rust's `!=` gives.
 */
const FLOAT_CC: Readonly<Record<LFloatCC, string>> = {
  eq: "fcmp oeq", ne: "fcmp une", lt: "fcmp olt", le: "fcmp ole", gt: "fcmp ogt", ge: "fcmp oge",
};

/** The `icmp` opcode with each condition, spelled once. */
const INT_CC: Readonly<Record<LIntCC, string>> = {
  eq: "icmp eq", ne: "icmp ne", slt: "icmp slt", sle: "icmp sle", sgt: "icmp sgt", sge: "icmp sge",
  ult: "icmp ult", ule: "icmp ule", ugt: "icmp ugt", uge: "icmp uge",
};

const FLOAT_CC_ASSIGN = assignments(FLOAT_CC);
const INT_CC_ASSIGN = assignments(INT_CC);

/** A typed operand, `i32 %v3`. */
function operand(s: FunctionScope, v: LValue): string {
  return `${llvmType(s.typeOf(v))} ${s.spell(v)}`;
}

/**
 * The address `base + offset` as an operand, computing it first (a line of
 * its own) when the offset is not zero: the temporary's name, or undefined
 * when the address is `base` itself (written by putAddress without a string).
 */
function address(s: FunctionScope, base: LValue, offset: number): string | undefined {
  if (offset === 0) return undefined;
  const t = s.temp(), w = s.out;
  s.open();
  w.s(t);
  w.s(" = getelementptr inbounds i8, ptr ");
  s.put(base);
  w.s(", i64 ");
  w.u(offset);
  s.end();
  return t;
}

/** Writes `lead`, the address address() made (`temp`, or `base` itself when undefined), and `tail`. */
function putAddress(s: FunctionScope, lead: string, base: LValue, temp: string | undefined, tail: string): void {
  if (temp === undefined) s.ref(lead, base, tail);
  else s.out.ref(lead, temp, "", 0, tail);
}

/** `, align N`: the natural alignment of a memory access of type `t`, or 1 when unaligned. */
function alignTail(t: LType, unaligned: true | undefined, what: string): string {
  if (t === "bool") throw new Error(`lower-llvm: ${what} of a bool: bool never goes to memory`);
  return unaligned ? UNALIGNED_TAIL : ALIGN_TAIL[t];
}

/** The conversions that are a call of a saturating intrinsic rather than one cast. */
type SaturatingKind = "fptosi_sat" | "fptoui_sat";

/** The plain casts: the LLVM opcode of each other conversion (a new kind must be added here or to SaturatingKind). */
const CASTS: Readonly<Record<Exclude<LConvKind, SaturatingKind>, string>> & Readonly<Partial<Record<SaturatingKind, never>>> = {
  sext: "sext", uext: "zext", trunc: "trunc", sitofp: "sitofp", uitofp: "uitofp", fpromote: "fpext",
  fdemote: "fptrunc", bitcast: "bitcast", ptr_to_int: "ptrtoint", int_to_ptr: "inttoptr",
};

const CAST_ASSIGN = assignments<Exclude<LConvKind, SaturatingKind>>(CASTS);


function convert(s: FunctionScope, kind: LConvKind, dst: LValue, src: LValue): void {
  const from = s.typeOf(src), to = s.typeOf(dst);
  const cast = CASTS[kind];
  if (cast !== undefined) {
    def(s, dst, CAST_ASSIGN[kind as Exclude<LConvKind, SaturatingKind>]);
    s.ref(TYPE_LEAD[from], src, TO_TYPE[to]);
    s.end();
    return;
  }
  const head = `${s.spell(dst)} =`;
  switch (kind) {
    case "fptosi_sat": {
      // LLVM's fptosi is poison out of range; the saturating intrinsic is Rust's `as` (NaN to 0).
      if (from !== "f64" && from !== "f32") throw new Error(`lower-llvm: fptosi_sat from ${from}; only floats convert`);
      const name = `llvm.fptosi.sat.${llvmType(to)}.${from}`;
      s.ctx.useIntrinsic(name, `declare ${llvmType(to)} ${globalName(name)}(${llvmType(from)})`);
      return line(s, `${head} call ${llvmType(to)} ${globalName(name)}(${operand(s, src)})`);
    }
    case "fptoui_sat": {
      const name = `llvm.fptoui.sat.${llvmType(to)}.${intrinsicSuffix(from)}`;
      s.ctx.useIntrinsic(name, `declare ${llvmType(to)} ${globalName(name)}(${llvmType(from)})`);
      return line(s, `${head} call ${llvmType(to)} ${globalName(name)}(${operand(s, src)})`);
    }
    default:
      throw new Error(`lower-llvm: unknown conversion ${String(kind)}`);
  }
}

/** `[dst =] call RET CALLEE(args)`: the line of a direct or indirect call; `head` is `RET CALLEE(`, spelled. */
function callLine(s: FunctionScope, dsts: readonly LValue[], head: string, args: readonly LValue[]): void {
  if (dsts.length === 1) def(s, dsts[0]!, " = call ");
  else s.out.s("  call ");
  s.out.s(head);
  putArgs(s, args);
  s.end();
}

/**
 * `dst = src` hidden behind an empty inline asm (`sideeffect`, so neither the
 * asm nor the computation feeding it can be deleted or folded) whose output
 * is tied to its input register (`=r,0`). Only integers and pointers live in
 * the general registers on every target, so a float crosses as its integer bits
 * and a bool as an i8.
 */
function opaque(s: FunctionScope, dst: LValue, src: LValue): string[] {
  const t = s.typeOf(src);
  const asm = (ty: string, v: string, out: string) => `${out} = call ${ty} asm sideeffect "", "=r,0"(${ty} ${v})`;
  if (t !== "f64" && t !== "f32" && t !== "bool") return [asm(llvmType(t), s.spell(src), s.spell(dst))];
  const [carrier, widen, narrow] = t === "f64" ? ["i64", "bitcast", "bitcast"] : t === "f32" ? ["i32", "bitcast", "bitcast"] : ["i8", "zext", "trunc"];
  const wide = s.temp(), hidden = s.temp();
  return [
    `${wide} = ${widen} ${operand(s, src)} to ${carrier}`,
    asm(carrier, wide, hidden),
    `${s.spell(dst)} = ${narrow} ${carrier} ${hidden} to ${llvmType(t)}`,
  ];
}

/** `, !range !N, !noundef !M` for a load whose values the facts bound; "" otherwise. */
function loadFacts(s: FunctionScope, inst: Extract<LInst, { op: "load" }>): string {
  if (inst.type === "f64" || inst.type === "f32" || inst.type === "ptr") return "";
  const r = s.facts()?.loadRange(inst);
  if (!r) return "";
  return `, !range ${s.ctx.node(rangeNode(inst.type, r))}, !noundef ${s.ctx.node("!{}")}`;
}

function load(s: FunctionScope, inst: Extract<LInst, { op: "load" }>): void {
  // The range nodes first: they are numbered before the line's `!dbg` location (see FunctionScope.end).
  const facts = loadFacts(s, inst);
  const addr = address(s, inst.addr, inst.offset);
  const align = alignTail(inst.type, inst.unaligned, "load");
  def(s, inst.dst, " = load ");
  putAddress(s, LOAD_TYPE[inst.type], inst.addr, addr, align);
  if (facts !== "") s.out.s(facts);
  s.end();
}

function store(s: FunctionScope, inst: Extract<LInst, { op: "store" }>): void {
  const addr = address(s, inst.addr, inst.offset);
  const t = s.typeOf(inst.value), align = alignTail(t, inst.unaligned, "store");
  s.ref(STORE_LEAD[t], inst.value, ", ptr ");
  putAddress(s, "", inst.addr, addr, align);
  s.end();
}

/** Writes `T a, T b)`: call arguments with their ABI attributes, and the closing parenthesis. */
function putArgs(s: FunctionScope, args: readonly LValue[]): void {
  for (let k = 0; k < args.length; k++) {
    const t = s.typeOf(args[k]!);
    s.ref(k > 0 ? NEXT_ARG_LEAD[t] : ARG_LEAD[t], args[k]!, "");
  }
  s.out.c(41);
}

function call(s: FunctionScope, inst: Extract<LInst, { op: "call" }>): void {
  const target = s.ctx.callTarget(inst.callee), callee = target.info;
  if (inst.dsts.length > 1 || inst.dsts.length > callee.results.length) {
    throw new Error(`lower-llvm: call to ${inst.callee} defines ${inst.dsts.length} values but it has ${callee.results.length} results`);
  }
  callLine(s, inst.dsts, (target.head ??= `${llvmReturnType(callee.results, inst.callee)} ${target.ref}(`), inst.args);
}

function callIndirect(s: FunctionScope, inst: Extract<LInst, { op: "call_indirect" }>): void {
  // Opaque pointers: the call names its function type, read off the arguments and results.
  if (inst.dsts.length > 1) throw new Error(`lower-llvm: call_indirect defines ${inst.dsts.length} values`);
  callLine(s, inst.dsts, `${llvmReturnType(inst.dsts.map((d) => s.typeOf(d)), "call_indirect")} ${s.spell(inst.callee)}(`, inst.args);
}

/** Writes the LLVM lines of `inst` (none for constants and fixed addresses). */
export function writeInst(s: FunctionScope, inst: LInst): void {
  switch (inst.op) {
    case "iconst": case "fconst": case "symbol_addr": case "func_addr":
      return;
    case "stack_addr":
      if (inst.offset === 0) return;
      def(s, inst.dst, " = getelementptr inbounds i8, ptr %s");
      s.out.u(inst.slot);
      s.out.s(", i64 ");
      s.out.u(inst.offset);
      return s.end();
    case "binary":
      return binary(s, inst);
    case "unary":
      if (inst.kind === "floor" || inst.kind === "ceil" || inst.kind === "ftrunc" || inst.kind === "nearest") {
        for (const l of roundingLines(s, inst.kind, inst.dst, inst.src)) line(s, l);
      } else line(s, unaryLine(s, inst));
      return;
    case "icmp":
      return twoOperands(s, inst.dst, INT_CC_ASSIGN[inst.cc], inst.a, inst.b);
    case "fcmp":
      return twoOperands(s, inst.dst, FLOAT_CC_ASSIGN[inst.cc], inst.a, inst.b);
    case "select":
      def(s, inst.dst, " = select ");
      s.ref(TYPE_LEAD[s.typeOf(inst.cond)], inst.cond, "");
      return s.refPairEnd(NEXT_TYPE_LEAD[s.typeOf(inst.a)], inst.a, NEXT_TYPE_LEAD[s.typeOf(inst.b)], inst.b);
    case "convert":
      return convert(s, inst.kind, inst.dst, inst.src);
    case "load":
      return load(s, inst);
    case "store":
      return store(s, inst);
    case "ptr_add":
      def(s, inst.dst, " = getelementptr i8, ptr ");
      return s.refPairEnd("", inst.base, NEXT_TYPE_LEAD[s.typeOf(inst.offset)], inst.offset);
    case "call":
      return call(s, inst);
    case "call_indirect":
      return callIndirect(s, inst);
    case "opaque":
      for (const l of opaque(s, inst.dst, inst.src)) line(s, l);
      return;
    default: {
      const never: never = inst;
      throw new Error(`lower-llvm: unknown instruction ${(never as LInst).op}`);
    }
  }
}

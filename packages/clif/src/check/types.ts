/**
 * Typing rules of the instructions (see `Typing` in opcodes.ts): given an
 * instruction and its operand types, its result types, reporting every
 * operand that breaks the rule. The type classes follow the type variables
 * of Cranelift 0.135's instruction reference.
 */
import {
  blockCalls, type FunctionAst, type Inst, isFloat, isInt, isVector, laneCount, laneType, type ScalarType,
  signatureKey, typeBits, type ValueType,
} from "./ast.js";
import { OPCODES, type TypeClass } from "./opcodes.js";

type Ty = (v: number) => ValueType | undefined;
export type Bad = (message: string) => void;

const laneBits = (t: ValueType) => typeBits(laneType(t));
const intLane = (t: ValueType) => laneType(t).startsWith("i");

/** Whether `t` belongs to a type class. */
export function inClass(t: ValueType, cls: TypeClass): boolean {
  switch (cls) {
    case "Int": return intLane(t);
    case "iB": return isInt(t);
    case "bits": return true;
    case "Float": return !intLane(t);
    case "FloatScalar": return isFloat(t);
    case "FloatVecOnly": return isVector(t) && !intLane(t);
    case "IxN": return isVector(t) && intLane(t);
    case "I16or32": return isVector(t) && intLane(t) && (laneBits(t) === 16 || laneBits(t) === 32) && laneCount(t) >= 4 && laneCount(t) <= 8;
    case "NarrowScalar": return isInt(t) && typeBits(t) <= 64;
    case "i32_64": return t === "i32" || t === "i64";
    case "iSwappable": return isInt(t) && typeBits(t) >= 16;
  }
}

const CLASS_TEXT: Record<TypeClass, string> = {
  Int: "an integer or integer vector", iB: "a scalar integer", bits: "any type", Float: "a float or float vector",
  FloatScalar: "a scalar float", FloatVecOnly: "a float vector", IxN: "an integer vector", I16or32: "an i16x8 or i32x4 vector",
  NarrowScalar: "i8, i16, i32 or i64", i32_64: "i32 or i64", iSwappable: "an integer of 16 to 128 bits",
};

/** The comparison result type of `t`: i8 for a scalar, an integer vector of the same shape for a vector. */
function truthy(t: ValueType): ValueType {
  return isVector(t) ? (`i${laneBits(t)}x${laneCount(t)}` as ValueType) : "i8";
}

/** Result types of `inst` given its operand types; undefined when they cannot be known. */
export function typeInst(f: FunctionAst, inst: Inst, ty: Ty, bad: Bad): readonly ValueType[] | undefined {
  const info: (typeof OPCODES)[keyof typeof OPCODES] = OPCODES[inst.opcode];
  const ctrl = inst.ctrl;
  const agree = (t: ValueType) => {
    if (ctrl !== undefined && ctrl !== t) bad(`the suffix .${ctrl} disagrees with the operand type ${t}`);
  };
  const want = (v: number, ok: (t: ValueType) => boolean, what: string): ValueType | undefined => {
    const t = ty(v);
    if (t !== undefined && !ok(t)) bad(`v${v} is ${t}, expected ${what}`);
    return t;
  };
  const cls = (v: number, c: TypeClass) => want(v, (t) => inClass(t, c), CLASS_TEXT[c]);
  const addr = (v: number) => want(v, (t) => t === "i64" || t === "i32", "an i64 (or i32) address");
  /** All of `vs` one type of class `c`; that type (checked against the suffix). */
  const sameAll = (vs: readonly number[], c: TypeClass): ValueType | undefined => {
    const ts = vs.map((v) => cls(v, c));
    const t0 = ts.find((t) => t !== undefined);
    ts.forEach((t, i) => {
      if (t && t0 && t !== t0) bad(`operands differ in type: v${vs[0]} is ${ts[0] ?? t0}, v${vs[i]} is ${t}`);
    });
    if (t0) agree(t0);
    return t0;
  };
  const c = info.cls ?? "bits";
  switch (info.typing) {
    case "iconst": return [ctrl!];
    case "fconst": return [(inst as Inst & { format: "unary_ieee" }).type];
    case "vconst":
      if (!isVector(ctrl!)) bad(`vconst makes vectors, not ${ctrl}`);
      return [ctrl!];
    case "same": {
      const vs = inst.format === "unary" ? [inst.arg] : "args" in inst ? [...inst.args] : [];
      const t = sameAll(vs, c);
      return t && [t];
    }
    case "shift": {
      const [a, b] = (inst as Inst & { format: "binary" }).args;
      const t = cls(a, c);
      cls(b, "iB");
      if (t) agree(t);
      return t && [t];
    }
    case "overflow": {
      const t = sameAll((inst as Inst & { format: "binary" }).args, c);
      return t && [t, "i8"];
    }
    case "carry": {
      const [a, b, cin] = (inst as Inst & { format: "ternary" }).args;
      const t = sameAll([a, b], c);
      want(cin, (x) => x === "i8", "i8 (the carry)");
      return t && [t, "i8"];
    }
    case "icmp": case "fcmp": {
      const t = sameAll((inst as Inst & { format: "int_compare" }).args, c);
      return t && [truthy(t)];
    }
    case "select": {
      const [cond, x, y] = (inst as Inst & { format: "ternary" }).args;
      cls(cond, "iB");
      const t = sameAll([x, y], "bits");
      return t && [t];
    }
    case "bitselect": {
      const t = sameAll((inst as Inst & { format: "ternary" }).args, "bits");
      return t && [t];
    }
    default:
      return typeMore(f, inst, ty, bad, { want, cls, addr, sameAll, agree });
  }
}

interface Helpers {
  want(v: number, ok: (t: ValueType) => boolean, what: string): ValueType | undefined;
  cls(v: number, c: TypeClass): ValueType | undefined;
  addr(v: number): ValueType | undefined;
  sameAll(vs: readonly number[], c: TypeClass): ValueType | undefined;
  agree(t: ValueType): void;
}

function typeMore(f: FunctionAst, inst: Inst, ty: Ty, bad: Bad, h: Helpers): readonly ValueType[] | undefined {
  const info: (typeof OPCODES)[keyof typeof OPCODES] = OPCODES[inst.opcode];
  const ctrl = inst.ctrl!;
  const arg = inst.format === "unary" || inst.format === "load_no_offset" ? inst.arg : -1;
  const sameShape = (a: ValueType, b: ValueType) => laneCount(a) === laneCount(b);
  switch (info.typing) {
    case "extend": case "reduce": {
      const t = h.cls(arg, "Int");
      if (!intLane(ctrl)) bad(`the result must be an integer, not ${ctrl}`);
      else if (t && !sameShape(t, ctrl)) bad(`${t} and ${ctrl} differ in lanes`);
      else if (t && info.typing === "extend" && laneBits(ctrl) <= laneBits(t)) bad(`${inst.opcode}.${ctrl} of an ${t}: the result must be wider than the operand`);
      else if (t && info.typing === "reduce" && laneBits(ctrl) >= laneBits(t)) bad(`ireduce.${ctrl} of an ${t}: the result must be narrower than the operand`);
      return [ctrl];
    }
    case "fpromote": case "fdemote": {
      const t = h.cls(arg, "FloatScalar");
      if (!isFloat(ctrl)) bad(`the result must be a scalar float, not ${ctrl}`);
      else if (t && (info.typing === "fpromote" ? typeBits(ctrl) <= typeBits(t) : typeBits(ctrl) >= typeBits(t))) bad(`${inst.opcode}.${ctrl} of an ${t}: the result must be ${info.typing === "fpromote" ? "wider" : "narrower"}`);
      return [ctrl];
    }
    case "float_to_int": {
      const sat = inst.opcode.endsWith("_sat") || inst.opcode === "x86_cvtt2dq";
      const t = h.cls(arg, sat ? "Float" : "FloatScalar");
      if (!intLane(ctrl) || (!sat && isVector(ctrl))) bad(`converts a float to ${sat ? "an integer (vector)" : "a scalar integer"}, not ${ctrl}`);
      else if (t && !sameShape(t, ctrl)) bad(`${t} and ${ctrl} differ in lanes`);
      return [ctrl];
    }
    case "int_to_float": {
      const t = h.cls(arg, "Int");
      if (intLane(ctrl)) bad(`converts an integer to a float, not ${ctrl}`);
      else if (t && !sameShape(t, ctrl)) bad(`${t} and ${ctrl} differ in lanes`);
      return [ctrl];
    }
    case "bmask":
      h.cls(arg, "iB");
      if (!isInt(ctrl)) bad(`the result must be a scalar integer, not ${ctrl}`);
      return [ctrl];
    case "bitcast": {
      const t = ty(arg);
      if (t && typeBits(t) !== typeBits(ctrl)) bad(`v${arg} has ${typeBits(t)} bits, ${ctrl} has ${typeBits(ctrl)}`);
      const flags = (inst as Inst & { format: "load_no_offset" }).flags;
      if (flags.some((fl) => fl !== "little" && fl !== "big")) bad("only the little or big flag is allowed");
      if (t && isVector(t) !== isVector(ctrl) && !flags.length && t !== ctrl) bad("a bitcast between a vector and a scalar needs its byte order (little or big)");
      return [ctrl];
    }
    case "isplit": {
      const t = h.want(arg, (x) => isInt(x) && typeBits(x) >= 16, "an integer of 16 to 128 bits");
      if (t) h.agree(t);
      const half = t && (`i${typeBits(t) / 2}` as ValueType);
      return half && [half, half];
    }
    case "iconcat": {
      const t = h.sameAll((inst as Inst & { format: "binary" }).args, "NarrowScalar");
      return t && [`i${typeBits(t) * 2}` as ValueType];
    }
    case "splat": {
      if (!isVector(ctrl)) { bad(`the result must be a vector, not ${ctrl}`); return [ctrl]; }
      h.want(arg, (x) => x === laneType(ctrl), `${laneType(ctrl)} (a lane of ${ctrl})`);
      return [ctrl];
    }
    case "extractlane": case "insertlane": {
      const i = inst as Inst & { format: "binary_imm8" | "ternary_imm8" };
      const v = i.format === "binary_imm8" ? i.arg : i.args[0];
      const t = h.want(v, isVector, "a vector");
      if (t) h.agree(t);
      if (t && i.imm >= laneCount(t)) bad(`lane ${i.imm} is out of range for ${t}`);
      if (t && i.format === "ternary_imm8") h.want(i.args[1], (x) => x === laneType(t), `${laneType(t)} (a lane of ${t})`);
      return t && [i.format === "binary_imm8" ? laneType(t) : t];
    }
    case "vtest": h.want(arg, isVector, "a vector"); return ["i8"];
    case "vhigh_bits":
      h.want(arg, isVector, "a vector");
      if (!isInt(ctrl) || typeBits(ctrl) > 64) bad(`the result must be i8..i64, not ${ctrl}`);
      return [ctrl];
    case "narrow": {
      const t = h.sameAll((inst as Inst & { format: "binary" }).args, "IxN");
      if (t && laneBits(t) < 16) bad(`${t} has no narrower lane type`);
      return t && [`i${laneBits(t) / 2}x${laneCount(t) * 2}` as ValueType];
    }
    case "widen": {
      const t = h.cls(arg, "IxN");
      if (t) h.agree(t);
      if (t && laneBits(t) > 32) bad(`${t} has no wider lane type`);
      return t && [`i${laneBits(t) * 2}x${laneCount(t) / 2}` as ValueType];
    }
    case "fixed": {
      const [ins, outs] = info.fixed!;
      const vs = inst.format === "unary" ? [inst.arg] : (inst as Inst & { format: "binary" }).args;
      vs.forEach((v, i) => h.want(v, (x) => x === ins[i], ins[i]!));
      return outs as ValueType[];
    }
    case "shuffle": {
      const t = h.sameAll((inst as Inst & { format: "shuffle" }).args, "bits");
      if (t && t !== "i8x16") bad(`shuffle works on i8x16, not ${t}`);
      return ["i8x16"];
    }
    default:
      return typeMemory(f, inst, ty, bad, h);
  }
}

function typeMemory(f: FunctionAst, inst: Inst, ty: Ty, bad: Bad, h: Helpers): readonly ValueType[] | undefined {
  const info: (typeof OPCODES)[keyof typeof OPCODES] = OPCODES[inst.opcode];
  const ctrl = inst.ctrl;
  const atomicOk = (t: ValueType) => isInt(t);
  switch (inst.format) {
    case "load": {
      h.addr(inst.addr);
      if (info.fixed) return info.fixed[1] as ValueType[];
      if (info.memBytes && (!isInt(ctrl!) || typeBits(ctrl!) <= info.memBytes * 8 || typeBits(ctrl!) > 64)) bad(`the result must be an integer of ${info.memBytes * 16} to 64 bits, not ${ctrl}`);
      return [ctrl!];
    }
    case "store": {
      h.addr(inst.addr);
      const t = ty(inst.value);
      if (t && info.memBytes && (!isInt(t) || typeBits(t) <= info.memBytes * 8 || typeBits(t) > 64)) bad(`the value must be an integer of ${info.memBytes * 16} to 64 bits, not ${t}`);
      if (t) h.agree(t);
      return [];
    }
    case "load_no_offset": // atomic_load
      h.addr(inst.arg);
      if (!atomicOk(ctrl!)) bad(`atomic loads are scalar-integer only, not ${ctrl}`);
      return [ctrl!];
    case "store_no_offset": {
      h.addr(inst.addr);
      const t = h.want(inst.value, atomicOk, "a scalar integer");
      if (t) h.agree(t);
      return [];
    }
    case "atomic_rmw":
      h.addr(inst.addr);
      if (!atomicOk(ctrl!)) bad(`atomic_rmw is scalar-integer only, not ${ctrl}`);
      h.want(inst.value, (t) => t === ctrl, `${ctrl} (the controlling type)`);
      return [ctrl!];
    case "atomic_cas": {
      h.addr(inst.addr);
      const t = h.sameAll(inst.args, "iB");
      return t && [t];
    }
    case "stack_addr": case "global_value": case "func_addr": case "nullary": {
      if (info.typing === "nothing") return [];
      if (ctrl !== "i64" && ctrl !== "i32") bad(`addresses are i64 (or i32), not ${ctrl}`);
      if (inst.format === "stack_addr") {
        const slot = f.slots.get(inst.slot)!;
        if (inst.offset < 0 || inst.offset > slot.size) bad(`offset ${inst.offset} is outside ss${inst.slot} (${slot.size} bytes)`);
      }
      return [ctrl!];
    }
    case "unary": // set_pinned_reg
      h.addr(inst.arg);
      return [];
    case "call": case "call_indirect": {
      const sig = inst.format === "call" ? f.fns.get(inst.fn)!.sig : f.sigs.get(inst.sig)!.sig;
      if (inst.format === "call_indirect") {
        const t = h.addr(inst.callee);
        if (t) h.agree(t);
      }
      if (inst.args.length !== sig.params.length) bad(`passes ${inst.args.length} arguments, the signature ${signatureKey(sig)} takes ${sig.params.length}`);
      inst.args.forEach((a, i) => {
        const t = ty(a), p = sig.params[i];
        if (t && p && t !== p) bad(`argument ${i} v${a} is ${t}, the signature wants ${p}`);
      });
      if (info.terminator) {
        if (signatureKey({ params: [], results: sig.results }) !== signatureKey({ params: [], results: f.sig.results })) bad(`a tail call must return what the caller returns (${f.sig.results.join(", ")}), not ${sig.results.join(", ")}`);
        return [];
      }
      return sig.results;
    }
    case "jump": case "brif": case "br_table": {
      if (inst.format === "brif") {
        const t = h.cls(inst.cond, "iB");
        if (t) h.agree(t);
      }
      if (inst.format === "br_table") h.want(inst.index, (t) => t === "i32", "i32 (a br_table index must be i32)");
      for (const c of blockCalls(inst)) {
        const at = f.blockPos.get(c.block);
        if (at === undefined) continue;
        const ps = f.blocks[at]!.params;
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
      const want = f.sig.results;
      if (inst.args.length !== want.length) bad(`returns ${inst.args.length} values, the function returns ${want.length}`);
      inst.args.forEach((a, i) => {
        const t = ty(a);
        if (t && want[i] && t !== want[i]) bad(`value ${i} v${a} is ${t}, the function returns ${want[i]}`);
      });
      return [];
    }
    case "trap": return [];
    case "cond_trap": {
      const t = h.cls(inst.arg, "iB");
      if (t) h.agree(t);
      return [];
    }
    case "opaque": return undefined;
    default:
      bad("unexpected format");
      return undefined;
  }
}

export type { ScalarType };

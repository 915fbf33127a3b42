/**
 * Switch to lookup table: a match whose every arm only assigns a constant
 * to one variable and jumps to one join block (`classify`, `class_score`
 * once inlined) becomes a load from a constant table indexed by the switched
 * value, and a jump to the join. LLVM finds this itself; Cranelift does not,
 * and would otherwise take an indirect branch per match. Arms reached from
 * nowhere else are left out of the lowered code.
 */
import type { BlockId, Func, Inst, Term, Type, ValueId, VarId } from "@fzy/ir";
import type { FunctionEmitter } from "./function-emitter.js";
import type { UseCounts } from "./use-counts.js";
import { intTypeOf } from "./layout.js";
import type { LValue } from "@fzy/lir";

type SwitchTerm = Extract<Term, { op: "switch" }>;

/** The integer or bool constant an arm block assigns to its one variable, if it is such an arm (enum arms: see below). */
function armOf(func: Func, b: BlockId, uses: UseCounts): { v: VarId; value: bigint; join: BlockId } | undefined {
  const blk = func.blocks[b]!;
  if (blk.term.op !== "jump") return undefined;
  const consts = new Map<ValueId, bigint>();
  let set: { v: VarId; value: bigint } | undefined;
  for (const i of blk.insts) {
    if (i.op === "const" && i.dst !== null && (i.imm.kind === "int" || i.imm.kind === "bool")) {
      const t = i.type!;
      consts.set(i.dst, i.imm.kind === "bool" ? (i.imm.value ? 1n : 0n) : BigInt.asIntN(t.kind === "int" ? t.bits : 64, i.imm.value));
    } else if (i.op === "set" && i.imm.kind === "var" && !set && consts.has(i.args[0]!) && uses.get(i.args[0]!) === 1) {
      set = { v: i.imm.var, value: consts.get(i.args[0]!)! };
    } else {
      return undefined;
    }
  }
  return set ? { ...set, join: blk.term.target } : undefined;
}

/** Whether instruction `i` may be in an arm: a constant (an integer, a bool or a variant) or an assignment. */
function mayBeInArm(i: Inst): boolean {
  return i.op === "const" || i.op === "enum.new" || i.op === "set";
}

/** A switch whose every arm assigns a constant to one variable and jumps to one join block. */
export interface LookupTable {
  readonly targets: readonly BlockId[];
  readonly arms: ReadonlyMap<BlockId, { v: VarId; value: bigint; join: BlockId }>;
  readonly first: { v: VarId; value: bigint; join: BlockId };
  readonly vt: Type;
}

/** The lookup-table shape of `t`, when it has one (no code is emitted). */
export function findLookupTable(e: FunctionEmitter, t: SwitchTerm): LookupTable | undefined {
  const func = e.func;
  const variantIndex = (b: BlockId): Map<ValueId, bigint> => {
    const m = new Map<ValueId, bigint>();
    for (const i of func.blocks[b]!.insts) {
      if (i.op === "enum.new" && i.dst !== null && i.args.length === 0 && i.imm.kind === "variant") {
        const imm = i.imm;
        if (e.repr.payloadEnum(e.typeOf(i.dst))) continue;
        m.set(i.dst, BigInt(e.mod.ix.variantOfEnum(imm.enumName, imm.variant)));
      }
    }
    return m;
  };
  // Each distinct target (in the order of its first case, the default last) must be an arm; enum
  // constants are resolved per block. Asked as the targets are met: the first that is no arm ends
  // the search (most switches), before a table of every target is made.
  const arms = new Map<BlockId, { v: VarId; value: bigint; join: BlockId }>();
  const targets: BlockId[] = [];
  const isArm = (b: BlockId): boolean => {
    if (arms.has(b)) return true;
    const blk = func.blocks[b]!;
    // An arm only jumps on and holds constants and its assignment (what armOf and the enum form
    // below accept): most targets fail here, before any table or the use counts are made.
    if (blk.term.op !== "jump" || !blk.insts.every(mayBeInArm)) return false;
    const enums = variantIndex(b);
    const uses = e.useCounts();
    let a = armOf(func, b, uses);
    if (!a && enums.size === 1 && blk.insts.length === 2 && blk.term.op === "jump") {
      const [en, s] = blk.insts as [typeof blk.insts[0], typeof blk.insts[0]];
      if (s!.op === "set" && s!.imm.kind === "var" && s!.args[0] === en!.dst && uses.get(en!.dst!) === 1) {
        a = { v: s!.imm.var, value: enums.get(en!.dst!)!, join: blk.term.target };
      }
    }
    if (!a) return false;
    arms.set(b, a);
    targets.push(b);
    return true;
  };
  for (let i = 0; i < t.cases.length; i++) if (!isArm(t.cases[i]!.target)) return undefined;
  if (t.default !== null && !isArm(t.default)) return undefined;
  if (targets.length < 2) return undefined;
  const first = arms.get(targets[0]!)!;
  if ([...arms.values()].some((a) => a.v !== first.v || a.join !== first.join)) return undefined;
  const vt = func.vars[first.v]!.type;
  if (vt.kind !== "int" && vt.kind !== "bool" && !(vt.kind === "enum" && !e.repr.payloadEnum(vt))) return undefined;
  return { targets, arms, first, vt };
}

/** Emit `t` (switching on `x`, of `bits` width) as the load from a constant table the matrix chose. */
export function emitLookupTable(e: FunctionEmitter, shape: LookupTable, t: SwitchTerm, bits: number, x: LValue): void {
  const { targets, arms, first, vt } = shape;
  const cases = [...new Map(t.cases.map((c) => [BigInt.asIntN(bits, c.value), c.target])).entries()].sort((p, q) => (p[0] < q[0] ? -1 : 1));
  const min = cases[0]![0], max = cases[cases.length - 1]![0];
  const span = max - min + 1n;
  e.count("matchLookup");
  const b = e.b;
  // The table, in the variable's memory layout.
  const size = vt.kind === "int" ? vt.bits / 8 : vt.kind === "bool" ? 1 : 4;
  const dflt = t.default === null ? 0n : arms.get(t.default)!.value;
  const bytes = new Uint8Array(Number(span) * size);
  const byValue = new Map(cases);
  for (let k = 0n; k < span; k++) {
    const target = byValue.get(min + k);
    const v = BigInt.asUintN(size * 8, target === undefined ? dflt : arms.get(target)!.value);
    for (let j = 0; j < size; j++) bytes[Number(k) * size + j] = Number((v >> BigInt(8 * j)) & 0xffn);
  }
  const table = b.symbolAddr(e.mod.addData(bytes, Math.max(size, 1)));
  const w = bits === 64 ? "i64" : "i32";
  const xi = bits === 64 || bits === 32 ? x : b.convert("sext", x, "i32");
  const off = min === 0n ? xi : b.binary("isub", xi, b.iconst(w, min));
  let idx = off;
  let inRange: LValue | undefined;
  if (t.default !== null) {
    // Branch-free: clamp the index, then choose the default when out of range.
    inRange = b.icmp("ult", off, b.iconst(w, span));
    idx = b.select(inRange, off, b.iconst(w, 0));
  }
  const idx64 = w === "i64" ? idx : b.convert("uext", idx, "i64");
  const addr = b.ptrAdd(table, size === 1 ? idx64 : b.binary("imul", idx64, b.iconst("i64", size)));
  e.count("directLoads");
  const memT = vt.kind === "int" ? intTypeOf(vt.bits) : vt.kind === "bool" ? "i8" : "i32";
  let val = b.load(memT, addr, 0, true);
  if (inRange) val = b.select(inRange, val, b.iconst(memT, dflt));
  if (vt.kind === "bool") val = b.icmp("ne", val, b.iconst("i8", 0));
  e.vars.assignOnEdge(first.v, [val]);
  for (const tb of targets) if (e.analyses.plan.dom.preds[tb]!.every((p) => p === e.irBlock)) e.skipped.add(tb);
  const join = e.vars.edge(first.join);
  b.jumpAlong(join);
}

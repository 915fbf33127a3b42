/**
 * The reference interpreter: the executable definition of SPEC.md's
 * semantics, against which every backend is tested.
 *
 * Each function is compiled once into blocks of closures (interpreter-ops.ts)
 * and a terminator record, so running never looks at opcode strings or names.
 * A block's closures are split into segments at calls of module functions;
 * a call pushes the caller's frame (registers, block, segment) on an
 * explicit stack and allocates one register array for the callee (values,
 * then variables). The JS stack never grows with the IR's recursion; depth
 * is bounded by `maxDepth` (deeper calls trap with kind `stack`).
 *
 * Fuel is an instruction budget for fuzzers: entering a block charges its
 * instruction count plus one for the terminator, and running out traps with
 * kind `fuel`. An array of more than MAX_ARRAY_ELEMENTS elements, or a
 * string or map larger than the host holds, traps with kind `memory`.
 * Traps carry the location of the instruction that raised them.
 */
import { FzError } from "./errors.js";
import { compileInst, globalInitValue, type Op, type OpContext, type Regs } from "./interpreter-ops.js";
import { instLocation } from "./locate.js";
import { type Func, type Inst, type Module, ModuleIndex, type ValueId } from "./module.js";
import { hostLimitTrap, Trap, trap } from "./trap.js";
import { type IEnum, type IFuncRef, type IValue, toIValue } from "./values.js";
import { verifyModule } from "./verifier.js";

/** A host function provided for an import; arguments and result use the interpreter's representation (values.ts). */
export type HostFunction = (...args: IValue[]) => IValue | undefined | void;

export interface InterpretOptions {
  /** Host functions for the module's imports, by import name. A call to a missing one traps. */
  readonly imports?: Readonly<Record<string, HostFunction>>;
  /** Instruction budget; running out traps with kind `fuel`. Unlimited when absent. */
  readonly fuel?: number;
  /** Deepest call nesting before a `stack` trap (default 100000). */
  readonly maxDepth?: number;
  /** Verify the module first (default true); pass false only for a module already verified. */
  readonly verify?: boolean;
}

const JUMP = 0, BR = 1, SWITCH_INT = 2, SWITCH_ENUM = 3, RET = 4, UNREACHABLE = 5;

/** A call of a module function, or through a function reference, which ends a segment of its block. */
interface CallSite {
  /** The callee; null for `call.indirect`, whose callee is the reference in register `ref`. */
  readonly callee: CFunc | null;
  readonly ref: number;
  readonly args: readonly number[];
  readonly dst: number;
}

/** A run of instructions without calls, followed by at most one call; `start` is the first one's index. */
interface Segment {
  readonly ops: readonly Op[];
  readonly start: number;
  readonly call: CallSite | null;
}

/** A compiled block; every field is always present so all blocks share one shape. */
class CBlock {
  segs: Segment[] = [];
  cost = 1;
  kind = UNREACHABLE;
  /** jump target / br then / switch default. */
  next: CBlock | null = null;
  /** br else. */
  other: CBlock | null = null;
  /** br condition / switch value / ret value (-1: none). */
  reg = -1;
  cases: Map<IValue, CBlock> | null = null;
  table: (CBlock | null)[] | null = null;
  constructor(readonly index: number, readonly term: number) {}
}

/** A compiled function. */
class CFunc {
  readonly blocks: CBlock[];
  /** Registers per frame: values, then variables. */
  readonly size: number;
  constructor(readonly func: Func) {
    this.blocks = func.blocks.map((b, i) => new CBlock(i, b.insts.length));
    this.size = func.values.length + func.vars.length;
  }
}

/** A suspended caller: where to resume and where the result goes. */
class Frame {
  constructor(readonly cf: CFunc, readonly r: Regs, readonly b: CBlock, readonly seg: number, readonly dst: number) {}
}

/** A module prepared for running; reusable across calls (fuel is shared by all of them). */
export class Interpreter {
  private readonly ix: ModuleIndex;
  private readonly funcs = new Map<string, CFunc>();
  /** Module globals' cells, initialized once and shared by every call (SPEC.md "Globals"). */
  private readonly globals = new Map<string, { v: IValue }>();
  private readonly imports: Readonly<Record<string, HostFunction>>;
  private readonly maxDepth: number;
  private fuel: number;

  constructor(readonly module: Module, options: InterpretOptions = {}) {
    if (options.verify ?? true) verifyModule(module);
    this.ix = new ModuleIndex(module);
    this.imports = options.imports ?? {};
    this.fuel = options.fuel ?? Infinity;
    this.maxDepth = options.maxDepth ?? 100_000;
    for (const g of module.globals ?? []) this.globals.set(g.name, { v: globalInitValue(g.type, g.init) });
    // Shells first, so call sites can refer to any function, then the bodies.
    for (const f of module.functions) this.funcs.set(f.name, new CFunc(f));
    for (const cf of this.funcs.values()) this.compile(cf);
  }

  /** Fuel left (Infinity when unlimited). */
  get fuelLeft(): number {
    return Math.max(this.fuel, 0);
  }

  /**
   * Call function `name` with host arguments (integers as number or bigint,
   * converted to the parameter types). Returns the result, or undefined for
   * a function without one. Throws `Trap` when the program traps.
   */
  call(name: string, args: readonly unknown[]): IValue | undefined {
    const cf = this.funcs.get(name);
    if (!cf) throw new FzError("undefined", `module ${this.module.name} has no function @${name}`);
    const params = cf.func.params;
    if (args.length !== params.length) {
      throw new FzError("option", `@${name} takes ${params.length} argument(s), got ${args.length}`);
    }
    const r: Regs = new Array(cf.size);
    params.forEach((p, i) => { r[i] = toIValue(p.type, args[i], `argument ${i + 1} of @${name}`); });
    return this.execute(cf, r);
  }

  /**
   * The run loop. Calls between module functions push a Frame on an explicit
   * stack instead of recursing in JS, so the IR's call depth is bounded only
   * by `maxDepth`, never by the host's stack.
   */
  private execute(entry: CFunc, args: Regs): IValue | undefined {
    const stack: Frame[] = [];
    let cf = entry, r = args, b = cf.blocks[0]!;
    let seg = 0, i = 0;
    try {
      for (;;) {
        if (seg === 0 && (this.fuel -= b.cost) < 0) {
          i = 0;
          throw new Trap("fuel", "out of fuel: the instruction budget is spent");
        }
        const segs = b.segs;
        let call: CallSite | null = null;
        for (; seg < segs.length; seg++) {
          const sg = segs[seg]!, ops = sg.ops;
          for (i = 0; i < ops.length; i++) ops[i]!(r);
          if (sg.call !== null) { call = sg.call; break; }
        }
        if (call !== null) {
          const callee = call.callee ?? this.funcs.get((r[call.ref] as IFuncRef).name);
          if (callee === undefined) {
            // A reference to an import: the host runs it, and the block goes on with the next segment.
            const v = this.hostCall((r[call.ref] as IFuncRef).name, call.args.map((k) => r[k]!));
            if (call.dst >= 0) r[call.dst] = v!;
            seg++;
            continue;
          }
          if (stack.length + 2 > this.maxDepth) throw new Trap("stack", `stack overflow: call depth exceeds ${this.maxDepth}`);
          stack.push(new Frame(cf, r, b, seg + 1, call.dst));
          const cr: Regs = new Array(callee.size), as = call.args;
          for (let k = 0; k < as.length; k++) cr[k] = r[as[k]!]!;
          cf = callee; r = cr; b = callee.blocks[0]!; seg = 0;
          continue;
        }
        switch (b.kind) {
          case JUMP: b = b.next!; break;
          case BR: b = r[b.reg] ? b.next! : b.other!; break;
          case SWITCH_INT: b = b.cases!.get(r[b.reg]!) ?? b.next!; break;
          case SWITCH_ENUM: b = b.table![(r[b.reg] as IEnum).tag] ?? b.next!; break;
          case RET: {
            const v = b.reg < 0 ? undefined : r[b.reg];
            const fr = stack.pop();
            if (fr === undefined) return v;
            cf = fr.cf; r = fr.r; b = fr.b; seg = fr.seg;
            if (fr.dst >= 0) r[fr.dst] = v!;
            continue;
          }
          default: throw trap("unreachable");
        }
        seg = 0;
      }
    } catch (caught) {
      const e = hostLimitTrap(caught) ?? caught;
      if (!(e instanceof Trap) || e.location) throw e;
      const inst = seg < b.segs.length ? b.segs[seg]!.start + i : b.term;
      throw e.at(instLocation(this.module, cf.func, b.index, inst));
    }
  }

  private compile(cf: CFunc): void {
    const f = cf.func;
    const cx: OpContext = {
      ix: this.ix,
      func: f,
      varBase: f.values.length,
      call: (name, args, dst) => this.importOp(name, args, dst),
      global: (name) => this.globals.get(name)!,
    };
    f.blocks.forEach((block, bi) => {
      const cb = cf.blocks[bi]!;
      cb.segs = this.segments(cx, block.insts);
      cb.cost = block.insts.length + 1;
      const t = block.term;
      switch (t.op) {
        case "jump":
          cb.kind = JUMP;
          cb.next = cf.blocks[t.target]!;
          break;
        case "br":
          cb.kind = BR;
          cb.reg = t.cond;
          cb.next = cf.blocks[t.then]!;
          cb.other = cf.blocks[t.else]!;
          break;
        case "switch": {
          const vt = f.values[t.value]!.type;
          cb.reg = t.value;
          cb.next = t.default === null ? null : cf.blocks[t.default]!;
          if (vt.kind === "enum") {
            cb.kind = SWITCH_ENUM;
            const n = this.ix.enums.get(vt.name)!.variants.length;
            cb.table = new Array<CBlock | null>(n).fill(null);
            for (const c of t.cases) cb.table[Number(c.value)] ??= cf.blocks[c.target]!;
          } else {
            cb.kind = SWITCH_INT;
            const bits = vt.kind === "int" ? vt.bits : 32;
            cb.cases = new Map();
            for (const c of t.cases) {
              // Keys in the register representation: number below 64 bits, bigint at 64.
              const key = bits === 64 ? BigInt.asIntN(64, c.value) : Number(BigInt.asIntN(bits, c.value));
              if (!cb.cases.has(key)) cb.cases.set(key, cf.blocks[c.target]!);
            }
          }
          break;
        }
        case "ret":
          cb.kind = RET;
          cb.reg = t.value ?? -1;
          break;
        case "unreachable":
          cb.kind = UNREACHABLE;
          break;
      }
    });
  }

  /** Split a block's instructions at calls of module functions (always at least one segment). */
  private segments(cx: OpContext, insts: readonly Inst[]): Segment[] {
    const segs: Segment[] = [];
    let ops: Op[] = [], start = 0;
    insts.forEach((inst, k) => {
      const callee = inst.op === "call" && inst.imm.kind === "func" ? this.funcs.get(inst.imm.name) : undefined;
      if (inst.op === "call.indirect") {
        segs.push({ ops, start, call: { callee: null, ref: inst.args[0]!, args: inst.args.slice(1), dst: inst.dst ?? -1 } });
        ops = [];
        start = k + 1;
        return;
      }
      if (!callee) {
        ops.push(compileInst(cx, inst));
        return;
      }
      segs.push({ ops, start, call: { callee, ref: -1, args: inst.args.slice(), dst: inst.dst ?? -1 } });
      ops = [];
      start = k + 1;
    });
    segs.push({ ops, start, call: null });
    return segs;
  }

  /** The closure of a call of an import: the host function, its result converted to the declared type. */
  private importOp(name: string, args: readonly ValueId[], dst: number): Op {
    const argRegs = args.slice() as number[];
    if (!this.ix.imports.has(name)) throw new FzError("undefined", `call of unknown function @${name}`);
    return (r) => {
      const v = this.hostCall(name, argRegs.map((x) => r[x]!));
      if (dst >= 0) r[dst] = v!;
    };
  }

  /** Call import `name` (declared) with `args`; its result converted to the declared type. */
  private hostCall(name: string, args: readonly IValue[]): IValue | undefined {
    const def = this.ix.imports.get(name)!;
    const host = this.imports[name];
    if (typeof host !== "function") throw new Trap("import", `call of import @${name}, which the host did not provide`);
    const res = host(...args);
    if (def.result === null) return undefined;
    try {
      return toIValue(def.result, res, `result of import @${name}`);
    } catch (e) {
      if (e instanceof FzError) throw new Trap("import", e.message);
      throw e;
    }
  }
}

/**
 * Run function `entry` of a module with host arguments and return its result
 * (undefined when it has none). Throws `Trap` when the program traps and
 * FzError when the module does not verify or the arguments do not fit.
 */
export function interpret(m: Module, entry: string, args: readonly unknown[], options?: InterpretOptions): IValue | undefined {
  return new Interpreter(m, options).call(entry, args);
}

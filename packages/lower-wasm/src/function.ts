/**
 * One lowered function as a wasm function. Every lowered value gets a local
 * (the entry block's parameters are the wasm parameters; in a large function
 * values whose live intervals do not overlap share them, see `Locals`), a
 * block parameter is assigned on each edge into its block (a parallel copy,
 * through fresh temporaries when an argument is itself a parameter being
 * assigned), and the control-flow graph becomes structured wasm
 * (structure.ts; an irreducible one is made reducible first, reducible.ts).
 *
 * Stack slots live in one frame on the module's shadow stack (layout.ts): the
 * prologue moves the stack pointer down by the frame size (trapping when it
 * would run into the data objects), each `return` moves it back.
 */
import binaryen from "binaryen";
import { instDefs, instUses, type LEdge, type LFunction, type LInst, lirDominators, type LTerm, type LType, type LValue } from "@fzy/lir";
import { constExpr, translateInst, type WasmFunctionScope } from "./instructions.js";
import { byteMapVectorLoop, findByteMaps } from "./byte-map.js";
import { frameOf, RUNTIME_GLOBAL_BASE, WasmLimitError } from "./layout.js";
import { type BlockCode, type Dominators, layoutOrder, type Shape, shapeOf, structuredBody } from "./structure.js";
import { makeReducible } from "./reducible.js";
import { shareLocals } from "./shared-locals.js";
import { tupleType, wasmType } from "./types.js";

type Expr = binaryen.ExpressionRef;

/** What a function needs from its module. */
export interface WasmModuleScope {
  readonly m: binaryen.Module;
  readonly stackPointer: string;
  /** The lowest address the shadow stack may reach (end of the data objects). */
  readonly stackLimit: number;
  dataAddr(symbol: string): number;
  resultsOf(callee: string): readonly LType[];
  tableIndex(callee: string): number;
  readonly table: string;
  /** Vectorize the loop shapes byte-map.ts recognizes. */
  readonly simd: boolean;
  /** Functions with more values than this share locals (SHARED_LOCALS_FROM unless a test asks otherwise). */
  readonly sharedLocalsFrom: number;
}

/**
 * Functions with more values than this share locals among values whose
 * live intervals do not overlap (`Locals`), and a module holding one is
 * optimized without binaryen's passes that are slow on large functions
 * (module.ts SLOW_ON_LARGE_FUNCTIONS), coalesce-locals among them: the
 * sharing keeps the locals few (V8 refuses a function of more than 50,000
 * locals). Below the bound every value keeps a local of its own, which
 * binaryen's passes sink and coalesce well.
 */
export const SHARED_LOCALS_FROM = 2000;

/**
 * Functions with a longer chain than this of instructions in one block,
 * each reading the result of the one before, count as large too: binaryen's
 * passes that sink a local's value into its reader fold such a chain into
 * one expression as deep as the chain, and writing it recurses once per
 * level (1,000 dependent multiplications in a function of 1,000 values ran
 * out of stack; the conformance modules' longest chain is 78).
 */
export const CHAIN_FROM = 400;

/**
 * Functions whose loops nest deeper than this count as large too:
 * binaryen's code-pushing, sinking (simplify-locals) and rse take time that
 * grows with the nesting times the code, about 4 ms a level on a nest of
 * 300 loops of a division each (1.3 s; as large, 0.09 s). Real loops nest
 * a few deep (the deepest in the conformance kernels and modules: 3).
 */
export const NEST_FROM = 32;

/**
 * Whether `fn` has more values than `bound` (SHARED_LOCALS_FROM unless a
 * test asks otherwise), a chain longer than CHAIN_FROM, or loops nested
 * deeper than NEST_FROM (`loopDepth`, its Shape's): see there.
 */
export function isLarge(fn: LFunction, bound: number, loopDepth: number): boolean {
  return fn.valueTypes.length > bound || loopDepth > NEST_FROM || longestChain(fn) > CHAIN_FROM;
}

/** The longest chain of instructions of one block each reading a result of the one before (instUses: any operand). */
function longestChain(fn: LFunction): number {
  const depth = new Int32Array(fn.valueTypes.length), blockOf = new Int32Array(fn.valueTypes.length).fill(-1);
  let longest = 0;
  fn.blocks.forEach((b, bi) => {
    for (const i of b.insts) {
      let d = 0;
      for (const u of instUses(i)) if (blockOf[u] === bi && depth[u]! > d) d = depth[u]!;
      for (const v of instDefs(i)) { depth[v] = d + 1; blockOf[v] = bi; }
      if (d + 1 > longest) longest = d + 1;
    }
  });
  return longest;
}

/**
 * Locals of one function: the entry block's parameters are the wasm
 * parameters, then the lowered values' locals, then temporaries. Given the
 * blocks' `order` (a large function), values whose live intervals do not
 * overlap share a local (shared-locals.ts); otherwise every value has its
 * own.
 */
class Locals {
  readonly vars: binaryen.Type[] = [];
  private readonly index: Int32Array;
  /** `constants` (with `order`): the values spelled again at each read, which get no local. */
  constructor(private readonly fn: LFunction, order: readonly number[] | undefined, constants?: readonly (ConstInst | undefined)[], copied?: Uint8Array) {
    this.index = new Int32Array(fn.valueTypes.length).fill(-1);
    fn.blocks[0]!.params.forEach((v, i) => { this.index[v] = i; });
    if (order) shareLocals(fn, order, this.index, (t) => this.add(t), (v) => constants?.[v] !== undefined, copied);
    fn.valueTypes.forEach((t, v) => {
      if (this.index[v] === -1 && constants?.[v] === undefined) this.index[v] = this.add(t);
    });
  }
  add(t: LType | binaryen.Type): number {
    this.vars.push(typeof t === "string" ? wasmType(t) : t);
    return this.fn.params.length + this.vars.length - 1;
  }
  of(v: LValue): number {
    const i = this.index[v];
    if (i === undefined || i < 0) throw new Error(`lower-wasm: ${this.fn.name} uses unknown value v${v}`);
    return i;
  }
}

type ConstInst = Extract<LInst, { op: "iconst" | "fconst" }>;

/**
 * The constant instruction defining each value from `first` on that one
 * defines: such a value gets no local, and each read spells the constant
 * again (constExpr), as Cranelift rematerializes constants.
 *
 * A large function spells all of its constants. Held in locals, the
 * constants of a long run of stores or calls were all live at once (the
 * lowering and its optimizer define them ahead of their uses), each taking
 * a local the sharing could not reuse: an array literal of 64,000 elements
 * had 64,003 locals, which V8 refuses (at most 50,000). Smaller functions
 * keep a local per constant for binaryen's optimizer to fold, which it does
 * in full there; but for the labels and zeros of their dispatch blocks
 * (reducible.ts), made in the entry block and so live across the whole
 * cycle: binaryen's coalesce-locals works in time that grows with locals
 * live times blocks, and one cycle of 390 entries (a function of 1,200
 * values) took 1.5 s in it.
 */
function constantsOf(fn: LFunction, first: number): (ConstInst | undefined)[] {
  const out = new Array<ConstInst | undefined>(fn.valueTypes.length);
  for (const b of fn.blocks) for (const i of b.insts) if ((i.op === "iconst" || i.op === "fconst") && i.dst >= first) out[i.dst] = i;
  return out;
}

/** Adds `fn` to the module; returns whether it is large (isLarge, after its dispatch blocks), which module.ts's optimizer reads. */
export function translateFunction(ms: WasmModuleScope, given: LFunction): boolean {
  const m = ms.m;
  const entry = given.blocks[0];
  if (!entry || entry.params.length !== given.params.length) {
    throw new Error(`lower-wasm: ${given.name}: the entry block's parameters must be the function's parameters`);
  }
  const { fn, dom, shape } = structured(given);
  const byteMaps = ms.simd ? findByteMaps(fn) : new Map();
  // A byte map's vector loop (byte-map.ts) reads and writes values outside the order of the instructions: such functions keep a local per value.
  // (Large for the optimizer either way: its slow passes are as slow.)
  const big = isLarge(fn, ms.sharedLocalsFrom, shape.loopDepth), large = byteMaps.size === 0 && big;
  // A large function spells every constant at its reads; any other, the constants its dispatch blocks made (values from given's count on).
  const constants = large ? constantsOf(fn, 0) : fn !== given ? constantsOf(fn, given.valueTypes.length) : undefined;
  const locals = new Locals(fn, large ? layoutOrder(dom, shape) : undefined, constants, shape.copied);
  const typeOf = (v: LValue): LType => {
    const t = fn.valueTypes[v];
    if (t === undefined) throw new Error(`lower-wasm: ${fn.name} uses unknown value v${v}`);
    return t;
  };
  const get = (v: LValue) => {
    const c = constants?.[v];
    return c ? constExpr(m, c, typeOf(v)) : m.local.get(locals.of(v), wasmType(typeOf(v)));
  };
  const frame = frameOf(fn.slots);
  if (frame.size > RUNTIME_GLOBAL_BASE - ms.stackLimit) {
    throw new WasmLimitError(`wasm: function ${fn.name} needs a ${frame.size}-byte stack frame; the shadow stack holds ${RUNTIME_GLOBAL_BASE - ms.stackLimit} bytes`);
  }
  const sp = frame.size > 0 ? locals.add(binaryen.i32) : -1;
  const scope: WasmFunctionScope = {
    m,
    get,
    set: (v, e) => m.local.set(locals.of(v), e),
    typeOf,
    stackAddr: (slot, offset) => {
      const base = frame.offsets[slot];
      if (base === undefined) throw new Error(`lower-wasm: ${fn.name} uses missing stack slot ${slot}`);
      return m.i32.add(m.local.get(sp, binaryen.i32), m.i32.const(base + offset));
    },
    dataAddr: (s) => ms.dataAddr(s),
    resultsOf: (c) => ms.resultsOf(c),
    tableIndex: (c) => ms.tableIndex(c),
    table: ms.table,
  };

  const edge = (e: LEdge): Expr => edgeCopy(m, fn, e, locals, get);
  const epilogue = frame.size > 0
    ? [m.global.set(ms.stackPointer, m.i32.add(m.local.get(sp, binaryen.i32), m.i32.const(frame.size)))]
    : [];

  let labels = 0;
  const vectorScope = { m, get, set: scope.set, local: (t: binaryen.Type) => locals.add(t), label: () => `byte_map$${labels++}` };
  const code: BlockCode = {
    m, get, copy: edge,
    exit: (term) => terminatorCode(m, term, get, epilogue, fn),
    body: (b) => {
      const bm = byteMaps.get(b);
      const insts = constants ? fn.blocks[b]!.insts.filter((i) => (i.op !== "iconst" && i.op !== "fconst") || constants[i.dst] === undefined) : fn.blocks[b]!.insts;
      return [...(bm ? [byteMapVectorLoop(vectorScope, bm)] : []), ...insts.map((i) => translateInst(scope, i))];
    },
  };
  const cfg = structuredBody(fn, dom, shape, code);

  const prologue = frame.size > 0 ? prologueCode(ms, sp, frame.size) : [];
  // Every path out of the CFG ends in a return or a trap; the trailing
  // unreachable tells the validator so when the function has a result.
  const tail = fn.results.length > 0 ? [m.unreachable()] : [];
  const body = m.block(null, [...prologue, cfg, ...tail], binaryen.none);
  m.addFunction(fn.name, tupleType(fn.params), tupleType(fn.results), locals.vars, body);
  if (fn.exported) m.addFunctionExport(fn.name, fn.name);
  return big;
}

/** `fn` with a reducible block graph (itself when it has one), its dominator tree and its shape. */
function structured(fn: LFunction): { fn: LFunction; dom: Dominators; shape: Shape } {
  const dom = lirDominators(fn), shape = shapeOf(fn, dom);
  if (shape !== null) return { fn, dom, shape };
  const made = makeReducible(fn, dom), madeDom = lirDominators(made), madeShape = shapeOf(made, madeDom);
  if (madeShape === null) throw new Error(`lower-wasm: ${fn.name}: its block graph is still irreducible after its dispatch blocks`);
  return { fn: made, dom: madeDom, shape: madeShape };
}

function prologueCode(ms: WasmModuleScope, sp: number, size: number): Expr[] {
  const m = ms.m;
  return [
    m.local.set(sp, m.i32.sub(m.global.get(ms.stackPointer, binaryen.i32), m.i32.const(size))),
    m.if(m.i32.lt_s(m.local.get(sp, binaryen.i32), m.i32.const(ms.stackLimit)), m.unreachable()),
    m.global.set(ms.stackPointer, m.local.get(sp, binaryen.i32)),
  ];
}

/** The statements that end a block whose terminator leaves the function. */
function terminatorCode(m: binaryen.Module, term: LTerm, get: (v: LValue) => Expr, epilogue: Expr[], fn: LFunction): Expr[] {
  switch (term.op) {
    case "return":
      if (term.values.length > 1) throw new Error(`lower-wasm: ${fn.name}: return of more than one value`);
      return [...epilogue.map((e) => m.copyExpression(e)), m.return(term.values.length === 1 ? get(term.values[0]!) : undefined)];
    case "trap":
      return [m.unreachable()];
    case "switch":
      // wasm has br_table only: the matrix gives this backend branch trees (BackendCapabilities.sparseSwitch).
      throw new Error(`lower-wasm: internal error: ${fn.name} has a sparse switch, which wasm cannot spell (the eligibility matrix should have chosen a branch tree)`);
    default:
      return [];
  }
}

/** Assigns the target's parameters from the edge's arguments, as one parallel copy. */
function edgeCopy(m: binaryen.Module, fn: LFunction, e: LEdge, locals: Locals, get: (v: LValue) => Expr): Expr {
  const params = fn.blocks[e.block]!.params;
  if (params.length !== e.args.length) throw new Error(`lower-wasm: ${fn.name}: edge to block${e.block} passes ${e.args.length} of ${params.length} arguments`);
  const moves = params.map((p, i) => ({ p, a: e.args[i]! })).filter((mv) => mv.p !== mv.a);
  if (moves.length === 0) return 0;
  const assigned = new Set(moves.map((mv) => mv.p as number));
  const conflict = moves.some((mv) => assigned.has(mv.a));
  if (!conflict || moves.length === 1) {
    return m.block(null, moves.map((mv) => m.local.set(locals.of(mv.p), get(mv.a))), binaryen.none);
  }
  const temps = moves.map((mv) => locals.add(fn.valueTypes[mv.p]!));
  const types = moves.map((mv) => wasmType(fn.valueTypes[mv.p]!));
  return m.block(null, [
    ...moves.map((mv, i) => m.local.set(temps[i]!, get(mv.a))),
    ...moves.map((mv, i) => m.local.set(locals.of(mv.p), m.local.get(temps[i]!, types[i]!))),
  ], binaryen.none);
}

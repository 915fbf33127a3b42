/**
 * The inliner's view of a module, read once (inline-plan.ts and
 * inline-small-functions.ts use nothing else of the bodies but what they
 * copy): every reference a body makes to a module function, resolved once
 * to the function's dense id (its position in the module). A reference ("site") is a
 * `call`, a `func.ref`, or a `global.get` of a global holding a function
 * reference; calls of imports and unknown names (the verifier reports those)
 * are not sites.
 *
 * Layout: compressed sparse rows (CSR) in flat typed arrays. The blocks of
 * all functions are numbered consecutively (function f's block b is
 * `blockStart[f] + b`); the sites of all blocks likewise, in block order and
 * instruction order within a block, so the sites of function f's block b are
 * `blockSite[blockStart[f] + b]` up to `blockSite[blockStart[f] + b + 1]`, and
 * those of function f run from `blockSite[blockStart[f]]` to
 * `blockSite[blockStart[f + 1]]`. The call graph (each function's distinct
 * callees, in first-call order) is CSR too: `callees[callStart[f]]` up to
 * `callees[callStart[f + 1]]`.
 *
 * Cost: one walk over every instruction and one name lookup per site.
 */
import type { Func, Module, ModuleIndex } from "@fzy/ir";
import { mayBeCounted } from "./function-traits.js";

export interface ModuleSites {
  /** Per function, plus one: its first block in the numbering of all blocks. */
  readonly blockStart: Int32Array;
  /** Per block of every function, plus one: its first site. */
  readonly blockSite: Int32Array;
  /** Per site: the instruction's index in its block. */
  readonly siteInst: Int32Array;
  /** Per site: the function referenced. */
  readonly siteCallee: Int32Array;
  /** Per site: SITE_CALL or SITE_CALL_WITH_RESULT for a call, SITE_REF for a reference that is not one (func.ref, a global holding one). */
  readonly siteKind: Uint8Array;
  /** Per function, plus one: its first entry in `callees`. */
  readonly callStart: Int32Array;
  /** Each function's distinct callees, in first-call order. */
  readonly callees: Int32Array;
  /** Per function: its own size, instructions plus terminators. */
  readonly size: Int32Array;
  /** Per function: its `ret` terminators with a value. */
  readonly returns: Int32Array;
  /**
   * Per function: 1 when its lowering is told apart by where its blocks
   * begin, so that inline-plan.ts splices no call into it: it reads or
   * writes an array element (a bounds check's report names its block and
   * its place there), or it has a value or variable of a type that may be
   * counted (reference counting and string constants are placed per block).
   */
  readonly keepsBlocks: Uint8Array;
  /** Per function: its values (parameters first) and its variables. */
  readonly values: Int32Array;
  readonly vars: Int32Array;
  /** Per function: 1 when it is exported. */
  readonly exported: Uint8Array;
  /** Per function: its parameters, and 1 when it has a result (the plan reads no function object). */
  readonly params: Int32Array;
  readonly hasResult: Uint8Array;
  /** Per function: 1 when its body is one block ending in `ret` (the shape of a flat function, inline-plan.ts). */
  readonly oneBlockRet: Uint8Array;
}

/** Site kinds: a reference that is not a call, a call without a result value, a call with one. */
export const SITE_REF = 0, SITE_CALL = 1, SITE_CALL_WITH_RESULT = 2;

/** A growable Int32Array: `a` with room for at least `n` entries (doubled, the first `used` kept). */
function room(a: Int32Array, used: number, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a.subarray(0, used));
  return b;
}

function roomU8(a: Uint8Array, used: number, n: number): Uint8Array {
  if (n <= a.length) return a;
  const b = new Uint8Array(Math.max(n, a.length * 2));
  b.set(a.subarray(0, used));
  return b;
}

/** The sites of `m`, one walk of its bodies; `ix`, an index of `m` when the caller has one, resolves the names. */
export function moduleSites(m: Module, ix?: ModuleIndex): ModuleSites {
  const fns = m.functions;
  const n = fns.length;
  const blockStart = new Int32Array(n + 1);
  const heads = { values: new Int32Array(n), vars: new Int32Array(n), exported: new Uint8Array(n), params: new Int32Array(n), hasResult: new Uint8Array(n), oneBlockRet: new Uint8Array(n) };
  for (let f = 0; f < n; f++) blockStart[f + 1] = blockStart[f]! + fns[f]!.blocks.length;
  const walk = new SiteWalk(m, ix, blockStart[n]!);
  for (let f = 0; f < n; f++) walk.addFunction(f, fns[f]!, heads);
  return walk.finish(blockStart, heads);
}

/** The per-function tables read from each function's head (written by SiteWalk.addFunction). */
type Heads = Pick<ModuleSites, "values" | "vars" | "exported" | "params" | "hasResult" | "oneBlockRet">;

/**
 * The walk of moduleSites, one `addFunction` call per function in order. A
 * method per function rather than the body of moduleSites' loop: the engine
 * optimizes a method called once per function at once, while a long loop in
 * a function called once per module runs unoptimized until it is replaced
 * on the stack, and again after each deoptimization, on every call.
 */
class SiteWalk {
  private readonly blockSite: Int32Array;
  private readonly size: Int32Array;
  private readonly returns: Int32Array;
  private readonly keepsBlocks: Uint8Array;
  private readonly callStart: Int32Array;
  /** === caller + 1 once the callee is listed. */
  private readonly seen: Int32Array;
  private siteInst: Int32Array = new Int32Array(64);
  private siteCallee: Int32Array = new Int32Array(64);
  private siteKind: Uint8Array = new Uint8Array(64);
  private callees: Int32Array = new Int32Array(64);
  private sites = 0;
  private edges = 0;
  private bk = 0;
  /** Function ids by name, made at the first reference (a module of functions that call none needs none). */
  private ids: Map<string, number> | undefined;
  /** Globals holding a function reference, by name: a read of one references that function. */
  private refGlobals: Map<string, number> | undefined;

  constructor(private readonly m: Module, private readonly ix: ModuleIndex | undefined, blocks: number) {
    const n = m.functions.length;
    this.blockSite = new Int32Array(blocks + 1);
    this.size = new Int32Array(n);
    this.returns = new Int32Array(n);
    this.keepsBlocks = new Uint8Array(n);
    this.callStart = new Int32Array(n + 1);
    this.seen = new Int32Array(n);
    for (const g of m.globals ?? []) {
      if (g.init.kind !== "func") continue;
      const callee = this.idOf(g.init.name);
      if (callee !== undefined) (this.refGlobals ??= new Map()).set(g.name, callee);
    }
  }

  private idOf(name: string): number | undefined {
    return this.ix?.module === this.m ? this.ix.functionId(name) : (this.ids ??= functionIds(this.m)).get(name);
  }

  /** The sites of function f (`fn`), and its entries of the per-function tables `heads`. */
  addFunction(f: number, fn: Func, heads: Heads): void {
    heads.values[f] = fn.values.length;
    heads.vars[f] = fn.vars.length;
    heads.exported[f] = fn.exported ? 1 : 0;
    heads.params[f] = fn.params.length;
    heads.hasResult[f] = fn.result !== null ? 1 : 0;
    const blocks = fn.blocks;
    heads.oneBlockRet[f] = blocks.length === 1 && blocks[0]!.term.op === "ret" ? 1 : 0;
    let sz = 0, rets = 0, arrays = mayCount(fn) ? 1 : 0;
    for (let b = 0; b < blocks.length; b++) {
      const blk = blocks[b]!;
      const insts = blk.insts;
      this.blockSite[this.bk++] = this.sites;
      sz += insts.length + 1;
      if (blk.term.op === "ret" && blk.term.value !== null) rets++;
      for (let k = 0; k < insts.length; k++) {
        const i = insts[k]!;
        const op = i.op; // asked first: most instructions are none of these, and their immediates stay unread
        let g: number | undefined;
        if (op === "array.get" || op === "array.set") {
          arrays = 1;
          continue;
        } else if (op === "call" || op === "func.ref") {
          if (i.imm.kind !== "func") continue;
          g = this.idOf(i.imm.name);
        } else if (op === "global.get" && this.refGlobals !== undefined && i.imm.kind === "global") {
          g = this.refGlobals.get(i.imm.name);
        } else continue;
        if (g === undefined) continue; // an import, or an unknown name the verifier reports
        this.addSite(f, k, g, op === "call" ? (i.dst === null ? SITE_CALL : SITE_CALL_WITH_RESULT) : SITE_REF);
      }
    }
    this.size[f] = sz;
    this.returns[f] = rets;
    this.keepsBlocks[f] = arrays;
    this.callStart[f + 1] = this.edges;
  }

  /** A reference of function f (instruction k of its current block) to function g, and g as its callee once if it is a call. */
  private addSite(f: number, k: number, g: number, kind: number): void {
    const sites = this.sites;
    if (sites === this.siteInst.length) {
      this.siteInst = room(this.siteInst, sites, sites + 1);
      this.siteCallee = room(this.siteCallee, sites, sites + 1);
      this.siteKind = roomU8(this.siteKind, sites, sites + 1);
    }
    this.siteInst[sites] = k;
    this.siteCallee[sites] = g;
    this.siteKind[sites] = kind;
    this.sites = sites + 1;
    if (kind === SITE_REF || this.seen[g] === f + 1) return;
    this.seen[g] = f + 1;
    this.callees = room(this.callees, this.edges, this.edges + 1);
    this.callees[this.edges++] = g;
  }

  /** The sites, once every function is added, with the per-function tables moduleSites made. */
  finish(blockStart: Int32Array, heads: Heads): ModuleSites {
    this.blockSite[this.bk] = this.sites;
    const { blockSite, siteInst, siteCallee, siteKind, callStart, callees, size, returns, keepsBlocks } = this;
    return { blockStart, blockSite, siteInst, siteCallee, siteKind, callStart, callees, size, returns, keepsBlocks, ...heads };
  }
}

/** Function ids by name (the last function of a name, as a verified module has one). */
function functionIds(m: Module): Map<string, number> {
  const ids = new Map<string, number>();
  for (let f = 0; f < m.functions.length; f++) ids.set(m.functions[f]!.name, f);
  return ids;
}

/** The first site of function f; its last-plus-one is the first of f + 1. */
export function firstSite(s: ModuleSites, f: number): number {
  return s.blockSite[s.blockStart[f]!]!;
}

/** Whether function f has a value or variable of a type that may be counted (function-traits.ts HAS_COUNTABLE). */
function mayCount(f: Func): boolean {
  for (let v = 0; v < f.values.length; v++) if (mayBeCounted(f.values[v]!.type)) return true;
  for (let v = 0; v < f.vars.length; v++) if (mayBeCounted(f.vars[v]!.type)) return true;
  return false;
}

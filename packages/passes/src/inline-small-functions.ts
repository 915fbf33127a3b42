/**
 * Inline calls to small module functions. Cranelift does not inline, so the
 * shared lowering does it for both backends (LLVM would do it anyway; doing
 * it here keeps the two backends lowering the same program).
 *
 * A callee is inlined when it is not part of a call cycle and the
 * eligibility matrix says so, given its size (rules call-small, call-force). Callees are processed bottom-up, so a callee's
 * own calls are already inlined when it is copied. At a call site the block
 * is split: the instructions after the call move to a continuation block, the
 * callee's blocks are copied with fresh names, its parameters become the call
 * arguments, its variables become caller variables, and each `ret %v` becomes
 * `set $ret, %v; jump continuation`. `opaque` is copied like any instruction,
 * so inlining never sees through it.
 *
 * Cost: linear in the module plus the instructions copied. The call graph is
 * built once; the recursion check is one pass of Tarjan's SCC algorithm; each
 * caller is scanned once, left to right, growing its own arrays in place.
 */
import {
  type Block, type BlockId, type Func, type Inst, type Module, type ModuleIndex, type Term, type ValueId, type VarId,
} from "@fzy/ir";
import { decide, type Decision, type Mode } from "./eligibility.js";

export interface InlineOptions {
  readonly mode: Mode;
  readonly enabled: boolean;
}

export interface InlineRecord {
  readonly caller: string;
  readonly callee: string;
  readonly decision: Decision;
}

/** The call graph over dense function ids (module order): each function's distinct module callees, in first-call order. */
export interface CallGraph {
  /** Function ids by name. */
  readonly id: ReadonlyMap<string, number>;
  readonly calls: readonly (readonly number[])[];
}

function callGraph(m: Module): CallGraph {
  const id = new Map<string, number>();
  m.functions.forEach((f, i) => id.set(f.name, i));
  const seen = new Int32Array(m.functions.length); // === caller + 1 once the callee is listed
  const calls = m.functions.map((f, caller) => {
    const out: number[] = [];
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (i.op !== "call" || i.imm.kind !== "func") continue;
        const g = id.get(i.imm.name);
        if (g === undefined || seen[g] === caller + 1) continue; // an import, or an unknown name the verifier reports
        seen[g] = caller + 1;
        out.push(g);
      }
    }
    return out;
  });
  return { id, calls };
}

/**
 * Functions that can reach themselves through calls (1 by function id): the members of a
 * strongly connected component of the call graph with more than one
 * function, or with a call to itself. Tarjan's algorithm (SIAM J. Comput.,
 * 1972), with an explicit stack so a deep call chain cannot overflow ours:
 * linear in functions + call edges.
 */
function recursive({ calls }: CallGraph): Uint8Array {
  const n = calls.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const rec = new Uint8Array(n);
  let counter = 0;
  const enter = (f: number) => {
    index[f] = low[f] = counter++;
    stack.push(f);
    onStack[f] = 1;
  };
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    // Each frame: a function and the position of the next callee to visit.
    const frames: [number, number][] = [[root, 0]];
    enter(root);
    while (frames.length) {
      const top = frames[frames.length - 1]!;
      const [f, i] = top;
      const out = calls[f]!;
      if (i < out.length) {
        top[1] = i + 1;
        const g = out[i]!;
        if (g === f) rec[f] = 1;
        if (index[g]! < 0) {
          enter(g);
          frames.push([g, 0]);
        } else if (onStack[g]) {
          low[f] = Math.min(low[f]!, index[g]!);
        }
        continue;
      }
      frames.pop();
      if (frames.length) {
        const p = frames[frames.length - 1]![0];
        low[p] = Math.min(low[p]!, low[f]!);
      }
      if (low[f] !== index[f]) continue;
      // f roots a component: pop it; more than one member means a cycle.
      const members = stack.splice(stack.lastIndexOf(f));
      for (const g of members) onStack[g] = 0;
      if (members.length > 1) for (const g of members) rec[g] = 1;
    }
  }
  return rec;
}

/** Post-order of the call graph (callees before callers), deterministic. */
function bottomUp({ calls }: CallGraph): number[] {
  const done = new Uint8Array(calls.length);
  const order: number[] = [];
  for (let root = 0; root < calls.length; root++) {
    if (done[root]) continue;
    done[root] = 1;
    const stack: [number, number][] = [[root, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const callees = calls[top[0]]!;
      if (top[1] < callees.length) {
        const g = callees[top[1]++]!;
        if (!done[g]) {
          done[g] = 1;
          stack.push([g, 0]);
        }
      } else {
        order.push(top[0]);
        stack.pop();
      }
    }
  }
  return order;
}

/** A caller being rewritten: its arrays are copied once, then grow in place with every inlined call. */
interface Work {
  readonly values: Func["values"][number][];
  readonly vars: Func["vars"][number][];
  readonly blocks: Block[];
}

/**
 * What inlining does, known before any body is copied. Per function (dense
 * id), in bottom-up order: its size, variable count and block count once its
 * own calls are inlined (its "final" body), the callees it inlines, and what
 * else its body references (calls left as calls, function references, globals
 * holding one). The counts follow inlineAt: an inlined call adds the callee's
 * final body, one `set` per `ret` with a value and one `get` for a result, one
 * block (the continuation) and one variable (the result). Only calls of a
 * function's own body are ever inlined into it: a call inside a copied callee
 * was left a call there for a reason (its size, recursion) that holds in the
 * caller too.
 */
export interface InlinePlan {
  readonly id: ReadonlyMap<string, number>;
  readonly order: readonly number[];
  /** Position of each function in `order`: a callee can be inlined only into a function after it. */
  readonly at: Int32Array;
  readonly sizes: readonly number[];
  readonly varCounts: readonly number[];
  readonly blockCounts: readonly number[];
  readonly inlines: readonly (readonly number[])[];
  readonly refs: readonly (readonly number[])[];
  /** The matrix's decision per call, asked once per callee. */
  readonly decider: InlineDecider;
}

/**
 * Whether an owner's body inlines the call of function `g`. The matrix's
 * answer depends on g's final size only, so it is asked once per callee
 * (a long call chain asks about the same callees at every level of nesting).
 */
class InlineDecider {
  private readonly memo: (Decision | undefined)[];

  constructor(private readonly at: Int32Array, private readonly sizes: readonly number[], private readonly rec: Uint8Array, private readonly opts: InlineOptions) {
    this.memo = new Array(sizes.length);
  }

  /** The decision for a call of g in owner's own body, or undefined when g can never be inlined there (not before owner in bottom-up order, or recursive). */
  ask(owner: number, g: number): Decision | undefined {
    if (this.at[g]! >= this.at[owner]! || g === owner || this.rec[g]) return undefined;
    return (this.memo[g] ??= decide({ kind: "call", mode: this.opts.mode, enabled: this.opts.enabled, escape: "none", mutability: "immutable", constant: false, insts: this.sizes[g]! }));
  }
}

export function planInlining(m: Module, calls: CallGraph, rec: Uint8Array, opts: InlineOptions): InlinePlan {
  const n = m.functions.length;
  const refGlobals = new Map((m.globals ?? []).flatMap((g) => (g.init.kind === "func" ? [[g.name, g.init.name] as const] : [])));
  const order = bottomUp(calls);
  const at = new Int32Array(n);
  order.forEach((f, k) => { at[f] = k; });
  const sizes = new Array<number>(n).fill(0);
  const decider = new InlineDecider(at, sizes, rec, opts);
  const plan = { id: calls.id, order, at, sizes, varCounts: new Array<number>(n).fill(0), blockCounts: new Array<number>(n).fill(0), decider };
  const inl: number[][] = new Array(n), refs: number[][] = new Array(n);
  for (const f of order) {
    const fn = m.functions[f]!;
    let size = 0, nvars = fn.vars.length, nblocks = fn.blocks.length;
    const mine: number[] = [], out: number[] = [];
    for (const b of fn.blocks) {
      size += b.insts.length + 1;
      for (const i of b.insts) {
        const name = i.imm.kind === "func" && (i.op === "call" || i.op === "func.ref") ? i.imm.name
          : i.op === "global.get" && i.imm.kind === "global" ? refGlobals.get(i.imm.name) : undefined;
        const g = name === undefined ? undefined : calls.id.get(name);
        if (g === undefined) continue;
        if (i.op === "call" && decider.ask(f, g)?.form === "inlined") {
          const callee = m.functions[g]!;
          size += plan.sizes[g]! + (callee.result ? returnsWithValue(callee) + (i.dst !== null ? 1 : 0) : 0);
          nvars += plan.varCounts[g]! + (callee.result ? 1 : 0);
          nblocks += plan.blockCounts[g]! + 1;
          mine.push(g);
        } else out.push(g);
      }
    }
    plan.sizes[f] = size;
    plan.varCounts[f] = nvars;
    plan.blockCounts[f] = nblocks;
    inl[f] = mine;
    refs[f] = out;
  }
  return { ...plan, inlines: inl, refs };
}

function returnsWithValue(f: Func): number {
  let k = 0;
  for (const b of f.blocks) if (b.term.op === "ret" && b.term.value !== null) k++;
  return k;
}

/**
 * The functions an exported function reaches once calls are inlined (all of
 * them when none is exported: the module has no roots to judge by). A final
 * body references what its own body does, less the inlined calls, plus what
 * the final bodies of its inlined callees reference; each body is opened
 * once, so this is linear in the plan.
 */
function reachable(m: Module, plan: InlinePlan): Uint8Array {
  const n = m.functions.length;
  const live = new Uint8Array(n), opened = new Uint8Array(n);
  const roots = m.functions.flatMap((f, i) => (f.exported ? [i] : []));
  if (roots.length === 0) return live.fill(1);
  const work: number[] = [];
  const reach = (f: number) => { if (!live[f]) { live[f] = 1; work.push(f); } };
  roots.forEach(reach);
  const bodies: number[] = [];
  while (work.length) {
    bodies.push(work.pop()!);
    while (bodies.length) {
      const f = bodies.pop()!;
      if (opened[f]) continue;
      opened[f] = 1;
      plan.refs[f]!.forEach(reach);
      for (const g of plan.inlines[f]!) bodies.push(g);
    }
  }
  return live;
}

/**
 * Inline small callees into every function. Each function's final body is
 * built top-down: an inlined callee's own body is copied and then scanned as
 * the callee would scan it (inlining its callees in turn, with their names
 * prefixed by its own), which gives the same body, names and order as
 * copying the callee's final body, without building that body when nothing
 * else needs it. With `prune`, functions no exported function reaches
 * afterwards are dropped and never built: on a long call chain most
 * functions are inlined into their caller and called from nowhere else.
 */
export function inlineSmallFunctions(_ix: ModuleIndex, m: Module, opts: InlineOptions & { readonly prune?: boolean }): { module: Module; records: InlineRecord[] } {
  const calls = callGraph(m);
  const plan = planInlining(m, calls, recursive(calls), opts);
  const keep = opts.prune ? reachable(m, plan) : new Uint8Array(m.functions.length).fill(1);
  const done: (Func | undefined)[] = new Array(m.functions.length);
  const records: InlineRecord[] = [];
  const inliner = new Inliner(m, plan);
  for (const fi of plan.order) {
    if (!keep[fi]) continue;
    const f = m.functions[fi]!;
    // Copied only when something will be inlined (the scan then grows them in place); else the scan only records.
    const own: Work = plan.inlines[fi]!.length > 0 ? { values: [...f.values], vars: [...f.vars], blocks: [...f.blocks] } : (f as unknown as Work);
    const work = inliner.scan(own, fi, 0, "", records);
    done[fi] = work ? { ...f, values: work.values, vars: work.vars, blocks: work.blocks } : f;
  }
  return { module: { ...m, functions: m.functions.flatMap((f, i) => (keep[i] ? [done[i]!] : [])) }, records };
}

class Inliner {
  constructor(
    private readonly m: Module,
    private readonly plan: InlinePlan,
  ) {}

  /**
   * One left-to-right pass over the blocks of `owner` in `work`, from `base`
   * on: an inlined call's continuation and the callee's blocks are appended,
   * so the pass reaches them after the blocks that were already there. At
   * the top (records given) the records of the owner's calls are kept; the
   * work is returned only when something was inlined.
   *
   * Below the top, the blocks an inlined call appended before its
   * continuation are skipped: the callee's own scan already inlined every
   * call there it could, and a call it left is left by its caller too (the
   * decision depends on the callee alone, and a recursive callee is never
   * inlined), so rescanning them at every level of a nest of inlined calls
   * would cost the square of its depth. The top still visits every block,
   * in order, for its records.
   */
  scan(work: Work, owner: number, base: number, outer: string, records?: InlineRecord[]): Work | undefined {
    const { m, plan } = this;
    const ownerName = m.functions[owner]!.name;
    let counter = 0;
    const recorded = records && new Set<string>();
    // Ranges [from, to) of blocks already scanned, appended in increasing order (below the top only).
    const done: number[] = [];
    let next = 0;
    for (let bi = base; bi < work.blocks.length; bi++) {
      while (next < done.length && bi === done[next]) { bi = done[next + 1]!; next += 2; }
      const insts = work.blocks[bi]!.insts;
      for (let k = 0; k < insts.length; k++) {
        const inst = insts[k]!;
        if (inst.op !== "call" || inst.imm.kind !== "func") continue;
        const g = plan.id.get(inst.imm.name);
        const decision = g === undefined ? undefined : plan.decider.ask(owner, g);
        if (g === undefined || !decision) continue;
        const callee = m.functions[g]!;
        if (recorded && records) {
          const first = !recorded.has(callee.name);
          recorded.add(callee.name);
          if (decision.form === "inlined" || first) records.push({ caller: ownerName, callee: callee.name, decision });
        }
        if (decision.form !== "inlined") continue;
        const from = work.blocks.length;
        const to = this.inlineAt(work, bi as BlockId, k, g, outer, `${callee.name}.${counter++}`);
        if (!records) done.push(from, to);
        break; // the rest of this block moved to the continuation, appended last
      }
    }
    return counter > 0 ? work : undefined;
  }

  /**
   * Inline the call at `insts[k]` of block `bi`, in place: the callee's own
   * body is copied (its entities named `outer` + `local` + "." + name), then
   * scanned as the callee, which appends what it inlines, exactly where
   * copying its final body would have put it; its result variable and the
   * continuation come after (their ids, from the plan's counts, are known
   * before the copy: its returns refer to them). Returns the continuation's
   * block id (the copy and what it inlined end there).
   */
  private inlineAt(work: Work, bi: BlockId, k: number, g: number, outer: string, local: string): number {
    const { values, vars, blocks } = work;
    const callee = this.m.functions[g]!;
    const call = blocks[bi]!.insts[k]!;
    const prefix = `${outer}${local}`;

    // Callee value id -> caller value id (parameters -> the call's arguments).
    const vmap: ValueId[] = new Array(callee.values.length);
    for (let i = 0; i < callee.params.length; i++) vmap[i] = call.args[i]!;
    for (let v = callee.params.length; v < callee.values.length; v++) {
      values.push({ name: `${prefix}.${callee.values[v]!.name}`, type: callee.values[v]!.type });
      vmap[v] = (values.length - 1) as ValueId;
    }
    const varBase = vars.length;
    const varMap = callee.vars.map((x) => {
      vars.push({ name: `${prefix}.${x.name}`, type: x.type });
      return (vars.length - 1) as VarId;
    });
    const retVar = callee.result ? ((varBase + this.plan.varCounts[g]!) as VarId) : null;

    const base = blocks.length;
    const contId = (base + this.plan.blockCounts[g]!) as BlockId;
    const mapV = (v: ValueId) => vmap[v]!;
    const mapB = (b: BlockId) => (base + b) as BlockId;
    for (const b of callee.blocks) {
      const insts: Inst[] = new Array(b.insts.length);
      for (let j = 0; j < b.insts.length; j++) {
        const i = b.insts[j]!;
        const args: ValueId[] = new Array(i.args.length);
        for (let a = 0; a < args.length; a++) args[a] = vmap[i.args[a]!]!;
        const dst = i.dst === null ? null : vmap[i.dst]!;
        const imm: Inst["imm"] = i.imm.kind === "var" ? { kind: "var", var: varMap[i.imm.var]! } : i.imm;
        // Source locations survive inlining (debug info).
        insts[j] = i.loc ? { op: i.op, dst, args, type: i.type, imm, loc: i.loc } : { op: i.op, dst, args, type: i.type, imm };
      }
      let term: Term;
      const t = b.term;
      switch (t.op) {
        case "jump": term = { op: "jump", target: mapB(t.target) }; break;
        case "br": term = { op: "br", cond: mapV(t.cond), then: mapB(t.then), else: mapB(t.else) }; break;
        case "switch": term = { op: "switch", value: mapV(t.value), cases: t.cases.map((c) => ({ value: c.value, target: mapB(c.target) })), default: t.default === null ? null : mapB(t.default) }; break;
        case "ret":
          if (t.value !== null && retVar !== null) insts.push({ op: "set", dst: null, args: [mapV(t.value)], type: null, imm: { kind: "var", var: retVar } });
          term = { op: "jump", target: contId };
          break;
        case "unreachable": term = t; break;
      }
      blocks.push({ name: `${prefix}.${b.name}`, insts, term });
    }
    // The callee inlines its own callees into the copy, as it did into itself.
    this.scan(work, g, base, `${prefix}.`);
    if (retVar !== null) vars.push({ name: `${prefix}.ret`, type: callee.result! });
    if (vars.length !== varBase + this.plan.varCounts[g]! + (retVar !== null ? 1 : 0) || blocks.length !== contId) {
      throw new Error(`inliner: the plan's counts for ${callee.name} do not match its inlined body`);
    }
    const orig = blocks[bi]!;
    const after: Inst[] = orig.insts.slice(k + 1);
    if (call.dst !== null && retVar !== null) after.unshift({ op: "get", dst: call.dst, args: [], type: null, imm: { kind: "var", var: retVar } });
    blocks.push({ name: `${orig.name}.${local}.cont`, insts: after, term: orig.term });
    blocks[bi] = { name: orig.name, insts: orig.insts.slice(0, k), term: { op: "jump", target: mapB(0 as BlockId) } };
    return contId;
  }
}

/**
 * The inliner's plan (inline-small-functions.ts), known before any body is
 * copied: the call graph over dense function ids, the functions that can
 * reach themselves (Tarjan's strongly connected components), the bottom-up
 * order, each function's final size and counts, and the functions an
 * exported function still reaches once calls are inlined. Linear in the
 * module: each body is read once here.
 */
import { type Func, type Module } from "@fzy/ir";
import { decide, type Decision, type Mode } from "./eligibility.js";

export interface InlineOptions {
  readonly mode: Mode;
  readonly enabled: boolean;
}

/** The call graph over dense function ids (module order): each function's distinct module callees, in first-call order. */
export interface CallGraph {
  /** Function ids by name. */
  readonly id: ReadonlyMap<string, number>;
  readonly calls: readonly (readonly number[])[];
}

/** The shared empty list of a function that calls, inlines or references nothing (never written). */
const NONE: number[] = [];

/** The call graph of `m`, one walk of its bodies. */
export function callGraph(m: Module): CallGraph {
  const id = new Map<string, number>();
  m.functions.forEach((f, i) => id.set(f.name, i));
  const seen = new Int32Array(m.functions.length); // === caller + 1 once the callee is listed
  const calls = m.functions.map((f, caller) => {
    let out: number[] | undefined; // made on the first callee (a function calling none shares NONE)
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (i.op !== "call" || i.imm.kind !== "func") continue;
        const g = id.get(i.imm.name);
        if (g === undefined || seen[g] === caller + 1) continue; // an import, or an unknown name the verifier reports
        seen[g] = caller + 1;
        (out ??= []).push(g);
      }
    }
    return out ?? NONE;
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
export function recursive({ calls }: CallGraph): Uint8Array {
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
  // Each frame: a function and the position of the next callee to visit (two parallel stacks, shared by every root).
  const frameFn: number[] = [], frameAt: number[] = [];
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    frameFn.push(root);
    frameAt.push(0);
    enter(root);
    while (frameFn.length) {
      const top = frameFn.length - 1;
      const f = frameFn[top]!, i = frameAt[top]!;
      const out = calls[f]!;
      if (i < out.length) {
        frameAt[top] = i + 1;
        const g = out[i]!;
        if (g === f) rec[f] = 1;
        if (index[g]! < 0) {
          enter(g);
          frameFn.push(g);
          frameAt.push(0);
        } else if (onStack[g]) {
          low[f] = Math.min(low[f]!, index[g]!);
        }
        continue;
      }
      frameFn.pop();
      frameAt.pop();
      if (frameFn.length) {
        const p = frameFn[frameFn.length - 1]!;
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
  // A function and the position of its next callee, per frame (two parallel stacks, shared by every root).
  const fns: number[] = [], at: number[] = [];
  for (let root = 0; root < calls.length; root++) {
    if (done[root]) continue;
    done[root] = 1;
    fns.push(root);
    at.push(0);
    while (fns.length) {
      const top = fns.length - 1;
      const callees = calls[fns[top]!]!;
      if (at[top]! < callees.length) {
        const g = callees[at[top]!++]!;
        if (!done[g]) {
          done[g] = 1;
          fns.push(g);
          at.push(0);
        }
      } else {
        order.push(fns[top]!);
        fns.pop();
        at.pop();
      }
    }
  }
  return order;
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
  /** The matrix's decision per call, asked once per callee size. */
  readonly decider: InlineDecider;
}

/**
 * Whether an owner's body inlines the call of function `g`. The matrix's
 * answer depends on g's final size only, so it is asked once per size
 * (a long call chain asks about the same callees at every level of nesting).
 */
class InlineDecider {
  /** The matrix's decision by callee size (most callees share a handful of sizes). */
  private readonly bySize = new Map<number, Decision>();

  constructor(private readonly at: Int32Array, private readonly sizes: readonly number[], private readonly rec: Uint8Array, private readonly opts: InlineOptions) {}

  /** The decision for a call of g in owner's own body, or undefined when g can never be inlined there (not before owner in bottom-up order, or recursive). */
  ask(owner: number, g: number): Decision | undefined {
    if (this.at[g]! >= this.at[owner]! || g === owner || this.rec[g]) return undefined;
    const insts = this.sizes[g]!;
    let d = this.bySize.get(insts);
    if (!d) {
      d = decide({ kind: "call", mode: this.opts.mode, enabled: this.opts.enabled, escape: "none", mutability: "immutable", constant: false, insts });
      this.bySize.set(insts, d);
    }
    return d;
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
    // Made on the first entry (most functions inline nothing; many reference nothing).
    let mine: number[] | undefined, out: number[] | undefined;
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
          (mine ??= []).push(g);
        } else (out ??= []).push(g);
      }
    }
    plan.sizes[f] = size;
    plan.varCounts[f] = nvars;
    plan.blockCounts[f] = nblocks;
    inl[f] = mine ?? NONE;
    refs[f] = out ?? NONE;
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
export function reachable(m: Module, plan: InlinePlan): Uint8Array {
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

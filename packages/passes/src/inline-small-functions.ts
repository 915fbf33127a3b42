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

function size(f: Func): number {
  return f.blocks.reduce((n, b) => n + b.insts.length + 1, 0);
}

/** The call graph over dense function ids (module order): each function's distinct module callees, in first-call order. */
interface CallGraph {
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
  return { calls };
}

/**
 * Functions that can reach themselves through calls: the members of a
 * strongly connected component of the call graph with more than one
 * function, or with a call to itself. Tarjan's algorithm (SIAM J. Comput.,
 * 1972), with an explicit stack so a deep call chain cannot overflow ours:
 * linear in functions + call edges.
 */
function recursive(m: Module, { calls }: CallGraph): Set<string> {
  const n = calls.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const rec = new Set<string>();
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
        if (g === f) rec.add(m.functions[f]!.name);
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
      if (members.length > 1) for (const g of members) rec.add(m.functions[g]!.name);
    }
  }
  return rec;
}

/** Post-order of the call graph (callees before callers), deterministic. */
function bottomUp(m: Module, { calls }: CallGraph): Func[] {
  const done = new Uint8Array(calls.length);
  const order: Func[] = [];
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
        order.push(m.functions[top[0]]!);
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

export function inlineSmallFunctions(ix: ModuleIndex, m: Module, opts: InlineOptions): { module: Module; records: InlineRecord[] } {
  const calls = callGraph(m);
  const rec = recursive(m, calls);
  const done = new Map<string, Func>();
  const sizes = new Map<string, number>();
  const records: InlineRecord[] = [];
  for (const f of bottomUp(m, calls)) {
    // One left-to-right pass: an inlined call's continuation and the callee's
    // copied blocks are appended, so the scan reaches them after the blocks
    // that were already there (the copies hold no inlinable call: the callee
    // was processed first).
    let work: Work | null = null;
    let counter = 0;
    const recorded = new Set<string>();
    for (let bi = 0; bi < (work ? work.blocks.length : f.blocks.length); bi++) {
      const insts = (work ? work.blocks : f.blocks)[bi]!.insts;
      for (let k = 0; k < insts.length; k++) {
        const inst = insts[k]!;
        if (inst.op !== "call" || inst.imm.kind !== "func") continue;
        const callee = done.get(inst.imm.name);
        if (!callee || rec.has(callee.name) || callee.name === f.name) continue;
        let n = sizes.get(callee.name);
        if (n === undefined) sizes.set(callee.name, (n = size(callee)));
        const decision = decide({
          kind: "call", mode: opts.mode, enabled: opts.enabled, escape: "none", mutability: "immutable",
          constant: false, insts: n,
        });
        const first = !recorded.has(callee.name);
        recorded.add(callee.name);
        if (decision.form !== "inlined") {
          if (first) records.push({ caller: f.name, callee: callee.name, decision });
          continue;
        }
        records.push({ caller: f.name, callee: callee.name, decision });
        work ??= { values: [...f.values], vars: [...f.vars], blocks: [...f.blocks] };
        inlineAt(work, bi as BlockId, k, callee, counter++);
        break; // the rest of this block moved to the continuation, appended last
      }
    }
    done.set(f.name, work ? { ...f, values: work.values, vars: work.vars, blocks: work.blocks } : f);
  }
  return { module: { ...m, functions: m.functions.map((f) => done.get(f.name)!) }, records };
}

/** Inline the call at `insts[k]` of block `bi` of the caller being rewritten, in place. */
function inlineAt(caller: Work, bi: BlockId, k: number, callee: Func, n: number): void {
  const { values, vars, blocks } = caller;
  const call = blocks[bi]!.insts[k]!;
  const prefix = `${callee.name}.${n}`;

  // Callee value id -> caller value id (parameters -> the call's arguments).
  const vmap: ValueId[] = new Array(callee.values.length);
  for (let i = 0; i < callee.params.length; i++) vmap[i] = call.args[i]!;
  for (let v = callee.params.length; v < callee.values.length; v++) {
    values.push({ name: `${prefix}.${callee.values[v]!.name}`, type: callee.values[v]!.type });
    vmap[v] = (values.length - 1) as ValueId;
  }
  const varMap = callee.vars.map((x) => {
    vars.push({ name: `${prefix}.${x.name}`, type: x.type });
    return (vars.length - 1) as VarId;
  });
  let retVar: VarId | null = null;
  if (callee.result) {
    vars.push({ name: `${prefix}.ret`, type: callee.result });
    retVar = (vars.length - 1) as VarId;
  }

  const base = blocks.length;
  const contId = (base + callee.blocks.length) as BlockId;
  const mapV = (v: ValueId) => vmap[v]!;
  const mapB = (b: BlockId) => (base + b) as BlockId;
  for (const b of callee.blocks) {
    const insts: Inst[] = new Array(b.insts.length);
    for (let k = 0; k < b.insts.length; k++) {
      const i = b.insts[k]!;
      const args: ValueId[] = new Array(i.args.length);
      for (let j = 0; j < args.length; j++) args[j] = vmap[i.args[j]!]!;
      const dst = i.dst === null ? null : vmap[i.dst]!;
      const imm: Inst["imm"] = i.imm.kind === "var" ? { kind: "var", var: varMap[i.imm.var]! } : i.imm;
      // Source locations survive inlining (debug info).
      insts[k] = i.loc ? { op: i.op, dst, args, type: i.type, imm, loc: i.loc } : { op: i.op, dst, args, type: i.type, imm };
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
  const orig = blocks[bi]!;
  const after: Inst[] = orig.insts.slice(k + 1);
  if (call.dst !== null && retVar !== null) after.unshift({ op: "get", dst: call.dst, args: [], type: null, imm: { kind: "var", var: retVar } });
  blocks.push({ name: `${orig.name}.${prefix}.cont`, insts: after, term: orig.term });
  blocks[bi] = { name: orig.name, insts: orig.insts.slice(0, k), term: { op: "jump", target: mapB(0 as BlockId) } };
}

/**
 * Inline calls to small module functions. Cranelift does not inline, so the
 * shared lowering does it for both backends (LLVM would do it anyway; doing
 * it here keeps the two backends lowering the same program).
 *
 * A callee is inlined when the eligibility matrix says so (small: at most
 * `maxInsts` instructions, or any size up to a hard cap in force mode) and it
 * is not part of a call cycle. Callees are processed bottom-up, so a callee's
 * own calls are already inlined when it is copied. At a call site the block
 * is split: the instructions after the call move to a continuation block, the
 * callee's blocks are copied with fresh names, its parameters become the call
 * arguments, its variables become caller variables, and each `ret %v` becomes
 * `set $ret, %v; jump continuation`. `opaque` is copied like any instruction,
 * so inlining never sees through it.
 */
import {
  type Block, type BlockId, type Func, type Inst, type Module, type ModuleIndex, type Term, type ValueId, type VarId,
} from "@fzy/ir";
import { decide, type BackendCaps, type Decision, type Mode } from "./eligibility.js";

export interface InlineOptions {
  readonly mode: Mode;
  readonly enabled: boolean;
  readonly caps: BackendCaps;
  /** Callee size (instructions + terminators) judged profitable in mode on. */
  readonly maxInsts: number;
}

export interface InlineRecord {
  readonly caller: string;
  readonly callee: string;
  readonly decision: Decision;
}

const FORCE_CAP = 400;

function size(f: Func): number {
  return f.blocks.reduce((n, b) => n + b.insts.length + 1, 0);
}

/** Functions that can reach themselves through calls. */
function recursive(m: Module): Set<string> {
  const calls = new Map<string, Set<string>>();
  for (const f of m.functions) {
    const s = new Set<string>();
    for (const b of f.blocks) for (const i of b.insts) if (i.op === "call" && i.imm.kind === "func") s.add(i.imm.name);
    calls.set(f.name, s);
  }
  const rec = new Set<string>();
  for (const f of m.functions) {
    const seen = new Set<string>();
    const work = [...(calls.get(f.name) ?? [])];
    while (work.length) {
      const g = work.pop()!;
      if (g === f.name) { rec.add(f.name); break; }
      if (seen.has(g)) continue;
      seen.add(g);
      for (const h of calls.get(g) ?? []) work.push(h);
    }
  }
  return rec;
}

/** Post-order of the call graph (callees before callers), deterministic. */
function bottomUp(m: Module): Func[] {
  const byName = new Map(m.functions.map((f) => [f.name, f]));
  const done = new Set<string>();
  const order: Func[] = [];
  for (const root of m.functions) {
    const stack: [Func, number][] = [[root, 0]];
    if (done.has(root.name)) continue;
    done.add(root.name);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const callees = [...new Set(top[0].blocks.flatMap((b) => b.insts.filter((i) => i.op === "call" && i.imm.kind === "func").map((i) => (i.imm as { name: string }).name)))];
      if (top[1] < callees.length) {
        const g = byName.get(callees[top[1]++]!);
        if (g && !done.has(g.name)) {
          done.add(g.name);
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

export function inlineSmallFunctions(ix: ModuleIndex, m: Module, opts: InlineOptions): { module: Module; records: InlineRecord[] } {
  const rec = recursive(m);
  const done = new Map<string, Func>();
  const records: InlineRecord[] = [];
  for (const f of bottomUp(m)) {
    let cur = f;
    let counter = 0;
    for (let changed = true; changed;) {
      changed = false;
      outer: for (let bi = 0; bi < cur.blocks.length; bi++) {
        const insts = cur.blocks[bi]!.insts;
        for (let k = 0; k < insts.length; k++) {
          const inst = insts[k]!;
          if (inst.op !== "call" || inst.imm.kind !== "func") continue;
          const callee = done.get(inst.imm.name);
          if (!callee || rec.has(callee.name) || callee.name === cur.name) continue;
          const n = size(callee);
          const decision = decide({
            kind: "call", mode: opts.mode, enabled: opts.enabled, escape: "none", mutability: "immutable",
            constant: false, profitable: n <= opts.maxInsts, caps: opts.caps,
          });
          if (decision.form !== "inlined" || n > FORCE_CAP) {
            if (!records.some((r) => r.caller === cur.name && r.callee === callee.name)) records.push({ caller: cur.name, callee: callee.name, decision });
            continue;
          }
          records.push({ caller: cur.name, callee: callee.name, decision });
          cur = inlineAt(cur, bi as BlockId, k, callee, counter++);
          changed = true;
          break outer;
        }
      }
    }
    done.set(f.name, cur);
  }
  return { module: { ...m, functions: m.functions.map((f) => done.get(f.name)!) }, records };
}

/** Inline the call at `insts[k]` of block `bi` of `caller`. */
function inlineAt(caller: Func, bi: BlockId, k: number, callee: Func, n: number): Func {
  const values = [...caller.values];
  const vars = [...caller.vars];
  const blocks: Block[] = [...caller.blocks];
  const call = caller.blocks[bi]!.insts[k]!;
  const prefix = `${callee.name}.${n}`;

  const vmap = new Map<ValueId, ValueId>();
  callee.params.forEach((_, i) => vmap.set(i as ValueId, call.args[i]!));
  for (let v = callee.params.length; v < callee.values.length; v++) {
    values.push({ name: `${prefix}.${callee.values[v]!.name}`, type: callee.values[v]!.type });
    vmap.set(v as ValueId, (values.length - 1) as ValueId);
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
  const mapV = (v: ValueId) => vmap.get(v)!;
  const mapB = (b: BlockId) => (base + b) as BlockId;
  for (const b of callee.blocks) {
    const insts: Inst[] = b.insts.map((i) => ({
      ...i,
      dst: i.dst === null ? null : mapV(i.dst),
      args: i.args.map(mapV),
      imm: i.imm.kind === "var" ? { kind: "var", var: varMap[i.imm.var]! } : i.imm,
    }));
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
  const orig = caller.blocks[bi]!;
  const after: Inst[] = orig.insts.slice(k + 1);
  if (call.dst !== null && retVar !== null) after.unshift({ op: "get", dst: call.dst, args: [], type: null, imm: { kind: "var", var: retVar } });
  blocks.push({ name: `${orig.name}.${prefix}.cont`, insts: after, term: orig.term });
  blocks[bi] = { name: orig.name, insts: orig.insts.slice(0, k), term: { op: "jump", target: mapB(0 as BlockId) } };
  return { ...caller, values, vars, blocks };
}

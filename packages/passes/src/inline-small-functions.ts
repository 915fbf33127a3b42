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
 * Cost: linear in the module plus the instructions copied. The plan
 * (inline-plan.ts: call graph, recursion, order, final sizes) is made once;
 * each kept caller is scanned once, left to right, growing its own arrays in
 * place.
 */
import {
  type Block, type BlockId, type Func, type Inst, type Module, type ModuleIndex, type Term, type ValueId, type VarId,
} from "@fzy/ir";
import type { Decision } from "./eligibility.js";
import { callGraph, type InlineOptions, type InlinePlan, planInlining, reachable, recursive } from "./inline-plan.js";

export type { InlineOptions } from "./inline-plan.js";

export interface InlineRecord {
  readonly caller: string;
  readonly callee: string;
  readonly decision: Decision;
}

/** A caller being rewritten: its arrays are copied once, then grow in place with every inlined call. */
interface Work {
  readonly values: Func["values"][number][];
  readonly vars: Func["vars"][number][];
  readonly blocks: Block[];
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
    // A function calling no module function has nothing to inline or record: no scan.
    if (calls.calls[fi]!.length === 0) {
      done[fi] = f;
      continue;
    }
    // Copied only when something will be inlined (the scan then grows them in place); else the scan only records.
    const own: Work = plan.inlines[fi]!.length > 0 ? { values: [...f.values], vars: [...f.vars], blocks: [...f.blocks] } : (f as unknown as Work);
    const work = inliner.scan(own, fi, 0, "", records);
    done[fi] = work ? { ...f, values: work.values, vars: work.vars, blocks: work.blocks } : f;
  }
  // A loop, not flatMap: a list per function made tens of thousands of arrays for a module of tiny functions.
  const functions: Func[] = [];
  for (let i = 0; i < m.functions.length; i++) if (keep[i]) functions.push(done[i]!);
  return { module: { ...m, functions }, records };
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

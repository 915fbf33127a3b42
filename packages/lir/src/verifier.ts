/**
 * `verifyLIR(module)`: the consistency check of the lowered form, run
 * between the shared lowering and a printer (when `lower()` is asked to, and
 * always in tests) so a broken lowering is caught where it broke, not as odd
 * text in one backend. It throws the first problem as an FzError naming the
 * function, the block and the instruction (index and printed text;
 * the terminator's index is the block's instruction count). Linear in the
 * module, plus the dominator computation.
 *
 * Invariants checked, in this order:
 *
 * Module
 * - M1 function, extern and data names are unique (functions and externs
 *   share one namespace); function and extern names are [A-Za-z0-9_]+;
 * - M2 a data object's alignment is a power of two; its relocations lie
 *   inside its bytes (POINTER_SIZE each), do not overlap, name a data object,
 *   function or extern of the module, and have integer addends;
 * - M3 an extern or function has at most one result.
 *
 * Function
 * - F1 there is an entry block (blocks[0]), whose parameters have the
 *   function's parameter types;
 * - F2 stack slots have a non-negative integer size and a power-of-two
 *   alignment;
 * - F3 SSA: every value id of `valueTypes` is defined exactly once (block
 *   parameter or instruction result), and every value used is defined;
 * - F4 dominance: in a block reachable from the entry every use is
 *   dominated by its definition (earlier in the same block, or in a block
 *   that strictly dominates it; edge arguments are used at the terminator);
 * - F5 each instruction obeys its typing rule (verify-types.ts): operand
 *   and result types, constants that fit their type, conversions between
 *   the right types, a bool never stored, loads and stores through a `ptr`,
 *   stack slot indices and offsets in range, data and callee references
 *   resolved, call arguments and results matching the callee's signature;
 * - F6 every edge targets a block of the function and passes exactly the
 *   target's parameter count and types; `brif` tests a bool; `br_table`
 *   indexes with an i32; `switch` dispatches on an i8/i16/i32/i64 with one
 *   target per case, its cases signed values of that type in strictly
 *   increasing order (so distinct, as LLVM's switch requires);
 * - F7 `return` gives exactly the function's result types;
 * - F8 a block whose last instruction calls a `noreturn` callee ends in
 *   `trap`. (One terminator per block is structural: LBlock has one `term`.)
 * - F9 the side tables for readers fit the function: names are strings, at
 *   most one per value and per block; an origin row has at most one entry
 *   per instruction plus the terminator, each -1 or an index of the origin
 *   table; a source location has a file, a line >= 1 and a column >= 0.
 */
import { FzError, type FzErrorCode } from "@fzy/ir";
import { lirDominators, termEdges } from "./dominators.js";
import { printInst, printTerm } from "./text-printer.js";
import { bitWidth, instDefs, instUses, POINTER_SIZE, type LBlockId, type LFunction, type LModule, type LTerm, type LType, type LValue } from "./types.js";
import { type Signature, type TypingContext, typeProblem } from "./verify-types.js";

const SYMBOL = /^[A-Za-z0-9_]+$/;
const isPow2 = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

/** Throws an FzError at the first broken invariant of the lowered module (see the header); returns when it is well formed. */
export function verifyLIR(m: LModule): void {
  const signatures = moduleSignatures(m);
  const data = new Set(m.data.map((d) => d.name));
  checkData(m, signatures, data);
  for (const f of m.functions) verifyFunction(f, signatures, data);
}

function moduleError(code: FzErrorCode, message: string): never {
  throw new FzError(code, `lowered module: ${message}`);
}

function moduleSignatures(m: LModule): Map<string, Signature> {
  const sigs = new Map<string, Signature>();
  const add = (kind: string, name: string, sig: Signature) => {
    if (!SYMBOL.test(name)) moduleError("type", `${kind} name '${name}' is not [A-Za-z0-9_]+`);
    if (sigs.has(name)) moduleError("duplicate", `${kind} %${name} is defined twice`);
    if (sig.results.length > 1) moduleError("type", `${kind} %${name} has ${sig.results.length} results (at most one)`);
    sigs.set(name, sig);
  };
  for (const f of m.functions) add("function", f.name, { params: f.params, results: f.results, noreturn: false });
  for (const e of m.externs) add("extern", e.name, e);
  return sigs;
}

function checkData(m: LModule, sigs: ReadonlyMap<string, Signature>, data: ReadonlySet<string>): void {
  if (data.size !== m.data.length) {
    const seen = new Set<string>();
    for (const d of m.data) {
      if (seen.has(d.name)) moduleError("duplicate", `data object @${d.name} is defined twice`);
      seen.add(d.name);
    }
  }
  for (const d of m.data) {
    if (!isPow2(d.align)) moduleError("type", `data object @${d.name} has alignment ${d.align}, not a power of two`);
    let end = 0;
    for (const r of [...d.relocs].sort((a, b) => a.offset - b.offset)) {
      const where = `data object @${d.name}, relocation at ${r.offset}`;
      if (!Number.isInteger(r.offset) || r.offset < 0 || r.offset + POINTER_SIZE > d.bytes.length) moduleError("type", `${where} leaves its ${d.bytes.length} bytes`);
      if (r.offset < end) moduleError("type", `${where} overlaps the previous one`);
      if (!data.has(r.symbol) && !sigs.has(r.symbol)) moduleError("undefined", `${where} names @${r.symbol}, which the module does not define`);
      if (!Number.isSafeInteger(r.addend)) moduleError("type", `${where} has addend ${r.addend}`);
      end = r.offset + POINTER_SIZE;
    }
  }
}

/** Where an instruction sits: block and index (the terminator is at insts.length; -1 is the block's header). */
interface Site {
  readonly block: number;
  readonly inst: number;
}

function verifyFunction(f: LFunction, sigs: ReadonlyMap<string, Signature>, data: ReadonlySet<string>): void {
  const fail = (code: FzErrorCode, message: string, site?: Site): never => {
    if (!site) throw new FzError(code, message, { kind: "ir", func: f.name });
    if (site.inst < 0) throw new FzError(code, message, { kind: "ir", func: f.name, block: `block${site.block}` });
    const b = f.blocks[site.block]!;
    const text = site.inst < b.insts.length ? printInst(f, b.insts[site.inst]!) : printTerm(b.term);
    throw new FzError(code, message, { kind: "ir", func: f.name, block: `block${site.block}`, inst: site.inst, text });
  };
  const entry = f.blocks[0];
  if (!entry) return fail("cfg", "the function has no blocks");
  if (!sameTypes(entry.params.map((v) => f.valueTypes[v]), f.params)) {
    fail("type", `the entry block's parameters (${entry.params.map((v) => f.valueTypes[v]).join(", ")}) differ from the function's (${f.params.join(", ")})`);
  }
  f.slots.forEach((s, i) => {
    if (!Number.isSafeInteger(s.size) || s.size < 0 || !isPow2(s.align)) fail("type", `stack slot ss${i} has size ${s.size} and alignment ${s.align}`);
  });
  checkReaders(f, (message) => fail("type", message));
  const defs = definitions(f, fail);
  const dom = lirDominators(f);
  const typeOf = (v: LValue) => f.valueTypes[v];
  const ctx: TypingContext = {
    typeOf,
    callee: (name) => sigs.get(name),
    slot: (i) => f.slots[i],
    hasData: (name) => data.has(name),
  };
  const use = (v: LValue, site: Site) => {
    const d = defs.block[v];
    if (d === undefined || d < 0) return fail("undefined", `v${v} is used but never defined`, site);
    if (!dom.isReachable(site.block as LBlockId)) return;
    const ok = d === site.block ? defs.index[v]! < site.inst : dom.strictlyDominates(d as LBlockId, site.block as LBlockId);
    if (!ok) fail("undefined", `v${v} is used where its definition (block${d}) does not dominate`, site);
  };
  f.blocks.forEach((b, bi) => {
    b.insts.forEach((inst, ii) => {
      const site = { block: bi, inst: ii };
      for (const v of instUses(inst)) use(v, site);
      const problem = typeProblem(inst, ctx);
      if (problem) fail("type", problem, site);
    });
    const site = { block: bi, inst: b.insts.length };
    checkTerm(f, bi, site, typeOf, use, fail);
    const last = b.insts[b.insts.length - 1];
    if (last?.op === "call" && sigs.get(last.callee)?.noreturn && b.term.op !== "trap") {
      fail("cfg", `the block calls noreturn %${last.callee} last, so it must end in trap`, site);
    }
  });
}

type Fail = (code: FzErrorCode, message: string, site?: Site) => never;

/** Block and index of every value's definition (-1 for block parameters); fails on a value defined twice or never. */
function definitions(f: LFunction, fail: Fail): { block: Int32Array; index: Int32Array } {
  const n = f.valueTypes.length;
  const block = new Int32Array(n).fill(-1), index = new Int32Array(n).fill(-2);
  const define = (v: LValue, bi: number, ii: number, site: Site) => {
    if (!Number.isInteger(v) || v < 0 || v >= n) fail("undefined", `v${v} is defined but has no entry in valueTypes`, site);
    if (block[v]! >= 0) fail("duplicate", `v${v} is defined twice (first in block${block[v]})`, site);
    block[v] = bi;
    index[v] = ii;
  };
  f.blocks.forEach((b, bi) => {
    for (const p of b.params) define(p, bi, -1, { block: bi, inst: -1 });
    b.insts.forEach((inst, ii) => {
      for (const d of instDefs(inst)) define(d, bi, ii, { block: bi, inst: ii });
    });
  });
  const never = block.findIndex((b) => b < 0);
  if (never >= 0) fail("undefined", `v${never} has a type but no definition`);
  return { block, index };
}

function checkTerm(f: LFunction, bi: number, site: Site, typeOf: (v: LValue) => LType | undefined, use: (v: LValue, s: Site) => void, fail: Fail): void {
  const t = f.blocks[bi]!.term;
  if (t.op === "brif") {
    use(t.cond, site);
    if (typeOf(t.cond) !== "bool") fail("type", `brif condition v${t.cond} must be bool, is ${typeOf(t.cond)}`, site);
  } else if (t.op === "br_table") {
    use(t.index, site);
    if (typeOf(t.index) !== "i32") fail("type", `br_table index v${t.index} must be i32, is ${typeOf(t.index)}`, site);
  } else if (t.op === "switch") {
    use(t.value, site);
    const problem = switchProblem(t, typeOf(t.value));
    if (problem !== undefined) fail("type", problem, site);
  } else if (t.op === "return") {
    for (const v of t.values) use(v, site);
    const got = t.values.map(typeOf);
    if (!sameTypes(got, f.results)) fail("type", `return gives (${got.join(", ")}), the function returns (${f.results.join(", ")})`, site);
  }
  for (const e of termEdges(t)) {
    const target = f.blocks[e.block];
    if (!target) return fail("cfg", `branch to block${e.block}, which does not exist`, site);
    for (const v of e.args) use(v, site);
    const got = e.args.map(typeOf), want = target.params.map(typeOf);
    if (!sameTypes(got, want)) fail("type", `edge to block${e.block} passes (${got.join(", ")}), the block takes (${want.join(", ")})`, site);
  }
}

/** What is wrong with a `switch` on a value of type `type` (F6), if anything. */
function switchProblem(t: Extract<LTerm, { op: "switch" }>, type: LType | undefined): string | undefined {
  if (type !== "i8" && type !== "i16" && type !== "i32" && type !== "i64") return `switch value v${t.value} must be an integer, is ${type}`;
  if (t.cases.length !== t.targets.length) return `switch has ${t.cases.length} cases and ${t.targets.length} targets`;
  const bits = BigInt(bitWidth(type)), hi = (1n << (bits - 1n)) - 1n, lo = -hi - 1n;
  for (let k = 0; k < t.cases.length; k++) {
    const c = t.cases[k]!;
    if (c < lo || c > hi) return `switch case ${c} is not a signed ${type}`;
    if (k > 0 && c <= t.cases[k - 1]!) return `switch cases are not strictly increasing: ${c} after ${t.cases[k - 1]}`;
  }
  return undefined;
}

function sameTypes(a: readonly (LType | undefined)[], b: readonly (LType | undefined)[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** F9: names and origins fit the function (they are never read by the lowering, only printed). */
function checkReaders(f: LFunction, fail: (message: string) => never): void {
  const names = f.names;
  if (names) {
    if (names.values.length > f.valueTypes.length) fail(`the name table has ${names.values.length} values, the function ${f.valueTypes.length}`);
    if (names.blocks.length > f.blocks.length) fail(`the name table has ${names.blocks.length} blocks, the function ${f.blocks.length}`);
    for (const n of [...names.values, ...names.blocks]) if (n !== undefined && typeof n !== "string") fail(`a name is not a string: ${String(n)}`);
  }
  const origins = f.origins;
  if (!origins) return;
  origins.table.forEach((o, i) => {
    const l = o.loc;
    if (l && (typeof l.file !== "string" || l.file === "" || !Number.isInteger(l.line) || l.line < 1 || !Number.isInteger(l.col) || l.col < 0)) {
      fail(`origin ${i} has a malformed source location ${JSON.stringify(l)}`);
    }
  });
  if (origins.at.length > f.blocks.length) fail(`origins are given for ${origins.at.length} blocks, the function has ${f.blocks.length}`);
  origins.at.forEach((row, b) => {
    if (row.length > f.blocks[b]!.insts.length + 1) fail(`block${b} has ${row.length} origins for ${f.blocks[b]!.insts.length} instructions and its terminator`);
    for (const o of row) if (!Number.isInteger(o) || o < -1 || o >= origins.table.length) fail(`block${b} refers to origin ${o}, which does not exist`);
  });
}

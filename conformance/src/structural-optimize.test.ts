/**
 * The structural gate of the mid-level optimizations (the part that cannot
 * be noisy): in every emitted kernel and conformance module, each constant is
 * defined once per function and used; a compare with a known-length literal
 * reads it with wide loads and no byte loop; every fast-path switch changes
 * the emitted text of some kernel (a switch that changes nothing measures
 * nothing); the composed and widened forms are what the kernels get; and
 * loop invariants leave their loops (and guarded divisions stay in them).
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { instUses, type LFunction, type LModule, termEdges } from "@fzy/lir";
import { type Backend, FAST_PATHS, lowerText, type Mode } from "@fzy/lower";
import { KERNEL_NAMES, kernelPath } from "./kernels.js";
import { moduleCases } from "./parity.js";

const files = [...KERNEL_NAMES.map((k) => kernelPath(k)), ...moduleCases().map((c) => c.file)];

function lowered(file: string, mode: Mode, extra: Parameters<typeof lowerText>[2] = {}): LModule {
  return lowerText(readFileSync(file, "utf8"), "cranelift", { perfFastpath: mode, file, ...extra }).lowered;
}

/** Problems with the constants of `f`: a (type, value) defined twice, or a constant nothing reads. */
function constantProblems(f: LFunction): string[] {
  const defs = new Map<string, number>();
  const used = new Set<number>();
  const consts: { dst: number; key: string }[] = [];
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.op === "iconst") consts.push({ dst: i.dst, key: `${i.type} ${i.value}` });
      for (const v of instUses(i)) used.add(v);
    }
    const t = b.term;
    if (t.op === "brif") used.add(t.cond);
    if (t.op === "br_table") used.add(t.index);
    if (t.op === "return") for (const v of t.values) used.add(v);
    for (const e of termEdges(t)) for (const v of e.args) used.add(v);
  }
  const out: string[] = [];
  for (const c of consts) {
    defs.set(c.key, (defs.get(c.key) ?? 0) + 1);
    if (!used.has(c.dst)) out.push(`${f.name}: v${c.dst} = iconst ${c.key} is never used`);
  }
  for (const [key, n] of defs) if (n > 1) out.push(`${f.name}: iconst ${key} defined ${n} times`);
  return out;
}

for (const mode of ["on", "force"] as const) {
  test(`${mode}: every kernel and module defines each constant once per function and uses it`, (t) => {
    const problems = files.flatMap((file) => lowered(file, mode).functions.flatMap(constantProblems).map((p) => `${file.split("/").pop()}: ${p}`));
    t.deepEqual(problems, []);
  });
}

test("the gate sees repeated and unused constants when the fold family is off", (t) => {
  const problems = lowered(kernelPath("bytes_kernel"), "on", { fastPaths: { fold: false } }).functions.flatMap(constantProblems);
  t.true(problems.some((p) => p.includes("defined")), problems.join("\n"));
});

/** A one-function module comparing its argument string, made opaque, with `lit`. */
function compareModule(op: string, lit: string): string {
  const hay = "x".repeat(20);
  return `module cmp\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %s0 = str.lit "${hay}"\n  %s = opaque %s0\n  %l = str.lit "${lit}"\n  %b = ${op} %s, %l\n  br %b, yes, no\nyes:\n  %one = const.i32 1\n  ret %one\nno:\n  %zero = const.i32 0\n  ret %zero\n}\n`;
}

/** Whether the CFG of `f` has a cycle (depth-first search meeting a block still on its path). */
function hasLoop(f: LFunction): boolean {
  const state = new Uint8Array(f.blocks.length); // 0 new, 1 on the path, 2 done
  const stack: { b: number; next: number }[] = [{ b: 0, next: 0 }];
  state[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const edges = termEdges(f.blocks[top.b]!.term);
    if (top.next === edges.length) {
      state[top.b] = 2;
      stack.pop();
      continue;
    }
    const s = edges[top.next++]!.block;
    if (state[s] === 1) return true;
    if (state[s] === 0) {
      state[s] = 1;
      stack.push({ b: s, next: 0 });
    }
  }
  return false;
}

for (const op of ["str.eq", "str.starts_with", "str.ends_with"]) {
  test(`${op} with a literal of known length: wide loads, no byte loop, at most one load per 8 bytes plus one`, (t) => {
    for (let n = 1; n <= 16; n++) {
      const lit = "abcdefghijklmnop".slice(0, n);
      const src = compareModule(op, lit);
      const f = lowerText(src, "llvm", { perfFastpath: "on" }).lowered.functions[0]!;
      const loads = f.blocks.flatMap((b) => b.insts).filter((i) => i.op === "load");
      t.false(hasLoop(f), `${op} "${lit}" has a loop`);
      t.true(loads.length <= Math.ceil(n / 8) + 1, `${op} "${lit}": ${loads.length} loads`);
      if (n > 1) t.false(loads.some((i) => i.op === "load" && i.type === "i8"), `${op} "${lit}" loads single bytes`);
      const off = lowerText(src, "llvm", { perfFastpath: "on", fastPaths: { widen: false } }).lowered.functions[0]!;
      t.is(off.blocks.flatMap((b) => b.insts).filter((i) => i.op === "load").length, n, "widen off: one load per byte");
    }
  });
}

test("str.contains with a needle of at most 8 bytes compares it whole at each position (no byte-by-byte first test)", (t) => {
  for (const lit of ["ab", "beta", "gamma", "abcdefgh"]) {
    const f = lowerText(compareModule("str.contains", lit), "llvm", { perfFastpath: "on" }).lowered.functions[0]!;
    const loads = f.blocks.flatMap((b) => b.insts).filter((i) => i.op === "load");
    t.false(loads.some((i) => i.op === "load" && i.type === "i8"), lit);
  }
});

/**
 * Switches with nothing to do in the kernels, which were written with their
 * invariants outside the loops already and have no inner loop of a few
 * constant trips: each must change some conformance module instead.
 */
const MODULE_ONLY: ReadonlySet<string> = new Set(["licm", "strops", "unroll"]);

for (const backend of ["llvm", "cranelift"] as Backend[]) {
  test(`${backend}: each fast-path switch changes the emitted text of some kernel (or module, for ${[...MODULE_ONLY].join(", ")})`, (t) => {
    const src = KERNEL_NAMES.map((k) => ({ file: kernelPath(k), text: readFileSync(kernelPath(k), "utf8") }));
    const mods = moduleCases().map((c) => ({ file: c.file, text: readFileSync(c.file, "utf8") }));
    for (const fp of FAST_PATHS) {
      const changed = (MODULE_ONLY.has(fp) ? mods : src).filter(({ file, text }) =>
        lowerText(text, backend, { perfFastpath: "on", fastPaths: { [fp]: false }, file }).text !== lowerText(text, backend, { perfFastpath: "on", file }).text);
      t.true(changed.length > 0, `switching ${fp} off changes no ${MODULE_ONLY.has(fp) ? "module" : "kernel"}`);
    }
  });
}

test("loop_invariants: invariant operations leave their loops, a guarded division stays, licm off keeps them all in", (t) => {
  const file = moduleCases().find((c) => c.name === "loop_invariants")!.file;
  const text = readFileSync(file, "utf8");
  /** The index of the block computing each named value, for the named values asked about. */
  const blockOf = (f: LFunction, names: readonly string[]) => Object.fromEntries(names.map((n) => {
    const v = f.names!.values.indexOf(n);
    return [n, f.blocks.findIndex((b) => b.insts.some((i) => "dst" in i && i.dst === v))];
  }));
  const lowerIt = (licm: boolean) => {
    const r = lowerText(text, "cranelift", { perfFastpath: "on", file, fastPaths: { licm } });
    return { f: r.lowered.functions.find((x) => x.name === "kernel")!, hoists: r.report.functions.flatMap((x) => x.decisions).filter((d) => d.rule === "licm-hoist").length };
  };
  const on = lowerIt(true), off = lowerIt(false);
  const names = ["scale", "mask", "n1", "per", "xy", "b3"];
  const at = blockOf(on.f, names), before = blockOf(off.f, names);
  t.is(at["scale"], 0, "n * 7 is computed once, in the entry block (the outer loop's preheader)");
  t.is(at["mask"], 0, "n and 3 leaves both loops");
  t.is(at["n1"], 0, "n + 1 leaves both loops");
  t.not(at["per"], 0, "1000 / n may divide by zero: it stays behind its check inside the loop");
  t.not(at["xy"], 0, "(i xor n) * (n + 1) varies with the outer loop...");
  t.not(at["xy"], at["b3"], "...but leaves the inner one, where its user b3 stays");
  for (const n of names) t.not(before[n], 0, `licm off: ${n} stays in its loop`);
  t.is(before["xy"], before["b3"], "licm off: xy stays next to its user in the inner loop");
  t.is(on.hoists, 2, "the matrix is asked once per loop that has something to hoist");
  t.is(off.hoists, 0);
});

test("resultx_classify: classify feeding class_score becomes one table load per step, no dispatch left", (t) => {
  const text = readFileSync(kernelPath("resultx_classify"), "utf8");
  const on = lowerText(text, "cranelift", { perfFastpath: "on" });
  const kernel = on.report.functions.find((f) => f.name === "kernel")!;
  t.is(kernel.decisions.filter((d) => d.rule === "compose-lookup").length, 4);
  const body = on.lowered.functions.find((f) => f.name === "kernel")!;
  t.false(body.blocks.some((b) => b.term.op === "br_table"));
  t.false(body.blocks.flatMap((b) => b.insts).some((i) => i.op === "binary" && i.kind === "urem"), "the checksum remainders are compare-and-subtract");
  const tables = (fastPaths: Record<string, boolean>) =>
    lowerText(text, "cranelift", { perfFastpath: "on", fastPaths }).lowered.functions.find((f) => f.name === "kernel")!.blocks.filter((b) => b.term.op === "br_table").length;
  t.is(tables({ compose: false }), 4, "compose off: threading still sends classify's arms straight to class_score's, one jump table per step");
  t.is(tables({ compose: false, fold: false }), 8, "fold and compose off: the eight jump tables of the lowering");
});

test("text_kernel: the single-byte replace goes 8 bytes per step", (t) => {
  const text = readFileSync(kernelPath("text_kernel"), "utf8");
  const f = lowerText(text, "cranelift", { perfFastpath: "on" }).lowered.functions.find((x) => x.name === "kernel")!;
  t.true(f.blocks.some((b) => b.insts.some((i) => i.op === "load" && i.type === "i64" && i.unaligned === true)));
});

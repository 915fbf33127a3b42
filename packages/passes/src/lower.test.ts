/**
 * Unit tests of the shared lowering on modules built with the builder: what
 * the matrix decided shows in the report and in the lowered form itself.
 */
import test from "ava";
import { arrayType, I32, type FunctionBuilder, ModuleBuilder, type Module, verifyModule } from "@fzy/ir";
import { lowerModule } from "./lower-module.js";
import type { LFunction, LModule } from "@fzy/lir";

function build(body: (mb: ModuleBuilder, f: FunctionBuilder) => void): Module {
  const mb = new ModuleBuilder("t");
  const f = mb.function("kernel", [["n", I32]], I32, { exported: true });
  body(mb, f);
  const m = mb.finish();
  verifyModule(m);
  return m;
}

const kernelOf = (lm: LModule): LFunction => lm.functions.find((f) => f.name === "kernel")!;
const calls = (f: LFunction) => f.blocks.flatMap((b) => b.insts.filter((i) => i.op === "call").map((i) => (i as { callee: string }).callee));
const terms = (f: LFunction) => f.blocks.map((b) => b.term.op);

/** kernel(n) = a[n] + a[n+1] + a[n+2] on a constant array of 8. */
const window = build((_mb, f) => {
  f.at(f.block("entry"));
  const arr = f.arrayLit(arrayType(I32, 8), [1, 2, 3, 4, 5, 6, 7, 8].map((x) => f.iconst(I32, x)));
  const n = f.param(0);
  const a0 = f.arrayGet(arr, n);
  const a1 = f.arrayGet(arr, f.add(n, f.iconst(I32, 1)));
  const a2 = f.arrayGet(arr, f.add(n, f.iconst(I32, 2)));
  f.ret(f.add(f.add(a0, a1), a2));
});

test("an unproven window of constant offsets gets one grouped check", (t) => {
  const { report, module } = lowerModule(window, { backend: "llvm", mode: "on" });
  const r = report.functions[0]!;
  t.is(r.total.boundsChecks, 1);
  t.is(r.total.boundsGrouped, 3);
  t.is(r.total.directLoads, 3);
  t.deepEqual(calls(kernelOf(module)).filter((c) => c !== "fz_panic_bounds"), []);
  t.true(module.data.length === 1 && module.data[0]!.bytes.length === 32, "the literal is static data");
});

test("with the bounds fast path off every access has its own check", (t) => {
  const { report } = lowerModule(window, { backend: "llvm", mode: "on", fastPaths: { bounds: false } });
  t.is(report.functions[0]!.total.boundsChecks, 3);
  t.is(report.functions[0]!.total.boundsGrouped, 0);
});

test("mode off goes through runtime array handles", (t) => {
  const { report, module } = lowerModule(window, { backend: "cranelift", mode: "off" });
  const cs = calls(kernelOf(module));
  t.is(cs.filter((c) => c === "fz_array_get").length, 3);
  t.true(report.functions[0]!.total.handleCalls >= 3 + 8, "array_new, 8 pushes, 3 gets");
});

function switchModule(values: number[]): Module {
  return build((_mb, f) => {
    const entry = f.block("entry");
    const arms = values.map((v) => f.block(`arm${v}`));
    const dflt = f.block("other");
    f.at(entry);
    f.switch(f.param(0), values.map((v, i) => ({ value: BigInt(v), target: arms[i]! })), dflt);
    values.forEach((v, i) => { f.at(arms[i]!); f.ret(f.iconst(I32, v * 3)); });
    f.at(dflt);
    f.ret(f.iconst(I32, -1));
  });
}

test("a dense switch becomes a jump table, a sparse one the LIR switch (a tree of blocks for wasm), a short one a chain", (t) => {
  const dense = lowerModule(switchModule([0, 1, 2, 3, 4, 6]), { backend: "cranelift", mode: "on" });
  t.true(terms(kernelOf(dense.module)).includes("br_table"));
  t.is(dense.report.functions[0]!.total.matchTable, 1);
  const sparse = lowerModule(switchModule([1, 100, 1000, 5000, 70000, 123456]), { backend: "wasm", mode: "on" });
  t.false(terms(kernelOf(sparse.module)).includes("br_table"));
  t.false(terms(kernelOf(sparse.module)).includes("switch"));
  t.is(sparse.report.functions[0]!.total.matchTree, 1);
  for (const backend of ["llvm", "cranelift"] as const) {
    const native = lowerModule(switchModule([1, 100, 1000, 5000, 70000, 123456]), { backend, mode: "on" });
    t.true(terms(kernelOf(native.module)).includes("switch"), backend);
    t.is(native.report.functions[0]!.total.matchSwitch, 1, backend);
    t.is(native.report.functions[0]!.total.matchTree, 0, backend);
  }
  const short = lowerModule(switchModule([0, 1]), { backend: "llvm", mode: "on" });
  t.is(short.report.functions[0]!.total.matchChain, 1);
  const forced = lowerModule(switchModule([0, 1]), { backend: "llvm", mode: "force" });
  t.is(forced.report.functions[0]!.total.matchTable, 1);
  const off = lowerModule(switchModule([0, 1, 2, 3, 4, 6]), { backend: "llvm", mode: "off" });
  t.is(off.report.functions[0]!.total.matchChain, 1);
});

const pair = build((mb, f) => {
  mb.struct("Pair", [["left", I32], ["right", I32]]);
  f.at(f.block("entry"));
  const p = f.structNew("Pair", [f.param(0), f.iconst(I32, 5)]);
  f.structSet(p, "right", f.add(f.structGet(p, "right"), f.param(0)));
  f.ret(f.mul(f.structGet(p, "left"), f.structGet(p, "right")));
});

test("a local struct is split into scalars; with structs off it lives in a heap cell", (t) => {
  const on = lowerModule(pair, { backend: "llvm", mode: "on" });
  t.deepEqual(calls(kernelOf(on.module)), []);
  t.is(on.report.functions[0]!.total.allocations, 0);
  const off = lowerModule(pair, { backend: "llvm", mode: "on", fastPaths: { structs: false } });
  // The cell is counted: released after the last field read.
  t.deepEqual(calls(kernelOf(off.module)), ["fz_alloc", "fz_release"]);
  t.true(off.report.functions[0]!.decisions.some((d) => d.form === "heap-cell" && d.reason.includes("structs switched off")));
});

test("lowering is deterministic", (t) => {
  for (const m of [window, pair, switchModule([1, 5, 9, 200])]) {
    for (const mode of ["off", "on", "force"] as const) {
      const a = lowerModule(m, { backend: "llvm", mode });
      const b = lowerModule(m, { backend: "llvm", mode });
      t.deepEqual(a, b);
    }
  }
});

test("bad options are typed errors", (t) => {
  t.throws(() => lowerModule(window, { backend: "llvm", mode: "fast" as never }), { message: /unknown fast-path mode/ });
  t.throws(() => lowerModule(window, { backend: "llvm", fastPaths: { magic: false } as never }), { message: /unknown fast path magic/ });
});

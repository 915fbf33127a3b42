/**
 * lower-switch: the lowered dispatch does not depend on the order the cases
 * were written in, the first of equal cases (equal as values of the
 * switched type: 255 is -1 on an i8) wins, and a switch whose arms pass
 * variables to a join lowers through every form (chain, tree, jump table).
 * Each property compares two lowerings computed here, on every backend the property concerns.
 */
import test from "ava";
import { type BlockId, I8, I32, ModuleBuilder, type Module, verifyModule } from "@fzy/ir";
import { printLIR, verifyLIR } from "@fzy/lir";
import { lowerModule } from "./lower-module.js";

/** One case as written: its value and the index of the arm it goes to. */
type Case = readonly [value: number, arm: number];

/**
 * kernel(n: i8) = out, where out starts as n, each of `arms` arms adds its
 * own constant to it and jumps to a join (so every edge carries the
 * variable), and the switch on n takes `cases`; the default sets -1.
 */
function switchModule(cases: readonly Case[], arms: number, verify = true): Module {
  const mb = new ModuleBuilder("t");
  const f = mb.function("kernel", [["n", I8]], I32, { exported: true });
  const out = f.var("out", I32);
  const entry = f.block("entry");
  const blocks: BlockId[] = Array.from({ length: arms }, (_, i) => f.block(`arm${i}`));
  const other = f.block("other");
  const join = f.block("join");
  f.at(entry);
  f.set(out, f.convert("sext", f.param(0), I32));
  f.switch(f.param(0), cases.map(([value, arm]) => ({ value: BigInt(value), target: blocks[arm]! })), other);
  // Each arm adds to the variable (not a constant arm, which would make the switch a lookup table).
  blocks.forEach((b, i) => { f.at(b); f.set(out, f.add(f.get(out), f.iconst(I32, (i + 1) * 7))); f.jump(join); });
  f.at(other);
  f.set(out, f.iconst(I32, -1));
  f.jump(join);
  f.at(join);
  f.ret(f.get(out));
  const m = mb.finish();
  if (verify) verifyModule(m);
  return m;
}

const lowered = (m: Module, backend: "cranelift" | "llvm" | "wasm", mode: "on" | "off" = "on") => {
  const r = lowerModule(m, { backend, mode });
  verifyLIR(r.module);
  return { text: printLIR(r.module), totals: r.report.functions[0]!.total };
};

/** A fixed shuffle (reversed, then every other case moved to the front), so the test repeats. */
function shuffled<T>(xs: readonly T[]): T[] {
  const r = [...xs].reverse();
  return [...r.filter((_, i) => i % 2 === 0), ...r.filter((_, i) => i % 2 === 1)];
}

type Counter = "matchChain" | "matchTree" | "matchTable" | "matchSwitch";

/**
 * A switch the matrix lowers as `counter` in `mode` (the legacy mode
 * compares in a chain), or as `sparse` where the backend has a sparse
 * switch (LLVM's `switch`; the CLIF printer spells it as a compare tree):
 * the tree of blocks is then the wasm backend's. Its first cases go to arms 0, 1, 2, ... in turn:
 * the order of the arm blocks in the output follows the order their first
 * cases are written in, so the tail is what gets reordered.
 */
const SHAPES: { name: string; cases: Case[]; mode: "on" | "off"; counter: Counter; sparse?: Counter }[] = [
  { name: "chain", cases: [[4, 0], [-9, 1], [60, 2], [-128, 0], [33, 1], [17, 2], [-70, 1]], mode: "off", counter: "matchChain" },
  { name: "tree", cases: [[-120, 0], [-50, 1], [-3, 2], [7, 3], [19, 1], [44, 2], [90, 0], [121, 3], [127, 0], [-90, 2]], mode: "on", counter: "matchTree", sparse: "matchSwitch" },
  { name: "jump table", cases: [[3, 0], [1, 1], [2, 2], [0, 3], [4, 0], [8, 1], [6, 2], [5, 3]], mode: "on", counter: "matchTable" },
];

test("the lowered dispatch is the same whatever order the cases are written in", (t) => {
  for (const backend of ["cranelift", "llvm", "wasm"] as const) {
    for (const { name, cases, mode, counter: other, sparse } of SHAPES) {
      const counter = backend !== "wasm" ? sparse ?? other : other;
      const arms = Math.max(...cases.map((c) => c[1])) + 1;
      const head = cases.slice(0, arms), tail = cases.slice(arms);
      const a = lowered(switchModule(cases, arms), backend, mode), b = lowered(switchModule([...head, ...shuffled(tail)], arms), backend, mode);
      t.is(a.totals[counter], 1, `${name} on ${backend} is lowered as a ${counter}`);
      t.is(b.text, a.text, `${name} on ${backend}`);
    }
  }
});

test("LLVM's switch lists the kept cases once each, as signed values of the switched type in increasing order", (t) => {
  // 255 is -1 on an i8 (and comes after it, so it is dropped); 128 is -128.
  const { text } = lowered(switchModule([[40, 0], [-1, 1], [128, 2], [7, 3], [255, 0], [-30, 1], [127, 2]], 4, false), "llvm");
  t.regex(text, /switch v0, block5\(v5\), \[-128: block3, -30: block2, -1: block2, 7: block4, 40: block1, 127: block3\]/);
});

test("the first of equal cases wins, equal as values of the switched type (in a module the verifier would reject)", (t) => {
  for (const backend of ["cranelift", "llvm"] as const) {
    // 5 twice, and 255 after -1 (the same i8): the later ones are dropped. Arm 1 stays reachable through 9.
    const withDuplicates = lowered(switchModule([[-1, 0], [5, 0], [5, 1], [9, 1], [255, 2], [30, 2], [100, 3], [-60, 3], [77, 0]], 4, false), backend);
    const without = lowered(switchModule([[-1, 0], [5, 0], [9, 1], [30, 2], [100, 3], [-60, 3], [77, 0]], 4), backend);
    t.is(withDuplicates.text, without.text, backend);
    // Had the later case won, 5 would go to arm 1: a different program.
    const laterWins = lowered(switchModule([[-1, 2], [5, 1], [9, 1], [30, 2], [100, 3], [-60, 3], [77, 0]], 4), backend);
    t.not(laterWins.text, without.text, backend);
  }
});

/**
 * Runner of the `lower` directive: every `filetests/lowering/NAME.fzir` is
 * lowered in each mode its `; modes:` line names, and the lowered form,
 * printed as `.lir`, must equal `NAME.MODE.lir` (BLESS=1 rewrites it). Every
 * backend receives that same form, but for wasm's sparse matches (a branch
 * tree of blocks where LLVM and Cranelift get the LIR `switch`, which the
 * CLIF printer spells as a compare tree): where wasm's form differs it has a
 * golden of its own, `NAME.MODE.wasm.lir`. Each golden then goes through
 * its consumer: it parses, passes `verifyLIR` and prints back to itself.
 *
 * Also here: every `.lir` file under filetests (the printers' fixtures too)
 * is in printed form and verifies, so a hand-edited fixture stays canonical.
 */
import test, { type ExecutionContext } from "ava";
import { parseModule } from "@fzy/ir";
import { parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { lowerModule, type Mode } from "@fzy/passes";
import { MODES } from "../parity.js";
import { checkGolden, filetests, staleGoldens } from "./filetest.js";

const cases = filetests("lowering", ".fzir").filter((c) => c.directives.includes("lower"));

/** The text after the leading `;` comment lines: what `printLIR` writes. */
function lirBody(text: string): string {
  return text.replace(/^(;[^\n]*\n)*/, "");
}

test("there are lowering filetests, each naming its modes", (t) => {
  t.true(cases.length >= 8);
  for (const c of cases) {
    t.true(c.modes.length > 0, `${c.name}: no '; modes:' line`);
    for (const m of c.modes) t.true((MODES as readonly string[]).includes(m), `${c.name}: unknown mode ${m}`);
  }
});

/**
 * The lowered form of a filetest for Cranelift (the shared form), LLVM's
 * (the same: both have a sparse switch) and wasm's, printed; `wasm`
 * undefined when it equals the shared one.
 */
function lowerAll(c: (typeof cases)[number], mode: Mode): { shared: string; llvm: string; wasm: string | undefined; wasmTrees: number } {
  const ir = parseModule(c.text, c.path);
  const shared = lowerModule(ir, { backend: "cranelift", mode }).module;
  verifyLIR(shared);
  const w = lowerModule(ir, { backend: "wasm", mode });
  const text = printLIR(shared), wasm = printLIR(w.module);
  return {
    shared: text, llvm: printLIR(lowerModule(ir, { backend: "llvm", mode }).module), wasm: wasm === text ? undefined : wasm,
    wasmTrees: w.report.functions.reduce((n, f) => n + f.total.matchTree, 0),
  };
}

/** Compare one golden and put it through its consumer. */
function checkLirGolden(t: ExecutionContext, path: string, text: string): void {
  const golden = checkGolden(t, path, text);
  const back = parseLIR(golden);
  t.notThrows(() => verifyLIR(back));
  t.is(printLIR(back), lirBody(golden));
}

for (const c of cases) {
  for (const mode of c.modes as Mode[]) {
    test(`lower ${c.name} (${mode})`, (t) => {
      const { shared, llvm, wasm, wasmTrees } = lowerAll(c, mode);
      const header = `; golden of ${c.name}.fzir, mode ${mode}: the shared lowering; regenerate with BLESS=1\n`;
      checkLirGolden(t, c.path.replace(/\.fzir$/, `.${mode}.lir`), header + shared);
      t.is(llvm, shared, "LLVM receives the lowered form Cranelift does");
      if (wasm === undefined) return;
      t.true(wasmTrees > 0, "wasm receives a different lowered form without a branch tree");
      const wasmHeader = `; golden of ${c.name}.fzir, mode ${mode}: the lowering for wasm (branch trees); regenerate with BLESS=1\n`;
      checkLirGolden(t, c.path.replace(/\.fzir$/, `.${mode}.wasm.lir`), wasmHeader + wasm);
    });
  }
}

test("every .lir golden belongs to a lowering filetest and one of its modes", (t) => {
  const expected = new Set(cases.flatMap((c) => c.modes.flatMap((m) => {
    const own = lowerAll(c, m as Mode).wasm !== undefined ? [`${c.name}.${m}.wasm.lir`] : [];
    return [`${c.name}.${m}.lir`, ...own];
  })));
  t.deepEqual(staleGoldens("lowering", ".lir", expected), []);
});

test("every printer fixture is in printed form and verifies", (t) => {
  const fixtures = filetests("lir", ".lir");
  t.true(fixtures.length > 0);
  for (const f of fixtures) {
    const m = parseLIR(f.text, f.path);
    t.notThrows(() => verifyLIR(m), f.name);
    t.is(printLIR(m), lirBody(f.text), f.name);
  }
});

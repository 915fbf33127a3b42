/**
 * Runner of the `lower` directive: every `filetests/lowering/NAME.fzir` is
 * lowered in each mode its `; modes:` line names, and the lowered form,
 * printed as `.lir`, must equal `NAME.MODE.lir` (BLESS=1 rewrites it). Every
 * backend receives that same form, but for LLVM's sparse matches (a native
 * `switch` where the others get a branch tree): where LLVM's form differs it
 * has a golden of its own, `NAME.MODE.llvm.lir`. Each golden then goes
 * through its consumer: it parses, passes `verifyLIR` and prints back to itself.
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

/** The lowered form of a filetest for cranelift (the shared form) and for LLVM, printed; `llvm` undefined when the two are equal. */
function lowerBoth(c: (typeof cases)[number], mode: Mode): { shared: string; llvm: string | undefined; llvmSwitches: number } {
  const ir = parseModule(c.text, c.path);
  const shared = lowerModule(ir, { backend: "cranelift", mode }).module;
  verifyLIR(shared);
  const l = lowerModule(ir, { backend: "llvm", mode });
  const text = printLIR(shared), llvm = printLIR(l.module);
  return { shared: text, llvm: llvm === text ? undefined : llvm, llvmSwitches: l.report.functions.reduce((n, f) => n + f.total.matchSwitch, 0) };
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
      const { shared, llvm, llvmSwitches } = lowerBoth(c, mode);
      const header = `; golden of ${c.name}.fzir, mode ${mode}: the shared lowering; regenerate with BLESS=1\n`;
      checkLirGolden(t, c.path.replace(/\.fzir$/, `.${mode}.lir`), header + shared);
      if (llvm === undefined) return;
      t.true(llvmSwitches > 0, "LLVM receives a different lowered form without a native switch");
      const llvmHeader = `; golden of ${c.name}.fzir, mode ${mode}: the lowering for LLVM (native switches); regenerate with BLESS=1\n`;
      checkLirGolden(t, c.path.replace(/\.fzir$/, `.${mode}.llvm.lir`), llvmHeader + llvm);
    });
  }
}

test("every .lir golden belongs to a lowering filetest and one of its modes", (t) => {
  const expected = new Set(cases.flatMap((c) => c.modes.flatMap((m) => {
    const own = lowerBoth(c, m as Mode).llvm !== undefined ? [`${c.name}.${m}.llvm.lir`] : [];
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

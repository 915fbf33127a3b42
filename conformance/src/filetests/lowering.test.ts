/**
 * Runner of the `lower` directive: every `filetests/lowering/NAME.fzir` is
 * lowered in each mode its `; modes:` line names, and the lowered form,
 * printed as `.lir`, must equal `NAME.MODE.lir` (BLESS=1 rewrites it). Both
 * backends must receive that same form. The golden then goes through its
 * consumer: it parses, passes `verifyLIR` and prints back to itself.
 *
 * Also here: every `.lir` file under filetests (the printers' fixtures too)
 * is in printed form and verifies, so a hand-edited fixture stays canonical.
 */
import test from "ava";
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

for (const c of cases) {
  for (const mode of c.modes as Mode[]) {
    test(`lower ${c.name} (${mode})`, (t) => {
      const ir = parseModule(c.text, c.path);
      const lowered = lowerModule(ir, { backend: "cranelift", mode }).module;
      verifyLIR(lowered);
      const text = printLIR(lowered);
      t.is(printLIR(lowerModule(ir, { backend: "llvm", mode }).module), text, "the two backends receive different lowered forms");
      const header = `; golden of ${c.name}.fzir, mode ${mode}: the shared lowering; regenerate with BLESS=1\n`;
      const golden = checkGolden(t, c.path.replace(/\.fzir$/, `.${mode}.lir`), header + text);
      const back = parseLIR(golden);
      t.notThrows(() => verifyLIR(back));
      t.is(printLIR(back), lirBody(golden));
    });
  }
}

test("every .lir golden belongs to a lowering filetest and one of its modes", (t) => {
  const expected = new Set(cases.flatMap((c) => c.modes.map((m) => `${c.name}.${m}.lir`)));
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

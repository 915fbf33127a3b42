/**
 * Runner of the `print-clif` directive: every `filetests/lir/NAME.lir` that
 * names it is parsed, verified and printed as CLIF; the text must equal
 * `NAME.clif` (BLESS=1 rewrites it). The golden then goes through the strict
 * CLIF checker with the module's data symbols, so no golden can freeze text
 * Cranelift would reject.
 */
import test from "ava";
import { parseLIR, verifyLIR } from "@fzy/lir";
import { checkCLIF, formatCheckErrors } from "@fzy/clif";
import { printCLIF } from "@fzy/lower-cranelift";
import { checkGolden, lirFiletests, staleGoldens } from "./filetest.js";

const cases = lirFiletests("print-clif");

test("there are print-clif filetests", (t) => {
  t.true(cases.length >= 10);
});

for (const c of cases) {
  test(`print-clif ${c.name}`, (t) => {
    const module = parseLIR(c.text, c.path);
    verifyLIR(module);
    const out = printCLIF(module);
    const actual = `; golden of ${c.name}.lir: printCLIF (Cranelift 0.135 CLIF); regenerate with BLESS=1\n${out.text}`;
    const golden = checkGolden(t, c.path.replace(/\.lir$/, ".clif"), actual);
    const errors = checkCLIF(golden, { dataSymbols: out.data.map((d) => d.name) });
    t.deepEqual(errors, [], formatCheckErrors(errors));
  });
}

test("every .clif golden belongs to a print-clif filetest", (t) => {
  t.deepEqual(staleGoldens("lir", ".clif", new Set(cases.map((c) => `${c.name}.clif`))), []);
});

test("the strict checker, the consumer check, rejects what Cranelift would", (t) => {
  const errors = checkCLIF("function %f(i32) -> i32 system_v {\nblock0(v0: i32):\n    v1 = iadd v0, v9\n    return v1\n}\n");
  t.true(errors.length > 0);
});

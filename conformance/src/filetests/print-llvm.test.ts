/**
 * Runner of the `print-llvm` directive: every `filetests/lir/NAME.lir` that
 * names it is parsed, verified and printed for x86_64-linux; the text must
 * equal `NAME.ll` (BLESS=1 rewrites it). The golden then goes through LLVM's
 * own parser and verifier, and the module compiles with clang -O2 for every
 * supported target, so no golden can freeze invalid IR.
 */
import test from "ava";
import { join } from "node:path";
import { parseLIR, verifyLIR } from "@fzy/lir";
import { printLLVM, SUPPORTED_TARGETS } from "@fzy/lower-llvm";
import { compileLLVMObject, scratchDir, verifyLLVM } from "../native/toolchain.js";
import { checkGolden, lirFiletests, staleGoldens } from "./filetest.js";

const cases = lirFiletests("print-llvm");

test("there are print-llvm filetests", (t) => {
  t.true(cases.length >= 10);
});

for (const c of cases) {
  test(`print-llvm ${c.name}`, (t) => {
    const module = parseLIR(c.text, c.path);
    verifyLIR(module);
    const actual = `; golden of ${c.name}.lir: printLLVM for x86_64-linux; regenerate with BLESS=1\n${printLLVM(module)}`;
    const golden = checkGolden(t, c.path.replace(/\.lir$/, ".ll"), actual);
    t.notThrows(() => verifyLLVM(golden), "LLVM's verifier rejects the golden");
    const dir = scratchDir(`filetest-${c.name}`);
    for (const target of SUPPORTED_TARGETS) {
      t.notThrows(() => compileLLVMObject(printLLVM(module, { target }), join(dir, `${target}.o`)), target);
    }
  });
}

test("every .ll golden belongs to a print-llvm filetest", (t) => {
  t.deepEqual(staleGoldens("lir", ".ll", new Set(cases.map((c) => `${c.name}.ll`))), []);
});

test("LLVM's verifier, the consumer check, rejects invalid IR with its message", (t) => {
  // A phi missing the row for one of its predecessors: what a printer bug in edge planning would produce.
  const broken = [
    "define i32 @f(i1 %c) {",
    "bb0:",
    "  br i1 %c, label %bb1, label %bb2",
    "bb2:",
    "  br label %bb1",
    "bb1:",
    "  %v = phi i32 [ 1, %bb0 ]",
    "  ret i32 %v",
    "}",
  ].join("\n");
  t.throws(() => verifyLLVM(broken), { message: /PHINode should have one entry for each predecessor/ });
});

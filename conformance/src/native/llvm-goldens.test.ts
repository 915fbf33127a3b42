/**
 * The real consumer for the LLVM printer's goldens: every file in
 * packages/lower-llvm/golden passes LLVM's parser and verifier, and every
 * example compiles with clang -O2 for every supported target, so no golden
 * and no printer feature can stand on invalid IR.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { printLLVM, SUPPORTED_TARGETS } from "@fzy/lower-llvm";
import { EXAMPLES } from "@fzy/lower-llvm/examples";
import { compileLLVMObject, REPO_ROOT, scratchDir, verifyLLVM } from "./toolchain.js";

const GOLDEN_DIR = join(REPO_ROOT, "packages/lower-llvm/golden");
const goldens = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".ll")).sort();

test("there are LLVM goldens to verify", (t) => {
  t.true(goldens.length >= EXAMPLES.length);
});

for (const file of goldens) {
  test(`LLVM verifier accepts golden ${file}`, (t) => {
    t.notThrows(() => verifyLLVM(readFileSync(join(GOLDEN_DIR, file), "utf8")));
  });
}

for (const example of EXAMPLES) {
  test(`clang -O2 compiles ${example.name} for every target`, (t) => {
    const dir = scratchDir(`objects-${example.name}`);
    for (const target of SUPPORTED_TARGETS) {
      const text = printLLVM(example.build(), { target });
      t.notThrows(() => verifyLLVM(text), target);
      t.notThrows(() => compileLLVMObject(text, join(dir, `${target}.o`)), target);
    }
  });
}

test("the verifier rejects invalid IR with LLVM's message", (t) => {
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

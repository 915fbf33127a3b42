/**
 * Emitted LLVM text names the triple the system clang assumes, so
 * `clang -O2 -c out.ll` compiles it as written: no "overriding the module
 * target triple" warning on the machine the suite runs on.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { lowerText } from "@fzy/lower";
import { findLLVMTools, hostTarget, scratchDir } from "./toolchain.js";

test("clang -O2 compiles emitted LLVM text for the host without a triple warning", (t) => {
  const { clang } = findLLVMTools();
  const source = "module m\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %z = const.i32 7\n  %q = sdiv %z, %n\n  ret %q\n}\n";
  const r = lowerText(source, "llvm", { target: hostTarget() });
  const dir = scratchDir("triple");
  writeFileSync(join(dir, "m.ll"), r.text);
  const defaultTriple = spawnSync(clang, ["-print-target-triple"], { encoding: "utf8" }).stdout.trim();
  t.true(r.text.includes(`target triple = "${defaultTriple}"`), `clang's default is ${defaultTriple}`);
  const cc = spawnSync(clang, ["-O2", "-c", join(dir, "m.ll"), "-o", join(dir, "m.o")], { encoding: "utf8" });
  t.is(cc.status, 0, cc.stderr);
  t.is(cc.stderr, "");
});

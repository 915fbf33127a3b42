/** Tool discovery: LLVM 19 is found here, and a bad override fails with a clear message. */
import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findLLVMTools } from "./toolchain.js";

test("clang and a verifier tool are found", (t) => {
  const tools = findLLVMTools();
  t.truthy(tools.clang);
  t.truthy(tools.opt ?? tools.llvmAs);
});

test("an FZ_LLVM_BIN without the tools is an error naming it", (t) => {
  const empty = mkdtempSync(join(tmpdir(), "fz-llvm-bin-"));
  try {
    t.throws(() => findLLVMTools({ ...process.env, FZ_LLVM_BIN: empty }), { message: /FZ_LLVM_BIN=.* must hold clang and opt/ });
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

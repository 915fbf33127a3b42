/**
 * Native builds of a lowering result: LLVM text through clang, CLIF text
 * through the CLIF executor (or a real Cranelift when FZ_CLIF_TOOL is set),
 * both linked with runtime-c and the harness.
 */
import type { Backend, LowerResult } from "@fzy/lower";
import { buildCLIFExecutable, clifEngine } from "./clif.js";
import { buildLLVMExecutable } from "./toolchain.js";

/**
 * `sanitize`: true links runtime-c's ASan + UBSan variant and instruments
 * the CLIF executor's C as well; "runtime" only links the sanitizer runtimes
 * (leak detection and the runtime's own checks, the module's code plain, as
 * LLVM builds always are), which keeps a CLIF build as fast as a plain one.
 */
export function buildNative(backend: Backend, r: LowerResult, exe: string, options: { sanitize?: boolean | "runtime"; extraObjects?: readonly string[] } = {}): string {
  if (backend === "llvm") return buildLLVMExecutable(r.text, exe, { ...options, sanitize: options.sanitize !== undefined && options.sanitize !== false });
  buildCLIFExecutable(r.text, r.data, exe, options);
  return exe;
}

/** Which engine runs CLIF here: "executor" (CLIF translated to C) or "cranelift" (FZ_CLIF_TOOL). */
export function clifEngineName(): string {
  return clifEngine();
}

/**
 * Native builds of a lowering result: LLVM text through clang, CLIF text
 * through the CLIF executor (or a real Cranelift when FZ_CLIF_TOOL is set),
 * both linked with runtime-c and the harness.
 */
import type { Backend, LowerResult } from "@fzy/lower";
import { buildCLIFExecutable, clifEngine } from "./clif.js";
import { buildLLVMExecutable } from "./toolchain.js";

export function buildNative(backend: Backend, r: LowerResult, exe: string, options: { sanitize?: boolean; extraObjects?: readonly string[] } = {}): string {
  if (backend === "llvm") return buildLLVMExecutable(r.text, exe, options);
  buildCLIFExecutable(r.text, r.data, exe, options);
  return exe;
}

/** Which engine runs CLIF here: "executor" (CLIF translated to C) or "cranelift" (FZ_CLIF_TOOL). */
export function clifEngineName(): string {
  return clifEngine();
}

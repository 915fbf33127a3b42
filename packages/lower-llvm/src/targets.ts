/**
 * The targets the printer knows: each is a triple and the data layout LLVM
 * expects for it. The layouts are the ones LLVM 15-18 print; LLVM 19 appends
 * `-Fn32` to the AArch64 layout itself when it reads an older one, so one
 * string serves every supported version. This is the one home of the target
 * names: `@fzy/lower` re-exports `LLVMTarget` as its `Target`. Every target
 * has 8-byte pointers (`POINTER_SIZE` of @fzy/lir).
 *
 * The triples are the ones the system clang assumes by default (Debian's and
 * Ubuntu's LLVM packages: `x86_64-pc-linux-gnu`, `aarch64-unknown-linux-gnu`),
 * so `clang -O2 -c out.ll` compiles the text as written, without the
 * "overriding the module target triple" warning. The vendor field changes
 * no code generation on Linux; a clang built with another default still
 * accepts the text and only warns.
 */

/** Target names accepted by `printLLVM`. */
export type LLVMTarget = "x86_64-linux" | "aarch64-linux";

/** What the module header says about a target. */
export interface LLVMTargetInfo {
  readonly triple: string;
  readonly datalayout: string;
}

/** Triple and data layout of every supported target. */
export const TARGET_INFO: Readonly<Record<LLVMTarget, LLVMTargetInfo>> = {
  "x86_64-linux": {
    triple: "x86_64-pc-linux-gnu",
    datalayout: "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128",
  },
  "aarch64-linux": {
    triple: "aarch64-unknown-linux-gnu",
    datalayout: "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128",
  },
};

/** Every supported target, in a fixed order. */
export const SUPPORTED_TARGETS: readonly LLVMTarget[] = ["x86_64-linux", "aarch64-linux"];

/** The target used when none is given. */
export const DEFAULT_TARGET: LLVMTarget = "x86_64-linux";

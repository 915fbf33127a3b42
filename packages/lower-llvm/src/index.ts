/** @fzy/lower-llvm: the lowered form printed as LLVM IR text. */
export { LlvmModuleWriter, printLLVM, type PrintLLVMOptions } from "./module.js";
export { SUPPORTED_TARGETS, DEFAULT_TARGET, TARGET_INFO, type LLVMTarget, type LLVMTargetInfo } from "./targets.js";

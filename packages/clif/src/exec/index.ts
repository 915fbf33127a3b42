/**
 * The CLIF executor: runs CLIF text natively without Cranelift, by
 * translating it to C, or through a real Cranelift behind FZ_CLIF_TOOL.
 */
export { buildCLIFExecutable, clifEngine, type CLIFBuildOptions, type CLIFEngine } from "./build.js";
export { translateCLIF } from "./translate.js";
export { dataToC, type DataObjectInput } from "./data.js";
export { CLIFExecError } from "./instructions.js";
export { harnessType, type Invocation, invocationHarness } from "./harness.js";
export { runExecutable, type RunResult } from "./run.js";

/**
 * The CLIF executor of @fzy/clif as the conformance suite uses it: every
 * build links runtime-c and its harness, whose `main` calls
 * `int32_t kernel(int32_t)` with argv[1] and prints the result.
 */
import { buildCLIFExecutable as buildWith, type CLIFBuildOptions, type DataObjectInput } from "@fzy/clif";
import { CONFORMANCE_DIR, runtimeArtifacts } from "./toolchain.js";
import { join } from "node:path";

export { clifEngine, type CLIFEngine } from "@fzy/clif";

/** Builds `outPath` from CLIF text and its data objects, linked with runtime-c's harness and library. */
export function buildCLIFExecutable(
  text: string, data: readonly DataObjectInput[], outPath: string,
  options: Omit<CLIFBuildOptions, "sanitize"> & { readonly sanitize?: boolean | "runtime"; readonly extraObjects?: readonly string[] } = {},
): void {
  // "runtime": the sanitizer variant of runtime-c and the sanitizer runtimes, the executor's C plain.
  const runtimeOnly = options.sanitize === "runtime";
  const { lib, harness } = runtimeArtifacts(options.sanitize !== undefined && options.sanitize !== false);
  const link = [...(options.extraObjects ?? []), harness, lib, "-lpthread", ...(runtimeOnly ? ["-fsanitize=address,undefined"] : []), ...(options.link ?? [])];
  buildWith(text, data, outPath, { workDir: join(CONFORMANCE_DIR, ".work/clif"), ...options, sanitize: options.sanitize === true, link });
}

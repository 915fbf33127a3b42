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
  options: CLIFBuildOptions & { readonly extraObjects?: readonly string[] } = {},
): void {
  const { lib, harness } = runtimeArtifacts(options.sanitize);
  const link = [...(options.extraObjects ?? []), harness, lib, "-lpthread", ...(options.link ?? [])];
  buildWith(text, data, outPath, { workDir: join(CONFORMANCE_DIR, ".work/clif"), ...options, link });
}

/**
 * The import module names of an emitted module: what the linking in
 * runtime.ts supplies. Kept apart from module.ts so that running a module
 * never loads binaryen.
 */

/** Memory and runtime functions (`fz_*`): the WebAssembly build of runtime-c. */
export const RUNTIME_IMPORT = "fzrt";
/** The module's own imports (host functions). */
export const HOST_IMPORT = "host";

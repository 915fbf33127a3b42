/**
 * @fzy/lower-wasm: the lowered form as WebAssembly through binaryen, and the
 * runtime linking that runs it. This entry is safe for browsers; the Node
 * loader of the bundled runtime is `@fzy/lower-wasm/node`.
 */
export { lowerToWasm, type WasmOptions, type WasmOutput } from "./module.js";
export { RUNTIME_IMPORT, HOST_IMPORT } from "./imports.js";
export { DATA_BASE, RUNTIME_GLOBAL_BASE, WasmLimitError } from "./layout.js";
export { ONE_LEVEL_EDGES } from "./table-dispatch.js";
export { link, linkSync, type HostFunctions, type Source as WasmSource, type WasmProgram } from "./runtime.js";
export { WasmExit, wasiImports, type WasiStreams } from "./wasi.js";

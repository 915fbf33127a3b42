/**
 * The wasm backend, loaded on demand. @fzy/lower-wasm builds modules through
 * binaryen, whose npm package is an ES module that instantiates its own
 * WebAssembly with a top-level await: importing it costs about 0.4 s, and it
 * cannot be required synchronously (Node refuses `require` of a module with
 * top-level await). So `lower()` for cranelift and llvm never loads it, and
 * the wasm backend is loaded once per process by `await loadWasmBackend()`;
 * `lower(m, "wasm")` before that is a clear FzError, not a stall.
 *
 * Invariant: the one cached value is the imported module itself, the same
 * object the module loader would hand every importer; it holds no state of
 * any lowering, so output does not depend on when it was loaded.
 */
import { FzError } from "@fzy/ir";

/** What lower() uses of @fzy/lower-wasm. */
export type WasmBackend = typeof import("@fzy/lower-wasm");

let loaded: WasmBackend | undefined;
let loading: Promise<WasmBackend> | undefined;

/**
 * Loads the wasm backend (and binaryen) once; afterwards `lower(m, "wasm")`
 * works synchronously. Await it before the first wasm lowering; calling it
 * again is free.
 */
export function loadWasmBackend(): Promise<WasmBackend> {
  loading ??= import("@fzy/lower-wasm").then((m) => (loaded = m));
  return loading;
}

/** The loaded wasm backend, or an FzError saying how to load it. */
export function wasmBackend(): WasmBackend {
  if (!loaded) throw new FzError("option", "the wasm backend is loaded on demand: `await loadWasmBackend()` once before lower(module, \"wasm\")");
  return loaded;
}

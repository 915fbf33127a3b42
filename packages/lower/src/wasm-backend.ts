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

/** The modules of @fzy/lower-wasm loaded on demand, by specifier. */
interface WasmModules {
  "@fzy/lower-wasm": WasmBackend;
  "@fzy/lower-wasm/node": typeof import("@fzy/lower-wasm/node");
  "@fzy/lower-wasm/wasi": typeof import("@fzy/lower-wasm/wasi");
}

/**
 * Where the fzlower command puts its own `import()` (bin/load-bundle.js): it
 * runs this package as one CommonJS script compiled from V8's code cache, and
 * there V8 has no loader for an `import()` of the script itself.
 */
const COMMAND_IMPORT = Symbol.for("@fzy/lower: import on demand");

/** `import(specifier)`, through the fzlower command's own loader when it gave one. */
export function importWasmModule<K extends keyof WasmModules>(specifier: K): Promise<WasmModules[K]> {
  const given = (globalThis as { [COMMAND_IMPORT]?: (s: string) => Promise<unknown> })[COMMAND_IMPORT];
  if (given) return given(specifier) as Promise<WasmModules[K]>;
  switch (specifier) {
    case "@fzy/lower-wasm/node": return import("@fzy/lower-wasm/node") as Promise<WasmModules[K]>;
    case "@fzy/lower-wasm/wasi": return import("@fzy/lower-wasm/wasi") as Promise<WasmModules[K]>;
    default: return import("@fzy/lower-wasm") as Promise<WasmModules[K]>;
  }
}

let loaded: WasmBackend | undefined;
let loading: Promise<WasmBackend> | undefined;

/**
 * Loads the wasm backend (and binaryen) once; afterwards `lower(m, "wasm")`
 * works synchronously. Await it before the first wasm lowering; calling it
 * again is free.
 */
export function loadWasmBackend(): Promise<WasmBackend> {
  loading ??= importWasmModule("@fzy/lower-wasm").then((m) => (loaded = m));
  return loading;
}

/** The loaded wasm backend, or an FzError saying how to load it. */
export function wasmBackend(): WasmBackend {
  if (!loaded) throw new FzError("option", "the wasm backend is loaded on demand: `await loadWasmBackend()` once before lower(module, \"wasm\")");
  return loaded;
}

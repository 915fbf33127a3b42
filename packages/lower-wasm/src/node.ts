/**
 * Node only: the package's own WebAssembly runtime (dist/fzrt.wasm, built by
 * runtime/build.mjs), compiled once per process, and linking against it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type HostFunctions, link, linkSync, type Source, type WasmProgram } from "./runtime.js";

/** Path of the WebAssembly build of runtime-c. */
export const RUNTIME_WASM_PATH = fileURLToPath(new URL("./fzrt.wasm", import.meta.url));

let compiled: WebAssembly.Module | undefined;

/** The runtime, compiled on first use. */
export function runtimeModule(): WebAssembly.Module {
  if (!compiled) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(RUNTIME_WASM_PATH));
    } catch {
      throw new Error(`lower-wasm: ${RUNTIME_WASM_PATH} is missing: build it with pnpm run build (needs clang-19 and wasi-libc, see scripts/setup.sh)`);
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** Links a module binary with a fresh runtime instance, synchronously. */
export function instantiateSync(binary: Source, host?: HostFunctions): WasmProgram {
  return linkSync(binary, runtimeModule(), host);
}

/** Links a module binary with a fresh runtime instance. */
export function instantiateAsync(binary: Source, host?: HostFunctions): Promise<WasmProgram> {
  return link(binary, runtimeModule(), host);
}

/** A compiled module, for callers compiled without the WebAssembly type declarations. */
export type CompiledWasm = WebAssembly.Module;

/** Compiles a module binary once, for many `instantiateSync` calls. */
export function compileSync(binary: Uint8Array): CompiledWasm {
  return new WebAssembly.Module(binary as Uint8Array<ArrayBuffer>);
}

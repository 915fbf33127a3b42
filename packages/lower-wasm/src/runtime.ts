/**
 * Linking an emitted module with the WebAssembly build of runtime-c (one
 * fresh runtime instance per program instance: a panic leaves an instance
 * dead, and fresh memory keeps runs independent). Works in Node and in
 * browsers: the caller supplies the runtime's compiled module or bytes
 * (`node.ts` loads the package's own dist/fzrt.wasm).
 */
import { HOST_IMPORT, RUNTIME_IMPORT } from "./imports.js";
import { wasiImports, type WasiStreams } from "./wasi.js";

/** Host functions for a module's imports, by import name. */
export type HostFunctions = Readonly<Record<string, (...args: never[]) => unknown>>;

/** A linked program: its exported functions and what the runtime printed so far. */
export interface WasmProgram {
  readonly exports: Readonly<Record<string, (...args: unknown[]) => unknown>>;
  readonly memory: WebAssembly.Memory;
  /** Text the runtime wrote to stdout and stderr. */
  readonly streams: WasiStreams;
}

/** A compiled WebAssembly module or its bytes. */
export type Source = WebAssembly.Module | BufferSource;

function importsFor(runtime: WebAssembly.Instance | null, streams: WasiStreams, memory: () => WebAssembly.Memory) {
  return { wasi_snapshot_preview1: wasiImports(memory, streams), runtime };
}

function programImports(runtime: WebAssembly.Instance, host: HostFunctions | undefined): WebAssembly.Imports {
  return { [RUNTIME_IMPORT]: runtime.exports as WebAssembly.ModuleImports, [HOST_IMPORT]: (host ?? {}) as WebAssembly.ModuleImports };
}

function finish(runtime: WebAssembly.Instance, program: WebAssembly.Instance, streams: WasiStreams): WasmProgram {
  return {
    exports: program.exports as WasmProgram["exports"],
    memory: runtime.exports.memory as WebAssembly.Memory,
    streams,
  };
}

/** Links `program` with a fresh runtime instance, synchronously (Node, workers; browsers only for small modules). */
export function linkSync(program: Source, runtime: Source, host?: HostFunctions): WasmProgram {
  const streams: WasiStreams = { stdout: "", stderr: "" };
  let rt: WebAssembly.Instance | null = null;
  const memory = () => rt!.exports.memory as WebAssembly.Memory;
  const rtModule = runtime instanceof WebAssembly.Module ? runtime : new WebAssembly.Module(runtime);
  rt = new WebAssembly.Instance(rtModule, { wasi_snapshot_preview1: importsFor(null, streams, memory).wasi_snapshot_preview1 });
  (rt.exports._initialize as () => void)();
  const pModule = program instanceof WebAssembly.Module ? program : new WebAssembly.Module(program);
  return finish(rt, new WebAssembly.Instance(pModule, programImports(rt, host)), streams);
}

/** Links `program` with a fresh runtime instance (the form browsers require for modules over a few KiB). */
export async function link(program: Source, runtime: Source, host?: HostFunctions): Promise<WasmProgram> {
  const streams: WasiStreams = { stdout: "", stderr: "" };
  let rt: WebAssembly.Instance | null = null;
  const memory = () => rt!.exports.memory as WebAssembly.Memory;
  const rtModule = runtime instanceof WebAssembly.Module ? runtime : await WebAssembly.compile(runtime);
  rt = await WebAssembly.instantiate(rtModule, { wasi_snapshot_preview1: importsFor(null, streams, memory).wasi_snapshot_preview1 });
  (rt.exports._initialize as () => void)();
  const pModule = program instanceof WebAssembly.Module ? program : await WebAssembly.compile(program);
  return finish(rt, await WebAssembly.instantiate(pModule, programImports(rt, host)), streams);
}

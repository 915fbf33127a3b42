/**
 * Running the wasm backend's output in-process, as the parity runner, the
 * fuzzer and the benchmark see it: compile the module binary once, then run
 * each `kernel(n)` in a fresh instance linked with a fresh runtime (so state
 * never leaks between runs, as between native processes), and map the result
 * to the same outcomes as a native run: a value, a panic (runtime exit status
 * 101 with one `panic: ` line), or a crash (any other exit, a wasm trap, a
 * JavaScript stack overflow).
 */
import { loadWasmBackend } from "@fzy/lower";
import { WasmExit } from "@fzy/lower-wasm";
import { compileSync, type CompiledWasm, instantiateSync } from "@fzy/lower-wasm/node";
import type { Outcome } from "./parity.js";

// Every user of this module lowers to wasm (lower() then runs synchronously).
await loadWasmBackend();

/** The compiled module of a wasm lowering result. */
export function compileWasm(binary: Uint8Array | undefined): CompiledWasm {
  if (!binary) throw new Error("not a result of the wasm backend (no binary)");
  return compileSync(binary);
}

/** `entry(n)` in a fresh instance of `module`. */
export function wasmOutcome(module: CompiledWasm, n: number, entry = "kernel"): Outcome {
  let program;
  try {
    program = instantiateSync(module);
  } catch (e) {
    return { kind: "crash", detail: `instantiation failed: ${(e as Error).message}` };
  }
  const fn = program.exports[entry];
  if (!fn) return { kind: "crash", detail: `no export ${entry}` };
  try {
    return { kind: "value", text: String(fn(n)) };
  } catch (e) {
    if (e instanceof WasmExit) {
      const line = e.stderr.trim();
      if (e.status === 101 && line.startsWith("panic: ") && !line.includes("\n")) return { kind: "panic", message: line.slice(7) };
      return { kind: "crash", detail: `status ${e.status}: ${line.split("\n")[0] ?? ""}` };
    }
    return { kind: "crash", detail: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

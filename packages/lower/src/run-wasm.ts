/**
 * `fzlower run --backend wasm`: lowers the module to WebAssembly, links it
 * with the WebAssembly build of runtime-c and calls the entry in-process.
 * Output and exit status are the interpreter's: the result printed as the
 * interpreter prints it, a panic as its one line on stderr and status 101.
 * Entries take and return scalars (integers, bool, f64), the values that
 * cross a wasm export unchanged.
 */
import { type Func, FzError, formatValue, isStackOverflow, type Module, toIValue, type Type } from "@fzy/ir";
import type { WasmExit } from "@fzy/lower-wasm/wasi";
import type { Mode } from "@fzy/passes";
import { lower } from "./lower.js";
import { importWasmModule, loadWasmBackend } from "./wasm-backend.js";

/** A parsed argument (bigint, boolean or number) as the wasm export takes it. */
function toWasm(type: Type, v: unknown, what: string): number | bigint {
  const iv = toIValue(type, v, what);
  if (type.kind === "int") return type.bits === 64 ? BigInt(iv as bigint) : Number(iv);
  if (type.kind === "bool") return iv ? 1 : 0;
  if (type.kind === "f64") return iv as number;
  throw new FzError("option", `${what}: run --backend wasm takes integer, bool and f64 arguments, not ${type.kind}`);
}

function fromWasm(type: Type | null, v: unknown): string {
  if (type === null) return formatValue(undefined);
  if (type.kind === "int") return formatValue(toIValue(type, BigInt(v as number | bigint), "result"), type);
  if (type.kind === "bool") return formatValue(v !== 0, type);
  if (type.kind === "f64") return formatValue(v as number, type);
  throw new FzError("option", `run --backend wasm returns integer, bool and f64 results, not ${type.kind}`);
}

export async function runWasm(m: Module, f: Func, args: readonly unknown[], mode: Mode, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const wasmArgs = f.params.map((p, i) => toWasm(p.type, args[i], `argument ${i + 1}`));
  if (f.result !== null && !["int", "bool", "f64"].includes(f.result.kind)) {
    throw new FzError("option", `run --backend wasm returns integer, bool and f64 results, not ${f.result.kind}`);
  }
  await loadWasmBackend();
  // Loaded here, as the backend is: the fzlower bundle is a CommonJS script, which cannot require an ES module.
  const [{ WasmExit }, { instantiateSync }] = await Promise.all([importWasmModule("@fzy/lower-wasm/wasi"), importWasmModule("@fzy/lower-wasm/node")]);
  const r = lower(m, "wasm", { perfFastpath: mode });
  const program = instantiateSync(r.binary!);
  const entry = program.exports[f.name];
  if (!entry) throw new FzError("undefined", `${f.name} is not exported by the module (only exported functions can be run)`);
  try {
    const v = entry(...wasmArgs);
    if (program.streams.stdout) out(program.streams.stdout);
    out(fromWasm(f.result, v) + "\n");
    return 0;
  } catch (e) {
    const end = endOf(e, WasmExit);
    if (!end) throw e;
    if (program.streams.stdout) out(program.streams.stdout);
    err(end.stderr);
    return end.status;
  }
}

/**
 * How the program ended when its entry threw: the runtime's exit (a panic
 * exits through it, status 101), or a fault of the program itself, which a
 * native build of it would crash on and which is its panic here, status
 * 101: its recursion exhausting the engine's call stack (the interpreter's
 * stack panic, at another depth), or a WebAssembly trap. undefined for
 * anything else (an error of ours).
 */
function endOf(e: unknown, exit: typeof WasmExit): { readonly stderr: string; readonly status: number } | undefined {
  if (e instanceof exit) return e;
  const panic = (message: string) => ({ stderr: `panic: ${message}\n`, status: 101 });
  if (isStackOverflow(e)) return panic("stack overflow: the WebAssembly call stack is exhausted");
  // (WebAssembly.RuntimeError, by name: this package's types do not declare the WebAssembly namespace.)
  if (!(e instanceof Error) || e.name !== "RuntimeError") return undefined;
  // Every panic of the lowered code exits through the runtime: the one `unreachable` it runs is a prologue's shadow-stack check.
  return panic(e.message === "unreachable" ? "stack overflow: the shadow stack is exhausted (WebAssembly trap: unreachable)" : `WebAssembly trap: ${e.message}`);
}

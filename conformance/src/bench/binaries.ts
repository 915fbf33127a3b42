/**
 * Builds one executable per kernel and column: Fzy columns through
 * `lowerText` and the native builds the parity suite uses, the Rust baseline
 * with `rustc -O`, the C baseline with the same clang as the LLVM column at
 * -O2. Every executable takes n as argv[1] and prints the checksum.
 *
 * An ablated build whose text and data are byte-identical to the full
 * build's is not built again: it is the same code, and timing it twice
 * would only measure noise.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { instantiateSync } from "@fzy/lower-wasm/node";
import { join } from "node:path";
import { formatReport, loadWasmBackend, lowerText } from "@fzy/lower";
import { type KernelName, kernelPath } from "../kernels.js";
import { buildNative } from "../native/build.js";
import { CONFORMANCE_DIR, findLLVMTools } from "../native/toolchain.js";
import { type Column, lowerOptions } from "./columns.js";

// The benchmark has wasm columns; lowerText(..., "wasm") needs the backend loaded.
await loadWasmBackend();

/** A built kernel of one column, or a pointer to the column whose code it shares. */
export type Binary =
  | { readonly kind: "exe"; readonly exe: string; readonly codeHash: string; readonly report?: string }
  | { readonly kind: "in-process"; readonly run: (n: number) => string; readonly codeHash: string }
  | { readonly kind: "same-code"; readonly as: string };

const BASELINES_DIR = join(CONFORMANCE_DIR, "baselines");

function run(what: string, exe: string, args: readonly string[]): void {
  const r = spawnSync(exe, args, { encoding: "utf8", maxBuffer: 16 << 20 });
  if (r.error) throw new Error(`${what}: cannot run ${exe}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`.trimEnd());
}

function hash(parts: readonly (string | Uint8Array)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

export interface BuildContext {
  readonly dir: string;
  readonly rustc: string | null;
  /** Code hashes of the full Fzy builds, by column id, for the same-code check. */
  readonly fullHashes: Map<string, string>;
}

/** Builds `kernel` for `column` into ctx.dir. Full Fzy columns must be built before their ablations. */
export function buildBinary(ctx: BuildContext, column: Column, kernel: KernelName): Binary {
  const exe = join(ctx.dir, `${kernel}.${column.id.replace(/[^A-Za-z0-9_-]/g, "_")}`);
  switch (column.kind) {
    case "rust": {
      if (!ctx.rustc) throw new Error("rustc is not installed");
      const src = join(BASELINES_DIR, "rust", `${kernel}.rs`);
      run(`rustc ${kernel}.rs`, ctx.rustc, ["-O", "-o", exe, src]);
      return { kind: "exe", exe, codeHash: hash([readFileSync(src)]) };
    }
    case "c": {
      const src = join(BASELINES_DIR, "c", `${kernel}.c`);
      run(`clang ${kernel}.c`, findLLVMTools().clang, ["-std=gnu11", "-O2", "-o", exe, src]);
      return { kind: "exe", exe, codeHash: hash([readFileSync(src)]) };
    }
    case "fzy": {
      const file = kernelPath(kernel);
      const r = lowerText(readFileSync(file, "utf8"), column.backend, { ...lowerOptions(column.variant), file });
      const codeHash = hash([r.text, ...r.data.flatMap((d) => [d.name, d.bytes, JSON.stringify(d.relocs)])]);
      if (column.variant.kind === "full") ctx.fullHashes.set(`${column.id}/${kernel}`, codeHash);
      else if (ctx.fullHashes.get(`${column.base}/${kernel}`) === codeHash) return { kind: "same-code", as: column.base };
      if (column.backend === "wasm") return wasmBinary(r.binary!, exe, column.runner ?? "process", codeHash);
      buildNative(column.backend, r, exe);
      return { kind: "exe", exe, codeHash, report: formatReport(r.report) };
    }
    default: {
      const never: never = column;
      throw new Error(`unknown column ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A wasm column's kernel: a warm instance called in this process, or a
 * `node` script (next to the module binary) that links and runs it once,
 * the whole process timed like a native executable.
 */
function wasmBinary(binary: Uint8Array, exe: string, runner: "in-process" | "process", codeHash: string): Binary {
  if (runner === "in-process") {
    const kernel = instantiateSync(binary as Uint8Array<ArrayBuffer>).exports["kernel"]!;
    return { kind: "in-process", run: (n) => String(kernel(n)), codeHash };
  }
  writeFileSync(`${exe}.wasm`, binary);
  const script = [
    "#!/usr/bin/env node",
    `import { readFileSync } from "node:fs";`,
    `import { instantiateSync } from ${JSON.stringify(import.meta.resolve("@fzy/lower-wasm/node"))};`,
    `const program = instantiateSync(readFileSync(new URL(${JSON.stringify(`./${exe.split("/").pop()}.wasm`)}, import.meta.url)));`,
    `console.log(String(program.exports.kernel(Number(process.argv[2]))));`,
  ].join("\n");
  writeFileSync(`${exe}.mjs`, `${script}\n`);
  chmodSync(`${exe}.mjs`, 0o755);
  return { kind: "exe", exe: `${exe}.mjs`, codeHash };
}

// build.mjs - compiles runtime-c, unchanged, to a WebAssembly module
// (wasm32-wasi, reactor model) at dist/fzrt.wasm.
//
// The module exports its memory and every `fz_` function that
// runtime-c/include/fz_runtime.h declares (the header is the one source of
// the ABI, so entry points added there are exported with no edit here), plus
// malloc/free. Its static data starts at RUNTIME_GLOBAL_BASE: the addresses
// below it belong to the emitted modules (their data objects and shadow
// stack, see src/layout.ts). pthread.h comes from runtime/shim: an instance
// is single-threaded, and Debian's wasi-libc ships no pthread.h.
//
// Needs clang 19 with the wasm32 target, wasm-ld (lld-19), wasi-libc and
// libclang-rt-19-dev-wasm32 (scripts/setup.sh installs them). The compiler
// is clang-19 unless WASM_CC names another. Skips the build when
// dist/fzrt.wasm is newer than every source.
//
// Usage: node runtime/build.mjs [--force]; imported, it offers compileRuntime
// (the runtime's C tests are compiled to WebAssembly with it).

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RUNTIME_GLOBAL_BASE } from "../dist/layout.js";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = dirname(here);
const runtimeC = join(pkg, "..", "runtime-c");
const header = join(runtimeC, "include", "fz_runtime.h");
const srcDir = join(runtimeC, "src");
const out = join(pkg, "dist", "fzrt.wasm");

const sources = readdirSync(srcDir).filter((f) => f.endsWith(".c")).sort().map((f) => join(srcDir, f));
const inputs = [header, ...sources, ...readdirSync(srcDir).filter((f) => f.endsWith(".h")).map((f) => join(srcDir, f)),
  join(here, "shim", "pthread.h"), fileURLToPath(import.meta.url), join(pkg, "dist", "layout.js")];

/** The ABI: every fz_ function the header declares. */
export function abiNames() {
  const abi = [...new Set(readFileSync(header, "utf8").match(/\bfz_[a-z0-9_]+(?=\s*\()/g) ?? [])].sort();
  if (abi.length === 0) throw new Error(`${header}: no fz_ functions found`);
  return abi;
}

/**
 * Compiles the runtime's sources (and `extra` C files) with the flags of the
 * runtime module. A reactor (the default) exports the ABI; a command
 * (`command: true`, for a C test with main) runs main from _start.
 */
export function compileRuntime(out, { extra = [], command = false } = {}) {
  const cc = (process.env.WASM_CC ?? "clang-19").split(/\s+/).filter(Boolean);
  const args = [
    "--target=wasm32-wasi", "--sysroot=/usr", "-isystem", join(here, "shim"),
    "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2",
    "-I", join(runtimeC, "include"),
    `-Wl,--global-base=${RUNTIME_GLOBAL_BASE}`,
    ...(command ? [] : ["-mexec-model=reactor", "-Wl,--export=malloc", "-Wl,--export=free", ...abiNames().map((name) => `-Wl,--export=${name}`)]),
    ...sources, ...extra, "-o", out,
  ];
  mkdirSync(dirname(out), { recursive: true });
  execFileSync(cc[0], [...cc.slice(1), ...args], { stdio: ["ignore", "inherit", "inherit"] });
}

const upToDate = () =>
  existsSync(out) && inputs.every((f) => statSync(f).mtimeMs <= statSync(out).mtimeMs);

if (process.argv[1] === fileURLToPath(import.meta.url) && (process.argv.includes("--force") || !upToDate())) {
  try {
    compileRuntime(out);
  } catch (e) {
    console.error(`lower-wasm: building the WebAssembly runtime failed (${e.message.split("\n")[0]}).\n` +
      "It needs clang-19, lld-19, wasi-libc and libclang-rt-19-dev-wasm32: run bash scripts/setup.sh.");
    process.exit(1);
  }
  console.log(`lower-wasm: built dist/fzrt.wasm (${abiNames().length} runtime functions)`);
}

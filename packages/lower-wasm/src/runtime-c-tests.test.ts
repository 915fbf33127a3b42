/**
 * The runtime's own C tests (runtime-c/test/runtime_test.c), compiled with
 * the runtime's sources to WebAssembly exactly as the runtime module is
 * (runtime/build.mjs) and run through this package's WASI shim: the same
 * cases the native runtime passes, on the build the wasm backend links. Its
 * threaded cases run their threads one after another (runtime/shim/pthread.h),
 * which keeps every check meaningful but two: a second thread's arena cannot
 * start empty when it is the same thread (test_arena_threads). Exactly those
 * two must fail, and nothing else.
 */
import test from "ava";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WasmExit, wasiImports, type WasiStreams } from "./wasi.js";

type Build = { compileRuntime: (out: string, o: { extra: string[]; command: boolean }) => void };

test("runtime-c's C tests on its WebAssembly build: all pass but the two that need a second thread", async (t) => {
  const { compileRuntime } = (await import(new URL("../runtime/build.mjs", import.meta.url).href)) as Build;
  const dir = mkdtempSync(join(tmpdir(), "fzy-wasm-ctest-"));
  try {
    const out = join(dir, "runtime_test.wasm");
    compileRuntime(out, { extra: [fileURLToPath(new URL("../../runtime-c/test/runtime_test.c", import.meta.url))], command: true });
    const streams: WasiStreams = { stdout: "", stderr: "" };
    let instance: WebAssembly.Instance | null = null;
    const memory = () => instance!.exports["memory"] as WebAssembly.Memory;
    instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(out)), { wasi_snapshot_preview1: wasiImports(memory, streams) });
    const e = t.throws(() => (instance!.exports["_start"] as () => void)(), { instanceOf: WasmExit });
    const failed = streams.stderr.split("\n").filter(Boolean).map((l) => l.replace(/^.*runtime_test\.c:\d+: /, ""));
    t.deepEqual(failed.slice(0, -1), [
      "check failed: ok != NULL && *(int64_t *)ok == 1",
      "check failed: fz_arena_mark() == before + 64",
    ]);
    t.regex(failed.at(-1) ?? "", /^2 of \d{3,} checks failed$/);
    t.is(e?.status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

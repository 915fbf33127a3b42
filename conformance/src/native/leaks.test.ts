/**
 * The leak check itself is tested: a program that drops a runtime array is
 * reported by LeakSanitizer through `sanitizerReport`, the same program
 * releasing it is clean, and a panic (which ends the program with objects
 * still owned by its frames) is not a leak. Parity runs every kernel and
 * module this way (parity.ts).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runSanitized, sanitizerReport } from "./leaks.js";
import { findLLVMTools, runtimeArtifacts, scratchDir } from "./toolchain.js";

function buildC(stem: string, body: string): string {
  const dir = scratchDir(`leaks-${stem}`);
  const src = join(dir, "kernel.c");
  writeFileSync(src, `#include <stdint.h>\n#include "fz_runtime.h"\nint32_t kernel(int32_t n) {\n${body}\n}\n`);
  const { lib, harness } = runtimeArtifacts(true);
  const include = join(lib, "../../../include");
  const exe = join(dir, "prog");
  const r = spawnSync(findLLVMTools().clang, ["-fsanitize=address,undefined", "-I", include, src, harness, lib, "-lpthread", "-o", exe], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return exe;
}

test("a dropped array is a leak report; a released one is clean", (t) => {
  const leaky = runSanitized(buildC("drop", "fz_array *a = fz_array_new(n); fz_array_push(a, 1); return (int32_t)fz_array_len(a);"), 4);
  t.regex(sanitizerReport(leaky.stderr) ?? "", /LeakSanitizer: detected memory leaks/);
  const clean = runSanitized(buildC("release", "fz_array *a = fz_array_new(n); fz_array_push(a, 1); int32_t l = (int32_t)fz_array_len(a); fz_release(a); return l;"), 4);
  t.is(sanitizerReport(clean.stderr), undefined, clean.stderr);
  t.is(clean.stdout.trim(), "1");
});

test("a use after release is an AddressSanitizer report", (t) => {
  const r = runSanitized(buildC("uaf", "fz_array *a = fz_array_new(n); fz_array_push(a, 1); fz_release(a); return (int32_t)fz_array_len(a);"), 4);
  t.regex(sanitizerReport(r.stderr) ?? "", /AddressSanitizer: heap-use-after-free/);
});

test("a panic ends the program without a leak report", (t) => {
  const r = runSanitized(buildC("panic", "fz_array *a = fz_array_new(n); return (int32_t)fz_array_get(a, n);"), 4);
  t.is(r.status, 101);
  t.is(sanitizerReport(r.stderr), undefined, r.stderr);
  t.is(r.stderr.trim(), "panic: index out of bounds: the len is 0 but the index is 4");
});

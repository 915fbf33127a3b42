/**
 * LLVM text from the printer, built with clang -O2, linked with runtime-c and
 * its harness, and run: the harness calls `kernel(argv[1])` and prints the
 * result; a panic prints one line to stderr and exits with status 101.
 */
import test from "ava";
import { join } from "node:path";
import { printLLVM } from "@fzy/lower-llvm";
import { lirFixture } from "../filetests/filetest.js";
import { buildLLVMExecutable, hostTarget, runExecutable, scratchDir } from "./toolchain.js";

const countingLoop = () => lirFixture("counting-loop");
const boundsPanic = () => lirFixture("bounds-panic");

/** What the counting-loop fixture (filetests/lir) computes: the sum of i*i for i in 0..n, wrapping in i32. */
function sumOfSquares(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (acc + Math.imul(i, i)) | 0;
  return acc;
}

/** The values the bounds-panic fixture stores: k*k + 1 for k in 0..8. */
const TABLE = Array.from({ length: 8 }, (_, k) => k * k + 1);

test("the counting loop runs natively and computes the wrapped sum of squares", (t) => {
  const exe = buildLLVMExecutable(printLLVM(countingLoop(), { target: hostTarget() }), join(scratchDir("counting-loop"), "kernel"));
  // 100000 makes the i32 accumulator wrap; 0 never enters the loop.
  for (const n of [0, 10, 100_000]) {
    const r = runExecutable(exe, [String(n)]);
    t.is(r.status, 0, r.stderr);
    t.is(r.stdout.trim(), String(sumOfSquares(n)));
  }
});

test("an index inside the stack array reads it; index 9 panics through the cold path", (t) => {
  const exe = buildLLVMExecutable(printLLVM(boundsPanic(), { target: hostTarget() }), join(scratchDir("bounds-panic"), "kernel"));
  const ok = runExecutable(exe, ["5"]);
  t.is(ok.status, 0, ok.stderr);
  t.is(ok.stdout.trim(), String(TABLE[5]));
  const bad = runExecutable(exe, ["9"]);
  t.is(bad.status, 101);
  t.is(bad.stdout, "");
  t.is(bad.stderr.trim(), "panic: index out of bounds: the len is 8 but the index is 9");
});

test("the same kernels run against the sanitizer build of runtime-c", (t) => {
  const dir = scratchDir("sanitized");
  const loop = buildLLVMExecutable(printLLVM(countingLoop(), { target: hostTarget() }), join(dir, "loop"), { sanitize: true });
  const r = runExecutable(loop, ["1000"]);
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout.trim(), String(sumOfSquares(1000)));
  const bounds = buildLLVMExecutable(printLLVM(boundsPanic(), { target: hostTarget() }), join(dir, "bounds"), { sanitize: true });
  const bad = runExecutable(bounds, ["9"]);
  t.is(bad.status, 101);
  t.is(bad.stderr.trim(), "panic: index out of bounds: the len is 8 but the index is 9");
});

// runtime.test.mjs - builds the runtime, then compiles and runs its C tests
// (plain, under ASan+UBSan, and with a colliding intern hash), every panic
// mode, and the native harness. Everything, including the runtime build the
// tests use, goes to dist/test/, so other test files that link dist/libfzrt.a
// concurrently are never disturbed.

import test from "ava";
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  build,
  cc,
  distDir,
  exec,
  includeDir,
  linkLibs,
  packageDir,
  releaseFlags,
  sanitizeFlags,
  warningFlags,
} from "../build.mjs";

const testDir = join(packageDir, "test");
const outDir = join(distDir, "test");
const srcFiles = ["alloc", "arena", "array", "intern", "map", "panic", "rc", "str", "str_ops", "utf8", "view"].map((f) =>
  join(packageDir, "src", `${f}.c`),
);

let built;
test.before(async () => {
  built = await build({ outDir: join(outDir, "runtime") });
  await mkdir(outDir, { recursive: true });
});

const variants = {
  release: { flags: releaseFlags, lib: () => built.release.lib, harness: () => built.release.harness },
  asan: { flags: sanitizeFlags, lib: () => built.asan.lib, harness: () => built.asan.harness },
};

/** Compiles and links inputs (C files, objects, archives) into dist/test/name. */
async function link(name, flags, inputs, extra = []) {
  const out = join(outDir, name);
  await exec([...cc(), ...warningFlags, ...flags, ...extra, "-I", includeDir, ...inputs, ...linkLibs, "-o", out]);
  return out;
}

/** Runs a program to completion; never rejects on a non-zero status. */
function run(program, args = []) {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const testC = join(testDir, "runtime_test.c");

for (const [variant, v] of Object.entries(variants)) {
  test(`C runtime tests pass (${variant})`, async (t) => {
    const prog = await link(`runtime_test-${variant}`, v.flags, [testC, v.lib()]);
    const r = await run(prog);
    t.is(r.stderr, "", "no check failures or sanitizer reports");
    t.regex(r.stdout, /^all \d+ checks passed\n$/);
    t.is(r.code, 0);
  });
}

test("C runtime tests pass under ThreadSanitizer (shared arrays, cells, counts, the intern table)", async (t) => {
  const prog = await link("runtime_test-tsan", ["-fsanitize=thread", "-g", "-O1"], [testC, ...srcFiles]);
  const r = await run(prog);
  t.is(r.stderr, "", "no data races reported");
  t.regex(r.stdout, /^all \d+ checks passed\n$/);
  t.is(r.code, 0);
});

test("C runtime tests pass with every string colliding in the intern table", async (t) => {
  const prog = await link("runtime_test-weak-hash", sanitizeFlags, [testC, ...srcFiles], [
    "-DFZ_INTERN_WEAK_HASH",
  ]);
  const r = await run(prog);
  t.is(r.stderr, "");
  t.regex(r.stdout, /^all \d+ checks passed\n$/);
  t.is(r.code, 0);
});

const panics = {
  bounds: "panic: index out of bounds: the len is 3 but the index is 5",
  bounds_negative: "panic: index out of bounds: the len is 0 but the index is -1",
  div_zero: "panic: attempt to divide by zero",
  rem_zero: "panic: attempt to calculate the remainder with a divisor of zero",
  div_overflow: "panic: attempt to divide with overflow",
  rem_overflow: "panic: attempt to calculate the remainder with overflow",
  unreachable: "panic: entered unreachable code",
  payload: "panic: enum payload read from the wrong variant",
  str_boundary: "panic: byte index 7 is not a char boundary",
  msg: "panic: custom message: \u00fc",
  msg_empty: "panic: ",
  msg_long: `panic: ${"z".repeat(1000)}`,
  array_get: "panic: index out of bounds: the len is 3 but the index is 3",
  array_set: "panic: index out of bounds: the len is 1 but the index is -1",
  arena_release: "panic: arena release to an invalid mark",
  stdout_flushed: "panic: entered unreachable code",
};

for (const [variant, v] of Object.entries(variants)) {
  test(`every panic prints one exact line and exits 101 (${variant})`, async (t) => {
    const prog = await link(`panic_main-${variant}`, v.flags, [join(testDir, "panic_main.c"), v.lib()]);
    for (const [mode, line] of Object.entries(panics)) {
      const r = await run(prog, [mode]);
      t.is(r.stderr, `${line}\n`, mode);
      t.is(r.code, 101, mode);
      t.is(r.stdout, mode === "stdout_flushed" ? "partial output\n" : "", mode);
    }
    const unknown = await run(prog, ["no_such_mode"]);
    t.is(unknown.code, 3, "the driver itself reports modes that return");
  });
}

for (const [variant, v] of Object.entries(variants)) {
  test(`harness prints kernel(n) and rejects bad arguments (${variant})`, async (t) => {
    // The release harness links the combined object, the ASan one the archive:
    // both artifacts must resolve everything on their own.
    const runtime = variant === "release" ? built.release.object : v.lib();
    const prog = await link(`harness-${variant}`, v.flags, [
      v.harness(),
      join(testDir, "kernel_fixture.c"),
      runtime,
    ]);
    t.deepEqual(await run(prog, ["20"]), { code: 0, stdout: "41\n", stderr: "" });
    t.deepEqual(await run(prog, ["-7"]), { code: 0, stdout: "-13\n", stderr: "" });
    t.deepEqual(await run(prog, ["2147483647"]), { code: 0, stdout: "-1\n", stderr: "" });
    t.deepEqual(await run(prog, ["-2147483648"]), { code: 0, stdout: "1\n", stderr: "" });
    t.deepEqual(await run(prog, ["13"]), {
      code: 101,
      stdout: "",
      stderr: "panic: entered unreachable code\n",
    });
    for (const args of [[], ["1", "2"], [""], ["abc"], ["12x"], [" 5"], ["2147483648"], ["-2147483649"], ["99999999999999999999"]]) {
      const r = await run(prog, args);
      t.is(r.code, 2, JSON.stringify(args));
      t.is(r.stdout, "", JSON.stringify(args));
      t.regex(r.stderr, args.length === 1 ? /invalid argument/ : /usage:/, JSON.stringify(args));
    }
  });
}

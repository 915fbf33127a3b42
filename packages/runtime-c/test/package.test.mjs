// package.test.mjs - runtime-c as a package: the entry point and the
// fzrt-build command writing where it is told (never into the package), with
// the link line the README documents. The declared types are checked from the
// packed tarball by conformance's packaging test (scratch/consumer.mts).

import test from "ava";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { artifacts, build, includeDir, libDir, linkLibs } from "@fzy/runtime-c";

const run = promisify(execFile);
const packageDir = new URL("..", import.meta.url).pathname;

test("the entry point names the header, the default output and the link libraries", (t) => {
  t.true(existsSync(join(includeDir, "fz_runtime.h")));
  t.is(libDir, join(packageDir, "dist"));
  t.deepEqual(artifacts("/x"), { lib: "/x/libfzrt.a", object: "/x/fzrt.o", harness: "/x/harness.o" });
  t.deepEqual(linkLibs, ["-lpthread"]);
  t.is(typeof build, "function");
});

test("fzrt-build --out DIR builds into DIR only, and the README's link line links a kernel", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "fzrt-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const before = existsSync(join(libDir, "libfzrt.a")) ? statSync(join(libDir, "libfzrt.a")).mtimeMs : null;
  const out = join(dir, "rt");
  const r = await run(process.execPath, [join(packageDir, "bin/fzrt-build.mjs"), "--out", out, "--no-asan"]);
  t.is(r.stdout.trim(), `runtime-c: built ${join(out, "libfzrt.a")}`);
  for (const f of Object.values(artifacts(out))) t.true(existsSync(f), f);
  t.false(existsSync(join(out, "asan")));
  t.is(existsSync(join(libDir, "libfzrt.a")) ? statSync(join(libDir, "libfzrt.a")).mtimeMs : null, before);
  // README, "Link": cc kernel.o DIR/harness.o DIR/libfzrt.a -lpthread -o kernel
  writeFileSync(join(dir, "kernel.c"), "#include <stdint.h>\n#include \"fz_runtime.h\"\nint32_t kernel(int32_t n) { if (n < 0) fz_panic_div_zero(); return n * 2; }\n");
  await run("cc", ["-c", "-I", includeDir, join(dir, "kernel.c"), "-o", join(dir, "kernel.o")]);
  const a = artifacts(out);
  await run("cc", [join(dir, "kernel.o"), a.harness, a.lib, ...linkLibs, "-o", join(dir, "kernel")]);
  t.is((await run(join(dir, "kernel"), ["21"])).stdout, "42\n");
  const panic = await run(join(dir, "kernel"), ["-1"]).catch((e) => e);
  t.is(panic.code, 101);
});

test("fzrt-build --help and a bad option", async (t) => {
  const bin = join(packageDir, "bin/fzrt-build.mjs");
  t.regex((await run(process.execPath, [bin, "--help"])).stdout, /^usage: fzrt-build \[--out DIR\]/);
  const bad = await run(process.execPath, [bin, "--outdir", "x"]).catch((e) => e);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /^fzrt-build: .*--outdir.* \(see fzrt-build --help\)\n$/);
});

// package.test.mjs - runtime-c as a package: the entry point and its types,
// and the fzrt-build command writing where it is told (never into the
// package), with the link line the README documents.

import test from "ava";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
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

test("the declared types match the entry point (tsc on a consumer file)", async (t) => {
  const dir = join(packageDir, "dist", "types-check");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "consumer.mts");
  writeFileSync(file, [
    'import { artifacts, build, includeDir, libDir, linkLibs, type BuildResult } from "@fzy/runtime-c";',
    "const dirs: string[] = [includeDir, libDir, ...linkLibs];",
    "const lib: string = artifacts(libDir).lib;",
    "const later: Promise<BuildResult> = build({ outDir: \"x\", asan: false });",
    "// @ts-expect-error outDir is a string",
    "void build({ outDir: 1 });",
    "export { dirs, lib, later };",
  ].join("\n"));
  const tsc = join(packageDir, "../../node_modules/typescript/bin/tsc");
  const r = await run(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", "--lib", "es2022", "--types", "node", file]).catch((e) => e);
  t.is(r.code ?? 0, 0, `${r.stdout}${r.stderr}`);
});

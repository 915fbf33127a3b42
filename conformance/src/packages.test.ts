/**
 * The packages as a user gets them. Every public package is packed with
 * `pnpm pack` and checked as a tarball: its source maps point at files that
 * are shipped, its package.json says where it comes from, its README (and
 * SPEC) link only to files inside it. Then the scratch-project scenario: a
 * project outside the workspace installs the tarballs offline, type-checks a
 * consumer against the shipped declarations, builds a module with the
 * builder (conformance/scratch/app.mjs) with source locations, lowers it
 * with both backends, builds runtime-c with its own command, compiles the
 * LLVM text with plain `clang -O2` and runs it natively against the
 * interpreter's results, runs the CLIF text through `fzclif run`, and steps
 * from machine code back to the source: `addr2line` on the function's
 * address and on its division instruction (built with `clang -O0 -g`) gives
 * the source file and line, and the CLIF `@XXXX` of the division maps to the
 * same line.
 */
import test from "ava";
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { CONFORMANCE_DIR, findLLVMTools, REPO_ROOT } from "./native/toolchain.js";

const PACKAGES = readdirSync(join(REPO_ROOT, "packages")).filter((d) => {
  const file = join(REPO_ROOT, "packages", d, "package.json");
  return existsSync(file) && !(JSON.parse(readFileSync(file, "utf8")) as { private?: boolean }).private;
}).sort();

interface Packed {
  readonly dir: string;
  readonly tarballs: Readonly<Record<string, string>>;
  readonly extracted: Readonly<Record<string, string>>;
}

function sh(cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

let packed: Packed;
test.before(() => {
  const dir = mkdtempSync(join(tmpdir(), "fzy-packages-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, "tarballs");
  sh("pnpm", ["-r", "--filter", "./packages/*", "pack", "--pack-destination", out], REPO_ROOT);
  const tarballs: Record<string, string> = {}, extracted: Record<string, string> = {};
  for (const d of PACKAGES) {
    const tgz = join(out, `fzy-${d}-0.1.0.tgz`);
    tarballs[d] = tgz;
    extracted[d] = join(dir, "extracted", d);
    mkdirSync(extracted[d]!, { recursive: true });
    sh("tar", ["xzf", tgz, "-C", extracted[d]!, "--strip-components=1"], dir);
  }
  packed = { dir, tarballs, extracted };
});

function filesUnder(root: string, dir = ""): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(root, join(dir, e.name)) : [join(dir, e.name)]));
}

test("every source map in a tarball points at a source shipped with it", (t) => {
  const dangling: string[] = [];
  for (const d of PACKAGES) {
    const root = packed.extracted[d]!;
    for (const f of filesUnder(root).filter((x) => x.endsWith(".map"))) {
      const map = JSON.parse(readFileSync(join(root, f), "utf8")) as { sources: string[] };
      for (const s of map.sources) if (!existsSync(join(root, dirname(f), s))) dangling.push(`${d}/${f} -> ${s}`);
    }
    t.false(filesUnder(root).some((x) => /\.test\.(js|ts|d\.ts|mjs)$/.test(x)), `${d} ships no tests`);
  }
  t.deepEqual(dangling, []);
});

test("every published package.json names its repository, homepage and keywords", (t) => {
  for (const d of PACKAGES) {
    const p = JSON.parse(readFileSync(join(packed.extracted[d]!, "package.json"), "utf8")) as Record<string, unknown>;
    const repo = p["repository"] as { url?: string; directory?: string } | undefined;
    t.regex(repo?.url ?? "", /^git\+https:\/\/.+\.git$/, d);
    t.is(repo?.directory, `packages/${d}`);
    t.regex(String(p["homepage"]), new RegExp(`/packages/${d}#readme$`), d);
    t.true(Array.isArray(p["keywords"]) && (p["keywords"] as unknown[]).length >= 3, d);
  }
});

test("every README (and SPEC) in a tarball links and points only to files inside it", (t) => {
  const missing: string[] = [];
  for (const d of PACKAGES) {
    const root = packed.extracted[d]!;
    for (const doc of readdirSync(root).filter((f) => f.endsWith(".md"))) {
      const text = readFileSync(join(root, doc), "utf8");
      const links = [...text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
      // Backticked relative paths to files (`src/x.ts`, `include/fz_runtime.h`, `SPEC.md`), not commands or placeholders.
      const paths = [...text.matchAll(/`((?:[\w.-]+\/)+[\w.-]+\.\w+|[\w-]+\.md)`/g)].map((m) => m[1]!).filter((p) => !/^(OUT|DIR|out)\//.test(p) && !p.startsWith("node_modules/"));
      for (const p of [...links, ...paths]) if (!existsSync(join(root, normalize(p)))) missing.push(`${d}/${doc}: ${p}`);
    }
  }
  t.deepEqual(missing, []);
});

test("scratch project: install the tarballs offline, build with the builder, lower, run natively with runtime-c's own build", (t) => {
  const project = join(packed.dir, "project");
  mkdirSync(join(project, "out"), { recursive: true });
  const tgz = (d: string) => `file:${packed.tarballs[d]}`;
  // Offline: the tarballs for @fzy/*, and binaryen (lower-wasm's one registry dependency) linked from the
  // workspace's own install. Resolving its version range would need the registry's metadata in pnpm's cache,
  // which a frozen-lockfile install does not write, so on a fresh machine the install failed for want of it.
  const overrides: Record<string, string> = { binaryen: `link:${realpathSync(join(REPO_ROOT, "packages", "lower-wasm", "node_modules", "binaryen"))}` };
  for (const d of PACKAGES) overrides[`@fzy/${d}`] = tgz(d);
  writeFileSync(join(project, "package.json"), JSON.stringify({
    name: "scratch", private: true, type: "module",
    dependencies: { "@fzy/lower": tgz("lower"), "@fzy/runtime-c": tgz("runtime-c"), "@fzy/clif": tgz("clif") },
    pnpm: { overrides },
  }, null, 2));
  sh("pnpm", ["install", "--offline", "--ignore-workspace"], project);
  for (const f of ["app.mjs", "consumer.mts"]) cpSync(join(CONFORMANCE_DIR, "scratch", f), join(project, f));

  // The shipped declarations type-check a consumer (tsc from the workspace).
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", skipLibCheck: true, lib: ["es2022"], types: [], noEmit: true },
    files: ["consumer.mts"],
  }));
  sh(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], project);

  const inputs = ["5", "3", "-2"];
  const app = JSON.parse(sh(process.execPath, ["app.mjs", "out", ...inputs], project).stdout) as {
    results: Record<string, string>; lines: Record<string, number>; source: string;
  };
  t.is(app.results["3"], "panic: attempt to divide by zero");
  t.regex(readFileSync(join(project, "out/kernel.clif"), "utf8"), /^function %kernel\(i32\) -> i32 system_v \{$/m);

  // The documented commands: fzrt-build --out, plain clang -O2 (no triple warning), the README's link line.
  const bin = (name: string) => join(project, "node_modules/.bin", name);
  sh(bin("fzrt-build"), ["--out", "rt", "--no-asan"], project);
  t.false(existsSync(join(project, "node_modules/@fzy/runtime-c/dist")), "the build wrote nothing into node_modules");
  const compile = sh(findLLVMTools().clang, ["-O2", "-c", "out/kernel.ll", "-o", "out/kernel.o"], project);
  t.is(compile.stderr, "");
  sh("cc", ["out/kernel.o", "rt/harness.o", "rt/libfzrt.a", "-lpthread", "-o", "out/kernel"], project);
  for (const n of inputs) {
    const r = spawnSync(join(project, "out/kernel"), [n], { encoding: "utf8" });
    const native = r.status === 0 ? r.stdout.trim() : r.stderr.trim();
    t.is(native, app.results[n], `kernel(${n})`);
    t.is(r.status, app.results[n]!.startsWith("panic:") ? 101 : 0);
  }

  // The CLIF text through fzclif run, with its data objects and the runtime.
  // A panic ends the run with the program's status, 101.
  for (const n of inputs) {
    const r = spawnSync(bin("fzclif"), ["run", "out/kernel.clif", "--data", "out/kernel.clif.data.json", "--link", "rt/libfzrt.a", "--link=-lpthread", "--entry", "kernel", "--", n], { cwd: project, encoding: "utf8" });
    const panics = app.results[n]!.startsWith("panic:");
    t.is(r.status, panics ? 101 : 0, `CLIF kernel(${n}) status: ${r.stderr}`);
    if (!panics) t.is(r.stdout.trim(), app.results[n], `CLIF kernel(${n})`);
  }

  // From machine code back to the source line (debug info from the builder's locations).
  const debug = sh(findLLVMTools().clang, ["-O0", "-g", "-c", "out/kernel.ll", "-o", "out/kernel-g.o"], project);
  t.is(debug.stderr, "");
  sh("cc", ["out/kernel-g.o", "rt/harness.o", "rt/libfzrt.a", "-lpthread", "-o", "out/kernel-g"], project);
  const symbols = sh("nm", ["out/kernel-g"], project).stdout;
  const kernelAddr = /^([0-9a-f]+) T kernel$/m.exec(symbols)?.[1];
  t.truthy(kernelAddr, "kernel is in the symbol table");
  const where = (addr: string) => sh("addr2line", ["-e", "out/kernel-g", `0x${addr}`], project).stdout.trim();
  t.is(where(kernelAddr!), `${app.source}:${app.lines["kernel"]}`);
  const disassembly = sh("objdump", ["-d", "--no-show-raw-insn", "out/kernel-g"], project).stdout;
  const kernelCode = disassembly.slice(disassembly.indexOf("<kernel>:"));
  const idiv = /^\s*([0-9a-f]+):\s+idiv/m.exec(kernelCode.slice(0, kernelCode.indexOf("\n\n")))?.[1];
  t.truthy(idiv, "kernel divides");
  t.is(where(idiv!), `${app.source}:${app.lines["div"]}`);
  const clif = readFileSync(join(project, "out/kernel.clif"), "utf8");
  const divLoc = /^\s*(@[0-9a-f]+) v\d+ = sdiv /m.exec(clif)?.[1];
  t.truthy(divLoc, "the CLIF division has a source location");
  t.regex(clif, new RegExp(`^; srcloc ${divLoc} "${app.source}":${app.lines["div"]}:\\d+$`, "m"));

  // The CLI from the tarball.
  writeFileSync(join(project, "m.fzir"), "module m\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  ret %n\n}\n");
  t.regex(sh(bin("fzlower"), ["m.fzir", "--backend", "llvm"], project).stdout, /define noundef i32 @kernel\(i32 noundef %n\)/);
});

// build.mjs - builds the runtime with the system C compiler.
//
// Outputs in OUT (default: dist/ in this package; always rebuilt from
// scratch, the runtime is small):
//   OUT/libfzrt.a         static library, -O2 -fPIC
//   OUT/fzrt.o            every runtime object combined into one (cc -r)
//   OUT/harness.o         harness/main.c
//   OUT/asan/...          the same three, built with ASan + UBSan (unless --no-asan)
// The compiler is `cc` unless the CC environment variable names another
// (it may carry arguments, e.g. "ccache clang"); AR likewise for `ar`.
//
// Usage: `node build.mjs [--out DIR] [--no-asan]` (also the `fzrt-build`
// command of the package), or `import { build } from "@fzy/runtime-c"`.

import { execFile } from "node:child_process";
import { realpathSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

const run = promisify(execFile);

export const packageDir = dirname(fileURLToPath(import.meta.url));
export const distDir = join(packageDir, "dist");
/** Where `build()` writes by default: dist/ inside this package. */
export const libDir = distDir;
export const includeDir = join(packageDir, "include");

export const warningFlags = ["-std=c11", "-Wall", "-Wextra", "-Werror"];
export const releaseFlags = ["-O2", "-fPIC"];
// Recovery is disabled so a UBSan finding fails the run instead of scrolling by.
export const sanitizeFlags = [
  "-fsanitize=address,undefined",
  "-fno-sanitize-recover=all",
  "-fno-omit-frame-pointer",
  "-g",
  "-O1",
  "-fPIC",
];
export const linkLibs = ["-lpthread"];

const splitCommand = (value, fallback) => {
  const parts = (value ?? "").trim().split(/\s+/).filter(Boolean);
  return parts.length > 0 ? parts : [fallback];
};

/** The C compiler as [program, ...leading args]. */
export const cc = () => splitCommand(process.env.CC, "cc");
const ar = () => splitCommand(process.env.AR, "ar");

/** Runs a command; on failure throws with the command line and its output. */
export async function exec(argv, options = {}) {
  const [program, ...args] = argv;
  try {
    return await run(program, args, { maxBuffer: 64 << 20, ...options });
  } catch (error) {
    const output = `${error.stdout ?? ""}${error.stderr ?? ""}`.trim();
    throw new Error(`command failed: ${argv.join(" ")}\n${output || error.message}`);
  }
}

async function buildVariant(outDir, flags, sources) {
  const objDir = join(outDir, "obj");
  await rm(objDir, { recursive: true, force: true });
  await mkdir(objDir, { recursive: true });
  const compile = (src, obj) =>
    exec([...cc(), ...warningFlags, ...flags, "-I", includeDir, "-c", src, "-o", obj]);

  // Finished artifacts appear by rename, so a program linking against an
  // earlier build while this one runs never sees a half-written file.
  const out = artifacts(outDir);
  const tmp = (path) => join(objDir, `${basename(path)}.tmp`);

  const objects = sources.map((name) => join(objDir, name.replace(/\.c$/, ".o")));
  await Promise.all([
    ...sources.map((name, i) => compile(join(packageDir, "src", name), objects[i])),
    compile(join(packageDir, "harness", "main.c"), tmp(out.harness)),
  ]);
  await Promise.all([
    exec([...ar(), "rcs", tmp(out.lib), ...objects]),
    // -nostdlib keeps the driver from adding start files to a partial link.
    exec([...cc(), "-nostdlib", "-r", ...objects, "-o", tmp(out.object)]),
  ]);
  await Promise.all(Object.values(out).map((path) => rename(tmp(path), path)));
  return out;
}

/** The paths a build into outDir produces (the asan variant: artifacts(join(outDir, "asan"))). */
export function artifacts(outDir = distDir) {
  const dir = resolve(outDir);
  return { lib: join(dir, "libfzrt.a"), object: join(dir, "fzrt.o"), harness: join(dir, "harness.o") };
}

/**
 * Builds the release variant into outDir (default dist/ in this package)
 * and, unless asan is false, the sanitizer variant into outDir/asan;
 * resolves to the paths of everything it produced.
 */
export async function build({ outDir = distDir, asan = true } = {}) {
  const sources = (await readdir(join(packageDir, "src"))).filter((f) => f.endsWith(".c")).sort();
  const [release, sanitized] = await Promise.all([
    buildVariant(resolve(outDir), releaseFlags, sources),
    asan ? buildVariant(join(resolve(outDir), "asan"), sanitizeFlags, sources) : null,
  ]);
  return { release, asan: sanitized };
}

const USAGE = `usage: fzrt-build [--out DIR] [--no-asan]

Builds the Fzy C runtime with the system C compiler ($CC, else cc) into DIR
(default: dist/ inside the package): libfzrt.a, fzrt.o, harness.o, and the
same built with ASan + UBSan in DIR/asan unless --no-asan.
Link: cc prog.o DIR/libfzrt.a -lpthread`;

/** The command line: returns the exit status. */
export async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: "string" }, "no-asan": { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true });
  } catch (error) {
    console.error(`fzrt-build: ${error.message} (see fzrt-build --help)`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const out = await build({ outDir: parsed.values.out ?? distDir, asan: !parsed.values["no-asan"] });
    const shown = (p) => (parsed.values.out ? p : relative(packageDir, p));
    console.log(`runtime-c: built ${shown(out.release.lib)}${out.asan ? ` and ${shown(out.asan.lib)}` : ""}`);
    return 0;
  } catch (error) {
    console.error(error.message);
    return 1;
  }
}

if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}

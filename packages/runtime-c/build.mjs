// build.mjs - builds the runtime with the system C compiler.
//
// Outputs (always rebuilt from scratch; the runtime is small):
//   dist/libfzrt.a        static library, -O2 -fPIC
//   dist/fzrt.o           every runtime object combined into one (cc -r)
//   dist/harness.o        harness/main.c
//   dist/asan/...         the same three, built with ASan + UBSan
// The compiler is `cc` unless the CC environment variable names another
// (it may carry arguments, e.g. "ccache clang"); AR likewise for `ar`.
//
// Usage: `node build.mjs`, or `import { build } from "./build.mjs"`.

import { execFile } from "node:child_process";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

export const packageDir = dirname(fileURLToPath(import.meta.url));
export const distDir = join(packageDir, "dist");
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
  const out = {
    lib: join(outDir, "libfzrt.a"),
    object: join(outDir, "fzrt.o"),
    harness: join(outDir, "harness.o"),
  };
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

/**
 * Builds both variants into outDir (default dist/; the asan variant goes to
 * outDir/asan); resolves to the paths of everything it produced.
 */
export async function build({ outDir = distDir } = {}) {
  const sources = (await readdir(join(packageDir, "src"))).filter((f) => f.endsWith(".c")).sort();
  const [release, asan] = await Promise.all([
    buildVariant(outDir, releaseFlags, sources),
    buildVariant(join(outDir, "asan"), sanitizeFlags, sources),
  ]);
  return { release, asan };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  build().then(
    (out) => {
      const rel = (p) => relative(packageDir, p);
      console.log(`runtime-c: built ${rel(out.release.lib)} and ${rel(out.asan.lib)}`);
    },
    (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}

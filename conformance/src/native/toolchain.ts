/**
 * The native LLVM toolchain as the conformance suite uses it: find clang, opt
 * and llvm-as of LLVM 19, verify LLVM text, build an executable from it
 * against runtime-c and its harness, and run that executable.
 *
 * Tools are looked up, in order, in `$FZ_LLVM_BIN` (a directory; plain or
 * `-19` names), as `clang-19`/`opt-19`/`llvm-as-19` on PATH, and in the
 * directory `llvm-config-19 --bindir` names or Debian's `/usr/lib/llvm-19/bin`.
 * Unversioned names on PATH are never taken: they are often an older LLVM
 * that cannot read opaque pointers.
 *
 * Every build works in its own directory under `conformance/.work/native/`
 * (ignored by git), removed again when the build succeeds and kept for
 * inspection when it fails; `scratchDir`s go when the process exits.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LLVMTarget } from "@fzy/lower-llvm";

/** The LLVM major version the suite is tested with. */
export const LLVM_MAJOR = 19;

/** Paths of the tools in use; `opt` or `llvm-as` may be missing, not both. */
export interface LLVMTools {
  readonly clang: string;
  readonly opt: string | undefined;
  readonly llvmAs: string | undefined;
}

/** What a finished process left behind. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status, or null when a signal ended the process. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The conformance package directory. */
export const CONFORMANCE_DIR = fileURLToPath(new URL("../../", import.meta.url));
/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** The runtime-c build (`node build.mjs` in packages/runtime-c); `asan/` holds the ASan + UBSan variant. */
const RUNTIME_DIST = join(REPO_ROOT, "packages/runtime-c/dist");

/** The runtime library and the harness (whose `main` calls `kernel(argv[1])` and prints the result) a build links. */
export function runtimeArtifacts(sanitize = false): { readonly lib: string; readonly harness: string } {
  const dir = sanitize ? join(RUNTIME_DIST, "asan") : RUNTIME_DIST;
  return { lib: join(dir, "libfzrt.a"), harness: join(dir, "harness.o") };
}

const WORK_DIR = join(CONFORMANCE_DIR, ".work/native");

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Install directories of LLVM 19 that do not depend on PATH. */
function versionedBinDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs: string[] = [];
  const config = onPath(`llvm-config-${LLVM_MAJOR}`, env);
  if (config) {
    const r = spawnSync(config, ["--bindir"], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim()) dirs.push(r.stdout.trim());
  }
  dirs.push(`/usr/lib/llvm-${LLVM_MAJOR}/bin`);
  return dirs;
}

const cache = new Map<string, LLVMTools>();

/** The LLVM tools to use; throws naming what to install when they are missing. */
export function findLLVMTools(env: NodeJS.ProcessEnv = process.env): LLVMTools {
  const override = env["FZ_LLVM_BIN"];
  const key = `${override ?? ""}\0${env["PATH"] ?? ""}`;
  const known = cache.get(key);
  if (known) return known;
  let tools: LLVMTools;
  if (override) {
    const pick = (tool: string) => [tool, `${tool}-${LLVM_MAJOR}`].map((n) => join(override, n)).find(isExecutable);
    tools = { clang: pick("clang") ?? "", opt: pick("opt"), llvmAs: pick("llvm-as") };
    if (!tools.clang || (!tools.opt && !tools.llvmAs)) {
      throw new Error(`FZ_LLVM_BIN=${override} must hold clang and opt (or llvm-as)`);
    }
  } else {
    const dirs = versionedBinDirs(env);
    const pick = (tool: string) => onPath(`${tool}-${LLVM_MAJOR}`, env) ?? dirs.map((d) => join(d, tool)).find(isExecutable);
    tools = { clang: pick("clang") ?? "", opt: pick("opt"), llvmAs: pick("llvm-as") };
    if (!tools.clang || (!tools.opt && !tools.llvmAs)) {
      throw new Error(
        `LLVM ${LLVM_MAJOR} not found (looked for clang-${LLVM_MAJOR}, opt-${LLVM_MAJOR} and llvm-as-${LLVM_MAJOR} ` +
        `on PATH and in the LLVM ${LLVM_MAJOR} install directory): install the Debian packages ` +
        `clang-${LLVM_MAJOR} llvm-${LLVM_MAJOR}, or set FZ_LLVM_BIN to a directory holding clang and opt`,
      );
    }
  }
  cache.set(key, tools);
  return tools;
}

/** Runs a tool to completion; throws with its output when it fails. */
function runTool(what: string, exe: string, args: readonly string[], input?: string): RunResult {
  const r = spawnSync(exe, args, { encoding: "utf8", input, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${what}: cannot run ${exe}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${what} failed (${basename(exe)} exit ${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`.trimEnd());
  }
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}

/** Checks LLVM text with LLVM's own parser and verifier; throws with the tool's message when it is invalid. */
export function verifyLLVM(text: string): void {
  const tools = findLLVMTools();
  if (tools.opt) runTool("LLVM verifier", tools.opt, ["-passes=verify", "-disable-output", "-"], text);
  else runTool("LLVM verifier", tools.llvmAs!, ["-o", "/dev/null", "-"], text);
}

let workSerial = 0;

/** A fresh, empty work directory, unique within this process and among concurrent ones. */
function freshWorkDir(stem: string): string {
  const dir = join(WORK_DIR, `${stem}-${process.pid}-${workSerial++}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The module's own triple, so clang neither warns about nor overrides it. */
function moduleTriple(text: string): string | undefined {
  return /^target triple = "([^"]+)"$/m.exec(text)?.[1];
}

/** Options of the native builds. */
export interface BuildOptions {
  /**
   * Link runtime-c's ASan + UBSan variant and the sanitizer runtimes. Code
   * from LLVM text carries no `sanitize_*` attributes, so the checks run in
   * the runtime and the harness, which is where memory is managed.
   */
  readonly sanitize?: boolean;
  /** More object files to link (for example host functions the module imports). */
  readonly extraObjects?: readonly string[];
}

function sanitizerFlags(options: BuildOptions): string[] {
  return options.sanitize ? ["-fsanitize=address,undefined", "-fno-omit-frame-pointer"] : [];
}

/** Compiles LLVM text to an object file with clang -O2 for the module's own target. */
export function compileLLVMObject(text: string, objectPath: string): void {
  const tools = findLLVMTools();
  const dir = freshWorkDir(basename(objectPath).replace(/\.o$/, ""));
  const source = join(dir, "module.ll");
  writeFileSync(source, text);
  const triple = moduleTriple(text);
  runTool("clang (compile)", tools.clang, ["-O2", "-c", ...(triple ? [`--target=${triple}`] : []), source, "-o", objectPath]);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Builds an executable from LLVM text: clang -O2 to an object, linked with
 * runtime-c's library and harness (whose `main` calls `kernel`).
 */
export function buildLLVMExecutable(text: string, outPath: string, options: BuildOptions = {}): string {
  const tools = findLLVMTools();
  const { lib, harness } = runtimeArtifacts(options.sanitize);
  for (const file of [lib, harness]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build runtime-c first (node build.mjs in packages/runtime-c)`);
  }
  const dir = freshWorkDir(basename(outPath));
  const object = join(dir, "module.o");
  compileLLVMObject(text, object);
  runTool("clang (link)", tools.clang, [...sanitizerFlags(options), object, ...(options.extraObjects ?? []), harness, lib, "-lpthread", "-o", outPath]);
  rmSync(dir, { recursive: true, force: true });
  return outPath;
}

/** Runs an executable and collects its output and exit status (a panic exits with 101). */
export function runExecutable(path: string, args: readonly string[] = [], timeoutMs = 60_000): RunResult {
  const r = spawnSync(path, args, { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${path}: ${r.error.message}`);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}

const scratchDirs: string[] = [];

/**
 * A directory for a test's executables, fresh for every call. It is removed
 * when the process exits unless FZ_KEEP_WORK=1, so runs do not pile up.
 */
export function scratchDir(stem: string): string {
  const dir = freshWorkDir(stem);
  if (scratchDirs.push(dir) === 1 && process.env["FZ_KEEP_WORK"] !== "1") {
    process.on("exit", () => {
      for (const d of scratchDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** The printer target matching the machine the tests run on. */
export function hostTarget(): LLVMTarget {
  if (process.platform === "linux" && process.arch === "x64") return "x86_64-linux";
  if (process.platform === "linux" && process.arch === "arm64") return "aarch64-linux";
  throw new Error(`no native LLVM target for ${process.platform}/${process.arch}`);
}

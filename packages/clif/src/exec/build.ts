/**
 * Builds a native executable from CLIF text and its data objects, linked
 * with what the caller names (`link`: a runtime, a harness with `main`) and
 * optionally a generated C translation unit (`harness`, e.g. a `main` that
 * calls entry functions, see harness.ts).
 *
 * Two engines:
 * - `executor` (the default, for CI where no Cranelift exists): the text is
 *   checked by the strict checker, translated to C, and compiled with the
 *   system C compiler (`$CC`, default `cc`) at -O2;
 * - `cranelift`, when `FZ_CLIF_TOOL` names an executable: the text is
 *   written to FILE.clif, `$FZ_CLIF_TOOL verify FILE.clif` must exit 0, and
 *   `$FZ_CLIF_TOOL compile FILE.clif -o FILE.o` gives the object linked in.
 * The data objects become a C file in both cases.
 *
 * Builds work in a fresh directory under the system's temporary directory
 * (or `workDir`), removed on success and kept for inspection on failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { assertCLIF, type CheckedCLIF } from "../check/index.js";
import { type DataObjectInput, dataToC } from "./data.js";
import { translateCLIF } from "./translate.js";

/** Which engine turns CLIF into machine code. */
export type CLIFEngine = "executor" | "cranelift";

/** The engine `buildCLIFExecutable` uses under `env`: `cranelift` when FZ_CLIF_TOOL is set. */
export function clifEngine(env: NodeJS.ProcessEnv = process.env): CLIFEngine {
  return env["FZ_CLIF_TOOL"] ? "cranelift" : "executor";
}

export interface CLIFBuildOptions {
  /** Compile the C parts with AddressSanitizer and UBSan and link runtime-c's sanitizer variant. */
  readonly sanitize?: boolean;
  /** Environment to read FZ_CLIF_TOOL and CC from (default: the process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Object files, libraries and linker flags linked after the module, in order (e.g. a harness with `main`, a runtime library). */
  readonly link?: readonly string[];
  /** A C translation unit compiled and linked with the module, typically a generated `main` (see `entryHarness`). */
  readonly harness?: string;
  /** Where the per-build directories go (default: the system's temporary directory). */
  readonly workDir?: string;
}
let serial = 0;

function run(what: string, argv: readonly string[], cwd: string): void {
  const [exe, ...args] = argv;
  const r = spawnSync(exe!, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${what}: cannot run ${exe}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (${basename(exe!)} exit ${r.status ?? r.signal}) in ${cwd}:\n${r.stderr}${r.stdout}`.trimEnd());
}

/** The C compiler command (`$CC` may carry arguments, e.g. `ccache gcc`). */
function compiler(env: NodeJS.ProcessEnv): string[] {
  return (env["CC"] || "cc").trim().split(/\s+/);
}

/**
 * Builds `outPath` from CLIF text and its data objects. Throws, naming the
 * line and text, on CLIF the checker or the executor rejects.
 */
export function buildCLIFExecutable(clifText: string, data: readonly DataObjectInput[], outPath: string, options: CLIFBuildOptions = {}): void {
  const checked = assertCLIF(clifText, { dataSymbols: data.map((d) => d.name) });
  buildCheckedExecutable(clifText, checked, data, outPath, options);
}

/**
 * `buildCLIFExecutable` for text already checked; the executor translates
 * `checked.file.functions` (which may be a subset of the text's functions),
 * a Cranelift tool the whole text.
 */
export function buildCheckedExecutable(clifText: string, checked: CheckedCLIF, data: readonly DataObjectInput[], outPath: string, options: CLIFBuildOptions = {}): void {
  const env = options.env ?? process.env;
  const dataNames = data.map((d) => d.name);
  const link = options.link ?? [];
  for (const file of link) {
    if (!file.startsWith("-") && !existsSync(file)) throw new Error(`${file} is missing (named in the link list)`);
  }
  const dir = join(options.workDir ?? join(tmpdir(), "fzclif"), `${basename(outPath)}-${process.pid}-${serial++}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cc = compiler(env);
  // Without use-after-scope checks: the translation's temporaries live in small nested scopes (a load is
  // `{ T m; memcpy(&m, addr, n); v = m; }`), and gcc 12's instrumentation of them grew with the cube of a
  // function's size: 32 inline map operations (about 1,200 CLIF instructions) took 15 s to compile, 64 over
  // 5 minutes, against 0.6 s and 2 s without it. CLIF values and stack slots live for the whole function,
  // so the check has nothing of theirs to find; every other check stays.
  const san = options.sanitize ? ["-fsanitize=address,undefined", "-fno-sanitize-address-use-after-scope", "-fno-omit-frame-pointer", "-fno-sanitize-recover=undefined"] : [];
  const cflags = ["-std=gnu11", "-O2", ...san];
  writeFileSync(join(dir, "data.c"), dataToC(data));
  run("cc (data objects)", [...cc, ...cflags, "-c", "data.c", "-o", "data.o"], dir);
  const tool = env["FZ_CLIF_TOOL"];
  if (tool) {
    writeFileSync(join(dir, "module.clif"), clifText);
    run("FZ_CLIF_TOOL verify", [tool, "verify", "module.clif"], dir);
    run("FZ_CLIF_TOOL compile", [tool, "compile", "module.clif", "-o", "module.o"], dir);
  } else {
    writeFileSync(join(dir, "module.c"), translateCLIF(checked.file.functions, checked.types, new Set(dataNames)));
    run("cc (CLIF executor)", [...cc, ...cflags, "-c", "module.c", "-o", "module.o"], dir);
  }
  const objects = ["module.o", "data.o"];
  if (options.harness !== undefined) {
    writeFileSync(join(dir, "harness.c"), options.harness);
    run("cc (harness)", [...cc, ...cflags, "-c", "harness.c", "-o", "harness.o"], dir);
    objects.push("harness.o");
  }
  mkdirSync(join(outPath, ".."), { recursive: true });
  // libm: the C spelling of sqrt, nearest and fma may call it.
  run("cc (link)", [...cc, ...san, ...objects, ...link, "-lm", "-o", outPath], dir);
  rmSync(dir, { recursive: true, force: true });
}

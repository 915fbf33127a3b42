/**
 * The `fzlower` command line. Every failure is one readable line on stderr
 * and a documented exit status, never a stack trace:
 *
 *   0    success
 *   1    the input is wrong (malformed text, ill-typed module, unreadable file)
 *   2    the command line is wrong (unknown option, backend, mode)
 *   101  `fzlower run`: the program panicked (as the native runtime exits)
 *   70   an internal error (a bug in fzlower; please report it)
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { FzError, formatValue, interpret, parseModule, PassClock, type PassTimes, toIValue, Trap, verifyModule } from "@fzy/ir";
import { printLIR } from "@fzy/lir";
import { FAST_PATHS, type FastPath, formatReport, type Mode } from "@fzy/passes";
import { BACKENDS, type Backend, type DataObject, lower, type LowerOptions, lowerToLIR, type Target } from "./lower.js";
import { ensureDirectory, fsReason, writeOutput } from "./output-path.js";
import { formatReportLegend } from "./report-legend.js";
import { formatPassTimes, sumPassTimes } from "./pass-times.js";
import { HOST_CALLS, type HostCalls } from "./host-calls.js";
import { runWasm } from "./run-wasm.js";
import { loadWasmBackend } from "./wasm-backend.js";
import { traceCommand, TRACE_USAGE } from "./trace-cli.js";
import { type CommandIO, serveWorker, WORKER_FLAG } from "./worker.js";

export const USAGE = `usage:
  fzlower FILE.fzir --backend cranelift|llvm|wasm [-o OUT] [--perf-fastpath=off|on|force]
          [--perf-lowering-report] [--time-passes] [--no-fast-path=NAME[,NAME...]] [--target x86_64-linux|aarch64-linux]
          [--emit text|lir] [--verify-lowered] [--host-calls=direct|traced] [--annotate]
  fzlower FILE.fzir... --backend cranelift|llvm|wasm --out-dir DIR [the options above]
  fzlower run FILE.fzir --entry NAME [--backend wasm [--perf-fastpath=MODE]] [ARGS...]
  ${TRACE_USAGE}
  fzlower [the options above] --persistent_worker
  fzlower [run] --help | --version

Lowers a Fzy IR module to Cranelift CLIF or LLVM IR text (stdout, or OUT; -o - is stdout).
With the cranelift backend and -o OUT, the data objects are written to OUT.data.json.
With the wasm backend, stdout gets the WebAssembly text and -o OUT the binary module.
--out-dir DIR lowers every FILE in one process and writes each to DIR under its own name
(m.fzir: m.clif and m.clif.data.json, m.ll, m.wasm, or m.lir); a FILE that fails is
reported and the rest are still lowered. Many modules lower far sooner this way than one
fzlower each: the engine compiles fzlower's own code once.
--persistent_worker serves a build system: it reads requests {"arguments": [...], "requestId": N}
from stdin, runs each as fzlower's command line (after the worker's own options) and answers
each with one line {"exitCode": S, "output": "what it printed", "requestId": N} on stdout
(Bazel's persistent-worker protocol, JSON form); the engine warms up once, not per module.
--emit lir prints the lowered form both backends read, as .lir text, instead of the backend's text.
--verify-lowered checks the lowered form (verifyLIR) before printing.
--annotate writes each IR instruction as a comment before the code it became.
--perf-lowering-report prints the lowering report and its legend to stderr.
--time-passes prints to stderr how long each pass took (parse, verify, inline, emission,
range analysis, optimization, printing...), each without the passes it calls, and the
slowest functions; with --out-dir per input, then the sum over all inputs.
--no-fast-path switches single fast paths off: ${FAST_PATHS.join(", ")}.
--target names the LLVM target (default x86_64-linux); CLIF text names none.
run interprets the module with the reference interpreter and prints the result;
with --backend wasm it compiles the module to WebAssembly and runs that in-process instead.
--host-calls=traced routes imports through the runtime's record/replay layer (FZ_RECORD/FZ_REPLAY).
trace verify checks a host-call trace and prints it readably.

exit status: 0 ok, 1 bad input, 2 bad command line, 101 the program panicked (run), 70 internal error`;

class UsageError extends Error {}

function readSource(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new FzError("io", `cannot read ${file}: ${fsReason(e)}`);
  }
}

/** A command-line argument as the JS value the interpreter's conversion expects. */
function parseArg(kind: string, s: string): unknown {
  switch (kind) {
    case "int": return /^-?\d+$/.test(s) ? BigInt(s) : s;
    case "bool": return s === "true" ? true : s === "false" ? false : s;
    case "f64": case "f32": return Number.isNaN(Number(s)) && s !== "nan" ? s : Number(s);
    default: return s;
  }
}

async function runCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { entry: { type: "string" }, backend: { type: "string" }, "perf-fastpath": { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true, strict: true, allowNegative: false,
  });
  if (values.help) return help(out);
  const [file, ...rest] = positionals;
  if (!file) throw new UsageError("run needs a FILE.fzir");
  if (!values.entry) throw new UsageError("run needs --entry NAME");
  const m = parseModule(readSource(file), file);
  verifyModule(m);
  const f = m.functions.find((x) => x.name === values.entry);
  if (!f) throw new FzError("undefined", `no function ${values.entry} in ${file}`);
  if (rest.length !== f.params.length) throw new UsageError(`${f.name} takes ${f.params.length} argument(s), got ${rest.length}`);
  f.params.forEach((p, i) => {
    if (p.type.kind !== "int") return;
    const v = parseArg("int", rest[i]!);
    const lim = 1n << BigInt(p.type.bits - 1);
    if (typeof v !== "bigint" || v < -lim || v >= lim) throw new UsageError(`argument ${i + 1} of ${f.name}: '${rest[i]}' is not an i${p.type.bits}`);
  });
  const argv = f.params.map((p, i) => toIValue(p.type, parseArg(p.type.kind, rest[i]!), `argument ${i + 1}`));
  if (values.backend !== undefined) {
    if (values.backend !== "wasm") throw new UsageError(`run --backend takes wasm only (the interpreter runs without it); got '${values.backend}'`);
    const mode = values["perf-fastpath"] ?? "on";
    if (!["off", "on", "force"].includes(mode)) throw new UsageError(`unknown --perf-fastpath '${mode}' (expected off, on or force)`);
    return runWasm(m, f, rest.map((a, i) => parseArg(f.params[i]!.type.kind, a)), mode as Mode, out, err);
  }
  if (values["perf-fastpath"] !== undefined) throw new UsageError("run --perf-fastpath needs --backend wasm");
  const r = interpret(m, f.name, argv);
  out(formatValue(r, f.result) + "\n");
  return 0;
}

/** How every input of one `fzlower` lowering command is lowered and where its output goes. */
interface LowerJob {
  readonly backend: Backend;
  readonly options: LowerOptions;
  readonly emit: "text" | "lir";
  /** Print each input's lowering report on stderr. */
  readonly report: boolean;
  /** Print each input's pass times on stderr (--time-passes). */
  readonly timePasses: boolean;
}

/** The file names one input gets in `--out-dir`, by backend (and `--emit lir`). */
const OUT_EXTENSION: Readonly<Record<Backend | "lir", string>> = { cranelift: ".clif", llvm: ".ll", wasm: ".wasm", lir: ".lir" };

async function lowerCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      backend: { type: "string" },
      output: { type: "string", short: "o" },
      "out-dir": { type: "string" },
      "perf-fastpath": { type: "string" },
      "perf-lowering-report": { type: "boolean" },
      "time-passes": { type: "boolean" },
      "no-fast-path": { type: "string", multiple: true },
      target: { type: "string" },
      emit: { type: "string" },
      "verify-lowered": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      "host-calls": { type: "string" },
      annotate: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return help(out);
  const outDir = values["out-dir"];
  if (outDir === "") throw new UsageError("--out-dir needs a directory name");
  if (outDir !== undefined && values.output !== undefined) throw new UsageError("give -o OUT (one input) or --out-dir DIR (any number of inputs), not both");
  if (positionals.length === 0) throw new UsageError("missing FILE.fzir");
  if (positionals.length > 1 && outDir === undefined) throw new UsageError("several inputs need --out-dir DIR (each is written there under its own name)");
  const job = lowerJob(values);
  if (job.backend === "wasm") await loadWasmBackend();
  if (outDir !== undefined) return lowerAll(positionals, outDir, job, err);
  // `-o -` is stdout, as with most compilers (it used to create a file named "-").
  const output = values.output === "-" ? undefined : values.output;
  const file = positionals[0]!;
  const lowered = lowerFile(file, job, err);
  if (lowered.times) err(formatPassTimes(lowered.times));
  if (output) writeLowered(output, lowered, job, out);
  else for (const piece of stdoutPieces(lowered, job)) out(piece);
  return 0;
}

/** The options of a lowering command that say how to lower, as parseArgs gives them. */
interface LowerFlags {
  readonly backend?: string;
  readonly target?: string;
  readonly "perf-fastpath"?: string;
  readonly "perf-lowering-report"?: boolean;
  readonly "time-passes"?: boolean;
  readonly "no-fast-path"?: string[];
  readonly "host-calls"?: string;
  readonly emit?: string;
  readonly "verify-lowered"?: boolean;
  readonly annotate?: boolean;
}

/** The options of a lowering command, checked. */
function lowerJob(values: LowerFlags): LowerJob {
  const backend = values.backend;
  if (!backend) throw new UsageError("missing --backend cranelift|llvm|wasm");
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`unknown backend '${backend}' (expected ${BACKENDS.join(" or ")})`);
  if (values.target !== undefined && backend !== "llvm") throw new UsageError(`--target applies to the llvm backend only (CLIF text names no target; the embedder's Cranelift ISA decides)`);
  const mode = values["perf-fastpath"] ?? "on";
  if (!["off", "on", "force"].includes(mode)) throw new UsageError(`unknown --perf-fastpath '${mode}' (expected off, on or force)`);
  const fastPaths: Partial<Record<FastPath, boolean>> = {};
  for (const name of (values["no-fast-path"] ?? []).flatMap((s) => s.split(","))) {
    if (!(FAST_PATHS as readonly string[]).includes(name)) throw new UsageError(`unknown fast path '${name}' (expected ${FAST_PATHS.join(", ")})`);
    fastPaths[name as FastPath] = false;
  }
  const hostCalls = values["host-calls"] ?? "direct";
  if (!(HOST_CALLS as readonly string[]).includes(hostCalls)) throw new UsageError(`unknown --host-calls '${hostCalls}' (expected ${HOST_CALLS.join(" or ")})`);
  const emit = values.emit ?? "text";
  if (emit !== "text" && emit !== "lir") throw new UsageError(`unknown --emit '${emit}' (expected text or lir)`);
  const options: LowerOptions = {
    perfFastpath: mode as Mode, fastPaths, target: values.target as Target | undefined, hostCalls: hostCalls as HostCalls,
    verifyLowered: values["verify-lowered"] ?? false, annotate: values.annotate ?? false,
  };
  return { backend: backend as Backend, options, emit, report: values["perf-lowering-report"] ?? false, timePasses: values["time-passes"] ?? false };
}

/** What one input lowered to: the backend's text or, with `--emit lir`, the .lir text; for wasm also the binary; the data objects; the pass times (--time-passes). */
interface Lowered {
  readonly text: string;
  readonly binary?: Uint8Array;
  readonly data: readonly DataObject[];
  readonly times?: PassTimes;
}

/** Parse and lower `file`; its report (when asked) goes to `err`. */
function lowerFile(file: string, job: LowerJob, err: (s: string) => void): Lowered {
  const source = readSource(file);
  const clock = job.timePasses ? new PassClock() : undefined;
  const m = clock ? clock.time("parse", () => parseModule(source, file)) : parseModule(source, file);
  const options = clock ? { ...job.options, passClock: clock } : job.options;
  if (job.emit === "lir") {
    // The lowered form alone: lower() would print the backend's text first and lower again for `lowered`.
    const r = lowerToLIR(m, job.backend, options);
    if (job.report) err(formatReport(r.report) + formatReportLegend());
    const text = clock ? clock.time("print", () => printLIR(r.lowered)) : printLIR(r.lowered);
    return { text, data: [], times: clock?.times() };
  }
  const r = lower(m, job.backend, options);
  if (job.report) err(formatReport(r.report) + formatReportLegend());
  return { text: r.text, binary: r.binary, data: r.data, times: clock?.times() };
}

/**
 * The text `fzlower` prints for `l` on stdout, in pieces written one after
 * the other: CLIF cannot define data, so its data objects follow as
 * comments, a line each (all of them in one string could be longer than a
 * string can be).
 */
function stdoutPieces(l: Lowered, job: LowerJob): string[] {
  if (job.emit === "lir" || job.backend !== "cranelift") return [l.text];
  return [l.text, ...l.data.map((d) => {
    const relocs = d.relocs.map((x) => ` reloc@${x.offset}=${x.symbol}+${x.addend}`).join("");
    return `; data ${d.name} align ${d.align}${d.writable ? " writable" : ""} bytes ${Buffer.from(d.bytes).toString("hex")}${relocs}\n`;
  })];
}

/**
 * The text of OUT.data.json, `{ "data": [...] }` as JSON.stringify spaces
 * it by two, in pieces: an object at a time (the whole in one string could
 * be longer than a string can be: 300 MB of data is 600 million hex digits).
 */
function dataJsonPieces(data: Lowered["data"]): string[] {
  if (data.length === 0) return ['{\n  "data": []\n}\n'];
  const objects = data.map((d, i) => {
    const json = JSON.stringify({ name: d.name, align: d.align, writable: d.writable, bytes: Buffer.from(d.bytes).toString("hex"), relocs: d.relocs }, null, 2);
    return `    ${json.replaceAll("\n", "\n    ")}${i + 1 < data.length ? "," : ""}\n`;
  });
  return ['{\n  "data": [\n', ...objects, "  ]\n}\n"];
}

/** Write `l` to `path` (-o): a wasm module's binary, its text then on stdout; CLIF's data objects beside it, in `path`.data.json. */
function writeLowered(path: string, l: Lowered, job: LowerJob, out: ((s: string) => void) | undefined): void {
  if (job.emit === "lir") return writeOutput(path, l.text);
  writeOutput(path, l.binary ?? l.text);
  if (job.backend === "wasm") out?.(l.text);
  if (job.backend === "cranelift") {
    writeOutput(`${path}.data.json`, dataJsonPieces(l.data));
  }
}

/**
 * `--out-dir DIR`: every input lowered in this one process (the engine
 * compiles the lowering's code once, not once per input), each written to
 * DIR under its own name (m.fzir: m.clif, m.ll, m.wasm or m.lir). An input
 * that fails is reported, one line naming it, and the others are still
 * lowered; the status is 1 if any failed.
 */
function lowerAll(files: readonly string[], dir: string, job: LowerJob, err: (s: string) => void): number {
  const ext = OUT_EXTENSION[job.emit === "lir" ? "lir" : job.backend];
  const byPath = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, basename(file, ".fzir") + ext);
    const other = byPath.get(path);
    if (other !== undefined) throw new UsageError(`${other} and ${file} would both be written to ${path}`);
    byPath.set(path, file);
  }
  ensureDirectory(dir, `--out-dir ${dir}`);
  let failed = 0;
  const timed: { label: string; times: PassTimes }[] = [];
  for (const [path, file] of byPath) {
    try {
      if (job.report || job.timePasses) err(`${file}:\n`);
      const lowered = lowerFile(file, job, err);
      // Each input's table without the passes' meanings: they follow the table of all inputs once.
      if (lowered.times) {
        err(formatPassTimes(lowered.times, false));
        timed.push({ label: file, times: lowered.times });
      }
      writeLowered(path, lowered, job, undefined);
    } catch (e) {
      if (!(e instanceof FzError)) throw e;
      // A text location names the file, and so does a failure to read it; a location in the module (a function, block, instruction) does not.
      const named = e.location?.kind === "text" || e.message.includes(file);
      err(`fzlower: ${named ? "" : `${file}: `}${e.format()}\n`);
      failed++;
    }
  }
  if (timed.length > 0) err(`all inputs lowered (${timed.length}):\n${formatPassTimes(sumPassTimes(timed))}`);
  return failed > 0 ? 1 : 0;
}

function help(out: (s: string) => void): number {
  out(USAGE + "\n");
  return 0;
}

/**
 * The process's stdout and stderr. A reader that stops early (`fzlower ... |
 * head -1`) closes the pipe; the next write fails with EPIPE, which ends the
 * process quietly, as the reader asked, instead of an unhandled error.
 */
export function processIO(): CommandIO {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount("error") === 0) {
      stream.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw e;
      });
    }
  }
  return { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };
}

/** One request of a worker: a command line of its own, but not one that makes another worker. */
async function runRequest(argv: string[], io: CommandIO): Promise<number> {
  if (!argv.includes(WORKER_FLAG)) return main(argv, io);
  io.err(`fzlower: ${WORKER_FLAG} belongs on the worker's own command line, not in a request (see fzlower --help)\n`);
  return 2;
}

/** Run the CLI; returns the exit status. `input`: what a worker reads its requests from (default: stdin, opened only then). */
export async function main(argv: string[], io: CommandIO = processIO(), input?: AsyncIterable<string | Uint8Array>): Promise<number> {
  try {
    if (argv.includes(WORKER_FLAG)) return await serveWorker(argv.filter((a) => a !== WORKER_FLAG), input ?? process.stdin, io.out, runRequest, io.err);
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h") {
      if (argv.length === 0) io.err(USAGE + "\n");
      return argv.length === 0 ? 2 : help(io.out);
    }
    if (argv[0] === "--version") {
      io.out("fzlower 0.1.0\n");
      return 0;
    }
    if (argv[0] === "run") return await runCommand(argv.slice(1), io.out, io.err);
    if (argv[0] === "trace") return traceCommand(argv.slice(1), io.out, io.err);
    return await lowerCommand(argv, io.out, io.err);
  } catch (e) {
    if (e instanceof Trap) {
      io.err(`panic: ${e.message}\n`);
      return 101;
    }
    if (e instanceof FzError) {
      io.err(`fzlower: ${e.format()}\n`);
      return e.code === "option" ? 2 : 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`fzlower: ${(e as Error).message} (see fzlower --help)\n`);
      return 2;
    }
    io.err(`fzlower: internal error: ${(e as Error).message ?? String(e)}\n`);
    return 70;
  }
}

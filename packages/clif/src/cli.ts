/**
 * The `fzclif` command line:
 *
 *   fzclif check FILE...                     check CLIF files
 *   fzclif run FILE.clif                     run a filetest's `; run:` lines
 *   fzclif run FILE.clif --entry F [ARGS...] call one function, print its results
 *
 * Exit status: 0 valid (or every run line passed; constructs this checker
 * does not cover are notes on stderr, not errors), 1 invalid CLIF or a
 * failed run line, 2 bad command line or unreadable file, 3 (check) valid as
 * far as checked but with constructs not covered, 70 internal error.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkFile, formatDiagnostic } from "./check/index.js";
import { dataValue } from "./run/commands.js";
import type { DataObjectInput } from "./exec/data.js";
import { runCommands } from "./run/runner.js";

const USAGE = {
  main: `usage:
  fzclif check FILE...                      check CLIF text (filetests included)
  fzclif run FILE.clif                      run the file's ; run: lines through the CLIF executor
  fzclif run FILE.clif --entry F [ARGS...]  call F with ARGS (CLIF data values) and print its results
  fzclif COMMAND --help

The executor translates CLIF to C and compiles it with $CC (default cc); with
FZ_CLIF_TOOL set, a real Cranelift tool verifies and compiles the text instead.

exit status: 0 ok, 1 invalid CLIF or a failed run line, 2 bad command line or file,
3 (check) valid but some constructs not covered by this checker, 70 internal error`,
  check: `usage: fzclif check FILE...

Prints every error as FILE:LINE:COLUMN: error: MESSAGE with the source line and a caret,
and each construct this checker does not cover as a note.
exit status: 0 valid, 1 invalid, 3 valid as far as checked with constructs not covered, 2 bad command line`,
  run: `usage: fzclif run FILE.clif [--data FILE.data.json] [--link OBJ]... [--entry F ARGS...]

Without --entry: runs every ; run: and ; print: line and prints PASS/FAIL per line
(exit 1 when a line fails or cannot run). With --entry: calls F with ARGS and prints its results;
when the call does not return (a panic), fzclif exits with the program's status (101 for a panic).
--data defines the data objects the text refers to (the JSON fzlower -o writes beside
OUT.clif: { "data": [{ name, align, writable, bytes (hex), relocs }] }); --link adds
objects, libraries or linker flags (e.g. a runtime: --link rt/libfzrt.a --link=-lpthread; a flag needs the = form).`,
};

class UsageError extends Error {}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

function check(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values, positionals } = parseArgs({ args, options: { help: { type: "boolean" } }, allowPositionals: true, strict: true });
  if (values.help) return out(USAGE.check), 0;
  if (!positionals.length) throw new UsageError("check needs at least one FILE");
  let status = 0;
  for (const file of positionals) {
    const source = read(file);
    const r = checkFile(source);
    for (const e of r.errors) err(formatDiagnostic(file, source, e));
    r.file.functions.forEach((f, i) => {
      for (const n of r.notCovered[i]!) err(formatDiagnostic(file, source, { line: n.line, col: n.col, message: `valid CLIF that this checker does not cover: ${n.what} (in %${f.name})` }, "note"));
    });
    if (r.errors.length) status = 1;
    else if (r.notCovered.some((n) => n.length) && status === 0) status = 3;
  }
  return status;
}

function run(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values, positionals } = parseArgs({
    args,
    options: { help: { type: "boolean" }, entry: { type: "string" }, data: { type: "string" }, link: { type: "string", multiple: true } },
    allowPositionals: true, strict: true, allowNegative: false,
  });
  if (values.help) return out(USAGE.run), 0;
  const [file, ...rest] = positionals;
  if (!file) throw new UsageError("run needs a FILE.clif");
  const source = read(file);
  // The build runs in a directory of its own: file arguments are taken relative to where fzclif runs.
  const link = (values.link ?? []).map((l) => (l.startsWith("-") ? l : resolve(l)));
  const build = { data: values.data === undefined ? [] : readData(values.data), link };
  const report = checkFile(source);
  if (report.errors.length) {
    for (const e of report.errors) err(formatDiagnostic(file, source, e));
    return 1;
  }
  if (values.entry !== undefined) return runEntry(file, source, report, values.entry, rest, out, err, build);
  if (rest.length) throw new UsageError("arguments need --entry F");
  const outcomes = runCommands(source, report, { link: build.link }, build.data);
  let failed = 0;
  for (const o of outcomes) {
    if (o.kind === "not-run") {
      failed++;
      out(`${file}:${o.line}: NOT RUN ${o.text}: ${o.why}`);
    } else {
      if (o.kind === "fail") failed++;
      out(`${file}:${o.cmd.line}: ${o.kind === "pass" ? "PASS" : "FAIL"} ${o.cmd.text}${o.kind === "fail" || !o.cmd.compare ? `, actual: ${o.output}` : ""}`);
    }
  }
  out(`${outcomes.length - failed} of ${outcomes.length} run lines passed`);
  return failed ? 1 : 0;
}

/** The data objects of a `.data.json` file as fzlower writes it (bytes in hex). */
function readData(file: string): DataObjectInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(read(file));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: not JSON (${(e as Error).message})`);
  }
  const list = (parsed as { data?: unknown })?.data;
  if (!Array.isArray(list)) throw new UsageError(`${file}: expected { "data": [...] } as fzlower writes it`);
  return list.map((d: { name?: unknown; align?: unknown; writable?: unknown; bytes?: unknown; relocs?: unknown }, i) => {
    if (typeof d?.name !== "string" || typeof d.align !== "number" || typeof d.bytes !== "string" || !/^([0-9a-fA-F]{2})*$/.test(d.bytes) || !Array.isArray(d.relocs)) {
      throw new UsageError(`${file}: data object ${i} needs name, align, bytes (hex) and relocs`);
    }
    return { name: d.name, align: d.align, writable: d.writable === true, bytes: Uint8Array.from(Buffer.from(d.bytes, "hex")), relocs: d.relocs as DataObjectInput["relocs"] };
  });
}

function runEntry(
  file: string, source: string, report: ReturnType<typeof checkFile>, entry: string, args: string[], out: (s: string) => void, err: (s: string) => void,
  build: { data: readonly DataObjectInput[]; link: readonly string[] },
): number {
  const f = report.file.functions.find((x) => x.name === entry);
  if (!f) throw new UsageError(`no function %${entry} in ${file}`);
  if (args.length !== f.sig.params.length) throw new UsageError(`%${entry} takes ${f.sig.params.length} arguments, ${args.length} given`);
  // Arguments are checked here for a usage error; the run line below passes them on as text.
  args.forEach((a, i) => {
    const v = dataValue(a, f.sig.params[i]!);
    if (typeof v === "string") throw new UsageError(`argument ${i + 1}: ${v}`);
  });
  const fake = { ...report, file: { ...report.file, functions: report.file.functions.map((g) => ({ ...g, runs: g === f ? [{ line: 0, col: 0, kind: "print" as const, text: `print: %${entry}(${args.join(", ")})` }] : [] })) } };
  const [o] = runCommands(source, fake, { link: build.link }, build.data);
  if (!o) return 70;
  if (o.kind === "not-run") throw new Error(o.why);
  if (o.kind === "fail") {
    // The call did not return (a panic or trap ended the program): say so and pass its exit status on.
    const status = /^exit (\d+)$/.exec(o.output);
    err(`fzclif: %${entry}(${args.join(", ")}) did not return: ${o.output}`);
    return status ? Number(status[1]) : 1;
  }
  out(o.output.split(", ").filter(Boolean).join("\n"));
  return 0;
}

/** Runs the command line `args`; returns the exit status. */
export async function main(args: string[], out = (s: string) => console.log(s), err = (s: string) => console.error(s)): Promise<number> {
  try {
    const [cmd, ...rest] = args;
    if (cmd === undefined || cmd === "--help" || cmd === "-h") return out(USAGE.main), cmd === undefined ? 2 : 0;
    if (cmd === "check") return check(rest, out, err);
    if (cmd === "run") return run(rest, out, err);
    throw new UsageError(`unknown command '${cmd}' (check, run)`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`fzclif: ${(e as Error).message.split("\n")[0]}`);
      return 2;
    }
    err(`fzclif: ${(e as Error).message.split("\n")[0]}`);
    return (e as Error).message.includes("executor") || (e as Error).message.includes("failed") ? 1 : 70;
  }
}

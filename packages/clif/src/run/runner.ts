/**
 * Runs the run commands of a checked CLIF file through the executor: all
 * functions the commands call are translated together, one harness calls
 * each command in its own child process, and each command passes when its
 * results compare as written. Commands on functions the executor cannot run
 * (a type or instruction it does not translate) are reported as not run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CheckReport, type FunctionAst } from "../check/index.js";
import { buildCLIFExecutable, type CLIFBuildOptions } from "../exec/build.js";
import { invocationHarness } from "../exec/harness.js";
import { runExecutable } from "../exec/run.js";
import { formatValue, parseRunComment, type RunCommand } from "./commands.js";

export type RunOutcome =
  | { readonly kind: "pass"; readonly cmd: RunCommand; readonly output: string }
  | { readonly kind: "fail"; readonly cmd: RunCommand; readonly output: string }
  | { readonly kind: "not-run"; readonly line: number; readonly text: string; readonly why: string };

/** Every run and print command of `report`'s file, run (or explained). */
export function runCommands(source: string, report: CheckReport, options: CLIFBuildOptions = {}): RunOutcome[] {
  const fns = report.file.functions;
  const byName = new Map<string, FunctionAst>(fns.map((f) => [f.name, f]));
  const out: RunOutcome[] = [];
  const cmds: RunCommand[] = [];
  for (const f of fns) {
    for (const c of f.runs) {
      const r = parseRunComment(c, f, byName);
      if (typeof r === "string") out.push({ kind: "not-run", line: c.line, text: c.text, why: r });
      else cmds.push(r);
    }
  }
  if (!cmds.length) return out;
  if (report.errors.length) return [...out, ...cmds.map((c) => ({ kind: "not-run" as const, line: c.line, text: c.text, why: "the file has errors" }))];
  const uncovered = fns.filter((f) => f.notCovered.length);
  if (uncovered.length) {
    const why = `not covered: ${uncovered[0]!.notCovered[0]!.what}`;
    return [...out, ...cmds.map((c) => ({ kind: "not-run" as const, line: c.line, text: c.text, why }))];
  }
  const dir = mkdtempSync(join(tmpdir(), "fzclif-run-"));
  try {
    const exe = join(dir, "runtest");
    try {
      buildCLIFExecutable(source, [], exe, { ...options, harness: invocationHarness(cmds) });
    } catch (e) {
      const why = (e as Error).message.split("\n")[0]!;
      return [...out, ...cmds.map((c) => ({ kind: "not-run" as const, line: c.line, text: c.text, why }))];
    }
    const r = runExecutable(exe, []);
    const lines = new Map<number, string>();
    for (const l of r.stdout.split("\n")) {
      const m = /^(\d+) (.*)$/.exec(l);
      if (m) lines.set(Number(m[1]), m[2]!);
    }
    cmds.forEach((c, i) => out.push(judge(c, lines.get(i))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out.sort((a, b) => ("cmd" in a ? a.cmd.line : a.line) - ("cmd" in b ? b.cmd.line : b.line));
}

function judge(c: RunCommand, line: string | undefined): RunOutcome {
  if (line === undefined) return { kind: "fail", cmd: c, output: "no output" };
  if (!line.startsWith("ok")) return { kind: "fail", cmd: c, output: line };
  const bits = line.slice(2).trim().split(/\s+/).filter(Boolean).map((h) => BigInt(`0x${h}`));
  const shown = bits.map((b, i) => formatValue(b, c.sig.results[i]!)).join(", ");
  if (!c.compare) return { kind: "pass", cmd: c, output: shown };
  const equal = bits.length === c.compare.values.length && bits.every((b, i) => b === c.compare!.values[i]);
  return { kind: equal === (c.compare.op === "==") ? "pass" : "fail", cmd: c, output: shown };
}

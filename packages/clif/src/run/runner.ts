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
import { buildCheckedExecutable, type CLIFBuildOptions } from "../exec/build.js";
import { translateCLIF } from "../exec/translate.js";
import type { DataObjectInput } from "../exec/data.js";
import { invocationHarness } from "../exec/harness.js";
import { runExecutable } from "../exec/run.js";
import { formatValue, parseRunComment, type RunCommand } from "./commands.js";

export type RunOutcome =
  | { readonly kind: "pass"; readonly cmd: RunCommand; readonly output: string }
  | { readonly kind: "fail"; readonly cmd: RunCommand; readonly output: string }
  | { readonly kind: "not-run"; readonly line: number; readonly text: string; readonly why: string };

/** Every run and print command of `report`'s file, run (or explained). */
export function runCommands(source: string, report: CheckReport, options: CLIFBuildOptions = {}, data: readonly DataObjectInput[] = []): RunOutcome[] {
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
  const tool = Boolean((options.env ?? process.env)["FZ_CLIF_TOOL"]);
  const blocked = tool ? new Map<string, string>() : unrunnable(report, data);
  const runnable = cmds.filter((c) => {
    const why = blocked.get(c.fn);
    if (why !== undefined) out.push({ kind: "not-run", line: c.line, text: c.text, why });
    return why === undefined;
  });
  if (!runnable.length) return out;
  const keep = fns.map((f) => !blocked.has(f.name));
  const checked = { file: { ...report.file, functions: fns.filter((_, i) => keep[i]) }, types: report.types.filter((_, i) => keep[i]) };
  const dir = mkdtempSync(join(tmpdir(), "fzclif-run-"));
  try {
    const exe = join(dir, "runtest");
    try {
      buildCheckedExecutable(source, checked, data, exe, { ...options, harness: invocationHarness(runnable) });
    } catch (e) {
      const why = (e as Error).message.split("\n")[0]!;
      return [...out, ...runnable.map((c) => ({ kind: "not-run" as const, line: c.line, text: c.text, why }))];
    }
    const r = runExecutable(exe, []);
    const lines = new Map<number, string>();
    for (const l of r.stdout.split("\n")) {
      const m = /^(\d+) (.*)$/.exec(l);
      if (m) lines.set(Number(m[1]), m[2]!);
    }
    runnable.forEach((c, i) => out.push(judge(c, lines.get(i))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out.sort((a, b) => ("cmd" in a ? a.cmd.line : a.line) - ("cmd" in b ? b.cmd.line : b.line));
}

/**
 * Functions the executor cannot run, with the reason: not covered by the
 * checker, not translatable to C, or calling (or taking the address of)
 * such a function.
 */
function unrunnable(report: CheckReport, data: readonly DataObjectInput[]): Map<string, string> {
  const fns = report.file.functions;
  const names = new Set([...fns.map((f) => f.name), ...data.map((d) => d.name)]);
  const blocked = new Map<string, string>();
  fns.forEach((f, i) => {
    if (f.notCovered.length) blocked.set(f.name, `not covered: ${f.notCovered[0]!.what}`);
    else {
      try {
        translateCLIF([f], [report.types[i]!], names);
      } catch (e) {
        blocked.set(f.name, (e as Error).message.split("\n")[0]!);
      }
    }
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of fns) {
      if (blocked.has(f.name)) continue;
      const refs = [...[...f.fns.values()].map((d) => d.name), ...[...f.globals.values()].map((g) => g.symbol)];
      const bad = refs.find((n) => names.has(n) && blocked.has(n));
      if (bad !== undefined) {
        blocked.set(f.name, `uses %${bad}: ${blocked.get(bad)}`);
        changed = true;
      }
    }
  }
  return blocked;
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

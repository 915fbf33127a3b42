#!/usr/bin/env node
/**
 * Measures the checker and the executor against a directory of Cranelift
 * filetests (e.g. cranelift/filetests/filetests/runtests of a wasmtime
 * checkout):
 *
 *   node packages/clif/scripts/runtests.mjs DIR [--no-run] [--target x86_64] [--list rejected|not-covered|failed]
 *
 * Counts files and functions accepted, not covered (by reason) and rejected,
 * and the run lines of fully accepted files passed, failed and not run (by
 * reason). Only files whose `target` lines include the target (or that have
 * none) are read, as Cranelift's runner would for that machine. Nothing is
 * written; the directory is read in place.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { checkFile, runCommands } from "../dist/index.js";

const { values, positionals } = parseArgs({
  options: { "no-run": { type: "boolean" }, target: { type: "string", default: "x86_64" }, list: { type: "string" } },
  allowPositionals: true,
});
const [dir] = positionals;
if (!dir) {
  console.error("usage: node packages/clif/scripts/runtests.mjs DIR [--no-run] [--target ARCH] [--list rejected|not-covered|failed]");
  process.exit(2);
}

function* clifFiles(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) yield* clifFiles(p);
    else if (name.endsWith(".clif")) yield p;
  }
}

const count = (m, k, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const totals = { files: 0, filesAccepted: 0, filesNotCovered: 0, filesRejected: 0, fns: 0, fnsAccepted: 0, fnsNotCovered: 0, fnsRejected: 0 };
// Run lines of files with `test run` (the native runner); files with only `test interpret` are counted apart.
const runs = { pass: 0, fail: 0, notRun: 0 }, interp = { pass: 0, fail: 0, notRun: 0 };
const notCoveredWhy = new Map(), notRunWhy = new Map(), listed = [];
for (const file of clifFiles(dir)) {
  const source = readFileSync(file, "utf8");
  const targets = [...source.matchAll(/^target\s+(\S+)/gm)].map((m) => m[1]);
  if (targets.length && !targets.includes(values.target)) continue;
  totals.files++;
  const r = checkFile(source);
  const errLines = r.errors.map((e) => e.line);
  const rel = relative(dir, file);
  let anyRejected = r.errors.length > 0, anyNotCovered = false;
  r.file.functions.forEach((f, i) => {
    totals.fns++;
    const end = r.file.functions[i + 1]?.line ?? Infinity;
    const rejected = f.broken || errLines.some((l) => l >= f.line && l < end);
    if (rejected) {
      totals.fnsRejected++;
      if (values.list === "rejected") listed.push(`${rel}: %${f.name}: ${r.errors.find((e) => e.line >= f.line && e.line < end)?.message}`);
    } else if (r.notCovered[i].length) {
      totals.fnsNotCovered++;
      anyNotCovered = true;
      for (const what of new Set(r.notCovered[i].map((n) => n.what.replace(/'.*'/, "'...'")))) count(notCoveredWhy, what);
      if (values.list === "not-covered") listed.push(`${rel}: %${f.name}: ${r.notCovered[i][0].what}`);
    } else totals.fnsAccepted++;
  });
  if (anyRejected) totals.filesRejected++;
  else if (anyNotCovered) totals.filesNotCovered++;
  else totals.filesAccepted++;
  if (values["no-run"] || anyRejected) continue;
  const native = /^test run\b/m.test(source);
  const tally = native ? runs : interp;
  for (const o of runCommands(source, r)) {
    if (o.kind === "pass") tally.pass++;
    else if (o.kind === "fail") {
      tally.fail++;
      if (values.list === "failed") listed.push(`${rel}:${o.cmd.line}: ${native ? "" : "(interpret only) "}${o.cmd.text}, actual: ${o.output}`);
    } else {
      tally.notRun++;
      if (native) count(notRunWhy, o.why.replace(/'.*'/, "'...'").replace(/line \d+: /, "").slice(0, 90));
    }
  }
}
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : "0.0");
console.log(`files (target ${values.target}): ${totals.files}: accepted ${totals.filesAccepted}, not covered ${totals.filesNotCovered}, rejected ${totals.filesRejected}`);
console.log(`functions: ${totals.fns}: accepted ${totals.fnsAccepted} (${pct(totals.fnsAccepted, totals.fns)}%), not covered ${totals.fnsNotCovered} (${pct(totals.fnsNotCovered, totals.fns)}%), rejected ${totals.fnsRejected} (${pct(totals.fnsRejected, totals.fns)}%)`);
for (const [why, n] of [...notCoveredWhy].sort((a, b) => b[1] - a[1])) console.log(`  not covered: ${n} function(s): ${why}`);
if (!values["no-run"]) {
  console.log(`run lines of 'test run' files without errors: passed ${runs.pass}, failed ${runs.fail}, not run ${runs.notRun}`);
  console.log(`run lines of 'test interpret'-only files (the interpreter's own expectations): passed ${interp.pass}, failed ${interp.fail}, not run ${interp.notRun}`);
  for (const [why, n] of [...notRunWhy].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  not run: ${n}: ${why}`);
}
for (const l of listed) console.log(l);

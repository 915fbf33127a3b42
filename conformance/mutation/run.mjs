#!/usr/bin/env node
/**
 * Mutation testing with StrykerJS on a scratch copy of the repository (the
 * run mutates sources in place, so it never touches the working tree):
 *
 *   node conformance/mutation/run.mjs eligibility [interpreter ...]
 *
 * Targets and the tests each one runs are in stryker.config.mjs. For each
 * target this prints the score per file and every surviving mutant
 * (file:line, mutator, replacement), and writes the summary to
 * conformance/mutation/results/<target>.txt. FZ_MUTATION_CONCURRENCY sets
 * Stryker's concurrency (default 2; targets that run parity use 1).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyRepo } from "../mutants/run.mjs";
import { TARGETS } from "./stryker.config.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Score per file and the survivors, from Stryker's JSON report (mutation-testing-report-schema). */
export function summarize(report) {
  const lines = [];
  const survivors = [];
  lines.push("file | mutants | killed | timeout | survived | no coverage | errors | score (killed+timeout of valid)");
  lines.push("---|---:|---:|---:|---:|---:|---:|---:");
  for (const [file, f] of Object.entries(report.files)) {
    const n = (s) => f.mutants.filter((m) => m.status === s).length;
    const killed = n("Killed"), timeout = n("Timeout"), survived = n("Survived"), nocov = n("NoCoverage");
    const errors = n("CompileError") + n("RuntimeError");
    const valid = killed + timeout + survived + nocov;
    lines.push(`${file} | ${f.mutants.length} | ${killed} | ${timeout} | ${survived} | ${nocov} | ${errors} | ${valid ? ((100 * (killed + timeout)) / valid).toFixed(1) : "-"}%`);
    const src = f.source.split("\n");
    const span = ({ start, end }) => (start.line === end.line ? src[start.line - 1]?.slice(start.column - 1, end.column - 1) : `${src[start.line - 1]?.slice(start.column - 1)}...`);
    for (const m of f.mutants.filter((x) => x.status === "Survived" || x.status === "NoCoverage")) {
      const at = m.location.start;
      survivors.push(`${file}:${at.line}:${at.column} ${m.mutatorName}: ${JSON.stringify(span(m.location)?.slice(0, 80))} -> ${JSON.stringify(m.replacement?.slice(0, 80))}`);
    }
  }
  return { table: lines.join("\n"), survivors };
}

function main(targets) {
  if (targets.length === 0 || targets.some((t) => !TARGETS[t])) {
    console.error(`usage: node conformance/mutation/run.mjs TARGET...; targets: ${Object.keys(TARGETS).join(", ")}`);
    return 2;
  }
  let status = 0;
  for (const target of targets) {
    const t0 = Date.now();
    const dir = copyRepo();
    const cleanUp = () => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    };
    process.once("SIGINT", cleanUp).once("SIGTERM", cleanUp);
    try {
      const usesParity = TARGETS[target].tests.includes("parity");
      const env = { ...process.env, FZ_MUTATION_TARGET: target, FZ_MUTATION_CONCURRENCY: process.env.FZ_MUTATION_CONCURRENCY ?? (usesParity ? "1" : "2") };
      const r = spawnSync("npx", ["stryker", "run", "conformance/mutation/stryker.config.mjs"], { cwd: dir, env, stdio: ["ignore", "inherit", "inherit"] });
      if (r.status !== 0) {
        console.error(`stryker failed on ${target} (status ${r.status})`);
        status = 1;
        continue;
      }
      const report = JSON.parse(readFileSync(join(dir, "reports", "mutation", `${target}.json`), "utf8"));
      // The raw report, for `run.mjs --summarize FILE` (not committed: it holds the whole source).
      mkdirSync(join(HERE, "..", ".work", "mutation"), { recursive: true });
      writeFileSync(join(HERE, "..", ".work", "mutation", `${target}.json`), JSON.stringify(report));
      const { table, survivors } = summarize(report);
      const minutes = ((Date.now() - t0) / 60000).toFixed(1);
      const text = `target ${target}: ${TARGETS[target].mutate.join(", ")} (${minutes} min)\ntests: ${TARGETS[target].tests}\n\n${table}\n\nsurvivors:\n${survivors.join("\n")}\n`;
      mkdirSync(join(HERE, "results"), { recursive: true });
      writeFileSync(join(HERE, "results", `${target}.txt`), text);
      console.log(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return status;
}

if (process.argv[2] === "--summarize") {
  const { table, survivors } = summarize(JSON.parse(readFileSync(process.argv[3], "utf8")));
  console.log(`${table}\n\nsurvivors:\n${survivors.join("\n")}`);
} else {
  process.exitCode = main(process.argv.slice(2));
}

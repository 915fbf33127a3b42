#!/usr/bin/env node
/**
 * Tests the tests: applies each hand-written mutant of mutants.json to a
 * scratch copy of the repository, builds it, runs the test suite there and
 * asserts that the suite FAILS. A mutant the suite does not catch means the
 * suite has lost its teeth for that rule; the runner then exits 1.
 *
 * A mutant is (glob of files under packages/, an exact search string, its
 * replacement), not a line patch, so it survives code moving between files:
 * the string must occur exactly once in all files under packages/ * /src that
 * match the glob, wherever it lives now. A string that is gone or ambiguous
 * is an error (the mutant must be updated), never a silent pass.
 *
 * By default each mutant first meets its `quick` subset (ava arguments naming
 * tests of the suite that should catch it): a failing subset is a failing
 * suite, and it takes a minute where the whole suite takes a quarter of an
 * hour. Only a mutant its subset does not kill meets the whole suite
 * (`ava --fail-fast`, as `pnpm test` runs it), so a subset that has gone stale
 * costs time, never a verdict.
 *
 * Usage: node conformance/mutants/run.mjs [--quick|--full] [--clean] [--keep] [name ...]
 *   --quick  run each mutant's `quick` subset only (a mutant it misses is LIVE)
 *   --full   run the whole suite for every mutant, without the subset first
 *   --clean  first run the same command on the unmutated copy: it must pass
 *   --keep   keep the scratch copy (its path is printed)
 *   --list   print the mutants and where each one applies
 *   --ava="ARGS"  run `ava ARGS` for every mutant instead (which tests kill what)
 * The copy is made without node_modules, .git and scratch output (dist and
 * build info are kept, so only what a mutant touches is rebuilt); its
 * dependencies are linked from the pnpm store with `pnpm install --offline`.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const MUTANTS = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "mutants.json"), "utf8"));
const SKIP = new Set(["node_modules", ".git", "out", ".work", "docs"]);

/** `passes/src/**\/*.ts` as a RegExp over paths relative to packages/ (forward slashes). */
export function globRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Every file under packages/<pkg>/src, relative to packages/. */
function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(e.name) || e.name === "dist") continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(join(root, "packages"), p).split(sep).join("/"));
    }
  };
  for (const pkg of readdirSync(join(root, "packages"))) {
    const src = join(root, "packages", pkg, "src");
    if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) walk(src);
  }
  return out;
}

/** The one file holding the mutant's search string, or an error naming why there is not exactly one. */
export function locate(root, m) {
  const re = globRegExp(m.files);
  const hits = [];
  for (const f of sourceFiles(root)) {
    if (!re.test(f)) continue;
    const n = readFileSync(join(root, "packages", f), "utf8").split(m.search).length - 1;
    for (let k = 0; k < n; k++) hits.push(f);
  }
  if (hits.length !== 1) {
    return { error: `mutant ${m.name}: the search string occurs ${hits.length} times in packages/${m.files}${hits.length ? ` (${[...new Set(hits)].join(", ")})` : ""}; update mutants.json` };
  }
  return { file: join(root, "packages", hits[0]), rel: `packages/${hits[0]}` };
}

function run(cmd, args, cwd, quiet = true) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", stdio: quiet ? "pipe" : "inherit", env: { ...process.env, FORCE_COLOR: "0" } });
  return { status: r.status ?? 1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

export function copyRepo() {
  const dir = mkdtempSync(join(tmpdir(), "fzy-mutant-"));
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !SKIP.has(basename(src)) || src === ROOT });
  const inst = run("pnpm", ["install", "--offline", "--frozen-lockfile"], dir);
  if (inst.status !== 0) throw new Error(`pnpm install in the scratch copy failed:\n${inst.out}`);
  return dir;
}

/** The lines of a failing run that say what killed the mutant: failed tests first, then errors. */
function tail(text, n = 6) {
  const lines = text.trim().split("\n");
  const failed = lines.filter((l) => /✘|\d+ tests? failed|error TS/.test(l));
  const picked = failed.length ? failed : lines.filter((l) => /FAIL|Error:/.test(l) && !/✔/.test(l));
  return picked.slice(0, n).map((l) => `    ${l.trim().slice(0, 200)}`).join("\n");
}

const DESCRIBE = {
  quick: "each mutant's quick subset only",
  full: "the whole suite, --fail-fast",
  "subset-then-suite": "each mutant's quick subset, then the whole suite (--fail-fast) if the subset does not kill it",
};

let avaOverride = null;
const WHOLE_SUITE = ["ava", "--fail-fast"];

/** The test runs a mutant meets, in order; the first that fails kills it. */
function testPlan(m, mode) {
  if (avaOverride) return [["ava", ...avaOverride]];
  if (mode === "quick") return [["ava", ...m.quick]];
  if (mode === "full") return [WHOLE_SUITE];
  return [["ava", ...m.quick], WHOLE_SUITE];
}

function main(argv) {
  const ava = argv.find((a) => a.startsWith("--ava="));
  if (ava) avaOverride = ava.slice(6).split(/\s+/).filter(Boolean);
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const names = argv.filter((a) => !a.startsWith("--"));
  const chosen = names.length ? MUTANTS.filter((m) => names.includes(m.name)) : MUTANTS;
  if (names.length && chosen.length !== names.length) {
    console.error(`unknown mutant(s): ${names.filter((n) => !MUTANTS.some((m) => m.name === n)).join(", ")}`);
    return 2;
  }
  if (flags.has("--list")) {
    for (const m of chosen) {
      const at = locate(ROOT, m);
      console.log(`${m.name.padEnd(32)} ${at.error ?? at.rel}\n    ${m.why}`);
    }
    return 0;
  }
  const mode = flags.has("--quick") ? "quick" : flags.has("--full") ? "full" : "subset-then-suite";
  const t0 = Date.now();
  const dir = copyRepo();
  const cleanUp = () => {
    if (!flags.has("--keep")) rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once("SIGINT", cleanUp).once("SIGTERM", cleanUp);
  console.log(`scratch copy: ${flags.has("--keep") ? dir : "(temporary)"}; tests: ${DESCRIBE[mode]}`);
  let bad = 0;
  try {
    const build = () => run("pnpm", ["run", "build"], dir);
    if (flags.has("--clean")) {
      const b = build();
      const runs = [...new Set(chosen.flatMap((m) => testPlan(m, mode)).map((args) => JSON.stringify(args)))];
      const clean = b.status === 0 ? runs.map((args) => run("npx", JSON.parse(args), dir)).find((r) => r.status !== 0) : b;
      console.log(`${clean ? "FAIL" : "ok  "} unmutated copy ${clean ? "fails" : "passes"} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      if (clean) {
        console.log(tail(clean.out, 20));
        return 1;
      }
    }
    for (const m of chosen) {
      const t1 = Date.now();
      const at = locate(dir, m);
      if (at.error) {
        console.log(`ERR  ${at.error}`);
        bad++;
        continue;
      }
      const original = readFileSync(at.file, "utf8");
      writeFileSync(at.file, original.replace(m.search, m.replace));
      try {
        const b = build();
        const secs = () => ((Date.now() - t1) / 1000).toFixed(0);
        if (b.status !== 0) {
          console.log(`ERR  ${m.name}: the mutant does not build (${secs()} s); a mutant must compile to test anything\n${tail(b.out)}`);
          bad++;
          continue;
        }
        const plan = testPlan(m, mode);
        let killer = -1;
        let r;
        for (let k = 0; k < plan.length && killer < 0; k++) {
          r = run("npx", plan[k], dir);
          if (r.status !== 0) killer = k;
        }
        if (killer < 0) {
          console.log(`LIVE ${m.name}: the tests PASS with this mutant in ${at.rel} (${secs()} s)\n    ${m.why}`);
          bad++;
        } else {
          const by = plan[killer] === WHOLE_SUITE ? "the whole suite" : `npx ${plan[killer].join(" ")}`;
          console.log(`ok   ${m.name} killed by ${by} (${at.rel}, ${secs()} s)\n${tail(r.out, 8)}`);
        }
      } finally {
        writeFileSync(at.file, original);
      }
    }
  } finally {
    if (!flags.has("--keep")) rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${chosen.length - bad} of ${chosen.length} mutants killed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return bad ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));

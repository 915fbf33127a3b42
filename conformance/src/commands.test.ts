/**
 * Every command answers --help, and the README's commands run what they
 * say: a root script written as `pnpm NAME` must not be one of pnpm's own
 * commands, which pnpm runs instead of the script (`pnpm docs` opens a web
 * page and writes nothing; `pnpm run docs` runs typedoc).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE_DIR, REPO_ROOT } from "./native/toolchain.js";

/** pnpm 10's built-in commands and aliases that take precedence over a script of the same name (test and start go to the script). */
const PNPM_BUILTINS = new Set([
  "add", "approve-builds", "audit", "bin", "cat-file", "cat-index", "config", "create", "dedupe", "deploy", "dlx", "docs", "env",
  "exec", "fetch", "find-hash", "home", "i", "import", "ignored-builds", "init", "install", "install-test", "it", "licenses", "link",
  "list", "ln", "ls", "outdated", "pack", "patch", "patch-commit", "patch-remove", "prune", "publish", "rb", "rebuild", "remove",
  "rm", "root", "run", "self-update", "server", "setup", "store", "un", "uninstall", "unlink", "up", "update", "why",
]);

test("the README runs root scripts in a way pnpm does not shadow", (t) => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const scripts = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
  const shadowed = [...readme.matchAll(/`?pnpm ([a-z][a-z-]*)/g)].map((m) => m[1]!).filter((name) => scripts.includes(name) && PNPM_BUILTINS.has(name));
  t.deepEqual(shadowed, []);
  t.true(readme.includes("pnpm run docs"));
  t.true(scripts.includes("docs"));
});

const commands: [string, string[], RegExp][] = [
  ["fzlower", [join(REPO_ROOT, "packages/lower/bin/fzlower.js")], /^usage:\n {2}fzlower /],
  ["fzrt-build", [join(REPO_ROOT, "packages/runtime-c/bin/fzrt-build.mjs")], /^usage: fzrt-build /],
  ["the fuzzer", [join(CONFORMANCE_DIR, "dist/fuzz/cli.js")], /^usage: pnpm fuzz /],
];
for (const [name, argv, usage] of commands) {
  test(`${name} --help prints its usage and exits 0`, (t) => {
    for (const flag of ["--help", "-h"]) {
      const r = spawnSync(process.execPath, [...argv, flag], { encoding: "utf8" });
      t.is(r.status, 0, r.stderr);
      t.regex(r.stdout, usage);
      t.is(r.stderr, "");
    }
  });
}

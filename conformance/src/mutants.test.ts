/**
 * The mutants of conformance/mutants (run by `pnpm test:mutants`, the tests
 * of the tests) find their place in today's code: each search string occurs
 * exactly once in the files its glob names. Code that moves or is reworded
 * would otherwise break the mutant run only, after the whole suite has passed.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CONFORMANCE_DIR, REPO_ROOT } from "./native/toolchain.js";

interface Mutant {
  name: string;
  files: string;
  search: string;
  replace: string;
}
type Located = { file: string; rel: string } | { error: string };

const MUTANTS_DIR = join(CONFORMANCE_DIR, "mutants");
const mutants = JSON.parse(readFileSync(join(MUTANTS_DIR, "mutants.json"), "utf8")) as Mutant[];

test("every mutant's search string occurs exactly once where its glob points", async (t) => {
  const runner = (await import(pathToFileURL(join(MUTANTS_DIR, "run.mjs")).href)) as { locate(root: string, m: Mutant): Located };
  t.true(mutants.length > 0);
  const errors = mutants.map((m) => runner.locate(REPO_ROOT, m)).flatMap((r) => ("error" in r ? [r.error] : []));
  t.deepEqual(errors, []);
});

test("every mutant changes its code", (t) => {
  t.deepEqual(mutants.filter((m) => m.search === m.replace).map((m) => m.name), []);
});

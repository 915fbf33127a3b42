/**
 * Every `.fzir` file of the repository (kernels, modules, regressions,
 * filetests, examples) round-trips: print(parse(x)) is a fixpoint, and
 * parsing the text or its UTF-8 bytes gives the same module.
 * conformance/hostile holds malformed inputs on purpose; its own test covers it.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseModule, printModule } from "@fzy/ir";
import { repoFzirFiles } from "./fzir-files.js";
import { REPO_ROOT } from "./native/toolchain.js";

const files = repoFzirFiles();

test("finds the repository's .fzir files", (t) => {
  t.true(files.length > 50);
});

for (const file of files) {
  const name = relative(REPO_ROOT, file);
  test(`round trip: ${name}`, (t) => {
    const once = printModule(parseModule(readFileSync(file), name));
    t.is(printModule(parseModule(once, `${name} (printed)`)), once);
    t.is(printModule(parseModule(new TextEncoder().encode(once))), once);
  });
}

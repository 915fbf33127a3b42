/**
 * Every `.fzir` file of the repository (kernels, modules, regressions,
 * filetests, examples) round-trips: print(parse(x)) is a fixpoint, and
 * parsing the text or its UTF-8 bytes gives the same module.
 * conformance/hostile holds malformed inputs on purpose; its own test covers it.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseModule, printModule } from "@fzy/ir";
import { REPO_ROOT } from "./native/toolchain.js";

function fzirFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const skip = ["node_modules", "dist", ".git", "hostile", ".work"].includes(e.name);
      if (e.isDirectory()) { if (!skip) stack.push(join(d, e.name)); }
      else if (e.name.endsWith(".fzir")) out.push(join(d, e.name));
    }
  }
  return out.sort();
}

const files = fzirFiles(REPO_ROOT);

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

/**
 * Every `.fzir` file of the repository (kernels, modules, regressions,
 * filetests, examples), sorted: the inputs of the tests that hold for any
 * well-formed module. conformance/hostile (malformed on purpose), build
 * output and dependencies are skipped.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./native/toolchain.js";

const SKIP = new Set(["node_modules", "dist", ".git", "hostile", ".work"]);

/** The repository's `.fzir` files as absolute paths, sorted. */
export function repoFzirFiles(dir: string = REPO_ROOT): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) { if (!SKIP.has(e.name)) stack.push(join(d, e.name)); }
      else if (e.name.endsWith(".fzir")) out.push(join(d, e.name));
    }
  }
  return out.sort();
}

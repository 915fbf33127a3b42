// code-cache.mjs - writes a V8 code cache of the fzlower bundle (bin/load-bundle.js):
// `node code-cache.mjs lowering` dist/fzlower.bundle.cache, under the flags a lowering command
// sets (engine-flags.js), and `node code-cache.mjs plain` dist/fzlower.bundle.plain.cache, under
// none, for `run` and `trace`. build-bin.mjs runs each in a process of its own, since V8 takes a
// cache only under the flags it was made with. Each first runs its commands on warm-up.fzir (the
// lowering one through both text backends, the plain one `run`), so that the cache holds the
// compiled code of the paths they take, not only the bundle's start: `fzlower` on a kernel took
// 0.82x the wall time with such a cache of what it took with one made at the start
// (conformance/README.md, "The fzlower bundle compiled from a code cache").

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setLoweringFlags } from "./bin/engine-flags.js";
import { CODE_CACHES, loadBundle } from "./bin/load-bundle.js";

const kind = process.argv[2];
if (kind !== "lowering" && kind !== "plain") throw new Error("usage: node code-cache.mjs lowering|plain");
if (kind === "lowering") setLoweringFlags();
const bundle = loadBundle(undefined);
const warmUp = join(dirname(fileURLToPath(import.meta.url)), "warm-up.fzir");
const quiet = { out: () => {}, err: (s) => void process.stderr.write(s) };
const commands = kind === "lowering" ? [[warmUp, "--backend", "llvm"], [warmUp, "--backend", "cranelift"]] : [["run", warmUp, "--entry", "kernel", "10"]];
for (const args of commands) {
  const status = await bundle.exports.main(args, quiet);
  if (status !== 0) throw new Error(`code-cache.mjs: fzlower ${args.join(" ")} failed (status ${status})`);
}
writeFileSync(CODE_CACHES[kind], bundle.makeCache());

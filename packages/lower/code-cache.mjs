// code-cache.mjs - writes dist/fzlower.bundle.cache, the V8 code cache of the fzlower bundle
// (bin/load-bundle.js). build-bin.mjs runs it in a process of its own, since V8 takes a cache only
// under the flags it was made with: these are the flags a lowering command sets (engine-flags.js).
// It lowers warm-up.fzir through both text backends first, so that the cache holds the compiled
// code of the paths a lowering takes, not only the bundle's start: `fzlower` on a kernel took
// 0.82x the wall time with such a cache of what it took with one made at the start
// (conformance/README.md, "The fzlower bundle compiled from a code cache").

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { loweringFlags } from "./bin/engine-flags.js";
import { CODE_CACHE, loadBundle } from "./bin/load-bundle.js";

for (const [, flag] of loweringFlags(process.versions.v8)) setFlagsFromString(flag);
const bundle = loadBundle(false);
const warmUp = join(dirname(fileURLToPath(import.meta.url)), "warm-up.fzir");
const quiet = { out: () => {}, err: (s) => void process.stderr.write(s) };
for (const backend of ["llvm", "cranelift"]) {
  const status = await bundle.exports.main([warmUp, "--backend", backend], quiet);
  if (status !== 0) throw new Error(`code-cache.mjs: lowering warm-up.fzir through ${backend} failed (status ${status})`);
}
writeFileSync(CODE_CACHE, bundle.makeCache());

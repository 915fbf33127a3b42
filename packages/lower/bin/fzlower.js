#!/usr/bin/env node
// The bundle of dist/cli.js (build-bin.mjs): one file loads much faster than the library's modules.
import { setLoweringFlags } from "./engine-flags.js";
import { CODE_CACHES, loadBundle } from "./load-bundle.js";

// A lowering command lowers its input once, most of it before V8 has optimized the lowering's code,
// so it sets the engine flags of engine-flags.js (each unless the command line or NODE_OPTIONS names
// it). `run` and `trace` keep the defaults: the interpreter runs long enough in one process that its
// inlined loop pays (10-15% less time on the kernels).
const sub = process.argv[2];
const lowering = sub !== "run" && sub !== "trace";
if (lowering) setLoweringFlags([...process.execArgv, process.env.NODE_OPTIONS ?? ""]);

// Each code cache was made under the flags its commands set (load-bundle.js).
let bundle;
try {
  bundle = loadBundle(lowering ? CODE_CACHES.lowering : CODE_CACHES.plain);
} catch (e) {
  // A checkout that was never built (or a build that stopped early) has no bundle: one line, not a stack trace.
  if (e?.code !== "ENOENT") throw e;
  process.stderr.write(`fzlower: internal error: ${e.path ?? "the bundle"} is missing (build it: pnpm run build)\n`);
  process.exit(70);
}
process.exitCode = await bundle.exports.main(process.argv.slice(2));

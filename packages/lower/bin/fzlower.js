#!/usr/bin/env node
// The bundle of dist/cli.js (build-bin.mjs): one file loads much faster than the library's modules.
import { setFlagsFromString } from "node:v8";

// A lowering command lowers its input once, most of it before V8 has optimized the lowering's code:
// without TurboFan's inlining each optimizing job is smaller and done sooner, so a fresh process
// reaches optimized code earlier (corpus x1 took about 0.7x the CPU time; conformance/README.md,
// "The fzlower command's first lowering"). `run` and `trace` keep the default: the interpreter runs
// long enough in one process that its inlined loop pays (10-15% less time on the kernels).
const sub = process.argv[2];
const lowering = sub !== "run" && sub !== "trace";
const flagGiven = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes("turbo-inlining"));
if (lowering && !flagGiven) setFlagsFromString("--no-turbo-inlining");

const { main } = await import("../dist/fzlower.bundle.js");
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The bundle of dist/cli.js (build-bin.mjs): one file loads much faster than the library's modules.
import { setFlagsFromString } from "node:v8";

// A lowering command lowers its input once, most of it before V8 has optimized the lowering's code,
// so two engine flags are set for it (each unless the command line or NODE_OPTIONS names it):
// - without TurboFan's inlining each optimizing job is smaller and done sooner, so a fresh process
//   reaches optimized code earlier (corpus x1 took about 0.7x the CPU time);
// - with four times V8's interrupt budget a function is optimized after four times the work: the
//   functions a small input runs little are no longer optimized for nothing (corpus x1: about 0.8x
//   the wall and 0.65x the CPU time), and a large input's hot code is optimized soon enough (corpus
//   x10: the same wall time, less CPU).
// (conformance/README.md, "The fzlower command's first lowering".) `run` and `trace` keep the
// defaults: the interpreter runs long enough in one process that its inlined loop pays (10-15% less
// time on the kernels).
const LOWERING_FLAGS = [
  ["turbo-inlining", "--no-turbo-inlining"],
  ["interrupt-budget", "--interrupt-budget=270336"],
];
const sub = process.argv[2];
const lowering = sub !== "run" && sub !== "trace";
const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ""];
if (lowering) for (const [name, flag] of LOWERING_FLAGS) if (!given.some((a) => a.includes(name))) setFlagsFromString(flag);

const { main } = await import("../dist/fzlower.bundle.js");
process.exitCode = await main(process.argv.slice(2));

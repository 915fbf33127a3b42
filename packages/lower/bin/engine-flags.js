// The V8 flags a lowering command sets (bin/fzlower.js), by the engine's version. V8 12 (Node 22)
// replaced the interrupt budget by invocation counts, and V8 answers a flag it does not know with a
// line "Error: unrecognized flag" on stderr, not an exception: each flag is given only to the
// engines that have it. Each entry: the name a user's own flag would contain, and the flag.
//
// - `--no-turbo-inlining` (every version): each optimizing job is smaller and done sooner, so a
//   fresh process reaches optimized code earlier.
// - A function is optimized after four times the engine's default work: the functions a small
//   input runs little are not optimized for nothing, a large input's hot code soon enough. V8 11
//   counts it as an interrupt budget (default 67584 bytes); V8 12 and later as invocations (defaults:
//   3000 for TurboFan, 400 for Maglev).
//
// (packages/lower/README.md and conformance/README.md give the measurements.)

import { setFlagsFromString } from "node:v8";

/** The flags for V8 version `v8` (process.versions.v8, e.g. "11.3.244.8-node.38"). */
export function loweringFlags(v8) {
  const major = Number.parseInt(v8, 10);
  const budget = major < 12
    ? [["interrupt-budget", "--interrupt-budget=270336"]]
    : [["invocation-count-for-turbofan", "--invocation-count-for-turbofan=12000"], ["invocation-count-for-maglev", "--invocation-count-for-maglev=1600"]];
  return [["turbo-inlining", "--no-turbo-inlining"], ...budget];
}

/**
 * Sets this engine's lowering flags (a lowering command's, and the process that makes its code
 * cache: V8 takes a cache only under the flags it was made with), each unless one of `given` (the
 * command line's and NODE_OPTIONS' flags) names it.
 */
export function setLoweringFlags(given = []) {
  for (const [name, flag] of loweringFlags(process.versions.v8)) if (!given.some((a) => a.includes(name))) setFlagsFromString(flag);
}

/** The engine's own values of those flags (what a run at V8's defaults names, so that the command sets none). */
const DEFAULTS = {
  "turbo-inlining": "--turbo-inlining",
  "interrupt-budget": "--interrupt-budget=67584",
  "invocation-count-for-turbofan": "--invocation-count-for-turbofan=3000",
  "invocation-count-for-maglev": "--invocation-count-for-maglev=400",
};

/** `loweringFlags(v8)` at the engine's defaults. */
export function defaultFlags(v8) {
  return loweringFlags(v8).map(([name]) => DEFAULTS[name]);
}

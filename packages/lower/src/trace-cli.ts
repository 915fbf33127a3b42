/**
 * `fzlower trace verify FILE`: checks a host-call trace (version, every
 * line, call count, checksum; packages/runtime-c/TRACE.md) and prints it one
 * call per line. Exit status 0 when the trace is valid, 1 when it is not
 * (one line naming what is wrong), 2 on a bad command line.
 */
import { readFileSync } from "node:fs";
import { FzError } from "@fzy/ir";
import { formatTrace, parseTrace, TRACE_VERSION, TraceError } from "./trace.js";

export const TRACE_USAGE = "fzlower trace verify FILE";

/** Runs `fzlower trace ...` (args after `trace`); returns the exit status. */
export function traceCommand(args: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  if (args.length !== 2 || args[0] !== "verify") {
    err(`fzlower: usage: ${TRACE_USAGE} (see fzlower --help)\n`);
    return 2;
  }
  const file = args[1]!;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new FzError("io", `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
  }
  try {
    const calls = parseTrace(bytes);
    out(`${file}: valid trace, version ${TRACE_VERSION}, ${calls.length} call(s)\n`);
    out(formatTrace(calls));
    return 0;
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    err(`fzlower: ${file}: invalid trace: ${e.message}\n`);
    return 1;
  }
}

/**
 * The command line of compile-ab, checked in one place so that a mistake
 * (a missing size, a count that is not a number, an unknown backend or
 * phase) is one readable message before anything runs.
 */
import { parseArgs } from "node:util";
import type { Backend } from "@fzy/lower";

/** How compile-ab is called. */
export const AB_USAGE = "usage: compile-ab (SHAPE SIZE | --input FILE.fzir) --base DIR [--processes [--repeat K] [--this DIR]] [--rounds R] [--backend llvm|cranelift] [--phase parse|verify] [--output-changed]";

/** What is timed: the whole `lower()` (per backend), or the parser or verifier alone. */
export type AbPhase = "lower" | "parse" | "verify";

/** The text both trees lower: a benchmark shape at a size, or a saved .fzir file. */
export type AbInput = { readonly shape: string; readonly size: number } | { readonly file: string };

/** The checked arguments of compile-ab. */
export interface AbArgs {
  readonly input: AbInput;
  readonly base: string;
  readonly rounds: number;
  readonly backends: readonly Backend[];
  readonly phase: AbPhase;
  /** One fresh process per tree and round instead of both trees in this process. */
  readonly processes: boolean;
  /** Timed runs in each child process (process mode only). */
  readonly repeat: number;
  /** The built tree timed as "this" (process mode only); unset: the tree this script belongs to. */
  readonly mine?: string;
  /** The two trees are meant to print different text (a deliberate change of output): not checked, and said in the result. */
  readonly outputChanged: boolean;
}

/** A whole number of at least 1 spelled by `text`, or a usage error naming `what`. */
function count(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a whole number of at least 1, not "${text}"; ${AB_USAGE}`);
  return n;
}

/** The arguments in `argv` (without node and the script), or an error that gives the usage. */
export function parseAbArgs(argv: readonly string[]): AbArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        base: { type: "string" }, rounds: { type: "string", default: "9" }, backend: { type: "string" }, phase: { type: "string" },
        processes: { type: "boolean", default: false }, "output-changed": { type: "boolean", default: false }, repeat: { type: "string" }, this: { type: "string" }, input: { type: "string" },
      },
    });
  } catch (e) {
    throw new Error(`${(e as Error).message}; ${AB_USAGE}`);
  }
  const { values, positionals } = parsed;
  const [shape, size] = positionals;
  const input = values.input !== undefined && positionals.length === 0 ? { file: values.input }
    : values.input === undefined && shape !== undefined && size !== undefined && positionals.length === 2 ? { shape, size: count(size, "SIZE") }
    : undefined;
  if (!input) throw new Error(AB_USAGE);
  if (!values.base) throw new Error(`--base DIR is required; ${AB_USAGE}`);
  if (values.backend !== undefined && values.backend !== "llvm" && values.backend !== "cranelift") throw new Error(`unknown backend "${values.backend}"; ${AB_USAGE}`);
  if (values.phase !== undefined && values.phase !== "parse" && values.phase !== "verify") throw new Error(`unknown phase "${values.phase}"; ${AB_USAGE}`);
  if (values.repeat !== undefined && !values.processes) throw new Error(`--repeat counts the runs of a child process and needs --processes; ${AB_USAGE}`);
  if (values.this !== undefined && !values.processes) throw new Error(`--this names the tree a child process loads and needs --processes; ${AB_USAGE}`);
  return {
    input,
    base: values.base,
    rounds: count(values.rounds, "--rounds"),
    backends: values.backend ? [values.backend] : ["llvm", "cranelift"],
    phase: values.phase ?? "lower",
    processes: values.processes,
    repeat: values.repeat === undefined ? 3 : count(values.repeat, "--repeat"),
    ...(values.this === undefined ? {} : { mine: values.this }),
    outputChanged: values["output-changed"],
  };
}

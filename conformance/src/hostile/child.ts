/**
 * The hostile-input child process: checks the inputs its parent sends, one
 * at a time, and answers each with its verdict and time. It runs apart so
 * the parent can time-box every input (killing the child on a hang) and cap
 * its heap (`--max-old-space-size`): a hang or an out-of-memory death is
 * then a verdict about one input, not a stuck or dead test run.
 */
import { readFileSync } from "node:fs";
import { checkInput } from "./check.js";
import { SYNTHETIC } from "./large.js";
import { mutate, type MutationKind } from "./mutate.js";

/** Where an input comes from; the child makes large and mutated inputs itself rather than receive megabytes. */
export type Source =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "synthetic"; readonly index: number }
  | { readonly kind: "mutant"; readonly base: string; readonly seed: number; readonly how: MutationKind; readonly steps: number };

export interface Job {
  readonly id: number;
  readonly name: string;
  readonly source: Source;
  readonly consumers: boolean;
}

export function inputBytes(s: Source): Uint8Array {
  switch (s.kind) {
    case "file": return readFileSync(s.path);
    case "synthetic": {
      const v = SYNTHETIC[s.index]!.make();
      return typeof v === "string" ? new TextEncoder().encode(v) : v;
    }
    case "mutant": return mutate(readFileSync(s.base, "utf8"), s.seed, s.how, s.steps);
  }
}

if (process.send) {
  process.on("message", (job: Job) => {
    const t0 = Date.now();
    const verdict = checkInput(inputBytes(job.source), job.name, job.consumers);
    process.send!({ id: job.id, verdict, ms: Date.now() - t0 });
  });
}

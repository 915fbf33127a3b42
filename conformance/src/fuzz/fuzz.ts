/**
 * The differential fuzzing loop. Cases are generated from (seed, index)
 * alone, so `--seed S` with any `--start`/`--count` split regenerates the
 * same cases, and run in batches (one module, one native build per backend
 * and mode; see batch.ts). Each batch is also printed, parsed and printed
 * again, which must give the same text.
 *
 * A failing case is re-run alone, shrunk (shrink.ts) and saved as a
 * regression module in the format of conformance/modules: a header saying
 * what differed, an `; inputs:` line and the module with `kernel`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Module, parseModule, printModule, verifyModule } from "@fzy/ir";
import { batchModule, type BatchCase, caseFile, caseModule, COMBINED_ARG, dispatchArg, INPUT_SLOTS, inputTable } from "./batch.js";
import { generateCase } from "./generate.js";
import { caseSeed } from "./prng.js";
import { type CaseRecipe, caseSize } from "./recipe.js";
import { allConfigs, buildConfig, type Combined, compareModule, formatMismatch, type FuzzConfig, type Mismatch, type Probe, referenceOutcomes } from "./run.js";
import { shrinkCase } from "./shrink.js";

export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  /** First case index (default 0). */
  readonly start?: number;
  /** Cases per module (default 50). */
  readonly batchSize?: number;
  /** Inputs each case runs on, of the table's INPUT_SLOTS (default 3). */
  readonly inputsPerCase?: number;
  /** Backends, modes (and fast paths switched off) to compare (default: the six backend x mode pairs). */
  readonly configs?: readonly FuzzConfig[];
  /** Shrink failures (default true). */
  readonly shrink?: boolean;
  /** Where shrunk failures are written (default: not written). */
  readonly saveDir?: string | null;
  /** Run only the batches b with b % of === index (for parallel workers). */
  readonly shard?: { readonly index: number; readonly of: number };
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

export interface CaseFailure {
  readonly index: number;
  readonly details: readonly string[];
  /** The saved regression file, if any. */
  readonly file: string | null;
  /** Recipe size before and after shrinking. */
  readonly size: readonly [number, number];
}

export interface FuzzSummary {
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
  /** Cases whose interpretation ran out of fuel (never compared). */
  readonly skipped: number;
  /** (case, input, backend, mode) runs compared. */
  readonly runs: number;
  readonly ms: number;
  readonly failures: readonly CaseFailure[];
}

type Config = FuzzConfig;

export function fuzz(o: FuzzOptions): FuzzSummary {
  const t0 = Date.now();
  const configs = o.configs ?? allConfigs();
  const batchSize = o.batchSize ?? 50;
  const first = o.start ?? 0;
  const inputs = inputTable(o.seed);
  const log = o.log ?? (() => {});
  const failures: CaseFailure[] = [];
  let skipped = 0, runs = 0, done = 0;
  for (let start = first, b = 0; start < first + o.count; start += batchSize, b++) {
    if (o.shard && b % o.shard.of !== o.shard.index) continue;
    const cases: BatchCase[] = [];
    for (let index = start; index < Math.min(start + batchSize, first + o.count); index++) {
      cases.push({ index, recipe: generateCase(caseSeed(o.seed, index), INPUT_SLOTS, o.inputsPerCase ?? 3) });
    }
    const found = new Map<number, string[]>();
    const note = (index: number, line: string) => (found.get(index) ?? found.set(index, []).get(index)!).push(line);
    const r = runBatch(cases, inputs, configs, note);
    skipped += r.skipped;
    runs += r.runs;
    done += cases.length;
    for (const [index, details] of found) {
      const c = cases.find((x) => x.index === index)!;
      failures.push(o.shrink === false ? { index, details, file: null, size: [caseSize(c.recipe), caseSize(c.recipe)] } : shrinkAndSave(o, c, inputs, details, configs, log));
    }
    log(`fuzz${o.shard ? `[${o.shard.index}]` : ""}: ${done} cases (${start}..${start + cases.length - 1}), ${failures.length} failed, ${skipped} skipped, ${runs} runs, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const failed = failures.length;
  return { cases: done, passed: done - failed - skipped, failed, skipped, runs, ms: Date.now() - t0, failures };
}

/** Run one batch; report per case index whatever went wrong. */
function runBatch(cases: readonly BatchCase[], inputs: readonly number[], configs: readonly Config[], note: (index: number, line: string) => void): { skipped: number; runs: number } {
  let m: Module;
  try {
    m = batchModule("fuzz_batch", cases, inputs);
    verifyModule(m);
  } catch {
    // A generator bug: find the cases that cannot be emitted alone.
    for (const c of cases) {
      try {
        verifyModule(caseModule("fuzz_case", c.recipe));
      } catch (e) {
        note(c.index, `generator: ${(e as Error).message}`);
      }
    }
    const rest = cases.filter((c) => isEmittable(c.recipe));
    if (rest.length === cases.length) {
      for (const c of cases) note(c.index, "generator: the batch module does not verify, every case alone does");
      return { skipped: 0, runs: 0 };
    }
    return runBatch(rest, inputs, configs, note);
  }
  checkRoundTrip(m, cases, note);
  const probes: Probe[] = [];
  const owner: number[] = [];
  cases.forEach((c, slot) => {
    for (const j of c.recipe.inputs) {
      probes.push({ fn: `c${c.index}`, arg: inputs[j]!, nativeArg: dispatchArg(slot, j) });
      owner.push(c.index);
    }
  });
  const expected = referenceOutcomes(m, probes);
  const skippedCases = new Set(owner.filter((_, i) => expected[i] === null));
  const covers = expected.flatMap((o, i) => (o?.kind === "value" ? [i] : []));
  let combined: Combined | null = null;
  if (covers.length > 1) {
    const slots = covers.map((i) => [cases.findIndex((c) => c.index === owner[i]), inputs.indexOf(probes[i]!.arg)] as const);
    m = batchModule("fuzz_batch", cases, inputs, slots);
    const [want] = referenceOutcomes(m, [{ fn: "kernel", arg: COMBINED_ARG, nativeArg: COMBINED_ARG }]);
    if (want) combined = { nativeArg: COMBINED_ARG, want, covers };
  }
  const compared = compareModule(m, probes, expected, "batch", configs, combined);
  for (const x of compared.mismatches) {
    if (x.probe?.fn === "kernel") {
      // Only the combined run differs: every case it ran is suspect.
      for (const i of covers) note(owner[i]!, formatMismatch(x));
      continue;
    }
    if (x.probe) note(owner[probes.indexOf(x.probe)]!, formatMismatch(x));
    else for (const index of culprits(cases, inputs, x)) note(index, formatMismatch(x));
  }
  return { skipped: skippedCases.size, runs: compared.runs };
}

function isEmittable(r: CaseRecipe): boolean {
  try {
    verifyModule(caseModule("fuzz_case", r));
    return true;
  } catch {
    return false;
  }
}

/** print(parse(print(m))) must be print(m); on a difference, blame the cases that differ alone. */
function checkRoundTrip(m: Module, cases: readonly BatchCase[], note: (index: number, line: string) => void): void {
  const same = (x: Module) => {
    const text = printModule(x);
    try {
      return printModule(parseModule(text)) === text;
    } catch {
      return false;
    }
  };
  if (same(m)) return;
  for (const c of cases) if (!same(caseModule("fuzz_case", c.recipe))) note(c.index, "print/parse: printing the parsed module gives other text");
}

/** The cases of a batch that make one configuration fail to lower or build, by bisection. */
function culprits(cases: readonly BatchCase[], inputs: readonly number[], x: Mismatch): number[] {
  if (cases.length === 1) return [cases[0]!.index];
  const half = Math.ceil(cases.length / 2);
  const out: number[] = [];
  for (const part of [cases.slice(0, half), cases.slice(half)]) {
    if ("error" in buildConfig(batchModule("fuzz_batch", part, inputs), x.backend, x.mode, "bisect", x.fastPaths)) out.push(...culprits(part, inputs, x));
  }
  return out;
}

/** Which failure a candidate must keep showing: a build failure of the same kind, or a differing outcome. */
function failureKind(details: readonly string[]): string {
  const build = details.map((d) => /build: got (lowering crashed|lowering rejected|native build failed|wasm compile failed)/.exec(d)?.[1]).find(Boolean);
  return build ?? (details.some((d) => d.startsWith("generator") || d.startsWith("print/parse")) ? "other" : "outcome");
}

function shrinkAndSave(o: FuzzOptions, c: BatchCase, inputs: readonly number[], details: string[], configs: readonly Config[], log: (s: string) => void): CaseFailure {
  const before = caseSize(c.recipe);
  const kind = failureKind(details);
  const failing = configs.filter((k) => details.some((d) => d.startsWith(`${k.backend}/${k.mode} `)));
  const probeInputs = c.recipe.inputs.map((j) => inputs[j]!);
  const reproduce = (r: CaseRecipe): Mismatch[] => {
    let m: Module;
    try {
      m = caseModule(`fuzz_s${o.seed}_c${c.index}`, r);
      verifyModule(m);
    } catch {
      return [];
    }
    const probes = probeInputs.map((x) => ({ fn: "kernel", arg: x, nativeArg: x }));
    return compareModule(m, probes, referenceOutcomes(m, probes), "shrink", failing.length ? failing : configs).mismatches;
  };
  const matches = (xs: Mismatch[]) => xs.length > 0 && (kind === "outcome" ? xs.some((x) => x.probe) : xs.some((x) => !x.probe && x.got.startsWith(kind)));
  if (kind === "other" || !matches(reproduce(c.recipe))) {
    log(`fuzz: case ${c.index} fails only inside its batch; not shrunk: ${details[0]}`);
    return { index: c.index, details, file: null, size: [before, before] };
  }
  const shrunk = shrinkCase(c.recipe, (r) => matches(reproduce(r)));
  const final = reproduce(shrunk.recipe);
  const name = `fuzz_s${o.seed}_c${c.index}`;
  let file: string | null = null;
  if (o.saveDir) {
    mkdirSync(o.saveDir, { recursive: true });
    file = join(o.saveDir, `${name}.fzir`);
    const comment = [
      `${name}: found by the differential fuzzer (seed ${o.seed}, case ${c.index}), shrunk from ${before} to ${caseSize(shrunk.recipe)} statements.`,
      // Tool messages name build directories and tool paths of this machine: keep them out of the repository.
      ...final.slice(0, 6).map(formatMismatch).map((m) => m.replace(/(?:\/[^\s:|]+)+/g, "<path>")),
    ];
    writeFileSync(file, caseFile(caseModule(name, shrunk.recipe), comment, probeInputs));
  }
  log(`fuzz: case ${c.index} shrunk ${before} -> ${caseSize(shrunk.recipe)} in ${shrunk.tries} tries${file ? `: ${file}` : ""}`);
  return { index: c.index, details: final.length ? final.map(formatMismatch) : details, file, size: [before, caseSize(shrunk.recipe)] };
}

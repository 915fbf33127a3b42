/**
 * Mutants of the conformance corpus: each kernel, module and regression
 * with one or two of its lines changed (an integer constant nudged or
 * replaced by an edge value, an integer operation or a comparison swapped
 * for another of its kind), run by the interpreter and by every backend and
 * mode, which must agree (run.ts compareModule). The generator (generate.ts)
 * makes new programs; this keeps the corpus's shapes (loops over fixed
 * arrays, tables, string scans) and moves their constants onto the edges
 * the fast paths decide on: a loop bound one past an array's length, a
 * divisor of 0 or -1, a shift by the width. A mutant that does not parse or
 * verify, or that the interpreter cannot finish within its limits for any
 * input, is skipped.
 *
 * Mutant k of seed s is always the same text (the corpus read in sorted
 * order, caseSeed(s, k)), so a failure is reproduced by its seed and index.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Interpreter, type Module, parseModule, verifyModule } from "@fzy/ir";
import { kernelCases, moduleCases, type Outcome, type ParityCase } from "../parity.js";
import { caseSeed, Rng } from "./prng.js";
import { compareModule, type FuzzConfig, formatMismatch, interpretProbe, type Probe } from "./run.js";

/** One mutant: the module it comes from, the edits made, and its text. */
export interface CorpusMutant {
  readonly index: number;
  readonly source: string;
  /** The edits, each `line N: OLD -> NEW`. */
  readonly edits: readonly string[];
  readonly text: string;
  /** The text parsed (and verified). */
  readonly module: Module;
  readonly inputs: readonly number[];
}

/** The corpus: every kernel (inputs 0 1 7 1000) and every module and regression (their own inputs). */
export function corpus(): { readonly case: ParityCase; readonly text: string }[] {
  return [...kernelCases(false), ...moduleCases()].map((c) => ({ case: c, text: readFileSync(c.file, "utf8") }));
}

/** Instruction budget per interpreted input (the corpus's inputs run in well under a million). */
const FUEL = 20_000_000;
const INT_OPS = ["add", "sub", "mul", "sdiv", "srem", "udiv", "urem", "and", "or", "xor", "shl", "ashr", "lshr"];
const CCS = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"];
const EDGES = [0n, 1n, -1n, 2n, 7n, 8n, 31n, 32n, 63n, 64n, 127n, 128n, 255n, 256n, 65535n, 2147483647n, -2147483648n];
const CONST = /^(\s*%\S+ = const\.i\d+ )(-?\d+)(\s*(;.*)?)$/;
const BINARY = /^(\s*%\S+ = )([a-z]+)( %\S+, %\S+\s*(;.*)?)$/;
const ICMP = /^(\s*%\S+ = icmp\.)([a-z]+)( .*)$/;

/** The lines of `lines` an edit can change: integer constants, integer operations and comparisons. */
function editable(lines: readonly string[]): number[] {
  const out: number[] = [];
  lines.forEach((l, i) => {
    const b = BINARY.exec(l);
    if (CONST.test(l) || ICMP.test(l) || (b && INT_OPS.includes(b[2]!))) out.push(i);
  });
  return out;
}

/** Line `l` edited: a constant nudged by one, doubled, negated or replaced by an edge value; an operation or comparison swapped. */
function edit(l: string, rng: Rng): string {
  let m = CONST.exec(l);
  if (m) {
    const k = BigInt(m[2]!);
    const choice = rng.below(5);
    const next = choice === 0 ? k + 1n : choice === 1 ? k - 1n : choice === 2 ? k * 2n : choice === 3 ? -k : rng.pick(EDGES);
    return m[1]! + String(next === k ? k + 1n : next) + m[3]!;
  }
  if ((m = ICMP.exec(l))) return m[1]! + rng.pick(CCS.filter((c) => c !== m![2])) + m[3]!;
  m = BINARY.exec(l)!;
  return m[1]! + rng.pick(INT_OPS.filter((o) => o !== m![2])) + m[3]!;
}

/** Mutant `index` of `seed`: a module of `sources` with one or two lines edited; undefined when it does not verify. */
export function corpusMutant(sources: ReturnType<typeof corpus>, seed: number, index: number): CorpusMutant | undefined {
  const rng = new Rng(caseSeed(seed, index));
  const src = sources[rng.below(sources.length)]!;
  const lines = src.text.split("\n");
  const places = editable(lines);
  if (places.length === 0) return undefined;
  const edits: string[] = [];
  for (let n = 1 + rng.below(2); n > 0; n--) {
    const at = rng.pick(places), before = lines[at]!;
    lines[at] = edit(before, rng);
    edits.push(`line ${at + 1}: ${before.trim()} -> ${lines[at]!.trim()}`);
  }
  const text = lines.join("\n");
  let module: Module;
  try {
    module = parseModule(text, src.case.file);
    verifyModule(module);
  } catch {
    return undefined;
  }
  return { index, source: src.case.name, edits, text, module, inputs: src.case.inputs };
}

export interface MutantRunOptions {
  readonly seed: number;
  readonly count: number;
  readonly start: number;
  readonly configs: readonly FuzzConfig[];
  /** Where a failing mutant is written, as a module parity runs (`; inputs:` line included). */
  readonly saveDir: string;
  readonly log?: (line: string) => void;
}

export interface MutantRunSummary {
  /** Mutants that verified and had at least one input the interpreter finished. */
  readonly run: number;
  /** Mutants skipped: they did not verify, or the interpreter finished no input. */
  readonly skipped: number;
  readonly failures: readonly string[];
  readonly runs: number;
}

/** Run mutants start .. start+count-1 of `seed` through `configs`; a failure names the mutant, its edits and the first disagreement. */
export function runCorpusMutants(o: MutantRunOptions): MutantRunSummary {
  const sources = corpus();
  const failures: string[] = [];
  let run = 0, skipped = 0, runs = 0;
  for (let index = o.start; index < o.start + o.count; index++) {
    const mutant = corpusMutant(sources, o.seed, index);
    const probes: Probe[] = (mutant?.inputs ?? []).map((n) => ({ fn: "kernel", arg: n, nativeArg: n }));
    const expected = mutant ? probes.map((p) => interpretFresh(mutant.module, p)) : [];
    if (!mutant || expected.every((x) => x === null)) {
      skipped++;
      continue;
    }
    run++;
    let found: string | undefined;
    try {
      const r = compareModule(mutant.module, probes, expected, `mutant-${o.seed}-${index}`, o.configs);
      runs += r.runs;
      if (r.mismatches.length > 0) found = formatMismatch(r.mismatches[0]!);
    } catch (e) {
      found = `the run failed: ${(e as Error).message.split("\n")[0]}`;
    }
    if (found === undefined) continue;
    const line = `mutant ${index} (${mutant.source}; ${mutant.edits.join("; ")}): ${found} (${save(mutant, o)})`;
    failures.push(line);
    o.log?.(`FAIL ${line}`);
  }
  return { run, skipped, failures, runs };
}

/** The interpreter's outcome of one input, from a fresh interpreter: a module's globals start anew in each run, as in each native process. */
function interpretFresh(m: Module, p: Probe): Outcome | null {
  return interpretProbe(new Interpreter(m, { fuel: FUEL, verify: false }), p);
}

/** Write a failing mutant where parity runs it (its `; inputs:` line included); returns the file. */
function save(mutant: CorpusMutant, o: MutantRunOptions): string {
  const file = join(o.saveDir, `mutant-${o.seed}-${mutant.index}.fzir`);
  const inputs = /^;\s*inputs:/m.test(mutant.text) ? "" : `; inputs: ${mutant.inputs.join(" ")}\n`;
  const head = `; mutant ${mutant.index} of seed ${o.seed} (pnpm fuzz --mutate): ${mutant.source}, ${mutant.edits.join("; ")}\n`;
  writeFileSync(file, head + inputs + mutant.text);
  return file;
}

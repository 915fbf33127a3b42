/**
 * How fast `lower()` itself is: functions and IR instructions lowered per
 * second, per backend, on one large generated module, timed with
 * Benchmark.js (which picks the iteration count and reports the relative
 * margin of error). The module is parsed once outside the timing; `lower()`
 * verifies, runs the shared lowering and prints the backend's text.
 */
import Benchmark from "benchmark";
import { type Backend, lower, parseModule } from "@fzy/lower";
import { generateModule } from "./generate-module.js";

export interface Throughput {
  readonly backend: Backend;
  readonly functions: number;
  /** IR instructions of the module, terminators included. */
  readonly instructions: number;
  /** Lowerings of the whole module per second. */
  readonly modulesPerSecond: number;
  readonly functionsPerSecond: number;
  readonly instructionsPerSecond: number;
  /** Benchmark.js's relative margin of error, in percent. */
  readonly rmePercent: number;
  readonly samples: number;
}

/** Times lower() of a module of `count` generated loop functions for each backend. */
export function measureLowerThroughput(backends: readonly Backend[], count = 200, maxTimeSeconds = 5): Throughput[] {
  const module = parseModule(generateModule(count));
  const functions = module.functions.length;
  const instructions = module.functions.reduce((n, f) => n + f.blocks.reduce((m, b) => m + b.insts.length + 1, 0), 0);
  const out: Throughput[] = [];
  for (const backend of backends) {
    let sink = 0;
    const bench = new Benchmark(`lower ${backend}`, () => {
      sink += lower(module, backend).text.length;
    }, { maxTime: maxTimeSeconds, minSamples: 10 });
    bench.run({ async: false });
    if (bench.error) throw bench.error;
    if (sink === 0) throw new Error("lower() produced no text");
    out.push({
      backend,
      functions,
      instructions,
      modulesPerSecond: round(bench.hz),
      functionsPerSecond: Math.round(bench.hz * functions),
      instructionsPerSecond: Math.round(bench.hz * instructions),
      rmePercent: round(bench.stats.rme),
      samples: bench.stats.sample.length,
    });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * One input of the compile benchmark at one size, for a quick before/after
 * comparison of a change (run the same command on both builds, one after
 * the other). By default the whole `lower()`: parses once, lowers once to
 * warm the engine, then prints the median and best CPU time (user + system)
 * of `runs` lowerings per backend, fast-path mode on. With `--phase parse`
 * the parser only: `parseModule` of the text, once to warm up, then `runs`
 * times, in IR instructions (terminators included) per second; with
 * `--phase verify` the verifier only (`verifyModule` of the parsed module),
 * the same way. `--wasm` adds the wasm backend. SHAPE is a shape of the
 * benchmark (compile-shapes.ts) or of the growth probe (probe-shapes.ts).
 *
 *   node conformance/dist/bench/compile-one.js SHAPE SIZE [RUNS] [--phase parse|verify] [--wasm]
 */
import { type Backend, loadWasmBackend, lower } from "@fzy/lower";
import { parseModule, verifyModule } from "@fzy/ir";
import { SHAPES, workUnits } from "./compile-shapes.js";
import { PROBE_SHAPES } from "./probe-shapes.js";
import { cpu } from "./cpu-time.js";
import { runMain } from "./cli-main.js";

/** CPU milliseconds `fn` took. */
const cpuMs = (fn: () => void): number => cpu(fn)[1];

/** Median and best of `runs` CPU timings of `fn`. */
function timings(runs: number, fn: () => void): { median: number; best: number } {
  const ms = Array.from({ length: Math.max(1, runs) }, () => cpuMs(fn)).sort((a, b) => a - b);
  return { median: ms[(ms.length - 1) >> 1]!, best: ms[0]! };
}

const rate = (units: number, ms: number) => Math.round((units * 1000) / ms).toLocaleString("en-US");

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const wasm = args.includes("--wasm");
  if (wasm) args.splice(args.indexOf("--wasm"), 1);
  const at = args.indexOf("--phase");
  const phase = at < 0 ? "lower" : args[at + 1];
  if (at >= 0) args.splice(at, 2);
  const [name, size, runs = "5"] = args;
  const shape = [...SHAPES, ...PROBE_SHAPES].find((s) => s.name === name);
  if (!shape || !size || (phase !== "lower" && phase !== "parse" && phase !== "verify")) {
    throw new Error(`usage: compile-one SHAPE SIZE [RUNS] [--phase parse|verify] [--wasm]; shapes: ${[...SHAPES, ...PROBE_SHAPES].map((s) => s.name).join(", ")}`);
  }
  const text = shape.make(Number(size));
  const m = parseModule(text);
  const units = workUnits(m);
  if (phase === "parse" || phase === "verify") {
    const run = phase === "parse" ? () => parseModule(text) : () => verifyModule(m);
    run();
    const { median, best } = timings(Number(runs), run);
    process.stdout.write(`${name} ${size} (${units} units): ${phase} median ${median.toFixed(0)} ms, best ${best.toFixed(0)} ms of CPU (${rate(units, median)}/s)\n`);
    return;
  }
  if (wasm) await loadWasmBackend();
  const backends: readonly Backend[] = wasm ? ["llvm", "cranelift", "wasm"] : ["llvm", "cranelift"];
  for (const backend of backends) {
    lower(m, backend);
    const { median, best } = timings(Number(runs), () => lower(m, backend));
    process.stdout.write(`${name} ${size} (${units} units) ${backend}: lower() median ${median.toFixed(0)} ms, best ${best.toFixed(0)} ms of CPU (${rate(units, median)}/s)\n`);
  }
}

await runMain("compile-one", main);

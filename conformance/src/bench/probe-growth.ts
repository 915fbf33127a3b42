/**
 * The growth probe: lowers each input of probe-shapes.ts at its size n and
 * at 4n, each in a fresh process, and prints how the time grew (the
 * log-log slope of CPU time against IR instructions: 1 is linear, 2
 * quadratic) for parse and for lower() on each backend, with the rate at
 * 4n. A slope well above 1 names a pass to profile at the larger size.
 *
 * Each child parses its input, lowers it once untimed per backend (the JIT
 * warms up), then reports the median CPU time of three lowerings. The
 * slope between two single processes is noisy on a busy machine (about
 * +-0.15); read a slope above 1.3 as a lead, then confirm it in-process at
 * a third size.
 *
 *   node conformance/dist/bench/probe-growth.js [--only NAME] [--wasm] [--scale K]
 *
 * `--scale K` multiplies every size by K (e.g. 0.25 for a quick look);
 * `--wasm` adds the wasm backend (binaryen's optimizer and writers
 * dominate it; see conformance/README.md).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseModule } from "@fzy/ir";
import { type Backend, loadWasmBackend, lower } from "@fzy/lower";
import { workUnits } from "./compile-shapes.js";
import { cpu, median } from "./cpu-time.js";
import { runMain } from "./cli-main.js";
import { PROBE_SHAPES, type ProbeShape } from "./probe-shapes.js";

const USAGE = "usage: probe-growth [--only NAME] [--wasm] [--scale K]";
/** A child that takes longer than this is reported as a timeout, not waited for. */
const CHILD_TIMEOUT_MS = 300_000;
const TIMED_RUNS = 3;

/** What one child reports: IR instructions, parse CPU ms, and per backend the median CPU ms of lower() or its error. */
interface ChildResult {
  readonly units: number;
  readonly parse: number;
  readonly lower: Record<string, number | string>;
}

/** The child's work: one input at one size, every backend asked. */
async function child(name: string, size: number, backends: readonly Backend[]): Promise<void> {
  const shape = shapeNamed(name);
  const text = shape.make(size);
  const [m, parse] = cpu(() => parseModule(text));
  if (backends.includes("wasm")) await loadWasmBackend();
  const result: ChildResult = { units: workUnits(m), parse, lower: {} };
  for (const backend of backends) {
    try {
      lower(m, backend);
      const times: number[] = [];
      for (let k = 0; k < TIMED_RUNS; k++) times.push(cpu(() => lower(m, backend))[1]);
      result.lower[backend] = median(times);
    } catch (e) {
      result.lower[backend] = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    }
  }
  process.stdout.write(JSON.stringify(result));
}

function shapeNamed(name: string): ProbeShape {
  const s = PROBE_SHAPES.find((x) => x.name === name);
  if (!s) throw new Error(`unknown probe shape '${name}' (expected one of: ${PROBE_SHAPES.map((x) => x.name).join(", ")})`);
  return s;
}

/** Runs one child; the reason as a string when it fails or times out. */
function runChild(name: string, size: number, backends: readonly Backend[]): ChildResult | string {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", name, String(size), backends.join(",")], { encoding: "utf8", timeout: CHILD_TIMEOUT_MS, maxBuffer: 1 << 20 });
  if (r.error) return (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT" ? `timeout after ${CHILD_TIMEOUT_MS / 1000} s` : r.error.message;
  if (r.status !== 0) return `exit ${r.status ?? r.signal}: ${r.stderr.trim().split("\n")[0] ?? ""}`;
  return JSON.parse(r.stdout) as ChildResult;
}

/** Log-log slope between two timings, or "-" when either is too small to tell. */
function slope(a: number, b: number, ua: number, ub: number): string {
  return a < 0.5 || b < 0.5 ? "-" : (Math.log(b / a) / Math.log(ub / ua)).toFixed(2);
}

const rate = (units: number, ms: number) => `${Math.round(units / ms).toLocaleString("en-US")}k`;

function cell(a: ChildResult, b: ChildResult, key: string): string {
  const x = a.lower[key], y = b.lower[key];
  if (typeof y === "string") return `error: ${y.slice(0, 60)}`;
  if (typeof x === "string" || x === undefined || y === undefined) return "-";
  return `${slope(x, y, a.units, b.units)} (${y.toFixed(0)} ms, ${rate(b.units, y)}/s)`;
}

function parent(args: readonly string[]): void {
  let only: string | undefined, scale = 1;
  const backends: Backend[] = ["llvm", "cranelift"];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--only") only = args[++i];
    else if (a === "--wasm") backends.push("wasm");
    else if (a === "--scale") scale = Number(args[++i]);
    else throw new Error(`unknown option '${a}'\n${USAGE}`);
  }
  if (!(scale > 0)) throw new Error(`--scale takes a positive number\n${USAGE}`);
  const shapes = only === undefined ? PROBE_SHAPES : [shapeNamed(only)];
  const head = ["input", "unit", "n -> 4n", "IR insts at 4n", "parse", ...backends.map((b) => `lower() ${b}`)];
  process.stdout.write(`growth slope n -> 4n (log-log, CPU time; 1 = linear), then the time and the rate in IR instructions/s at 4n\n\n| ${head.join(" | ")} |\n|${head.map((_, i) => (i < 3 ? "---" : "---:")).join("|")}|\n`);
  for (const s of shapes) {
    const n = Math.max(1, Math.round(s.size * scale));
    const a = runChild(s.name, n, backends), b = runChild(s.name, 4 * n, backends);
    if (typeof a === "string" || typeof b === "string") {
      process.stdout.write(`| ${s.name} | ${s.unit} | ${n} -> ${4 * n} | failed: ${typeof a === "string" ? a : b} |\n`);
      continue;
    }
    const cells = [s.name, s.unit, `${n} -> ${4 * n}`, b.units.toLocaleString("en-US"), slope(a.parse, b.parse, a.units, b.units), ...backends.map((k) => cell(a, b, k))];
    process.stdout.write(`| ${cells.join(" | ")} |\n`);
  }
}

const argv = process.argv.slice(2);
await runMain("probe-growth", () => (argv[0] === "--child" ? child(argv[1]!, Number(argv[2]), argv[3]!.split(",") as Backend[]) : parent(argv)));

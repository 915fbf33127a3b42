/**
 * `lower()` beside the code generators after it: the time to lower a
 * realistic module against the time the next tool takes to compile the text
 * that lowering printed, measured side by side in one run. A ratio of the two
 * holds on a machine whose speed drifts, which an absolute rate does not.
 *
 * Each round times, in an order that rotates from round to round, three
 * things: `lower()` in this process (warm: it has lowered the module until
 * the engine optimized it, warmUpWithin), `fzlower` in a fresh process (what a toolchain that runs
 * the command once per module waits for), and the tool in a fresh process
 * on the text `lower()` printed (clang -c at -O0 or -O2 on the LLVM text; a
 * real Cranelift's `$FZ_CLIF_TOOL compile` on the CLIF text when that
 * variable names one: packages/lower-cranelift/README.md). All three are
 * wall time: each compiler is a process of its own, whose CPU time this
 * process cannot read. Reported: the median of each and the medians of the
 * per-round ratios (below 1: the lowering takes less time than the tool).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseModule } from "@fzy/ir";
import { type Backend, lower } from "@fzy/lower";
import { CONFORMANCE_DIR, findLLVMTools } from "../native/toolchain.js";
import { SHAPES, workUnits } from "./compile-shapes.js";
import { warmUpWithin } from "./compile-speed.js";
import { median, medianOfRatios } from "./stats.js";
import { inRotation } from "./paired.js";

/** The `fzlower` command, as a fresh process runs it. */
export const FZLOWER = join(CONFORMANCE_DIR, "../packages/lower/bin/fzlower.js");

/** A code generator after `lower()`: the backend whose text it reads, and its command line on that text. */
export interface DownstreamTool {
  readonly name: string;
  readonly backend: Backend;
  readonly command: (input: string, object: string) => readonly string[];
}

/** The tools on this machine: clang at -O0 and -O2 (LLVM 19, found as the conformance suite finds it), and a real Cranelift when FZ_CLIF_TOOL names one. */
export function downstreamTools(env: NodeJS.ProcessEnv = process.env): DownstreamTool[] {
  const { clang } = findLLVMTools(env);
  const tools: DownstreamTool[] = [0, 2].map((level) => ({
    name: `clang -O${level} -c`, backend: "llvm",
    command: (input, object) => [clang, `-O${level}`, "-c", "-w", input, "-o", object],
  }));
  const clif = env["FZ_CLIF_TOOL"];
  if (clif) tools.push({ name: "Cranelift (FZ_CLIF_TOOL compile)", backend: "cranelift", command: (input, object) => [clif, "compile", input, "-o", object] });
  return tools;
}

export interface DownstreamRow {
  readonly input: string;
  readonly instructions: number;
  readonly tool: string;
  readonly backend: Backend;
  readonly rounds: number;
  /** Median wall ms: lower() warm in this process, fzlower in a fresh process, the tool. */
  readonly lowerMs: number;
  readonly commandMs: number;
  readonly toolMs: number;
  /** Medians of the per-round ratios lower() / tool and fzlower / tool. */
  readonly lowerRatio: number;
  readonly commandRatio: number;
  /** The size of the object file the tool wrote in its last round (it compiled something). */
  readonly objectBytes: number;
}

/** Runs a command to completion; throws with its first line of stderr when it fails. */
function run(argv: readonly string[]): void {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${argv[0]}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${argv.slice(0, 3).join(" ")} ... failed (exit ${r.status ?? r.signal}): ${(r.stderr || "").split("\n")[0]}`);
}

/**
 * CPU ms of untimed lowerings before the rounds (warmUpWithin): corpus x1
 * took some 35 lowerings to settle (compile-cli.ts); a larger input spends
 * the budget sooner, and its calls run more of the lowering's code each.
 */
const WARM_CPU_MS = 6000;

/**
 * `rounds` rounds of lower() (warm), fzlower (fresh process) and `tool` on
 * corpus x`size`, after the engine is warm on the module (warmUpWithin, within
 * `warmCpuMs`) and one untimed round of each.
 */
export function measureDownstream(size: number, tool: DownstreamTool, rounds: number, warmCpuMs = WARM_CPU_MS): DownstreamRow {
  const dir = mkdtempSync(join(tmpdir(), "fz-downstream-"));
  try {
    const source = SHAPES[0]!.make(size), m = parseModule(source);
    const sourceFile = join(dir, "corpus.fzir"), textFile = join(dir, tool.backend === "llvm" ? "corpus.ll" : "corpus.clif");
    const object = join(dir, "corpus.o"), commandOut = join(dir, "command.out");
    writeFileSync(sourceFile, source);
    writeFileSync(textFile, lower(m, tool.backend).text);
    warmUpWithin([() => lower(m, tool.backend)], warmCpuMs);
    const steps: (() => void)[] = [
      () => void lower(m, tool.backend).text.length,
      () => run([process.execPath, FZLOWER, sourceFile, "--backend", tool.backend, "-o", commandOut]),
      () => run(tool.command(textFile, object)),
    ];
    const [lowerMs, commandMs, toolMs] = inRotation(steps, rounds) as [number[], number[], number[]];
    return {
      input: `corpus x${size}`, instructions: workUnits(m), tool: tool.name, backend: tool.backend, rounds,
      lowerMs: median(lowerMs), commandMs: median(commandMs), toolMs: median(toolMs),
      lowerRatio: medianOfRatios(lowerMs, toolMs), commandRatio: medianOfRatios(commandMs, toolMs),
      objectBytes: statSync(object).size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The markdown table of `rows`. */
export function downstreamTable(rows: readonly DownstreamRow[]): string[] {
  const f = (x: number) => x.toFixed(x >= 100 ? 0 : 1);
  return [
    "| input | IR insts | tool (on the text lower() printed) | lower() warm ms | fzlower fresh process ms | tool ms | lower() / tool | fzlower / tool |",
    "|---|---:|---|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.input} | ${r.instructions} | ${r.tool} | ${f(r.lowerMs)} | ${f(r.commandMs)} | ${f(r.toolMs)} | ${r.lowerRatio.toFixed(2)} | ${r.commandRatio.toFixed(2)} |`),
  ];
}

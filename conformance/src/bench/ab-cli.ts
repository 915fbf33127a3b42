/**
 * Paired A/B timing of one module's `kernel(n)` built natively two ways, for
 * a change the kernels' benchmark cannot show (a switch that changes no
 * kernel, or a printer change measured against an earlier build):
 *
 *   node conformance/dist/bench/ab-cli.js FILE.fzir --switch licm [--n N] [--rounds R] [--backend llvm|cranelift]
 *       A = the fast path on, B = it off (B/A above 1: the fast path saves time)
 *   node conformance/dist/bench/ab-cli.js FILE.fzir --base DIR [...]
 *       A = this tree's lowering, B = the lowering of the built tree in DIR
 *
 * Both builds must print the same result. Each round runs A and B once, in
 * alternating order; the first two rounds are warm-up. Reported: median
 * times and the median of the per-round ratios B/A. With FZ_CLIF_TOOL the
 * CLIF is built by a real Cranelift (see README.md, "The CLIF column").
 */
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type Backend, lowerText } from "@fzy/lower";
import { buildNative } from "../native/build.js";

const USAGE = "usage: ab-cli FILE.fzir (--switch NAME | --base DIR) [--n N] [--rounds R] [--backend llvm|cranelift]";

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function time(exe: string, n: string): { ms: number; out: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(exe, [n], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${exe} ${n} exited with ${r.status}: ${r.stderr}`);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out: r.stdout.trim() };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { switch: { type: "string" }, base: { type: "string" }, n: { type: "string", default: "8000000" }, rounds: { type: "string", default: "15" }, backend: { type: "string" } },
  });
  const file = positionals[0];
  if (!file || (values.switch === undefined) === (values.base === undefined)) throw new Error(USAGE);
  const src = readFileSync(file, "utf8");
  const other = values.base ? ((await import(pathToFileURL(resolve(values.base, "packages/lower/dist/index.js")).href)) as { lowerText: typeof lowerText }).lowerText : lowerText;
  const sw = values.switch;
  const rounds = Number(values.rounds);
  for (const backend of (values.backend ? [values.backend] : ["llvm", "cranelift"]) as Backend[]) {
    const opts = { perfFastpath: "on" as const, file };
    const a = buildNative(backend, lowerText(src, backend, opts), join(tmpdir(), `fz-ab-${process.pid}-${backend}-a`));
    const b = buildNative(backend, other(src, backend, sw ? { ...opts, fastPaths: { [sw]: false } } : opts), join(tmpdir(), `fz-ab-${process.pid}-${backend}-b`));
    const ta: number[] = [], tb: number[] = [], ratio: number[] = [];
    for (let i = 0; i < rounds + 2; i++) {
      // Alternate which build runs first, so a drift within a round does not favour one side.
      let ra, rb;
      if (i % 2 === 0) { ra = time(a, values.n!); rb = time(b, values.n!); } else { rb = time(b, values.n!); ra = time(a, values.n!); }
      if (ra.out !== rb.out) throw new Error(`${backend}: A printed ${ra.out}, B printed ${rb.out}`);
      if (i < 2) continue;
      ta.push(ra.ms); tb.push(rb.ms); ratio.push(rb.ms / ra.ms);
    }
    const what = sw ? `${sw} on / off` : "this tree / base";
    console.log(`${backend}: ${what}: ${median(ta).toFixed(1)} / ${median(tb).toFixed(1)} ms, B/A ${median(ratio).toFixed(3)} (median of ${rounds} paired rounds, n = ${values.n})`);
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(2);
});

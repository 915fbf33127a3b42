/**
 * Times the range analysis alone (analyzeRanges over every function, the SSA
 * plans built outside the timing) and the whole shared lowering
 * (lowerModule) on the shapes that stress a dataflow solver: properly nested
 * counted loops, one long block, many diamonds, a block with many
 * predecessors, many variables live across a loop. Prints the median of
 * several runs per shape and size, in milliseconds of CPU time.
 *
 *   node packages/passes/scripts/bench-ranges.mjs [runs] [--skip-lower] [--max-ms N] [--only NAME]
 *
 * Run after `pnpm run build`. A shape stops growing once one run takes longer
 * than --max-ms (default 20000), so a quadratic phase stays measurable
 * without taking minutes. The analysis is given the dominator tree alone as
 * its plan (it reads nothing else of it), so the timing does not wait for the
 * SSA planner on deep nests.
 */
import { computeDominators, ModuleIndex, parseModule } from "@fzy/ir";
import { analyzeRanges, lowerModule } from "@fzy/passes";

const argv = process.argv.slice(2);
const runs = Number(argv.find((a) => /^\d+$/.test(a)) ?? 5);
const skipLower = argv.includes("--skip-lower");
const maxMsAt = argv.indexOf("--max-ms");
const maxMs = maxMsAt >= 0 ? Number(argv[maxMsAt + 1]) : 20_000;
const onlyAt = argv.indexOf("--only");
const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
const range = (n) => Array.from({ length: n }, (_, i) => i);
const fn = (vars, body) => ["module shape", "export fn kernel(%n: i32) -> i32 {", ...vars, ...body, "}", ""].join("\n");

/** `depth` properly nested counted loops, the innermost incrementing an accumulator. */
function nestedLoops(depth) {
  const vars = [...range(depth).map((k) => `  var $i${k}: i32`), "  var $acc: i32"];
  const body = ["entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  %lim = const.i32 3", "  set $acc, %z", "  set $i0, %z", "  jump h0"];
  for (let k = 0; k < depth; k++) {
    body.push(`h${k}:`, `  %x${k} = get $i${k}`, `  %c${k} = icmp.slt %x${k}, %lim`, `  br %c${k}, b${k}, e${k}`);
    if (k + 1 < depth) body.push(`b${k}:`, `  set $i${k + 1}, %z`, `  jump h${k + 1}`);
    else body.push(`b${k}:`, "  %a = get $acc", "  %a1 = add %a, %one", "  set $acc, %a1", `  jump l${k}`);
    body.push(`l${k}:`, `  %y${k} = get $i${k}`, `  %y1_${k} = add %y${k}, %one`, `  set $i${k}, %y1_${k}`, `  jump h${k}`);
    body.push(`e${k}:`, k > 0 ? `  jump l${k - 1}` : "  %r = get $acc", ...(k > 0 ? [] : ["  ret %r"]));
  }
  return fn(vars, body);
}

/** One block of `n` instructions: a chain of adds and an array index. */
function longBlock(n) {
  const body = ["entry:", "  %v0 = const.i32 1", ...range(n).map((i) => `  %v${i + 1} = add %v${i}, %n`), `  ret %v${n}`];
  return fn([], body);
}

/** `n` diamonds in sequence, each narrowing a variable on one side. */
function diamonds(n) {
  const body = ["entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  set $v, %n", "  jump d0"];
  for (let i = 0; i < n; i++) {
    body.push(`d${i}:`, `  %x${i} = get $v`, `  %c${i} = icmp.slt %x${i}, %z`, `  br %c${i}, t${i}, f${i}`);
    body.push(`t${i}:`, `  set $v, %z`, `  jump d${i + 1}`, `f${i}:`, `  %y${i} = add %x${i}, %one`, `  set $v, %y${i}`, `  jump d${i + 1}`);
  }
  body.push(`d${n}:`, "  %r = get $v", "  ret %r");
  return fn(["  var $v: i32"], body);
}

/** A switch to `n` blocks that each set a variable and jump to one join block. */
function widePreds(n) {
  const body = ["entry:", `  switch %n [${range(n).map((i) => `${i} -> a${i}`).join(", ")}] default a${n}`];
  for (let i = 0; i <= n; i++) body.push(`a${i}:`, `  %k${i} = const.i32 ${i}`, `  set $v, %k${i}`, "  jump join");
  body.push("join:", "  %r = get $v", "  ret %r");
  return fn(["  var $v: i32"], body);
}

/** `n` variables, all read and written in one counted loop. */
function liveAcross(n) {
  const vars = [...range(n).map((i) => `  var $w${i}: i32`), "  var $i: i32"];
  const body = ["entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  %lim = const.i32 100", "  set $i, %z", ...range(n).map((i) => `  set $w${i}, %z`), "  jump h"];
  body.push("h:", "  %x = get $i", "  %c = icmp.slt %x, %lim", "  br %c, b, e", "b:");
  for (let i = 0; i < n; i++) body.push(`  %w${i} = get $w${i}`, `  %u${i} = add %w${i}, %x`, `  set $w${i}, %u${i}`);
  body.push("  %x1 = add %x, %one", "  set $i, %x1", "  jump h", "e:", `  %r = get $w${n - 1}`, "  ret %r");
  return fn(vars, body);
}

const SHAPES = [
  ["nested loops (depth)", nestedLoops, [100, 250, 500, 1000, 2000]],
  ["one block (instructions)", longBlock, [10_000, 50_000, 200_000]],
  ["diamonds (count)", diamonds, [1000, 5000, 20_000]],
  ["predecessors of one block", widePreds, [250, 1000, 4000]],
  ["variables live across a loop", liveAcross, [250, 1000, 4000]],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** CPU time of f in ms (user + system): on a shared, loaded machine it varies far less than wall time. */
function time(f) {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

console.log(`shape | size | IR instructions | analyzeRanges ms | lowerModule ms   (median of ${runs})`);
for (const [name, make, sizes] of SHAPES.filter(([n]) => !only || n.startsWith(only))) {
  for (const size of sizes) {
    const m = parseModule(make(size));
    const insts = m.functions.reduce((n, f) => n + f.blocks.reduce((k, b) => k + b.insts.length + 1, 0), 0);
    const ix = new ModuleIndex(m);
    const plans = m.functions.map((f) => ({ dom: computeDominators(f) }));
    const ra = [], lo = [];
    for (let r = 0; r < runs; r++) {
      ra.push(time(() => m.functions.forEach((f, i) => analyzeRanges(ix, f, plans[i]))));
      if (ra.at(-1) > maxMs) break;
    }
    if (!skipLower) for (let r = 0; r < runs; r++) {
      lo.push(time(() => lowerModule(m, { backend: "llvm", mode: "on" })));
      if (lo.at(-1) > maxMs) break;
    }
    const fmt = (xs) => (xs.length ? median(xs).toFixed(1) : "-");
    console.log(`${name} | ${size} | ${insts} | ${fmt(ra)} | ${fmt(lo)}`);
    if (Math.max(...ra, ...lo) > maxMs) break;
  }
}

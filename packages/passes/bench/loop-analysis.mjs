// Loop membership: the former natural-loop walk (one walk per back edge) against
// blocksInLoops (Tarjan SCC) on d nested loops. Run after `pnpm run build`:
//   node packages/passes/bench/loop-analysis.mjs
// Old natural-loop walk (per back edge) vs Tarjan SCC on d nested loops: block i -> i+1, block 2d-i -> i.
const root = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");
const { computeDominatorsOfGraph } = await import(root + "/packages/ir/dist/index.js");
const { blocksInLoops } = await import(root + "/packages/passes/dist/loop-analysis.js");
function oldLoops(dom) {
  const inLoop = new Set();
  for (const h of dom.rpo) for (const t of new Set(dom.preds[h])) {
    if (!dom.isReachable(t) || !dom.dominates(h, t)) continue;
    const body = new Set([h]); const work = [t];
    while (work.length) { const x = work.pop(); if (body.has(x)) continue; body.add(x); for (const p of dom.preds[x]) if (dom.isReachable(p)) work.push(p); }
    for (const x of body) inLoop.add(x);
  }
  return inLoop;
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const d of [250, 500, 1000, 2000]) {
  const n = 2 * d + 1;
  const succs = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
  for (let i = 1; i <= d; i++) succs[2 * d + 1 - i].push(i);
  const dom = computeDominatorsOfGraph(succs);
  const t = (f) => median(Array.from({ length: 5 }, () => { const s = performance.now(); f(); return performance.now() - s; }));
  const a = t(() => oldLoops(dom)), b = t(() => blocksInLoops(succs));
  if (oldLoops(dom).size !== blocksInLoops(succs).size) throw new Error("mismatch");
  console.log(`depth ${d}: natural loops ${a.toFixed(1)} ms, SCC ${b.toFixed(2)} ms, ratio ${(a / b).toFixed(0)}x`);
}

/**
 * Unrolling small counted loops inside outer loops (optimize-unroll.ts on
 * one analysis, optimize-unroll-analysis.ts): the work stays linear in the
 * loops, and the loops unrolled are those a new analysis per unrolling
 * would unroll, in the same order.
 */
import test from "ava";
import { parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { decide } from "./eligibility.js";
import { unrollSmallLoops } from "./optimize-unroll.js";
import { MFunction } from "./optimize-ir.js";
import { unrollWork } from "./optimize-unroll-reads.js";

/** How a small loop hands its counter to the next: not ("no": the next starts at 0), along its exit edge, or through the block it exits to. */
type Chain = "no" | "exit" | "block";

/**
 * Small counted loops of `trips` trips (0 kills their bodies) nested in
 * outer loops bound by the argument: `n` outer loops of one each ("apart"),
 * one outer loop of `n` ("together"), or a nest `n` deep with one at every
 * level ("nested"); `bound` names the bound of loop k (v1 = 0, v2 = 1,
 * v3 = `trips`); in "together", loop k is `chained` to the next one (which
 * then counts on from its counter) by its exit edge or by the block it
 * exits to, and the loops are written last first when `reversed`.
 * Blocks are written with names, numbered at the end.
 */
const inOuterLoops = (shape: "apart" | "together" | "nested", n: number, trips: number, bound: (k: number) => string = () => "v3", chained = (_k: number): Chain => "no", reversed = false): string => {
  const lines = ["block0(v0: i32):", "    v1: i32 = iconst 0", "    v2: i32 = iconst 1", `    v3: i32 = iconst ${trips}`, "    jump @o0(v1, v1)"];
  /** The small loop `k`, leaving to `exit` with its sum (or along the edge `exitEdge`). */
  const small = (k: number, exit: string, exitEdge = `${exit}(vs${k})`) => lines.push(
    `@i${k}(vi${k}: i32, vs${k}: i32):`, `    vc${k}: bool = icmp slt vi${k}, ${bound(k)}`, `    brif vc${k}, @b${k}, ${exitEdge}`,
    `@b${k}:`, `    vt${k}: i32 = iadd vs${k}, vi${k}`, `    vj${k}: i32 = iadd vi${k}, v2`, `    jump @i${k}(vj${k}, vt${k})`);
  /** The header of outer loop `k`: counter vo, sum va; into `inner` or out to `out`. */
  const outer = (k: number, inner: string, out: string) => lines.push(
    `@o${k}(vo${k}: i32, va${k}: i32):`, `    vd${k}: bool = icmp slt vo${k}, v0`, `    brif vd${k}, ${inner}(v1, va${k}), ${out}(va${k})`);
  /** The latch of outer loop `k`, entered with the sum. */
  const latch = (k: number) => lines.push(`@l${k}(vl${k}: i32):`, `    vn${k}: i32 = iadd vo${k}, v2`, `    jump @o${k}(vn${k}, vl${k})`);
  const loops = shape === "together" ? 1 : n;
  for (let k = 0; k < loops; k++) {
    if (shape === "apart") {
      outer(k, `@i${k}`, k + 1 < n ? `@e${k}` : "@done");
      small(k, `@l${k}`);
      latch(k);
      if (k + 1 < n) lines.push(`@e${k}(ve${k}: i32):`, `    jump @o${k + 1}(v1, ve${k})`);
    } else if (shape === "together") {
      outer(0, "@i0", "@done");
      for (let j = reversed ? n - 1 : 0; j >= 0 && j < n; j += reversed ? -1 : 1) {
        const c = j + 1 < n ? chained(j) : "no";
        small(j, j + 1 < n ? `@s${j}` : "@l0", c === "exit" ? `@i${j + 1}(vi${j}, vs${j})` : c === "block" ? `@s${j}` : undefined);
        if (c === "no" && j + 1 < n) lines.push(`@s${j}(vx${j}: i32):`, `    jump @i${j + 1}(v1, vx${j})`);
        if (c === "block") lines.push(`@s${j}:`, `    jump @i${j + 1}(vi${j}, vs${j})`);
      }
      latch(0);
    } else {
      outer(k, `@i${k}`, k > 0 ? `@l${k - 1}` : "@done");
      small(k, k + 1 < n ? `@e${k}` : `@l${k}`);
      if (k + 1 < n) lines.push(`@e${k}(ve${k}: i32):`, `    jump @o${k + 1}(v1, ve${k})`);
    }
  }
  if (shape === "nested") for (let k = 0; k < n; k++) latch(k);
  lines.push("@done(vr: i32):", "    return vr");
  // Names to numbers: blocks in the order written, values in the order first met.
  const blocks = new Map<string, string>(), values = new Map<string, string>();
  for (const l of lines) { const d = /^(@\w+)/.exec(l); if (d) blocks.set(d[1]!, `block${blocks.size + 1}`); }
  const text = lines.join("\n").replace(/@\w+/g, (b) => blocks.get(b)!).replace(/\bv[a-z]+\d*\b/g, (v) => {
    if (!values.has(v)) values.set(v, `v${4 + values.size}`);
    return values.get(v)!;
  });
  return ["module \"m\"", "function %f(i32) -> i32 export {", text, "}", ""].join("\n");
};

// Unrolling loops nested in others once made a new analysis after each loop of no trip and checked every outer loop again after each unrolling.
for (const shape of ["apart", "together", "nested"] as const) {
  for (const trips of [0, 2]) {
    test(`unrolling small loops in outer loops (${shape}, ${trips} trips) reads each block a bounded number of times`, (t) => {
      const reads = (n: number): number => {
        const lir = parseLIR(inOuterLoops(shape, n, trips));
        verifyLIR(lir);
        const work = unrollWork(lir.functions[0]!);
        t.deepEqual(work.rules, new Array<string>(n).fill("unroll-small"), "every small loop is unrolled, no outer one is offered");
        return work.reads;
      };
      const small = reads(25), large = reads(100);
      t.true(large <= 6 * small, `4x the loops: ${small} -> ${large} block reads`);
    });
  }
}

// The search keeps one analysis and offers a loop that failed a check again only when an unrolling changed what it reads; a new analysis per unrolling must unroll the same loops in the same order.
test("unrolling on one analysis gives what a new analysis per unrolling gives, on outer loops of mixed small loops", (t) => {
  const printed = (m: MFunction) => printLIR({ name: "m", functions: [m.finish()], externs: [], data: [] });
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) >> 8) % n;
  for (const shape of ["apart", "together", "nested"] as const) {
    for (let round = 0; round < 8; round++) {
      const bounds = Array.from({ length: 12 }, () => ["v1", "v2", "v3"][random(3)]!), chains = bounds.map(() => (["no", "exit", "block"] as const)[random(3)]!);
      const text = inOuterLoops(shape, 12, [2, 3, 20][random(3)]!, (k) => bounds[k]!, (k) => chains[k]!, random(2) === 0);
      const once = new MFunction(parseLIR(text).functions[0]!);
      unrollSmallLoops(once, (_s, i) => decide({ ...i, mode: "on" }));
      // The simple method: each call makes a new analysis and unrolls at most one loop (the first the matrix lets unroll).
      const each = new MFunction(parseLIR(text).functions[0]!);
      let unrolled = 0;
      for (let again = true; again; ) {
        let given = false;
        again = unrollSmallLoops(each, (_s, i) => {
          const d = decide({ ...i, mode: "on" });
          if (d.form !== "unrolled") return d;
          if (given) return decide({ ...i, trips: 1000, mode: "on" });
          given = true;
          return d;
        });
        if (again) unrolled++;
      }
      t.true(unrolled > 0 || !bounds.includes("v1"), "some loop is unrolled");
      t.is(printed(once), printed(each), `${shape}, bounds ${bounds.join(" ")}, chained ${chains.join(" ")}`);
    }
  }
});

/**
 * The structuring of block graphs (structure.ts): shapes the kernels seldom
 * make, each run at optimizer levels 0 and 2 against its result computed
 * here; an irreducible graph, which is made reducible first (reducible.ts);
 * a chain of thousands of checks and thousands of loops in a row, which
 * stay one flat sequence; and a deep loop nest, which nests no deeper
 * than it must.
 */
import test from "ava";
import { type LFunction, lirDominators, parseLIR } from "@fzy/lir";
import { lowerToWasm } from "./module.js";
import { instantiateSync } from "./node.js";
import { shapeOf } from "./structure.js";

/** `kernel(n)` of the module `text` at optimizer level `optimize`. */
function kernelOf(text: string, optimize: number): (n: number) => number {
  const p = instantiateSync(lowerToWasm(parseLIR(text), { optimize }).binary as Uint8Array<ArrayBuffer>);
  return p.exports["kernel"] as (n: number) => number;
}

// Two ways into one cycle: block1 and block2 each reach the other, and block0 enters at either.
// kernel(n) counts n down to 0, by 1 in block1 and by 2 in block2, entering at block1 when n is odd.
const IRREDUCIBLE = `module "irreducible"

function %kernel(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 1
    v2: i32 = band v0, v1
    v3: i32 = iconst 0
    v4: bool = icmp ne v2, v3
    brif v4, block1(v0, v3), block2(v0, v3)
block1(v5: i32, v6: i32):
    v7: i32 = iconst 1
    v8: i32 = isub v5, v7
    v9: i32 = iadd v6, v7
    jump block2(v8, v9)
block2(v10: i32, v11: i32):
    v12: i32 = iconst 0
    v13: bool = icmp sle v10, v12
    brif v13, block4(v11), block3
block3:
    v14: i32 = iconst 2
    v15: i32 = isub v10, v14
    v16: i32 = iconst 10
    v17: i32 = iadd v11, v16
    v18: bool = icmp sgt v15, v12
    brif v18, block1(v15, v17), block4(v17)
block4(v19: i32):
    return v19
}
`;

/** What IRREDUCIBLE computes. */
function irreducible(n: number): number {
  let k = n, acc = 0, at = n & 1 ? 1 : 2;
  for (;;) {
    if (at === 1) { k -= 1; acc += 1; at = 2; continue; }
    if (k <= 0) return acc;
    k -= 2; acc += 10;
    if (!(k > 0)) return acc;
    at = 1;
  }
}

test("an irreducible block graph is given a dispatch block and runs as written", (t) => {
  const fn = parseLIR(IRREDUCIBLE).functions[0] as LFunction;
  t.is(shapeOf(fn, lirDominators(fn)), null); // no shape: function.ts makes it reducible (reducible.ts)
  for (const optimize of [0, 2]) {
    const f = kernelOf(IRREDUCIBLE, optimize);
    for (const n of [-3, 0, 1, 2, 3, 4, 7, 10, 101]) t.is(f(n), irreducible(n), `O${optimize} kernel(${n})`);
  }
});

// A br_table whose targets repeat with the same and with other arguments, whose default is also a target, inside a loop.
const TABLE = `module "table"

function %kernel(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 0
    jump block1(v1, v1)
block1(v2: i32, v3: i32):
    v4: bool = icmp slt v2, v0
    brif v4, block2, block5(v3)
block2:
    v5: i32 = iconst 5
    v6: i32 = urem v2, v5
    v7: i32 = iconst 1
    v8: i32 = iconst 100
    br_table v6, block3(v7), [block3(v7), block4(v8), block3(v8), block4(v8)]
block3(v9: i32):
    v10: i32 = iadd v3, v9
    v11: i32 = iconst 1
    v12: i32 = iadd v2, v11
    jump block1(v12, v10)
block4(v13: i32):
    v14: i32 = imul v3, v13
    v15: i32 = iconst 7
    v16: i32 = urem v14, v15
    v17: i32 = iconst 1
    v18: i32 = iadd v2, v17
    jump block1(v18, v16)
block5(v19: i32):
    return v19
}
`;

function table(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const k = i % 5;
    if (k === 0 || k === 4) acc = (acc + 1) | 0;
    else if (k === 2) acc = (acc + 100) | 0;
    else acc = ((acc * 100) >>> 0) % 7;
  }
  return acc;
}

test("a br_table with repeated targets and arguments inside a loop runs as written", (t) => {
  for (const optimize of [0, 2]) {
    const f = kernelOf(TABLE, optimize);
    for (const n of [0, 1, 2, 3, 4, 5, 6, 13, 100]) t.is(f(n), table(n), `O${optimize} kernel(${n})`);
  }
});

test("a chain of 5,000 overflow checks is one flat sequence, not 5,000 nested ones", (t) => {
  // block k (1..n) adds n0 to its parameter and goes on to block k+1, or to its own trap block n+1+k past 100,000.
  const n = 5000, a = (k: number) => `v${3 * k}`, s = (k: number) => `v${3 * k + 1}`, c = (k: number) => `v${3 * k + 2}`; // (value ids are dense)
  const lines = ["block0(v0: i32):", "    v1: i32 = iconst 100000", "    jump block1(v0)"];
  for (let k = 1; k <= n; k++) {
    lines.push(`block${k}(${a(k)}: i32):`, `    ${s(k)}: i32 = iadd ${a(k)}, v0`, `    ${c(k)}: bool = icmp sgt ${s(k)}, v1`);
    lines.push(`    brif ${c(k)}, block${n + 1 + k}, block${k + 1}(${s(k)})`);
  }
  lines.push(`block${n + 1}(v2: i32):`, "    return v2");
  for (let k = 1; k <= n; k++) lines.push(`block${n + 1 + k}:`, "    trap");
  const w = lowerToWasm(parseLIR(`module "checks"\n\nfunction %kernel(i32) -> i32 export {\n${lines.join("\n")}\n}\n`), { optimize: 0 });
  const depth = w.text.split("\n").reduce((d, l) => Math.max(d, l.length - l.trimStart().length), 0);
  t.true(depth < 40, `deepest indentation ${depth}`);
  const f = instantiateSync(w.binary as Uint8Array<ArrayBuffer>).exports["kernel"] as (n: number) => number;
  t.is(f(3), 3 * (n + 1));
  t.throws(() => f(30));
});

/** The deepest indentation of a wasm text: how far its code nests. */
const deepest = (text: string) => text.split("\n").reduce((d, l) => Math.max(d, l.length - l.trimStart().length), 0);

/** The module of one exported `%kernel(i32) -> i32` whose blocks' lines are `blocks` (by block id). */
const kernelText = (name: string, blocks: readonly string[][]) =>
  `module "${name}"\n\nfunction %kernel(i32) -> i32 export {\n${blocks.map((b) => b.join("\n")).join("\n")}\n}\n`;

test("a chain of 3,000 operations whose two checks share one cold panic is one flat sequence: the panic is copied to each check", (t) => {
  // Operation k (1..n): block 2k-1 checks its parameter against 100,000, block 2k against -100,000, both to panic block
  // 2n+k (cold, no parameters), then adds n0. As a merge block each panic followed a `block` around the rest of the chain.
  const n = 3000, blocks: string[][] = [["block0(v0: i32):", "    v1: i32 = iconst 100000", "    v2: i32 = iconst -100000", "    jump block1(v0)"]];
  const p = (k: number) => `v${4 * k - 1}`, hi = (k: number) => `v${4 * k}`, lo = (k: number) => `v${4 * k + 1}`, sum = (k: number) => `v${4 * k + 2}`;
  for (let k = 1; k <= n; k++) {
    blocks[2 * k - 1] = [`block${2 * k - 1}(${p(k)}: i32):`, `    ${hi(k)}: bool = icmp sgt ${p(k)}, v1`, `    brif ${hi(k)}, block${2 * n + 1 + k}, block${2 * k}`];
    blocks[2 * k] = [`block${2 * k}:`, `    ${lo(k)}: bool = icmp slt ${p(k)}, v2`, `    ${sum(k)}: i32 = iadd ${p(k)}, v0`, `    brif ${lo(k)}, block${2 * n + 1 + k}, block${2 * k + 1}(${sum(k)})`];
    blocks[2 * n + 1 + k] = [`block${2 * n + 1 + k} cold:`, "    trap"];
  }
  blocks[2 * n + 1] = [`block${2 * n + 1}(v${4 * n + 3}: i32):`, `    return v${4 * n + 3}`];
  const lm = parseLIR(kernelText("checks", blocks)), fn = lm.functions[0] as LFunction;
  const shape = shapeOf(fn, lirDominators(fn))!;
  t.is(shape.copied.reduce((a, b) => a + b, 0), n, "every panic copied");
  const w = lowerToWasm(lm, { optimize: 0 });
  t.true(deepest(w.text) < 40, `deepest indentation ${deepest(w.text)}`);
  const f = instantiateSync(w.binary as Uint8Array<ArrayBuffer>).exports["kernel"] as (n: number) => number;
  t.is(f(3), 3 * (n + 1));
  // Operation k's parameter is k * n0: 40 passes 100,000 at k = 2,501 (the first check), -40 passes -100,000 there (the second).
  t.throws(() => f(40));
  t.throws(() => f(-40));
});

test("5,000 loops in a row are one flat sequence: each loop's exit, which holds the rest, follows it", (t) => {
  // Loop k (1..n) adds k to the sum n0 times (block k its header, block n+1+k its body); its header goes on to the next loop's header.
  const n = 5000, blocks = [["block0(v0: i32):", "    v1: i32 = iconst 0", "    v2: i32 = iconst 1", "    jump block1(v1, v1)"]];
  const v = (k: number, j: number) => `v${6 * k - 3 + j}`; // value j of loop k (value ids are dense)
  for (let k = 1; k <= n; k++) {
    blocks[k] = [`block${k}(${v(k, 0)}: i32, ${v(k, 1)}: i32):`, `    ${v(k, 2)}: bool = icmp slt ${v(k, 0)}, v0`, `    brif ${v(k, 2)}, block${n + 1 + k}, block${k + 1}(v1, ${v(k, 1)})`];
    blocks[n + 1 + k] = [`block${n + 1 + k}:`, `    ${v(k, 3)}: i32 = iconst ${k}`, `    ${v(k, 4)}: i32 = iadd ${v(k, 1)}, ${v(k, 3)}`, `    ${v(k, 5)}: i32 = iadd ${v(k, 0)}, v2`, `    jump block${k}(${v(k, 5)}, ${v(k, 4)})`];
  }
  blocks[n + 1] = [`block${n + 1}(${v(n + 1, 0)}: i32, ${v(n + 1, 1)}: i32):`, `    return ${v(n + 1, 1)}`];
  const lm = parseLIR(kernelText("loops", blocks)), fn = lm.functions[0]!;
  t.is(shapeOf(fn, lirDominators(fn))!.loopDepth, 1, "loops in a row nest one deep");
  const w = lowerToWasm(lm, { optimize: 0 });
  t.true(deepest(w.text) < 40, `deepest indentation ${deepest(w.text)}`);
  const f = instantiateSync(w.binary as Uint8Array<ArrayBuffer>).exports["kernel"] as (n: number) => number;
  t.is(f(3), (3 * n * (n + 1)) / 2);
});

test("in a nest of 300 loops each loop's small exit stays inside the loop around it: one level of nesting per loop, not two", (t) => {
  // Loop k (1..d) counts i_k up to n0 (block k its header, block d+k its exit), running loop k+1 in each round; block 2d+1, the innermost body, adds 1 to the sum.
  const d = 300, blocks = [["block0(v0: i32):", "    v1: i32 = iconst 0", "    v2: i32 = iconst 1", "    jump block1(v1, v1)"]];
  const v = (k: number, j: number) => `v${5 * k - 2 + j}`; // value j of loop k (value ids are dense)
  for (let k = 1; k <= d; k++) {
    const inner = k < d ? `block${k + 1}(v1, ${v(k, 1)})` : `block${2 * d + 1}`;
    blocks[k] = [`block${k}(${v(k, 0)}: i32, ${v(k, 1)}: i32):`, `    ${v(k, 2)}: bool = icmp slt ${v(k, 0)}, v0`, `    brif ${v(k, 2)}, ${inner}, block${d + k}(${v(k, 1)})`];
    blocks[d + k] = k === 1
      ? [`block${d + k}(${v(k, 3)}: i32):`, `    ${v(k, 4)}: i32 = iadd ${v(k, 3)}, v1`, `    return ${v(k, 4)}`]
      : [`block${d + k}(${v(k, 3)}: i32):`, `    ${v(k, 4)}: i32 = iadd ${v(k - 1, 0)}, v2`, `    jump block${k - 1}(${v(k, 4)}, ${v(k, 3)})`];
  }
  blocks[2 * d + 1] = [`block${2 * d + 1}:`, `    ${v(d + 1, 0)}: i32 = iadd ${v(d, 1)}, v2`, `    ${v(d + 1, 1)}: i32 = iadd ${v(d, 0)}, v2`, `    jump block${d}(${v(d + 1, 1)}, ${v(d + 1, 0)})`];
  const lm = parseLIR(kernelText("nest", blocks)), fn = lm.functions[0]!;
  t.is(shapeOf(fn, lirDominators(fn))!.loopDepth, d);
  const w = lowerToWasm(lm, { optimize: 0 });
  t.true(deepest(w.text) < 1.5 * d, `deepest indentation ${deepest(w.text)}`); // each exit after its loop: 2d
  const f = instantiateSync(w.binary as Uint8Array<ArrayBuffer>).exports["kernel"] as (n: number) => number;
  t.is(f(0), 0);
  t.is(f(1), 1);
});

// A loop (block1) with two exits: block3, after the loop, holds more code than the loop; block4 is reached from the loop's body (a break) and from block3.
// Both must follow the loop: block4 inside it could not be reached from block3. kernel(n) is 1 when the loop breaks (n > 5) or n > 10, else 2.
const TWO_EXITS = `module "exits"

function %kernel(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 0
    v2: i32 = iconst 1
    v3: i32 = iconst 5
    v4: i32 = iconst 10
    jump block1(v1)
block1(v5: i32):
    v6: bool = icmp slt v5, v0
    brif v6, block2, block3
block2:
    v7: bool = icmp eq v5, v3
    brif v7, block4, block5
block3:
    v8: bool = icmp sgt v0, v4
    brif v8, block4, block6
block4:
    return v2
block5:
    v9: i32 = iadd v5, v2
    jump block1(v9)
block6:
    jump block7
block7:
    jump block8
block8:
    v10: i32 = iconst 2
    return v10
}
`;

test("a loop's exits all follow it when one does: an exit reached from another and from the loop", (t) => {
  for (const optimize of [0, 2]) {
    const f = kernelOf(TWO_EXITS, optimize);
    for (const n of [-1, 0, 3, 5, 6, 11, 20]) t.is(f(n), n > 5 ? 1 : 2, `O${optimize} kernel(${n})`);
  }
});

/**
 * The optimizer's pipeline (module.ts optimize): binaryen's inliner never
 * runs (NEVER_RUN), at any level; the rest of its pipeline does, but for
 * its passes that are slow on large functions, which a long chain of
 * dependent instructions also skips.
 */
import test from "ava";
import { lirDominators, parseLIR } from "@fzy/lir";
import { CHAIN_FROM, isLarge, NEST_FROM, SHARED_LOCALS_FROM } from "./function.js";
import { WasmLimitError } from "./layout.js";
import { lowerToWasm, withLimits } from "./module.js";
import { instantiateSync } from "./node.js";
import { shapeOf } from "./structure.js";

// %twice is small and called once: binaryen's inliner would take it into %kernel.
const CALL = `module "call"

function %twice(i32) -> i32 {
block0(v0: i32):
    v1: i32 = iadd v0, v0
    return v1
}

function %kernel(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = call %twice(v0)
    v2: i32 = iconst 1
    v3: i32 = iadd v1, v2
    return v3
}
`;

for (const optimize of [1, 2, 3, 4]) {
  test(`at optimizer level ${optimize} a small function called once stays a call, and the module runs`, (t) => {
    const w = lowerToWasm(parseLIR(CALL), { optimize });
    t.regex(w.text, /\(call \$twice/);
    const kernel = instantiateSync(w.binary as Uint8Array<ArrayBuffer>).exports["kernel"] as (n: number) => number;
    t.is(kernel(20), 41);
  });
}

test("a frame larger than the shadow stack is a WasmLimitError naming the function and the sizes, not a crash", (t) => {
  // The lowering keeps frames within the matrix's budget (256 KB); lowered form from elsewhere may not.
  const big = `module "big"

function %kernel(i32) -> i32 export {
    ss0 = slot 8000000, align 16
block0(v0: i32):
    v1: ptr = stack_addr ss0+0
    store v0, v1+0
    v2: i32 = load v1+0
    return v2
}
`;
  const e = t.throws(() => lowerToWasm(parseLIR(big)), { instanceOf: WasmLimitError });
  t.regex(e!.message, /function kernel needs a 8000000-byte stack frame; the shadow stack holds \d+ bytes/);
});

/** `kernel(n)`: n squared `length` times over (i32, wrapping), in one block. */
function squarings(length: number): string {
  const lines = ["module \"chain\"", "", "function %kernel(i32) -> i32 export {", "block0(v0: i32):"];
  for (let k = 1; k <= length; k++) lines.push(`    v${k}: i32 = imul v${k - 1}, v${k - 1}`);
  lines.push(`    return v${length}`, "}", "");
  return lines.join("\n");
}

test("a chain of 1,000 dependent multiplications in a function of fewer values than SHARED_LOCALS_FROM is large, lowers and runs", (t) => {
  // binaryen's local sinking folded the chain into one expression 1,000 deep, and writing it ran out of stack.
  const length = 1000, lm = parseLIR(squarings(length)), fn = lm.functions[0]!;
  t.true(fn.valueTypes.length < SHARED_LOCALS_FROM && length > CHAIN_FROM);
  t.true(isLarge(fn, SHARED_LOCALS_FROM, 0));
  t.false(isLarge(parseLIR(squarings(CHAIN_FROM)).functions[0]!, SHARED_LOCALS_FROM, 0), "a chain of CHAIN_FROM is not");
  const kernel = instantiateSync(lowerToWasm(lm).binary as Uint8Array<ArrayBuffer>).exports["kernel"] as (n: number) => number;
  let want = 3;
  for (let k = 0; k < length; k++) want = Math.imul(want, want);
  t.is(kernel(3), want);
});

test("a text form longer than the engine's longest string is a WasmLimitError naming the module, and other errors pass through", (t) => {
  // (A nest of 2,000 loops with 40 additions a level makes such a text; too large to make here, so the engine's two refusals are thrown as it throws them.)
  const lm = parseLIR(CALL);
  const decoder = Object.assign(new Error("Cannot create a string longer than 0x1fffffe8 characters"), { code: "ERR_STRING_TOO_LONG" });
  for (const refusal of [decoder, new RangeError("Invalid string length")]) {
    const e = t.throws(() => withLimits(lm, "writing", () => { throw refusal; }), { instanceOf: WasmLimitError });
    t.regex(e!.message, /the text form of module call \(2 functions, 2 blocks\) is longer than the longest string/);
  }
  const other = new RangeError("offset out of range");
  t.is(t.throws(() => withLimits(lm, "writing", () => { throw other; })), other);
  t.is(withLimits(lm, "writing", () => 7), 7);
});

/** `kernel(n)`: n, added once in the innermost of `depth` nested loops that each run once. */
function nest(depth: number): string {
  let next = 3;
  const v = () => `v${next++}`, h: string[] = [];
  const lines = ["module \"nest\"", "", "function %kernel(i32) -> i32 export {", "block0(v0: i32):", "    v1: i32 = iconst 0", "    v2: i32 = iconst 1", "    jump block1(v1, v1)"];
  // Blocks: header k = block k (1..depth), the innermost body = block depth + 1, the exit of level k = block depth + 1 + k.
  const header = (k: number) => `block${k}`, exit = (k: number) => `block${depth + 1 + k}`;
  for (let k = 1; k <= depth; k++) {
    const i = v(), a = v(), c = v();
    h[k] = i;
    const inner = k < depth ? `${header(k + 1)}(v1, ${a})` : `block${depth + 1}(${a})`;
    lines.push(`${header(k)}(${i}: i32, ${a}: i32):`, `    ${c}: bool = icmp slt ${i}, v2`, `    brif ${c}, ${inner}, ${exit(k)}(${a})`);
  }
  const ba = v(), b1 = v(), bi = v();
  lines.push(`block${depth + 1}(${ba}: i32):`, `    ${b1}: i32 = iadd ${ba}, v0`, `    ${bi}: i32 = iadd ${h[depth]}, v2`, `    jump ${header(depth)}(${bi}, ${b1})`);
  for (let k = 1; k <= depth; k++) {
    const xa = v();
    lines.push(`${exit(k)}(${xa}: i32):`);
    if (k === 1) lines.push(`    return ${xa}`);
    else {
      const i1 = v();
      lines.push(`    ${i1}: i32 = iadd ${h[k - 1]}, v2`, `    jump ${header(k - 1)}(${i1}, ${xa})`);
    }
  }
  lines.push("}", "");
  return lines.join("\n");
}

test("a function whose loops nest deeper than NEST_FROM is large; NEST_FROM deep is not; both run", (t) => {
  // binaryen's code-pushing, sinking and rse take time that grows with the nesting times the code: a nest of 300 loops took 1.3 s, as large 0.09 s.
  for (const depth of [NEST_FROM, NEST_FROM + 1]) {
    const lm = parseLIR(nest(depth)), fn = lm.functions[0]!;
    t.is(shapeOf(fn, lirDominators(fn))!.loopDepth, depth);
    t.is(isLarge(fn, SHARED_LOCALS_FROM, depth), depth > NEST_FROM, `depth ${depth}`);
    const kernel = instantiateSync(lowerToWasm(lm).binary as Uint8Array<ArrayBuffer>).exports["kernel"] as (n: number) => number;
    t.is(kernel(7), 7);
  }
});

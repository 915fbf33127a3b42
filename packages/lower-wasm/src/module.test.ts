/**
 * The optimizer's pipeline (module.ts optimize): binaryen's inliner never
 * runs (NEVER_RUN), at any level; the rest of its pipeline does, but for
 * its passes that are slow on large functions, which a long chain of
 * dependent instructions also skips.
 */
import test from "ava";
import { parseLIR } from "@fzy/lir";
import { CHAIN_FROM, isLarge, SHARED_LOCALS_FROM } from "./function.js";
import { WasmLimitError } from "./layout.js";
import { lowerToWasm, withLimits } from "./module.js";
import { instantiateSync } from "./node.js";

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
  t.true(isLarge(fn, SHARED_LOCALS_FROM));
  t.false(isLarge(parseLIR(squarings(CHAIN_FROM)).functions[0]!, SHARED_LOCALS_FROM), "a chain of CHAIN_FROM is not");
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

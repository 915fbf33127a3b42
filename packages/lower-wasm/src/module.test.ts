/**
 * The optimizer's pipeline (module.ts optimize): binaryen's inliner never
 * runs (NEVER_RUN), at any level; the rest of its pipeline does.
 */
import test from "ava";
import { parseLIR } from "@fzy/lir";
import { lowerToWasm } from "./module.js";
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

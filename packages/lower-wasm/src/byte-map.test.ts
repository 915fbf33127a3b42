/**
 * The vectorized byte map (byte-map.ts) computes what the scalar loop
 * computes, for every distance between source and destination, overlapping
 * ones included: kernel(d) maps 48 bytes at slot+24 to slot+d (d in 0..48)
 * replacing 3 by -86, then returns a weighted sum of the whole slot; checked
 * against the same steps done here in JavaScript, with and without SIMD.
 */
import test from "ava";
import { parseLIR } from "@fzy/lir";
import { findByteMaps } from "./byte-map.js";
import { lowerToWasm } from "./module.js";
import { instantiateSync } from "./node.js";

const LIR = `module "byte_map"

function %kernel(i32) -> i32 export {
    ss0 = slot 96, align 16
block0(v0: i32):
    v1: ptr = stack_addr ss0+0
    v2: i64 = iconst 0
    jump block1(v2)
block1(v3: i64):
    v4: i64 = iconst 96
    v5: bool = icmp ult v3, v4
    brif v5, block2, block3
block2:
    v6: i8 = trunc v3
    v7: i8 = iconst 7
    v8: i8 = band v6, v7
    v9: ptr = ptr_add v1, v3
    store v8, v9+0
    v10: i64 = iconst 1
    v11: i64 = iadd v3, v10
    jump block1(v11)
block3:
    v12: i64 = sext v0
    v13: ptr = ptr_add v1, v12
    v41: i64 = iconst 24
    v42: ptr = ptr_add v1, v41
    v14: i64 = iconst 48
    v15: i64 = iconst 0
    v27: i32 = iconst 0
    jump block4(v15)
block4(v16: i64):
    v17: bool = icmp ult v16, v14
    brif v17, block5, block6(v15, v27)
block5:
    v18: ptr = ptr_add v42, v16
    v19: i8 = load v18+0
    v20: i8 = iconst 3
    v21: bool = icmp eq v19, v20
    v22: i8 = iconst -86
    v23: i8 = select v21, v22, v19
    v24: ptr = ptr_add v13, v16
    store v23, v24+0
    v25: i64 = iconst 1
    v26: i64 = iadd v16, v25
    jump block4(v26)
block6(v28: i64, v29: i32):
    v30: bool = icmp ult v28, v4
    brif v30, block7, block8
block7:
    v31: ptr = ptr_add v1, v28
    v32: i8 = load v31+0
    v33: i32 = sext v32
    v34: i32 = trunc v28
    v35: i32 = iconst 1
    v36: i32 = iadd v34, v35
    v37: i32 = imul v33, v36
    v38: i32 = iadd v29, v37
    v39: i64 = iconst 1
    v40: i64 = iadd v28, v39
    jump block6(v40, v38)
block8:
    return v29
}
`;

/** The same steps, byte by byte. */
function reference(d: number): number {
  const s = new Int8Array(96).map((_, i) => i & 7);
  for (let i = 0; i < 48; i++) {
    const x = s[24 + i]!;
    s[d + i] = x === 3 ? -86 : x;
  }
  return s.reduce((acc, b, j) => (acc + b * (j + 1)) | 0, 0);
}

test("the byte map is recognized, and only it", (t) => {
  const m = parseLIR(LIR);
  t.deepEqual([...findByteMaps(m.functions[0]!).keys()], [4]);
  t.regex(lowerToWasm(m).text, /i8x16\.eq/);
  t.notRegex(lowerToWasm(m, { simd: false }).text, /v128|i8x16/);
});

test("vector and scalar byte maps agree with the byte-by-byte steps at every distance", (t) => {
  for (const simd of [true, false]) {
    for (const optimize of [0, 2]) {
      const kernel = instantiateSync(lowerToWasm(parseLIR(LIR), { simd, optimize }).binary as Uint8Array<ArrayBuffer>).exports["kernel"]!;
      for (let d = 0; d <= 48; d++) t.is(kernel(d), reference(d), `simd ${simd}, O${optimize}, d=${d}`);
    }
  }
});

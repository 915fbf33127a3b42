/**
 * Narrow integers (i8, i16) live sign-extended in i32 values (types.ts); every
 * operation that depends on the high bits must see the right ones. Each
 * function below isolates one such operation and is checked over a sweep of
 * inputs against the operation computed here with BigInt at the exact width.
 */
import test from "ava";
import { parseLIR } from "@fzy/lir";
import { lowerToWasm } from "./module.js";
import { instantiateSync } from "./node.js";

const w8 = (x: bigint) => BigInt.asIntN(8, x), u8 = (x: bigint) => BigInt.asUintN(8, x);
const w16 = (x: bigint) => BigInt.asIntN(16, x), u16 = (x: bigint) => BigInt.asUintN(16, x);

/** name, LIR body (v0: i32 is the input, the last value is the i32 result), reference. */
const CASES: [string, string, (x: bigint) => bigint][] = [
  ["add8", "v1: i8 = trunc v0\n v2: i8 = iconst 100\n v3: i8 = iadd v1, v2\n v4: i32 = sext v3", (x) => w8(w8(x) + 100n)],
  ["mul16", "v1: i16 = trunc v0\n v2: i16 = iconst 300\n v3: i16 = imul v1, v2\n v4: i32 = sext v3", (x) => w16(w16(x) * 300n)],
  ["udiv8", "v1: i8 = trunc v0\n v2: i8 = iconst 3\n v3: i8 = udiv v1, v2\n v4: i32 = sext v3", (x) => w8(u8(x) / 3n)],
  ["urem16", "v1: i16 = trunc v0\n v2: i16 = iconst 7\n v3: i16 = urem v1, v2\n v4: i32 = sext v3", (x) => w16(u16(x) % 7n)],
  ["ushr8", "v1: i8 = trunc v0\n v2: i8 = iconst 3\n v3: i8 = ushr v1, v2\n v4: i32 = sext v3", (x) => w8(u8(x) >> 3n)],
  ["sshr16", "v1: i16 = trunc v0\n v2: i16 = iconst 5\n v3: i16 = sshr v1, v2\n v4: i32 = sext v3", (x) => w16(x) >> 5n],
  ["shl8", "v1: i8 = trunc v0\n v2: i8 = iconst 5\n v3: i8 = ishl v1, v2\n v4: i32 = sext v3", (x) => w8(w8(x) << 5n)],
  ["uext8", "v1: i8 = trunc v0\n v2: i32 = uext v1", (x) => u8(x)],
  ["uext16to64", "v1: i16 = trunc v0\n v2: i64 = uext v1\n v3: i64 = iconst 3\n v4: i64 = imul v2, v3\n v5: i32 = trunc v4", (x) => BigInt.asIntN(32, u16(x) * 3n)],
  ["ult8", "v1: i8 = trunc v0\n v2: i8 = iconst 16\n v3: bool = icmp ult v1, v2\n v4: i32 = uext v3", (x) => (u8(x) < 16n ? 1n : 0n)],
  ["sle16", "v1: i16 = trunc v0\n v2: i16 = iconst -5\n v3: bool = icmp sle v1, v2\n v4: i32 = uext v3", (x) => (w16(x) <= -5n ? 1n : 0n)],
  ["sat8", "v1: f64 = sitofp v0\n v2: f64 = fconst 0.75\n v3: f64 = fmul v1, v2\n v4: i8 = fptosi_sat v3\n v5: i32 = sext v4",
    (x) => { const f = Math.trunc(Number(x) * 0.75); return BigInt(Math.max(-128, Math.min(127, f))); }],
];

const text = `module "narrow"\n\n` + CASES.map(([name, body]) => {
  const last = /v(\d+): i32 = [^\n]*$/.exec(body)![1];
  return `function %${name}(i32) -> i32 export {\nblock0(v0: i32):\n ${body}\n return v${last}\n}\n`;
}).join("\n");

const INPUTS = [-70000, -40000, -32769, -1000, -300, -129, -128, -127, -17, -5, -1, 0, 1, 2, 15, 16, 100, 127, 128, 200, 255, 256, 1000, 32767, 32768, 65535, 70000, 2147483647, -2147483648];

test("narrow integer operations match their exact-width results", (t) => {
  const w = lowerToWasm(parseLIR(text), { optimize: 2 });
  const p = instantiateSync(w.binary as Uint8Array<ArrayBuffer>);
  for (const [name, , ref] of CASES) {
    const f = p.exports[name]!;
    for (const x of INPUTS) t.is(BigInt(f(x) as number), BigInt.asIntN(32, ref(BigInt(x))), `${name}(${x})`);
  }
});

test("the unoptimized module gives the same results", (t) => {
  const p = instantiateSync(lowerToWasm(parseLIR(text), { optimize: 0 }).binary as Uint8Array<ArrayBuffer>);
  for (const [name, , ref] of CASES) {
    for (const x of INPUTS) t.is(BigInt(p.exports[name]!(x) as number), BigInt.asIntN(32, ref(BigInt(x))), `${name}(${x})`);
  }
});

test("a sparse switch, which wasm cannot spell (the matrix gives wasm branch trees), is an internal error", (t) => {
  const m = parseLIR(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    switch v0, block1, [3: block1, 1000: block1]
block1:
    return v0
}
`);
  t.throws(() => lowerToWasm(m), { message: /f has a sparse switch, which wasm cannot spell/ });
});

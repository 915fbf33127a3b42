/**
 * The printer's shortcuts agree with the plain definitions they stand for:
 * commentText with the two regular expressions that define it, and
 * signedImmediate with intImmediate, f64Immediate and f32Immediate (read
 * off 32-bit halves) with their definition on the bits as a BigInt, on crafted edge cases and on
 * pseudo-random inputs. Also through printCLIF: awkward names (directive
 * words, control and non-ASCII characters) print as the definition says.
 */
import test from "ava";
import { type LModule, LFunctionBuilder, type LType, TextOut } from "@fzy/lir";
import { printCLIF } from "./index.js";
import { commentText } from "./readers.js";
import { f32Immediate, f64Immediate, intImmediate, signedImmediate, writeF32Immediate, writeF64Immediate } from "./spelling.js";

/** commentText by its definition. */
function commentByRegex(text: string): string {
  const flat = text.replace(/[\x00-\x1f\x7f]/g, " ");
  return /^\s*(run|print)\b/.test(flat) ? `'${flat}'` : flat;
}

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const AWKWARD = [
  "", "r", "p", "run", "run:", "run1", "running", "run_x", "run.x", "run(", "print", "print:", "printer", "print_2", "prin", "ru",
  " run", "\trun", "\u00a0run", "\u2003print", "\nprint", "r\nun", "run\n", "run\x7f", "acc_next", "é", "éprint", "pé", "x\x00y",
  "loop_body.parse_capability_u3.0.cont", "\uD800", "p\uDC00", "\ufeffrun", "RUN", "Print",
];

test("commentText agrees with its regular-expression definition", (t) => {
  for (const s of AWKWARD) t.is(commentText(s), commentByRegex(s), JSON.stringify(s));
  const next = rng(11);
  const alphabet = ["r", "u", "n", "p", "i", "t", " ", "\t", "\n", "_", ".", "(", "é", "\u00a0", "\x7f", "a", "1"];
  for (let i = 0; i < 20000; i++) {
    let s = "";
    for (let k = Math.floor(next() * 8); k > 0; k--) s += alphabet[Math.floor(next() * alphabet.length)];
    t.is(commentText(s), commentByRegex(s), JSON.stringify(s));
  }
});

test("signedImmediate spells what intImmediate spells, and leaves the rest to it", (t) => {
  const types: LType[] = ["i8", "i16", "i32", "i64", "ptr", "bool"];
  const edges = [0n, 1n, 2n, 127n, 128n, 255n, 256n, 32767n, 32768n, 65535n, 65536n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n,
    2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n];
  const next = rng(5);
  const values = [...edges, ...edges.map((v) => -v), ...Array.from({ length: 2000 }, () => BigInt(Math.floor((next() - 0.5) * 2 ** 40)))];
  for (const type of types) {
    for (const v of values) {
      const fast = signedImmediate(type, v);
      let slow: string | undefined;
      try { slow = intImmediate(type, v); } catch { slow = undefined; }
      if (fast !== undefined) t.is(`${fast}`, slow ?? "(intImmediate threw)", `${type} ${v}`);
    }
  }
  t.is(signedImmediate("i64", 2n ** 53n), undefined, "beyond the safe integers the bigint path spells it");
  t.is(signedImmediate("i8", 255n), -1);
});

test("awkward names print as comments the way the definition says", (t) => {
  const f = new LFunctionBuilder("k", ["i32"], ["i32"], true);
  const values: (string | undefined)[] = [];
  let acc = f.args[0]!;
  for (const name of AWKWARD) {
    acc = f.binary("iadd", acc, f.args[0]!);
    values[acc] = name;
  }
  f.ret([acc]);
  const fn = { ...f.finish(), names: { values, blocks: [] } };
  const module: LModule = { name: "m", functions: [fn], externs: [], data: [] };
  const lines = printCLIF(module).text.split("\n").filter((l) => l.includes("= iadd"));
  t.is(lines.length, AWKWARD.length);
  AWKWARD.forEach((name, i) => t.is(lines[i]!.replace(/^ {4}v\d+ = iadd v\d+, v\d+/, ""), ` ; ${commentByRegex(name)}`, JSON.stringify(name)));
});

/** f64Immediate by its definition: Cranelift's format_float on the 64 bits as a BigInt. */
function f64ByBits(bits: bigint): string {
  const sign = bits >> 63n ? "-" : "";
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const hex = frac.toString(16).padStart(13, "0");
  if (exp === 0) return frac === 0n ? `${sign}0.0` : `${sign}0x0.${hex}p-1022`;
  if (exp === 0x7ff) {
    const s = sign || "+";
    if (frac === 0n) return `${s}Inf`;
    const quiet = 1n << 51n, payload = frac & (quiet - 1n);
    if (frac & quiet) return payload ? `${s}NaN:0x${payload.toString(16)}` : `${s}NaN`;
    return `${s}sNaN:0x${payload.toString(16)}`;
  }
  return `${sign}0x1.${hex}p${exp - 1023}`;
}

test("f64Immediate and f32Immediate agree with the BigInt definition on crafted and pseudo-random bits", (t) => {
  const next = rng(11), view = new DataView(new ArrayBuffer(8));
  const his = [0, 0x80000000, 0x7ff00000, 0xfff00000, 0x7ff80000, 0x7ff00001, 0x000fffff, 0x3ff00000, 0x7fefffff];
  let checked = 0;
  for (let i = 0; i < 20000; i++) {
    const hi = i < his.length * 4 ? his[i % his.length]! : (next() * 2 ** 32) >>> 0;
    const lo = i % 4 === 0 ? 0 : i % 4 === 1 ? 1 : (next() * 2 ** 32) >>> 0;
    view.setUint32(0, hi);
    view.setUint32(4, lo);
    const x = view.getFloat64(0);
    // A NaN read back from a double may not keep its payload: compare on the bits the number has now.
    view.setFloat64(0, x);
    if (f64Immediate(x) !== f64ByBits(view.getBigUint64(0))) t.fail(`f64 ${hi.toString(16)}:${lo.toString(16)}`);
    // A signaling NaN float may come back quiet or not from a double, depending on the engine's tier: left out.
    if ((hi & 0x7f800000) === 0x7f800000 && (hi & 0x7fffff) !== 0 && !(hi & 0x400000)) { checked++; continue; }
    view.setUint32(0, hi);
    const y = view.getFloat32(0);
    view.setFloat32(0, y);
    const bits = view.getUint32(0), sign = bits >>> 31 ? "-" : "", exp = (bits >>> 23) & 0xff, frac = bits & 0x7fffff;
    const payload = frac & 0x3fffff, s = sign || "+";
    const want = exp === 0 ? (frac === 0 ? `${sign}0.0` : `${sign}0x0.${(frac << 1).toString(16).padStart(6, "0")}p-126`)
      : exp === 0xff ? (frac === 0 ? `${s}Inf` : frac & 0x400000 ? (payload ? `${s}NaN:0x${payload.toString(16)}` : `${s}NaN`) : `${s}sNaN:0x${payload.toString(16)}`)
      : `${sign}0x1.${(frac << 1).toString(16).padStart(6, "0")}p${exp - 127}`;
    if (f32Immediate(y) !== want) t.fail(`f32 ${hi.toString(16)}`);
    checked++;
  }
  t.is(checked, 20000);
});

test("the float immediate writers write what f64Immediate and f32Immediate spell", (t) => {
  const next = rng(5), view = new DataView(new ArrayBuffer(8));
  const crafted = [0, -0, 1, -1, 1.5, 0.1, -2.75, 1e300, -1e-300, 5e-324, 2 ** -1022, Infinity, -Infinity, NaN, Math.fround(3.4e38), Math.fround(1e-40)];
  const write = (f: (w: TextOut, x: number) => void, x: number): string => {
    const w = new TextOut(8, false);
    f(w, x);
    return w.text("");
  };
  let checked = 0;
  for (let i = 0; i < 20000; i++) {
    let x: number;
    if (i < crafted.length) x = crafted[i]!;
    else {
      view.setUint32(0, (next() * 2 ** 32) >>> 0);
      view.setUint32(4, (next() * 2 ** 32) >>> 0);
      x = view.getFloat64(0);
    }
    if (write(writeF64Immediate, x) !== f64Immediate(x)) t.fail(`f64 ${x}`);
    const y = Math.fround(x);
    if (write(writeF32Immediate, y) !== f32Immediate(y)) t.fail(`f32 ${y}`);
    checked++;
  }
  t.is(checked, 20000);
});

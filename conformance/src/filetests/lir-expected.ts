/**
 * What each of the printers' shared fixtures (filetests/lir) computes, from
 * its definition (the header comment): `kernel(n)` for the inputs ARGS, or
 * "panic". Every backend's run of the fixtures checks against this one table.
 */
const i32 = (x: number) => x | 0;
/** The inputs every fixture runs with. */
export const ARGS = [0, 1, 2, 3, 7, 15, 100, -1, -5];

/** Expected kernel(n) of each fixture, from its definition. */
export const EXPECTED: Readonly<Record<string, (n: number) => number | "panic">> = {
  "counting-loop": (n) => {
    let acc = 0;
    for (let i = 0; i < n; i++) acc = i32(acc + Math.imul(i, i));
    return acc;
  },
  "dense-match": (n) => ([100, 7, 102, 9] as const)[n] ?? "panic",
  "tag-range": (n) => ([10, 21, 32] as const)[(n >>> 0) % 3]!,
  "string-literal": () => 'say "hi" \\ to the needle\n'.indexOf("needle"),
  "bounds-panic": (n) => (n >= 0 && n < 8 ? n * n + 1 : "panic"),
  "select": (n) => Math.max(n, 7) + (n >>> 0 < 10 ? 1 : 0),
  "stack-array": (n) => (n & 15) * 3,
  "entry-loop": (n) => {
    let x = n;
    while (x < 100) x += 7;
    return x;
  },
  "named-locals": (n) => {
    let x = n;
    while (x < 100) x += 7;
    return x;
  },
  "float-ops": (n) => {
    const x = n * 2.5;
    return i32(Math.trunc(x) + (x < 0 ? 1 : 0) + "y".charCodeAt(0));
  },
  "stack-offsets": (n) => i32(Math.imul(7, n) - 1),
  "edge-split": (n) => {
    const y = n > 0 ? n : i32(-n);
    let g = (y & 3) === 0 || (y & 3) === 2 ? 1 : 2;
    while (g <= 1000) g = g * 2 + 1;
    return g;
  },
  "float-consts": (n) => {
    const scaled = n * 0.1;
    const q = (scaled < 0 ? Infinity : scaled) / 3;
    const asInt = Number.isNaN(q) ? 0 : q >= 2 ** 31 ? 2 ** 31 - 1 : q <= -(2 ** 31) ? -(2 ** 31) : Math.trunc(q);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, scaled);
    const low = Number(view.getBigUint64(0) >> 60n);
    return i32(asInt + low + 1);
  },
  "data-relocs": () => "beta".length,
};

/**
 * The string operations take the path the matrix gives them (family
 * `strops`): inline slice checks, byte loads and literal scans with the
 * fast path on, the view helpers of runtime-c with it switched off, calls on
 * interned handles in mode off; and new strings (from_int, join) take the
 * same site buffers as concat.
 */
import test from "ava";
import { parseModule, verifyModule } from "@fzy/ir";
import { printLIR } from "@fzy/lir";
import { lowerModule, type LowerModuleOptions } from "./lower-module.js";

const SOURCE = `module t

export fn kernel(%n: i32) -> i32 {
entry:
  %lit = str.lit "the cat sat"
  %s = opaque %lit
  %zero = const.i32 0
  %piece = str.slice %s, %zero, %n
  %b = str.byte_at %piece, %zero
  %at = str.lit "at"
  %f = str.find %s, %at
  %g = str.find %s, %piece
  %t = str.from_int %n
  %e = str.parse_error %t
  %r1 = add %b, %f
  %r2 = add %r1, %g
  %r = add %r2, %e
  ret %r
}
`;

function lowered(o: LowerModuleOptions): { calls: string[]; rules: string[] } {
  const m = parseModule(SOURCE);
  verifyModule(m);
  const r = lowerModule(m, o);
  const text = printLIR(r.module);
  const calls = [...text.matchAll(/call %(fz_\w+)/g)].map((x) => x[1]!);
  return { calls: [...new Set(calls)].sort(), rules: r.report.functions[0]!.decisions.filter((d) => d.subject.startsWith("str.")).map((d) => `${d.subject}: ${d.rule}`) };
}

test("with strops on, slice and byte_at are inline and a literal find scans inline; a computed needle calls the view helper", (t) => {
  const on = lowered({ backend: "llvm", mode: "on" });
  t.deepEqual(on.rules, ["str.slice %piece: strop-inline", "str.byte_at %b: strop-inline", "str.find %f: strop-inline", "str.find %g: strop-helper"]);
  t.false(on.calls.includes("fz_view_slice_check"));
  t.false(on.calls.includes("fz_view_byte_at"));
  t.true(on.calls.includes("fz_panic_str_slice"));
  t.true(on.calls.includes("fz_view_find"));
  t.true(on.calls.includes("fz_view_from_int"));
});

test("with strops off, every string operation calls its view helper", (t) => {
  const off = lowered({ backend: "llvm", mode: "on", fastPaths: { strops: false } });
  t.true(off.rules.every((r) => r.endsWith("family-off")), off.rules.join("; "));
  for (const f of ["fz_view_slice_check", "fz_view_byte_at", "fz_view_find", "fz_view_from_int", "fz_view_parse_error"]) t.true(off.calls.includes(f), f);
  t.false(off.calls.includes("fz_panic_str_slice"));
});

test("in mode off, every string operation is a call on interned handles", (t) => {
  const legacy = lowered({ backend: "cranelift", mode: "off" });
  for (const f of ["fz_str_slice", "fz_str_byte_at", "fz_str_find", "fz_str_from_int", "fz_str_parse_error"]) t.true(legacy.calls.includes(f), f);
  t.false(legacy.calls.some((c) => c.startsWith("fz_view_")));
});

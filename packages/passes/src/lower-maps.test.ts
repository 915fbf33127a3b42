/**
 * The inline-table budget of maps (rule map-many-operations), read off the
 * lowered form: a local map of MAP_INLINE_MAX_OPERATIONS operations is
 * probed inline, one more makes it a runtime handle whose every operation
 * is a call. The answers are checked against the interpreter by parity
 * (module map_many_operations, every mode and backend).
 */
import test from "ava";
import { parseModule, verifyModule } from "@fzy/ir";
import { printLIR } from "@fzy/lir";
import { MAP_INLINE_MAX_OPERATIONS } from "./eligibility.js";
import { lowerModule } from "./lower-module.js";

/** A kernel whose map %m gets `sets` sets and `gets` gets of keys n + j. */
function source(sets: number, gets: number): string {
  const body: string[] = [];
  for (let j = 0; j < sets; j++) body.push(`  %c${j} = const.i32 ${j}`, `  %k${j} = add %n, %c${j}`, `  map.set %m, %k${j}, %c${j}`);
  body.push("  %a0 = const.i32 0", "  %d = const.i32 -1");
  for (let j = 0; j < gets; j++) body.push(`  %g${j} = const.i32 ${2 * j}`, `  %q${j} = add %n, %g${j}`, `  %r${j} = map.get %m, %q${j}, %d`, `  %a${j + 1} = add %a${j}, %r${j}`);
  return `module t\n\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %m = map.new {i32: i32}\n${body.join("\n")}\n  ret %a${gets}\n}\n`;
}

function lowered(sets: number, gets: number) {
  const m = parseModule(source(sets, gets));
  verifyModule(m);
  const r = lowerModule(m, { backend: "llvm", mode: "on" });
  const f = r.report.functions[0]!;
  const text = printLIR(r.module);
  return { rule: f.decisions.find((d) => d.subject === "map %m")!.rule, calls: text.match(/call %fz_map_(set|get)\(/g)?.length ?? 0, inline: f.total.mapInline, runtime: f.total.mapRuntime };
}

test("a map of MAP_INLINE_MAX_OPERATIONS operations is probed inline; one more operation makes every one a call", (t) => {
  const half = MAP_INLINE_MAX_OPERATIONS / 2;
  const at = lowered(half, half);
  t.is(at.rule, "map-local");
  t.is(at.calls, 0);
  t.is(at.runtime, 0);
  const past = lowered(half, half + 1);
  t.is(past.rule, "map-many-operations");
  t.is(past.calls, MAP_INLINE_MAX_OPERATIONS + 1);
  t.is(past.inline, 0);
});

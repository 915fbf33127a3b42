import test from "ava";
import { parseModule } from "@fzy/ir";
import { ablation, costTable, type ModuleCost, moduleCosts } from "./module-costs.js";

const tiny = parseModule("module tiny\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  ret %n\n}\n");
const loop = parseModule([
  "module loop",
  "export fn kernel(%n: i32) -> i32 {",
  "  var $i: i32",
  "entry:",
  "  %z = const.i32 0",
  "  set $i, %z",
  "  jump head",
  "head:",
  "  %i = get $i",
  "  %c = icmp.slt %i, %n",
  "  br %c, body, done",
  "body:",
  "  %one = const.i32 1",
  "  %j = add %i, %one",
  "  %r = srem %j, %n",
  "  set $i, %j",
  "  jump head",
  "done:",
  "  %x = get $i",
  "  ret %x",
  "}",
  "",
].join("\n"));

test("moduleCosts lowers each module in both modes and lists the dearest first", (t) => {
  const costs = moduleCosts([{ name: "tiny", module: tiny }, { name: "loop", module: loop }], "cranelift", 3, 1);
  t.deepEqual(costs.map((c) => c.name).sort(), ["loop", "tiny"]);
  for (const c of costs) {
    t.true(c.instructions > 0);
    t.true(c.onUs >= 0 && c.offUs >= 0);
  }
  t.true(costs[0]!.onUs >= costs[1]!.onUs);
});

test("costTable gives µs per IR instruction, the on/off ratio, each module's share and the totals", (t) => {
  const costs: ModuleCost[] = [
    { name: "a", instructions: 10, onUs: 300, offUs: 100 },
    { name: "b", instructions: 20, onUs: 100, offUs: 100 },
  ];
  const rows = costTable(costs, 1);
  t.is(rows.length, 4, "header, rule, one module (top 1), the totals");
  t.is(rows[2], "| a | 10 | 30.0 | 10.0 | 3.0 | 75.0% |");
  t.is(rows[3], "| all 2 | 30 | 13.3 | 6.7 | 2.0 | 100% |");
});

test("ablation gives each fast path asked the ratio of the lowering without it to the lowering with all", (t) => {
  const r = ablation([{ module: loop }, { module: tiny }], "llvm", 3, ["strength", "bounds"]);
  t.deepEqual(r.map((x) => x.path), ["strength", "bounds"]);
  for (const x of r) t.true(Number.isFinite(x.ratio) && x.ratio > 0, `${x.path}: ${x.ratio}`);
});

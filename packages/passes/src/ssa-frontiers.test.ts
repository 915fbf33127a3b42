import test from "ava";
import { type Block, type BlockId, computeDominators, type Func } from "@fzy/ir";
import { dominanceFrontiers } from "./ssa-frontiers.js";
import { Flow } from "./ssa-liveness.js";
import { FRESH_TABLES, type Ints } from "./ssa-tables.js";

/** An if-else ladder n deep: test k branches to its arm a_k or to test k + 1; every arm and the last test jump to `done`. */
function ladder(n: number): Func {
  const test = (k: number) => (2 * k) as BlockId, arm = (k: number) => (2 * k + 1) as BlockId, done = (2 * n + 1) as BlockId;
  const blocks: Block[] = [];
  for (let k = 0; k < n; k++) {
    blocks.push({ name: `t${k}`, insts: [], term: { op: "br", cond: 0 as never, then: arm(k), else: test(k + 1) } });
    blocks.push({ name: `a${k}`, insts: [], term: { op: "jump", target: done } });
  }
  blocks.push({ name: `t${n}`, insts: [], term: { op: "jump", target: done } });
  blocks.push({ name: "done", insts: [], term: { op: "ret", value: null } });
  return { name: "f", params: [], result: null, exported: true, values: [], vars: [], blocks };
}

/** The frontiers of `func`, and how many immediate dominators their walk read. */
function frontiersCounted(func: Func): { rows: number[][]; steps: number } {
  const g = new Flow(func, computeDominators(func));
  let steps = 0;
  const idom = new Proxy(g.idom, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) steps++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const df = dominanceFrontiers(Object.assign(Object.create(Flow.prototype) as Flow, g, { idom: idom as Ints }), Infinity, FRESH_TABLES)!;
  const rows = Array.from({ length: g.n }, (_, b) => Array.from(df.items.slice(df.start[b]!, df.start[b + 1]!)));
  return { rows, steps };
}

test("an if-else ladder's frontiers are each test's and arm's `done`, found in work linear in the ladder's depth", (t) => {
  const small = frontiersCounted(ladder(500)), large = frontiersCounted(ladder(2000));
  const done = 2 * 2000 + 1;
  t.deepEqual(large.rows.slice(0, 2 * 2000 + 1), Array.from({ length: 2 * 2000 + 1 }, (_, b) => (b === 0 ? [] : [done])), "every block but the first test has frontier {done}");
  t.true(large.steps <= 6 * small.steps, `four times as deep, ${large.steps / small.steps} times the steps`);
});

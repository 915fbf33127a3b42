/** The control-flow plan: prologue, edge splitting, duplicate phi rows, dead code. */
import test from "ava";
import { LFunctionBuilder, type LBlockId, type LValue } from "@fzy/lir";
import { EdgePlan } from "./edge-plan.js";

const none: readonly LValue[] = [];
const never = () => false;

/** The label ids in print order. */
const printed = (p: EdgePlan) => Array.from(p.order.subarray(0, p.printed));
/** The label ids the edges of LIR block b land on. */
const routes = (p: EdgePlan, b: number) => Array.from(p.route.subarray(p.edgeStart[b]!, p.edgeStart[b + 1]!));
/** The phi rows of LIR block b: where each comes from and what it passes. */
function rows(p: EdgePlan, b: number, width: number): { from: number; args: number[] | "arguments" }[] {
  const out: { from: number; args: number[] | "arguments" }[] = [];
  for (let r = p.rowHead[b]!; r >= 0; r = p.rowNext[r]!) {
    const at = p.rowArgs[r]!;
    out.push({ from: p.rowFrom[r]!, args: at < 0 ? "arguments" : Array.from(p.args.subarray(at, at + width)) });
  }
  return out;
}

test("an entry block that is a branch target gets a prologue whose phi row takes the arguments", (t) => {
  const f = new LFunctionBuilder("f", ["i32"], ["i32"], false);
  const exit = f.newBlock();
  f.brif(f.icmp("eq", f.args[0]!, f.args[0]!), { block: exit, args: none }, { block: 0 as LBlockId, args: [f.args[0]!] });
  f.switchTo(exit);
  f.ret([f.args[0]!]);
  const plan = new EdgePlan().plan(f.finish(), never);
  t.true(plan.prologue);
  t.is(plan.prologueId, 2);
  t.deepEqual(rows(plan, 0, 1), [{ from: 2, args: "arguments" }, { from: 0, args: [0] }]);
});

for (const op of ["br_table", "switch"] as const) test(`one ${op} reaching a block with different arguments splits all but the first`, (t) => {
  const f = new LFunctionBuilder("f", ["i32"], [], false);
  const target = f.newBlock(["i32"]);
  const [x] = f.args;
  const y = f.binary("iadd", x!, x!);
  const edges = [{ block: target, args: [y] }, { block: target, args: [x!] }, { block: target, args: [y] }];
  if (op === "br_table") f.brTable(x!, { block: target, args: [x!] }, edges);
  else f.switchOn(x!, { block: target, args: [x!] }, [-7n, 3n, 90000n], edges);
  f.switchTo(target);
  f.ret();
  const plan = new EdgePlan().plan(f.finish(), never);
  // Label ids: blocks by id, the prologue next (2), split blocks after it; the split block prints after its source.
  t.deepEqual(routes(plan, 0), [1, 3, 1, 3]);
  t.deepEqual(printed(plan), [0, 3, 1]);
  t.deepEqual([plan.splitFrom[0], plan.splitEdge[0], plan.splitTarget[0]], [0, 1, 1]);
  // Rows in edge order: two direct edges with the same arguments are two rows, the split block one.
  t.deepEqual(rows(plan, 1, 1), [{ from: 0, args: [x] }, { from: 3, args: [y] }, { from: 0, args: [x] }]);
  t.is(plan.labelCount, 4);
});

/** A call to `die`, then a jump passing 1 to a block that returns. */
function callThenJump() {
  const f = new LFunctionBuilder("f", [], [], false);
  const after = f.newBlock(["i32"]);
  f.call("die", [], []);
  f.jump(after, [f.iconst("i32", 1)]);
  f.switchTo(after);
  f.ret();
  return f.finish();
}

test("code after a noreturn call is dead: the block ends there and its old successors may vanish", (t) => {
  const plan = new EdgePlan().plan(callThenJump(), (c) => c === "die");
  t.deepEqual(printed(plan), [0]);
  t.is(plan.trapped[0], 1);
  t.is(plan.kept[0], 1);
  t.is(plan.edgeCount(0), 0);
});

test("blocks the entry cannot reach are not planned", (t) => {
  const f = new LFunctionBuilder("f", [], [], false);
  const dead = f.newBlock(["i32"]);
  f.ret();
  f.switchTo(dead);
  f.jump(dead, [f.blockParams(dead)[0]!]);
  const plan = new EdgePlan().plan(f.finish(), never);
  t.deepEqual(printed(plan), [0]);
  t.is(plan.rowHead[1], -1);
});

test("a plan reused for a smaller function keeps nothing of the one before", (t) => {
  const big = new LFunctionBuilder("big", ["i32"], [], false);
  const join = big.newBlock(["i32"]);
  big.brif(big.icmp("eq", big.args[0]!, big.args[0]!), { block: join, args: [big.args[0]!] }, { block: join, args: [big.args[0]!] });
  big.switchTo(join);
  big.ret();
  const small = new LFunctionBuilder("small", [], [], false);
  const next = small.newBlock();
  small.jump(next, []);
  small.switchTo(next);
  small.ret();
  const plan = new EdgePlan();
  plan.plan(big.finish(), never);
  plan.plan(small.finish(), never);
  t.deepEqual(printed(plan), [0, 1]);
  t.deepEqual(routes(plan, 0), [1]);
  t.is(plan.rowHead[1], -1);
  t.false(plan.prologue);
  t.is(plan.labelCount, 3);
});

test("an edge with the wrong argument count is rejected", (t) => {
  const f = new LFunctionBuilder("f", [], [], false);
  const b = f.newBlock(["i32"]);
  f.jump(b, []);
  f.switchTo(b);
  f.ret();
  t.throws(() => new EdgePlan().plan(f.finish(), never), { message: /passes 0 arguments to bb1/ });
});

test("a plan is forward when every edge goes to a later block or to block 0, cut terminators included", (t) => {
  const loop = new LFunctionBuilder("loop", [], [], false);
  const head = loop.newBlock();
  const exit = loop.newBlock();
  loop.jump(head, []);
  loop.switchTo(head);
  loop.brif(loop.iconst("bool", 1), { block: head, args: none }, { block: exit, args: none });
  loop.switchTo(exit);
  loop.ret();
  t.false(new EdgePlan().plan(loop.finish(), never).forward);
  // A back edge after a noreturn call is never taken, but the facts' test counts it, and so does the plan's.
  const cut = new LFunctionBuilder("cut", [], [], false);
  const next = cut.newBlock();
  cut.jump(next, []);
  cut.switchTo(next);
  cut.call("die", [], []);
  cut.iconst("i32", 1);
  cut.jump(next, []);
  const plan = new EdgePlan().plan(cut.finish(), (c) => c === "die");
  t.false(plan.forward);
  t.is(plan.trapped[1], 1);
  const straight = new LFunctionBuilder("straight", [], [], false);
  const b1 = straight.newBlock();
  straight.jump(b1, []);
  straight.switchTo(b1);
  straight.jump(0 as LBlockId, []);
  t.true(new EdgePlan().plan(straight.finish(), never).forward, "an edge back to block 0 is allowed");
});

test("a split early in a function leaves room in the print order for every later block", (t) => {
  // The print order starts at one entry per block (more than the plan's first 16, so it is sized to the function); a split label printed before the last blocks must not push them out.
  const f = new LFunctionBuilder("f", ["i32"], [], false);
  const [x] = f.args;
  const y = f.binary("iadd", x!, x!);
  const chain = Array.from({ length: 40 }, () => f.newBlock(["i32"]));
  f.brif(f.icmp("eq", x!, y), { block: chain[0]!, args: [x!] }, { block: chain[0]!, args: [y] });
  chain.forEach((b, k) => {
    f.switchTo(b);
    if (k + 1 < chain.length) f.jump(chain[k + 1]!, [f.blockParams(b)[0]!]);
    else f.ret();
  });
  const plan = new EdgePlan().plan(f.finish(), never);
  const order = printed(plan);
  t.is(order.length, 42);
  t.deepEqual([...order].sort((a, b) => a - b), [...Array.from({ length: 41 }, (_, i) => i), 42]);
});

test("without a noreturn test no block is cut: a call is code like any other", (t) => {
  const fn = callThenJump();
  const plan = new EdgePlan().plan(fn, undefined);
  t.deepEqual(printed(plan), [0, 1]);
  t.is(plan.trapped[0], 0);
  t.is(plan.kept[0], 2);
  t.deepEqual(routes(plan, 0), [1]);
  t.deepEqual(rows(plan, 1, 1), rows(new EdgePlan().plan(fn, never), 1, 1));
});

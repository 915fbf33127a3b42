/** The control-flow plan: prologue, edge splitting, duplicate phi rows, dead code. */
import test from "ava";
import { LFunctionBuilder, type LBlockId, type LValue } from "@fzy/lir";
import { planEdges, type PlannedBlock } from "./edge-plan.js";

const none: readonly LValue[] = [];
const never = () => false;

test("an entry block that is a branch target gets a prologue whose phi row takes the arguments", (t) => {
  const f = new LFunctionBuilder("f", ["i32"], ["i32"], false);
  const exit = f.newBlock();
  f.brif(f.icmp("eq", f.args[0]!, f.args[0]!), { block: exit, args: none }, { block: 0 as LBlockId, args: [f.args[0]!] });
  f.switchTo(exit);
  f.ret([f.args[0]!]);
  const plan = planEdges(f.finish(), never);
  t.true(plan.prologue);
  t.deepEqual(plan.incoming[0], [{ from: "entry", fromId: 2, args: "arguments" }, { from: "bb0", fromId: 0, args: [0] }]);
  t.is(plan.prologueId, 2);
});

test("one terminator reaching a block with different arguments splits all but the first", (t) => {
  const f = new LFunctionBuilder("f", ["i32"], [], false);
  const target = f.newBlock(["i32"]);
  const [x] = f.args;
  const y = f.binary("iadd", x!, x!);
  f.brTable(x!, { block: target, args: [x!] }, [
    { block: target, args: [y] },
    { block: target, args: [x!] },
    { block: target, args: [y] },
  ]);
  f.switchTo(target);
  f.ret();
  const plan = planEdges(f.finish(), never);
  const entry = plan.blocks[0] as PlannedBlock;
  t.deepEqual(entry.routes.map((r) => r.label), ["bb1", "bb0.e1", "bb1", "bb0.e1"]);
  t.deepEqual(plan.blocks.map((b) => b.label), ["bb0", "bb0.e1", "bb1"]);
  // Rows in edge order: two direct edges with the same arguments are two rows, the split block one.
  t.deepEqual(plan.incoming[1]!.map((r) => r.from), ["bb0", "bb0.e1", "bb0"]);
  // Label ids: blocks by id, the prologue next, split blocks after it; routes and rows carry them.
  t.deepEqual(plan.blocks.map((b) => b.labelId), [0, 3, 1]);
  t.deepEqual(entry.routes.map((r) => r.to), [1, 3, 1, 3]);
  t.deepEqual(plan.incoming[1]!.map((r) => r.fromId), [0, 3, 0]);
  t.is(plan.labelCount, 4);
});

test("code after a noreturn call is dead: the block ends there and its old successors may vanish", (t) => {
  const f = new LFunctionBuilder("f", [], [], false);
  const after = f.newBlock(["i32"]);
  f.call("die", [], []);
  f.jump(after, [f.iconst("i32", 1)]);
  f.switchTo(after);
  f.ret();
  const plan = planEdges(f.finish(), (c) => c === "die");
  t.deepEqual(plan.blocks.map((b) => b.label), ["bb0"]);
  const entry = plan.blocks[0] as PlannedBlock;
  t.is(entry.term.op, "trap");
  t.is(entry.insts.length, 1);
});

test("blocks the entry cannot reach are not planned", (t) => {
  const f = new LFunctionBuilder("f", [], [], false);
  const dead = f.newBlock(["i32"]);
  f.ret();
  f.switchTo(dead);
  f.jump(dead, [f.blockParams(dead)[0]!]);
  t.deepEqual(planEdges(f.finish(), never).blocks.map((b) => b.label), ["bb0"]);
});

test("an edge with the wrong argument count is rejected", (t) => {
  const f = new LFunctionBuilder("f", [], [], false);
  const b = f.newBlock(["i32"]);
  f.jump(b, []);
  f.switchTo(b);
  f.ret();
  t.throws(() => planEdges(f.finish(), never), { message: /passes 0 arguments to bb1/ });
});

/**
 * Shared lists: equal short lists are one object across functions, their
 * entries are right and packed, and long lists or large ids are not shared.
 */
import test from "ava";
import { LBuilderScratch, LFunctionBuilder } from "./builder.js";
import { sharedLeadingValues, sharedOneValue, sharedSameTypes } from "./shared-lists.js";
import type { LFunction, LType, LValue } from "./types.js";

test("short lists are shared and hold the right entries; large ids and mixed types are not", (t) => {
  t.deepEqual(sharedLeadingValues(3), [0, 1, 2]);
  t.is(sharedLeadingValues(3), sharedLeadingValues(3));
  t.is(sharedLeadingValues(0), undefined);
  t.deepEqual(sharedOneValue(7 as LValue), [7]);
  t.is(sharedOneValue(7 as LValue), sharedOneValue(7 as LValue));
  t.is(sharedOneValue(100_000 as LValue), undefined);
  const same: LType[] = ["i32", "i32", "i32", "i64"];
  t.deepEqual(sharedSameTypes(same, 3), ["i32", "i32", "i32"]);
  t.is(sharedSameTypes(same, 3), sharedSameTypes(["i32", "i32", "i32"], 3));
  t.is(sharedSameTypes(same, 4), undefined);
  t.not(sharedSameTypes(["i64", "i64"], 2), sharedSameTypes(["i32", "i32"], 2));
});

/** `return x + k` of one i32 parameter, its block named entry. */
function tiny(k: number, scratch: LBuilderScratch): LFunction {
  const b = new LFunctionBuilder(`t${k}`, ["i32"], ["i32"], true, scratch);
  b.nameBlock(0 as never, "entry");
  const r = b.binary("iadd", b.args[0]!, b.iconst("i32", k));
  b.ret([r]);
  return b.finish();
}

test("two small functions built in one scratch share their entry parameters, return list, types and block names", (t) => {
  const scratch = new LBuilderScratch();
  const f = tiny(1, scratch), g = tiny(2, scratch);
  t.is(f.blocks[0]!.params, g.blocks[0]!.params);
  const ft = f.blocks[0]!.term, gt = g.blocks[0]!.term;
  t.true(ft.op === "return" && gt.op === "return" && ft.values === gt.values);
  t.is(f.valueTypes, g.valueTypes);
  t.is(f.names!.blocks, g.names!.blocks);
  t.deepEqual(f.valueTypes, ["i32", "i32", "i32"]);
  t.deepEqual(f.names!.blocks, ["entry"]);
});

test("a short name list equal to the last one given out is that list; a different one is the function's own", (t) => {
  const scratch = new LBuilderScratch();
  const named = (k: number, x: string): LFunction => {
    const b = new LFunctionBuilder(`n${k}`, ["i32"], ["i32"], true, scratch);
    b.nameValue(b.args[0]!, x);
    b.ret([b.args[0]!]);
    return b.finish();
  };
  const f = named(1, "a"), g = named(2, "a"), h = named(3, "b");
  t.is(f.names!.values, g.names!.values);
  t.not(g.names!.values, h.names!.values);
  t.deepEqual(h.names!.values, ["b"]);
  t.deepEqual(g.names!.values, ["a"]);
});

/**
 * The traits scan may only skip what would find nothing: over every function
 * of the conformance corpus, a clear bit means the analysis it guards gives
 * its empty answer, and small functions get exactly the bits they need.
 */
import { readdirSync, readFileSync } from "node:fs";
import test from "ava";
import { computeDominators, type Func, ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
import { ArenaPlanner } from "./arena-scopes.js";
import {
  HAS_ARENA_OPS, HAS_ARRAY_ACCESS, HAS_COUNTABLE, HAS_DIRECT_CALLS, HAS_FUNC_REF, HAS_IMMORTAL_CANDIDATES, HAS_STR_EQ, HAS_STRUCT_NEW, traitsOf,
} from "./function-traits.js";
import { findLiteralChains } from "./lower-literal-set.js";
import { countedType } from "./ownership.js";
import { planSsa } from "./ssa-plan.js";
import { StoredStrings } from "./stored-strings.js";

const CONFORMANCE = new URL("../../../conformance/", import.meta.url);
const DIRS = ["kernels", "modules", "regressions"];

const corpus = DIRS.flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, CONFORMANCE)).filter((f) => f.endsWith(".fzir")).sort().map((f) => {
    const m = parseModule(readFileSync(new URL(`${dir}/${f}`, CONFORMANCE), "utf8"), `${dir}/${f}`);
    verifyModule(m);
    return m;
  }));

const ops = (f: Func) => f.blocks.flatMap((b) => b.insts.map((i) => i.op));

test("a clear bit means the analysis it guards finds nothing, on every function of the corpus", (t) => {
  let functions = 0;
  const cleared = new Map<number, number>();
  for (const m of corpus) {
    const ix = new ModuleIndex(m);
    for (const f of m.functions) {
      functions++;
      const bits = traitsOf(f);
      for (const b of [HAS_STRUCT_NEW, HAS_ARRAY_ACCESS, HAS_ARENA_OPS | HAS_DIRECT_CALLS, HAS_FUNC_REF, HAS_IMMORTAL_CANDIDATES, HAS_STR_EQ, HAS_COUNTABLE]) {
        if ((bits & b) === 0) cleared.set(b, (cleared.get(b) ?? 0) + 1);
      }
      const where = `${m.name}/${f.name}`;
      if ((bits & HAS_STRUCT_NEW) === 0) t.false(ops(f).includes("struct.new"), where);
      // With calls and global reads, what may reference a module function (inline-sites.ts).
      if ((bits & HAS_FUNC_REF) === 0) t.false(ops(f).includes("func.ref"), where);
      if ((bits & HAS_ARRAY_ACCESS) === 0) t.false(ops(f).some((op) => op === "array.get" || op === "array.set"), where);
      if ((bits & HAS_IMMORTAL_CANDIDATES) === 0) t.is(new StoredStrings(f).immortals().size, 0, where);
      if ((bits & HAS_COUNTABLE) === 0) {
        for (const strViews of [false, true]) {
          const repr = { strViews, payloadEnum: () => true };
          t.false(f.values.some((v) => countedType(v.type, repr)) || f.vars.some((x) => countedType(x.type, repr)), where);
        }
      }
      const dom = computeDominators(f);
      if ((bits & (HAS_ARENA_OPS | HAS_DIRECT_CALLS)) === 0) {
        const s = new ArenaPlanner(ix).plan(f, new StoredStrings(f), planSsa(f));
        t.deepEqual([s.headers.size, s.latches.size, s.wholeFunction], [0, 0, false], where);
      }
      if ((bits & HAS_STR_EQ) === 0) t.is(findLiteralChains(f, dom.preds, () => true).size, 0, where);
    }
  }
  t.true(functions > 100, "the corpus has functions");
  // Each bit is clear somewhere and set somewhere, so every implication above was exercised.
  for (const [b, n] of cleared) t.true(n > 0 && n < functions, `bit ${b}: clear in ${n} of ${functions}`);
  t.is(cleared.size, 7);
});

test("small functions get exactly the bits their instructions and types call for", (t) => {
  const m = parseModule(`module t
struct P { x: i32 }
fn id(%a: i32) -> i32 {
entry:
  ret %a
}
fn add(%a: i32) -> i32 {
entry:
  %k = const.i32 3
  %r = add %a, %k
  %c = call @id, %r
  ret %c
}
fn cat(%a: str) -> str {
entry:
  %s = str.concat %a, %a
  ret %s
}
fn eq(%a: str) -> bool {
entry:
  %l = str.lit "x"
  %e = str.eq %a, %l
  ret %e
}
fn ref(%a: i32) -> i32 {
entry:
  %f = func.ref @id
  ret %a
}
fn mk(%a: i32) -> i32 {
entry:
  %p = struct.new P, %a
  %x = struct.get %p, x
  ret %x
}
`);
  verifyModule(m);
  const bits = (name: string) => traitsOf(m.functions.find((f) => f.name === name)!);
  t.is(bits("id"), 0);
  t.is(bits("add"), HAS_DIRECT_CALLS);
  t.is(bits("cat"), HAS_ARENA_OPS | HAS_COUNTABLE);
  t.is(bits("eq"), HAS_IMMORTAL_CANDIDATES | HAS_STR_EQ | HAS_COUNTABLE);
  t.is(bits("mk"), HAS_STRUCT_NEW | HAS_COUNTABLE);
  t.is(bits("ref"), HAS_FUNC_REF);
});

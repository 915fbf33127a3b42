/**
 * The properties the differential fuzzer relies on (its CI runs are in
 * differential-*.test.ts): generation is a function of the seed, every
 * generated and every shrunk recipe emits a module that verifies and
 * survives print -> parse -> print, and the shrinker reaches a minimum.
 */
import test from "ava";
import { parseModule, printModule, verifyModule } from "@fzy/ir";
import { batchModule, caseModule, INPUT_SLOTS, inputTable } from "./batch.js";
import { generateCase } from "./generate.js";
import { caseSeed } from "./prng.js";
import { type CaseRecipe, caseSize, type Stmt } from "./recipe.js";
import { candidates, shrinkCase } from "./shrink.js";

const CI_SEED = 20240601;

test("generation depends on the seed and the case index only", (t) => {
  const a = printModule(caseModule("m", generateCase(caseSeed(7, 3), INPUT_SLOTS, 3)));
  const b = printModule(caseModule("m", generateCase(caseSeed(7, 3), INPUT_SLOTS, 3)));
  const c = printModule(caseModule("m", generateCase(caseSeed(7, 4), INPUT_SLOTS, 3)));
  t.is(a, b);
  t.not(a, c);
  t.deepEqual(inputTable(7), inputTable(7));
});

test("200 generated cases verify and print stably, alone and batched", (t) => {
  const cases = Array.from({ length: 200 }, (_, index) => ({ index, recipe: generateCase(caseSeed(CI_SEED, index), INPUT_SLOTS, 3) }));
  for (const c of cases) {
    const m = caseModule("m", c.recipe);
    verifyModule(m);
    const text = printModule(m);
    t.is(printModule(parseModule(text)), text, `case ${c.index}`);
  }
  verifyModule(batchModule("b", cases.slice(0, 40), inputTable(CI_SEED), [[0, 1], [3, 2]]));
});

test("the generator draws boundary shapes: edge indices, <= and != loops to an array length, boundary divisions", (t) => {
  const seen = { edge: 0, past: 0, sle: 0, ne: 0, toLen: 0, divK: 0, divMin: 0, divFromMinus1: 0 };
  const visit = (body: readonly Stmt[]): void => {
    for (const s of body) {
      if ((s.k === "aget" || s.k === "aset") && s.idx.k === "edge") {
        seen.edge++;
        if (s.idx.d >= 0) seen.past++;
      }
      if (s.k === "loop") {
        if (s.cc === "sle") seen.sle++;
        if (s.cc === "ne") seen.ne++;
        if (s.count.k === "const" && [3, 4, 5, 8].includes(s.count.v)) seen.toLen++;
      }
      if (s.k === "bin" && s.div) {
        if (s.div.divisor !== null) seen.divK++;
        if (s.div.divisor !== null && s.div.divisor < -(1n << 6n)) seen.divMin++;
        if (s.div.mask !== null && s.div.shift === -1) seen.divFromMinus1++;
      }
      for (const c of s.k === "if" ? [s.then, s.else] : s.k === "loop" ? [s.body] : []) visit(c);
    }
  };
  for (let i = 0; i < 200; i++) {
    const c = generateCase(caseSeed(CI_SEED, i), INPUT_SLOTS, 3);
    visit(c.body);
    for (const h of c.helpers) visit(h.body);
  }
  t.log(JSON.stringify(seen));
  for (const [k, n] of Object.entries(seen)) t.true(n >= 5, `only ${n} of ${k} in 200 cases`);
});

test("every shrinking candidate of a case still verifies", (t) => {
  const start = generateCase(caseSeed(CI_SEED, 11), INPUT_SLOTS, 3);
  let n = 0;
  for (const cand of candidates(start)) {
    if (n++ > 300) break;
    t.notThrows(() => verifyModule(caseModule("m", cand)));
  }
});

test("the shrinker finds a one-statement case when one statement is the cause", (t) => {
  const hasDivision = (body: readonly Stmt[]): boolean => body.some((s) => (s.k === "bin" && s.op === "sdiv") ||
    (s.k === "if" && (hasDivision(s.then) || hasDivision(s.else))) || (s.k === "loop" && hasDivision(s.body)));
  let start: CaseRecipe | undefined;
  for (let i = 0; !start; i++) {
    const c = generateCase(caseSeed(CI_SEED, i), INPUT_SLOTS, 3);
    if (hasDivision(c.body) && caseSize(c) > 10) start = c;
  }
  const r = shrinkCase(start, (c) => hasDivision(c.body), 2000);
  t.is(caseSize(r.recipe), 1);
  t.is(r.recipe.body[0]!.k, "bin");
});

test("the generator draws maps: every key type, escaping and local, growth loops, removal and iteration", (t) => {
  const keys = new Set<string>();
  const seen = { escape: 0, local: 0, fill: 0, remove: 0, iter: 0, edge: 0 };
  const visit = (body: readonly Stmt[]): void => {
    for (const s of body) {
      if (s.k === "map") {
        keys.add(s.key);
        seen[s.escape ? "escape" : "local"]++;
        for (const o of s.ops) {
          if (o.op === "fill" || o.op === "remove" || o.op === "iter") seen[o.op]++;
          if (o.op === "at" && o.edge) seen.edge++;
        }
      }
      for (const c of s.k === "if" ? [s.then, s.else] : s.k === "loop" ? [s.body] : []) visit(c);
    }
  };
  for (let i = 0; i < 200; i++) visit(generateCase(caseSeed(CI_SEED, i), INPUT_SLOTS, 3).body);
  t.deepEqual([...keys].sort(), ["Color", "bool", "i32", "i64", "i8", "str"]);
  for (const [k, n] of Object.entries(seen)) t.true(n >= 5, `${k}: ${n}`);
});

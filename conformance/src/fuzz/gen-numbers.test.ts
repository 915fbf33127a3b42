/**
 * The generator reaches every number operation (gen-numbers.ts), and the
 * cases that hold them verify and survive print -> parse -> print.
 */
import test from "ava";
import { isNumberOp, type Opcode, OPCODES, parseModule, printModule, verifyModule } from "@fzy/ir";
import { caseModule, INPUT_SLOTS } from "./batch.js";
import { generateCase } from "./generate.js";
import { caseSeed } from "./prng.js";
import { children, type Stmt } from "./recipe.js";

test("every number opcode is drawn within 400 cases, and those cases verify and print stably", (t) => {
  const seen = new Set<string>();
  const visit = (body: readonly Stmt[]): boolean => {
    let any = false;
    for (const s of body) {
      if (s.k === "num") { seen.add(s.op); any = true; }
      for (const c of children(s)) any = visit(c) || any;
    }
    return any;
  };
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const c = generateCase(caseSeed(7, i), INPUT_SLOTS, 3);
    const has = [c.body, ...c.helpers.map((h) => h.body)].map(visit).some(Boolean);
    if (has && checked < 40) {
      const m = caseModule(`num${i}`, c);
      verifyModule(m);
      const text = printModule(m);
      t.is(printModule(parseModule(text)), text);
      checked++;
    }
  }
  const all = (Object.keys(OPCODES) as Opcode[]).filter(isNumberOp);
  t.deepEqual(all.filter((o) => !seen.has(o)), []);
  t.true(checked >= 20);
});

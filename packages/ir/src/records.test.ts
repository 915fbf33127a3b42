/** The records' constructors make objects no reader can tell from the literals they replace. */
import test from "ava";
import type { Imm, ValueId } from "./module.js";
import { funcWith, makeFunc, makeInst, makeValueInfo } from "./records.js";
import { I32 } from "./types.js";

const imm: Imm = { kind: "none" };
const args = [1 as ValueId, 2 as ValueId];

test("an instruction is a plain object with the literal's keys in order", (t) => {
  const made = makeInst("add", 3 as ValueId, args, null, imm, undefined);
  const literal = { op: "add", dst: 3, args, type: null, imm };
  t.is(Object.getPrototypeOf(made), Object.prototype);
  t.is(made.constructor, Object);
  t.deepEqual(Object.keys(made), Object.keys(literal));
  t.deepEqual(made, literal as unknown as typeof made);
  t.is(JSON.stringify(made), JSON.stringify(literal));
  t.false("loc" in made);
});

test("a located instruction has loc last", (t) => {
  const loc = { file: "a.fz", line: 3, col: 1 };
  const made = makeInst("const", 0 as ValueId, [], I32, imm, loc);
  t.deepEqual(Object.keys(made), ["op", "dst", "args", "type", "imm", "loc"]);
  t.is(made.loc, loc);
  t.deepEqual({ ...made }, { op: "const", dst: 0 as ValueId, args: [], type: I32, imm, loc });
});

test("a value info is a plain { name, type }", (t) => {
  const made = makeValueInfo("x", I32);
  t.is(Object.getPrototypeOf(made), Object.prototype);
  t.deepEqual(Object.keys(made), ["name", "type"]);
  t.deepEqual(made, { name: "x", type: I32 });
});

test("a function header has the literal's keys in order", (t) => {
  const f = makeFunc("f", [], null, false, [], [], []);
  t.is(Object.getPrototypeOf(f), Object.prototype);
  t.deepEqual(Object.keys(f), ["name", "params", "result", "exported", "values", "vars", "blocks"]);
  t.deepEqual(f, { name: "f", params: [], result: null, exported: false, values: [], vars: [], blocks: [] });
});

test("funcWith keeps the head, replaces only the parts given, and makes the same record as makeFunc", (t) => {
  const params = [{ name: "a", type: I32 }];
  const blocks = [{ name: "entry", insts: [], term: { op: "ret" as const, value: null } }];
  const f = makeFunc("f", params, I32, true, [makeValueInfo("a", I32)], [], blocks);
  const vars = [{ name: "v", type: I32 }];
  const g = funcWith(f, { vars });
  t.deepEqual(Object.keys(g), Object.keys(f));
  t.is(Object.getPrototypeOf(g), Object.prototype);
  t.deepEqual(g, { ...f, vars });
  t.is(g.values, f.values);
  t.is(g.blocks, f.blocks);
  t.is(g.vars, vars);
  t.not(g, f, "a new record: f itself is not changed");
  t.deepEqual(f.vars, []);
});

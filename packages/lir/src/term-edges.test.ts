import test from "ava";
import { edgeAt, edgeCount, termEdges } from "./dominators.js";
import type { LBlockId, LEdge, LTerm, LValue } from "./types.js";

const e = (b: number, ...args: number[]): LEdge => ({ block: b as LBlockId, args: args as LValue[] });
const terms: LTerm[] = [
  { op: "jump", target: e(1, 3) },
  { op: "brif", cond: 0 as LValue, then: e(2), else: e(3, 4) },
  { op: "br_table", index: 0 as LValue, default: e(5), targets: [e(6), e(7, 1), e(5)] },
  { op: "switch", value: 0 as LValue, default: e(5), cases: [-3n, 9n], targets: [e(8, 2), e(5)] },
  { op: "return", values: [1 as LValue] },
  { op: "trap" },
];

test("edgeAt lists a terminator's edges in termEdges' order, edgeCount of them", (t) => {
  for (const term of terms) {
    const got: LEdge[] = [];
    for (let k = 0; k < edgeCount(term); k++) got.push(edgeAt(term, k));
    t.deepEqual(got, [...termEdges(term)]);
    got.forEach((x, k) => t.is(x, termEdges(term)[k]));
  }
});

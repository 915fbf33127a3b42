/**
 * The instruction store's block records: every field of a block reads back
 * as it was added, cases and `!loc` included, block by block.
 */
import test from "ava";
import { NameTable } from "./names.js";
import { type BlockFields, InstStore } from "./syntax.js";

test("a block's fields read back as added, for every terminator kind, past the store's first growth", (t) => {
  const store = new InstStore(new NameTable());
  const ops = ["jump", "br", "switch", "ret", "unreachable"] as const;
  const added: BlockFields[] = [];
  for (let k = 0; k < 300; k++) {
    const op = ops[k % ops.length]!;
    const f: BlockFields = {
      label: k, labelPos: 10 * k, from: 3 * k, to: 3 * k + 2, op, pos: 10 * k + 5,
      a: k % 3 === 0 ? -1 : k + 1, aPos: k + 2, b: k + 3, bPos: k + 4, c: op === "switch" && k % 2 ? -1 : k + 5, cPos: k + 6,
      cases: op === "switch" ? [{ keyKind: "number", key: k, keyPos: k + 7, target: k + 8, targetPos: k + 9 }] : null,
      srcLoc: k % 7 === 0 ? { file: "a.fz", line: k, col: 1 } : undefined,
    };
    store.addBlock(f);
    added.push(f);
  }
  t.is(store.blockCount, added.length);
  added.forEach((f, b) => {
    const read: BlockFields = {
      label: store.label(b), labelPos: store.labelPos(b), from: store.from(b), to: store.to(b), op: store.termOp(b), pos: store.termPos(b),
      a: store.termA(b), aPos: store.termAPos(b), b: store.termB(b), bPos: store.termBPos(b), c: store.termC(b), cPos: store.termCPos(b),
      cases: store.termCases(b), srcLoc: store.termSrcLoc(b),
    };
    t.deepEqual(read, f, `block ${b}`);
  });
});

test("a store made after another was released reads back only what it was given, over the reused storage", (t) => {
  const first = new InstStore(new NameTable(), 4096);
  for (let k = 0; k < 4096 * 3; k++) first.addNamed(1, 1000 + k, 2000 + k);
  first.add(0, 7, 8, 9, 3, 0, undefined);
  first.release();
  const second = new InstStore(new NameTable(), 4096);
  t.is(second.length, 0);
  t.is(second.operands, 0);
  second.addNamed(0, 5, 6);
  second.add(0, 1, -1, -1, -1, 0, undefined);
  t.is(second.length, 1);
  t.is(second.operands, 1);
  t.deepEqual([second.pos(0), second.dstId(0), second.opFrom(0), second.opTo(0), second.id(0), second.at(0), second.kind(0)], [1, -1, 0, 1, 5, 6, "value"]);
  t.is(second.srcLoc(0), undefined);
});

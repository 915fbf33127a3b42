/**
 * Run by young-records.test.ts under `node --allow-natives-syntax`: lowers
 * the conformance corpus several times, long enough for V8 to make its
 * pretenuring decisions (a literal site whose objects once survived is
 * allocated in the old generation from then on), then makes one record of
 * each kind the lowering makes per function and prints, as JSON, the kinds
 * that were allocated in the old generation (@fzy/lir records.ts says why
 * none may be).
 */
import { parseModule } from "@fzy/ir";
import { block, edge, jumpTerm, LFunctionBuilder, type LBlockId, type LValue } from "@fzy/lir";
import { lower } from "@fzy/lower";
import { decide } from "@fzy/passes";
import { corpusText } from "./bench/compile-shapes.js";

const inYoungGeneration = new Function("o", "return %InYoungGeneration(o)") as (o: object) => boolean;

const module = parseModule(corpusText(4));
for (let round = 0; round < 3; round++) for (const backend of ["llvm", "cranelift"] as const) lower(module, backend);

const b = new LFunctionBuilder("young", ["i64", "ptr"], ["i64"], false);
const [x, p] = b.args as [LValue, LValue];
const body = b.newBlock(), done = b.newBlock(["i64"]);
b.jump(body);
b.switchTo(body);
const one = b.iconst("i64", 1n);
const sum = b.binary("iadd", x, one);
const cond = b.icmp("slt", sum, one);
const loaded = b.load("i64", p, 8);
b.store(p, loaded, 16);
const called = b.call("callee", [sum], ["i64"]);
b.brif(cond, { block: done, args: [sum] }, { block: done, args: called });
b.switchTo(done);
b.ret(b.blockParams(done));
const fn = b.finish();

const made: Record<string, object> = {
  "entry block": fn.blocks[0]!,
  "block": fn.blocks[1]!,
  "iconst": fn.blocks[1]!.insts[0]!,
  "binary": fn.blocks[1]!.insts[1]!,
  "icmp": fn.blocks[1]!.insts[2]!,
  "load": fn.blocks[1]!.insts[3]!,
  "store": fn.blocks[1]!.insts[4]!,
  "call": fn.blocks[1]!.insts[5]!,
  "jump": fn.blocks[0]!.term,
  "brif": fn.blocks[1]!.term,
  "return": fn.blocks[2]!.term,
  "edge": edge(0 as LBlockId, []),
  "block()": block([], [], jumpTerm(edge(0 as LBlockId, [])), false),
  "decision": decide({ kind: "struct", mode: "on", enabled: true, escape: "none", mutability: "mutated", constant: false }),
};
process.stdout.write(JSON.stringify({ checked: Object.keys(made), old: Object.keys(made).filter((k) => !inYoungGeneration(made[k]!)) }));

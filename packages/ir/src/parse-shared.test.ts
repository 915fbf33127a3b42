/**
 * What the parser shares to stay cheap does not show: a parsed module is
 * deeply equal to the same module built in code (values numbered alike,
 * immediates with the same contents), equal spellings of an immediate give
 * one shared object, equal operand lists of small value ids one shared array
 * (no code writes one: the optimizer gives a rewritten call a new list), and every
 * instruction and terminator is its own object (the optimizer keys side
 * tables on them).
 */
import test from "ava";
import { I32, type Inst, ModuleBuilder, parseModule } from "./index.js";

const TEXT = `module m
fn inc(%x: i32) -> i32 {
entry:
  %one = const.i32 1
  %r = add %x, %one
  ret %r
}
export fn kernel(%n: i32) -> i32 {
  var $acc: i32
entry:
  %zero = const.i32 0
  set $acc, %zero
  %c = icmp.slt %n, %zero
  br %c, neg, pos
neg:
  %a = get $acc
  %one = const.i32 1
  %b = call @inc, %a
  set $acc, %b
  jump done
pos:
  %a2 = get $acc
  %one2 = const.i32 1
  %b2 = call @inc, %a2
  %c2 = icmp.slt %b2, %one2
  set $acc, %b2
  jump done
done:
  %r = get $acc
  ret %r
}
`;

function built() {
  const mb = new ModuleBuilder("m");
  const inc = mb.function("inc", [["x", I32]], I32);
  inc.at(inc.block("entry"));
  inc.ret(inc.add(inc.param(0), inc.i32(1, "one"), "r"));
  const f = mb.function("kernel", [["n", I32]], I32, { exported: true });
  const acc = f.var("acc", I32);
  const [entry, neg, pos, done] = ["entry", "neg", "pos", "done"].map((b) => f.block(b)) as [never, never, never, never];
  f.at(entry);
  const zero = f.i32(0, "zero");
  f.set(acc, zero);
  f.br(f.icmp("slt", f.param(0), zero, "c"), neg, pos);
  // Values are numbered in reverse postorder of the blocks, as the parser builds them: entry, pos, neg, done.
  f.at(pos);
  const a2 = f.get(acc, "a2");
  const one2 = f.i32(1, "one2");
  const b2 = f.call(inc, [a2], "b2");
  f.icmp("slt", b2, one2, "c2");
  f.set(acc, b2);
  f.jump(done);
  f.at(neg);
  const a = f.get(acc, "a");
  f.i32(1, "one");
  f.set(acc, f.call(inc, [a], "b"));
  f.jump(done);
  f.at(done);
  f.ret(f.get(acc, "r"));
  return mb.finish();
}

const insts = (m: ReturnType<typeof parseModule>): Inst[] => m.functions.flatMap((f) => f.blocks.flatMap((b) => b.insts));

test("a parsed module equals the module built in code", (t) => {
  t.deepEqual(parseModule(TEXT), built());
});

test("equal immediates are one object; instructions and terminators are distinct objects", (t) => {
  const m = parseModule(TEXT);
  const all = insts(m);
  const imms = (op: string) => all.filter((i) => i.op === op).map((i) => i.imm);
  const ones = m.functions.flatMap((f) => f.blocks.flatMap((b) => b.insts.filter((i) => i.imm.kind === "int" && i.imm.value === 1n)));
  t.is(ones.length, 3);
  t.true(ones.every((i) => i.imm === ones[0]!.imm));
  const [c1, c2] = imms("icmp");
  t.is(c1, c2);
  const [k1, k2] = imms("call");
  t.is(k1, k2);
  const vars = [...imms("get"), ...imms("set")];
  t.true(vars.every((v) => v === vars[0]));
  t.is(new Set(all).size, all.length);
  const terms = m.functions.flatMap((f) => f.blocks.map((b) => b.term));
  t.is(new Set(terms).size, terms.length);
});

test("equal operand lists are one array within a module, never frozen, and hold exactly their operands", (t) => {
  const all = insts(parseModule(TEXT));
  const byContents = new Map<string, Set<readonly number[]>>();
  for (const i of all) {
    const key = i.args.join(",");
    if (!byContents.has(key)) byContents.set(key, new Set());
    byContents.get(key)!.add(i.args);
  }
  t.true([...byContents.values()].every((lists) => lists.size === 1));
  t.true(new Set(all.map((i) => i.args)).size < all.length); // `[]`, and `[a2]` of get/call in both branches
  t.true(all.every((i) => !Object.isFrozen(i.args)));
  t.deepEqual(all.find((i) => i.op === "add")!.args, [0, 1]);
  t.deepEqual(all.find((i) => i.op === "const")!.args, []);
});

test("in a function of more than 256 values, equal operand lists holding a later value are distinct arrays; early ones stay shared", (t) => {
  const body = Array.from({ length: 300 }, (_, k) => `  %v${k} = add %a, %a\n`).join("");
  const m = parseModule(`module m\nfn f(%a: i32) -> i32 {\nentry:\n${body}  %x = sub %v299, %v0\n  %y = sub %v299, %v0\n  ret %x\n}\n`);
  const all = insts(m);
  const [x, y] = all.filter((i) => i.op === "sub");
  t.deepEqual(x!.args, [300, 1]);
  t.deepEqual(y!.args, [300, 1]);
  t.not(x!.args, y!.args);
  t.is(all[0]!.args, all[1]!.args); // [0, 0]
});

test("operand lists are shared within one module only", (t) => {
  const add = (m: ReturnType<typeof parseModule>) => insts(m).find((i) => i.op === "add")!.args;
  t.not(add(parseModule(TEXT)), add(parseModule(TEXT)));
});

test("an immediate is shared within one module only", (t) => {
  const one = (m: ReturnType<typeof parseModule>) => insts(m).find((i) => i.op === "const")!.imm;
  t.not(one(parseModule(TEXT)), one(parseModule(TEXT)));
});

test("a shared literal is found only by a number or word: %12 or @true after 12 or true is still no literal", (t) => {
  const fn = (body: string) => `module m\nfn f() -> i32 {\nentry:\n  ${body}\n  ret %b\n}\n`;
  for (const body of ["%b = const.i32 12\n  %a = const.i32 %12", "%b = const.i32 12\n  %t = const.bool true\n  %a = const.bool @true"]) {
    const e = t.throws(() => parseModule(fn(body)));
    t.regex(e?.message ?? "", /const needs a literal/, body);
  }
  t.notThrows(() => parseModule(fn("%b = const.i32 12\n  %a = const.i32 12")));
});

test("a module parsed after a larger one (whose store's storage is reused) is the same as parsed first", (t) => {
  const first = parseModule(TEXT);
  const large = `module big\nfn f(%a: i32) -> i32 {\nentry:\n${Array.from({ length: 3000 }, (_, k) => `  %v${k} = add %a, %a\n`).join("")}  ret %a\n}\n`;
  t.is(parseModule(large).functions[0]!.blocks[0]!.insts.length, 3000);
  t.deepEqual(parseModule(TEXT), first);
  t.deepEqual(parseModule(TEXT), built());
});

/**
 * The lowering of module globals (lower-globals.ts) in the lowered form: an
 * immutable global becomes its constant (no data object, no load); a mutable
 * one is a writable data object holding its initializer little-endian, whose
 * stores the optimizer keeps even when nothing in the function reads them
 * again, and whose value is loaded again after a call that may write it.
 */
import test from "ava";
import { F64, I16, I32, I64, type Module, ModuleBuilder, parseModule, verifyModule } from "@fzy/ir";
import type { LFunction, LModule } from "@fzy/lir";
import { lowerModule } from "./lower-module.js";
import type { Mode } from "./eligibility.js";

const ops = (f: LFunction) => f.blocks.flatMap((b) => b.insts.map((i) => i.op));
const fn = (lm: LModule, name: string) => lm.functions.find((f) => f.name === name)!;

/** kernel(n) = n + K, K immutable. */
function immutable(): Module {
  const mb = new ModuleBuilder("t");
  mb.global("K", I32, 41n);
  mb.global("F", F64, 2.5);
  const f = mb.function("kernel", [["n", I32]], I32, { exported: true });
  f.at(f.block("entry"));
  const x = f.add(f.param(0), f.globalGet("K"));
  f.ret(f.add(x, f.convert("fptosi", f.globalGet("F"), I32)));
  const m = mb.finish();
  verifyModule(m);
  return m;
}

/**
 * bump() writes G = G + 1 and returns nothing; kernel(n) reads G, calls
 * bump (kept a call, not inlined: it is recursive), and
 * reads G again.
 */
function mutable(): Module {
  const mb = new ModuleBuilder("t");
  mb.global("G", I16, -2n, { mutable: true });
  const bump = mb.function("bump", [["k", I32]], null);
  bump.at(bump.block("entry"));
  const more = bump.block("more"), done = bump.block("done");
  bump.globalSet("G", bump.add(bump.globalGet("G"), bump.iconst(I16, 1)));
  bump.br(bump.icmp("sgt", bump.param(0), bump.iconst(I32, 0)), more, done);
  bump.at(more);
  bump.callVoid("bump", [bump.sub(bump.param(0), bump.iconst(I32, 1))]);
  bump.ret();
  bump.at(done);
  bump.ret();
  const f = mb.function("kernel", [["n", I32]], I64, { exported: true });
  f.at(f.block("entry"));
  const before = f.globalGet("G");
  f.callVoid("bump", [f.param(0)]);
  const after = f.globalGet("G");
  f.ret(f.convert("sext", f.sub(after, before), I64));
  const m = mb.finish();
  verifyModule(m);
  return m;
}

for (const mode of ["off", "on", "force"] as Mode[]) {
  test(`globals (${mode}): an immutable global is its constant: no data object, no load`, (t) => {
    const { module } = lowerModule(immutable(), { backend: "llvm", mode });
    t.deepEqual(module.data, []);
    t.false(ops(fn(module, "kernel")).includes("load"));
  });

  test(`globals (${mode}): a mutable global is a writable data object; its store stays and it is loaded again after a call`, (t) => {
    const { module } = lowerModule(mutable(), { backend: "llvm", mode });
    t.is(module.data.length, 1);
    const cell = module.data[0]!;
    t.true(cell.writable);
    t.deepEqual([...cell.bytes], [0xfe, 0xff]); // -2 as i16, little-endian
    t.is(cell.align, 2);
    const bump = module.functions.find((f) => f.name.endsWith("bump"))!;
    t.true(ops(bump).includes("store"));
    // The call of bump (other calls, such as the function's arena mark, may come first).
    const insts = fn(module, "kernel").blocks.flatMap((b) => b.insts);
    const k = insts.map((i) => i.op);
    const call = insts.findIndex((i) => i.op === "call" && i.callee.endsWith("bump"));
    t.true(call > 0 && k.slice(0, call).includes("load") && k.slice(call).includes("load"), k.join(" "));
  });
}

const calls = (f: LFunction) => f.blocks.flatMap((b) => b.insts.flatMap((i) => (i.op === "call" ? [i.callee] : [])));

/** Globals of the later kinds: kernel(n) writes and reads a str, an array and a function global. */
function laterKinds(): Module {
  const text = `module t

global mut S: str = "abc"

global mut A: [i16; 3] = [1, -2, 300]

global mut F: fn(i32) -> i32 = @inc

fn inc(%x: i32) -> i32 {
entry:
  %one = const.i32 1
  %r = add %x, %one
  ret %r
}

export fn kernel(%n: i32) -> i32 {
entry:
  %k = str.from_int %n
  global.set @S, %k
  %s = global.get @S
  %l = str.len %s
  %a = global.get @A
  %i = const.i32 2
  %e = array.get %a, %i
  %e32 = sext.i32 %e
  %f = global.get @F
  %r = call.indirect %f, %l
  %t = add %r, %e32
  ret %t
}
`;
  const m = parseModule(text);
  verifyModule(m);
  return m;
}

for (const mode of ["off", "on"] as Mode[]) {
  test(`globals (${mode}): a mutable str global owns a counted string: a write releases the old one, a read is the reader's own`, (t) => {
    const { module } = lowerModule(laterKinds(), { backend: "llvm", mode });
    const c = calls(fn(module, "kernel"));
    t.true(c.includes("fz_release"), c.join(" "));
    // As handles (no strings fast path) a read and a write retain; as views the write makes a counted copy.
    if (mode === "off") t.is(c.filter((x) => x === "fz_retain").length, 2, c.join(" "));
    else t.true(c.includes("fz_str_from_view") && !c.includes("fz_retain"), c.join(" "));
    // The first read of a zero cell interns the initializer.
    t.true(c.includes("fz_str_intern"), c.join(" "));
  });

  test(`globals (${mode}): mutable array and function globals are writable data: the elements one after another, a zero function cell`, (t) => {
    const { module } = lowerModule(laterKinds(), { backend: "llvm", mode });
    const cells = module.data.filter((d) => d.writable);
    t.deepEqual(cells.map((d) => [[...d.bytes], d.align]), [
      [[0, 0, 0, 0, 0, 0, 0, 0], 8], // S: a zero slot, "still the initializer"
      [[1, 0, 0xfe, 0xff, 0x2c, 0x01], 2], // A: 1, -2, 300 as i16
      [[0, 0, 0, 0, 0, 0, 0, 0], 8], // F: a zero pointer
    ]);
    t.true(ops(fn(module, "kernel")).includes("select"));
  });
}

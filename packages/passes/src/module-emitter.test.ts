import test from "ava";
import { ModuleIndex, parseModule } from "@fzy/ir";
import { resolveOptions } from "./lower-module.js";
import { ModuleEmitter } from "./module-emitter.js";

const emitter = () => new ModuleEmitter(new ModuleIndex(parseModule("module m\n")), resolveOptions({ backend: "llvm" }));
const bytes = (...b: number[]) => new Uint8Array(b);

test("equal read-only contents share one data object; any difference makes a new one", (t) => {
  const mc = emitter();
  const a = mc.addData(bytes(1, 2, 3), 1);
  t.is(mc.addData(bytes(1, 2, 3), 1), a, "same bytes, alignment and relocations");
  t.is(mc.addData(new Uint8Array([0, 1, 2, 3]).subarray(1), 1), a, "a view of equal bytes");
  const distinct = [
    mc.addData(bytes(1, 2, 4), 1),
    mc.addData(bytes(1, 2), 1),
    mc.addData(bytes(1, 2, 3), 8),
    mc.addData(bytes(1, 2, 3), 1, [{ offset: 0, symbol: "s", addend: 0 }]),
    mc.addData(bytes(1, 2, 3), 1, [{ offset: 0, symbol: "s", addend: 1 }]),
    mc.addData(bytes(1, 2, 3), 1, [{ offset: 0, symbol: "t", addend: 0 }]),
    mc.addData(bytes(1, 2, 3), 1, [], true),
    mc.addData(bytes(1, 2, 3), 1, [], true),
  ];
  t.is(new Set([a, ...distinct]).size, 9);
  t.is(mc.addData(bytes(1, 2, 3), 1, [{ offset: 0, symbol: "s", addend: 1 }]), distinct[4]);
  t.deepEqual(mc.data.map((d) => d.name), [a, ...distinct], "named in creation order");
});

test("a string literal's data is the data object of its UTF-8 bytes, asked once per text", (t) => {
  const mc = emitter();
  const before = mc.addData(new TextEncoder().encode("hé"), 1);
  const s = mc.stringData("hé");
  t.is(s.name, before, "the same object as its bytes added directly");
  t.deepEqual([...s.bytes], [0x68, 0xc3, 0xa9]);
  t.is(mc.stringData("hé"), s);
  t.not(mc.stringData("he").name, before);
  t.is(mc.data.length, 2);
});

/**
 * Run by small-ints.test.ts under `node --allow-natives-syntax`: builds a
 * module with ModuleBuilder (value handles are numbers of 2^32 and more,
 * @fzy/ir value-handles.ts), lowers it through both backends and prints, as
 * JSON, each field of an IR or lowered-form record that holds an integer
 * the engine keeps as a heap number instead of a small integer, and how
 * many records were looked at.
 */
import { I32, ModuleBuilder, verifyModule } from "@fzy/ir";
import { lower } from "@fzy/lower";

const isSmallInt = new Function("x", "return %IsSmi(x)") as (x: number) => boolean;

/** A loop over the builder's instructions and terminators (no float constants: a float may be a heap number by right). */
function built() {
  const mb = new ModuleBuilder("small_ints");
  const twice = mb.function("twice", [["x", I32]], I32);
  twice.at(twice.block("entry")).ret(twice.add(twice.param(0), twice.param(0)));
  const k = mb.function("kernel", [["n", I32]], I32, { exported: true });
  const i = k.var("i", I32), acc = k.var("acc", I32);
  const entry = k.block("entry"), head = k.block("head"), body = k.block("body"), odd = k.block("odd"), latch = k.block("latch"), exit = k.block("exit");
  k.at(entry);
  const zero = k.i32(0);
  k.set(i, zero);
  k.set(acc, zero);
  k.jump(head);
  k.at(head);
  const iv = k.get(i);
  k.br(k.icmp("slt", iv, k.param(0)), body, exit);
  k.at(body);
  const three = k.i32(3);
  const r = k.srem(iv, three);
  k.switch(r, [{ value: 1n, target: odd }], latch);
  k.at(odd);
  k.set(acc, k.add(k.get(acc), k.call(twice, [iv])));
  k.jump(latch);
  k.at(latch);
  const sel = k.select(k.icmp("sgt", r, zero), r, three);
  k.set(acc, k.xor(k.get(acc), sel));
  k.set(i, k.add(iv, k.i32(1)));
  k.jump(head);
  k.at(exit);
  k.ret(k.get(acc));
  return mb.finish();
}

/** Every integer-valued number reachable from `root` that is not a small integer, by field name. */
function heapIntegers(root: unknown): { fields: string[]; records: number } {
  const fields = new Set<string>();
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== "object" || x === null || seen.has(x)) continue;
    seen.add(x);
    if (ArrayBuffer.isView(x)) continue;
    for (const [key, v] of Object.entries(x)) {
      if (typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 2 ** 30 && !isSmallInt(v)) fields.add(key);
      else if (typeof v === "object" && v !== null) stack.push(v);
    }
  }
  return { fields: [...fields].sort(), records: seen.size };
}

const module = built();
verifyModule(module);
const ir = heapIntegers(module.functions);
const lowered = (["llvm", "cranelift"] as const).map((b) => heapIntegers(lower(module, b).lowered.functions));
process.stdout.write(JSON.stringify({ ir, llvm: lowered[0], cranelift: lowered[1] }));

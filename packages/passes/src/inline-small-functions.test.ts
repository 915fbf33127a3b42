import test from "ava";
import { interpret, type Module, ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
import type { Mode } from "./eligibility.js";
import { Inliner, inlineSmallFunctions } from "./inline-small-functions.js";
import { planModule } from "./inline-plan.js";

const SOURCE = `module t

fn double(%x: i32) -> i32 {
entry:
  %r = add %x, %x
  ret %r
}

fn clampPos(%x: i32) -> i32 {
entry:
  %z = const.i32 0
  %c = icmp.slt %x, %z
  br %c, neg, pos
neg:
  ret %z
pos:
  ret %x
}

fn fact(%x: i32) -> i32 {
entry:
  %one = const.i32 1
  %c = icmp.sle %x, %one
  br %c, base, rec
base:
  ret %one
rec:
  %y = sub %x, %one
  %f = call @fact, %y
  %r = mul %x, %f
  ret %r
}

fn ping(%x: i32) -> i32 {
entry:
  %z = const.i32 0
  %c = icmp.sle %x, %z
  br %c, done, more
done:
  ret %z
more:
  %one = const.i32 1
  %y = sub %x, %one
  %r = call @pong, %y
  ret %r
}

fn pong(%x: i32) -> i32 {
entry:
  %r = call @ping, %x
  ret %r
}

fn big(%x: i32) -> i32 {
entry:
${Array.from({ length: 80 }, (_, i) => `  %v${i + 1} = add ${i === 0 ? "%x" : `%v${i}`}, %x`).join("\n")}
  ret %v80
}

export fn kernel(%n: i32) -> i32 {
entry:
  %a = call @double, %n
  %b = call @clampPos, %a
  %five = const.i32 5
  %c = call @fact, %five
  %d = call @ping, %five
  %e = call @big, %n
  %s1 = add %b, %c
  %s2 = add %s1, %d
  %s3 = add %s2, %e
  ret %s3
}
`;

/** Callees still called from each function. */
function callsIn(m: Module): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of m.functions) out[f.name] = f.blocks.flatMap((b) => b.insts.flatMap((i) => (i.op === "call" && i.imm.kind === "func" ? [i.imm.name] : []))).sort();
  return out;
}

function run(mode: Mode, enabled = true) {
  const m = parseModule(SOURCE);
  return { before: m, ...inlineSmallFunctions(new ModuleIndex(m), m, { mode, enabled }) };
}

test("small non-recursive callees are inlined; recursive and large ones stay calls", (t) => {
  const { module, records } = run("on");
  verifyModule(module);
  t.deepEqual(callsIn(module).kernel, ["big", "fact", "ping"]);
  const inlined = records.filter((r) => r.decision.form === "inlined").map((r) => `${r.caller}<-${r.callee}`).sort();
  t.deepEqual(inlined, ["kernel<-clampPos", "kernel<-double"]);
  const kept = records.filter((r) => r.caller === "kernel" && r.decision.form === "call").map((r) => r.callee).sort();
  t.deepEqual(kept, ["big"], "the matrix is asked about the large callee; recursive ones are never candidates");
  t.deepEqual(callsIn(module).fact, ["fact"], "a self-recursive function keeps its own call");
  t.deepEqual(callsIn(module).pong, ["ping"], "mutual recursion is a cycle too");
});

test("the inlined program computes the same results", (t) => {
  const { before, module } = run("on");
  for (const n of [-7, 0, 3, 1000]) t.deepEqual(interpret(module, "kernel", [n]), interpret(before, "kernel", [n]), `n = ${n}`);
});

test("force mode inlines large callees too, but never recursive ones", (t) => {
  const { module } = run("force");
  verifyModule(module);
  t.deepEqual(callsIn(module).kernel, ["fact", "ping"]);
});

test("switched off, nothing is inlined", (t) => {
  const { module } = run("on", false);
  t.deepEqual(callsIn(module).kernel, ["big", "clampPos", "double", "fact", "ping"]);
});

/** The reachability rule as a reference, over a module after inlining: roots are the exported functions; calls, function references and globals holding one keep a function. */
function reachableNames(m: Module): string[] {
  const roots = m.functions.filter((f) => f.exported).map((f) => f.name);
  if (roots.length === 0) return m.functions.map((f) => f.name);
  const byName = new Map(m.functions.map((f) => [f.name, f]));
  const refGlobals = new Map((m.globals ?? []).flatMap((g) => (g.init.kind === "func" ? [[g.name, g.init.name] as const] : [])));
  const live = new Set<string>();
  const work = [...roots];
  while (work.length) {
    const name = work.pop()!;
    if (live.has(name)) continue;
    live.add(name);
    for (const b of byName.get(name)!.blocks) {
      for (const i of b.insts) {
        const f = (i.op === "call" || i.op === "func.ref") && i.imm.kind === "func" ? i.imm.name : i.op === "global.get" && i.imm.kind === "global" ? refGlobals.get(i.imm.name) : undefined;
        if (f !== undefined && byName.has(f)) work.push(f);
      }
    }
  }
  return m.functions.filter((f) => live.has(f.name)).map((f) => f.name);
}

const CHAIN_AND_REFS = `module c
global PICK: fn(i32) -> i32 = @viaGlobal
fn viaGlobal(%x: i32) -> i32 {
entry:
  %r = call @leaf, %x
  ret %r
}
fn viaRef(%x: i32) -> i32 {
entry:
  ret %x
}
fn dead(%x: i32) -> i32 {
entry:
  %r = call @leaf, %x
  ret %r
}
fn leaf(%x: i32) -> i32 {
entry:
  %k = const.i32 1
  %r = add %x, %k
  ret %r
}
${Array.from({ length: 40 }, (_, i) => `fn f${i}(%a: i32) -> i32 {
entry:
  %k = const.i32 ${i}
  %b = add %a, %k
  ${i < 39 ? `%r = call @f${i + 1}, %b` : "%r = call @leaf, %b"}
  ret %r
}`).join("\n")}
export fn kernel(%n: i32) -> i32 {
entry:
  %a = call @f0, %n
  %g = global.get @PICK
  %b = call.indirect %g, %a
  %h = func.ref @viaRef
  %c = call.indirect %h, %b
  ret %c
}
`;

test("pruning keeps exactly what the exported functions reach after inlining, with the same bodies and records", (t) => {
  for (const src of [SOURCE, CHAIN_AND_REFS, CHAIN_AND_REFS.replace("export fn kernel", "fn kernel")]) {
    const m = parseModule(src);
    verifyModule(m);
    for (const mode of ["on", "force", "off"] as const) {
      const full = inlineSmallFunctions(new ModuleIndex(m), m, { mode, enabled: true });
      const pruned = inlineSmallFunctions(new ModuleIndex(m), m, { mode, enabled: true, prune: true });
      const keep = reachableNames(full.module);
      t.deepEqual(pruned.module.functions.map((f) => f.name), keep, mode);
      t.deepEqual(pruned.module.functions, full.module.functions.filter((f) => keep.includes(f.name)), mode);
      t.deepEqual(pruned.records, full.records.filter((r) => keep.includes(r.caller)), mode);
      verifyModule(pruned.module);
    }
  }
  const pruned = inlineSmallFunctions(new ModuleIndex(parseModule(CHAIN_AND_REFS)), parseModule(CHAIN_AND_REFS), { mode: "on", enabled: true, prune: true });
  const names = pruned.module.functions.map((f) => f.name);
  t.true(names.includes("viaGlobal") && names.includes("viaRef"), "a global holding a reference and a func.ref keep their functions");
  t.false(names.includes("dead"));
  t.true(names.length < 20, "most of the chain is inlined into its callers and dropped");
});

test("an inlined callee's callees are inlined into the copy exactly as into the callee itself (names, order, counts)", (t) => {
  // Deep nesting: f0 inlines f1's final body, which inlined f2's, and so on (force mode allows large callees).
  const m = parseModule(CHAIN_AND_REFS);
  // Every call split (the chain's functions are flat: spliced, their bodies are one block; inline-splice.test.ts).
  const { module } = inlineSmallFunctions(new ModuleIndex(m), m, { mode: "force", enabled: true, splice: false });
  const f0 = module.functions.find((f) => f.name === "f0")!, f1 = module.functions.find((f) => f.name === "f1")!;
  // f0's final body = its own prefix, then f1's final body renamed under "f1.0.", then the continuation.
  const copied = f0.blocks.filter((b) => b.name.startsWith("f1.0.")).map((b) => b.name.slice("f1.0.".length));
  t.deepEqual(copied, f1.blocks.map((b) => b.name));
  t.deepEqual(f0.vars.map((v) => v.name), [...f1.vars.map((v) => `f1.0.${v.name}`), "f1.0.ret"]);
  t.true(f0.blocks.some((b) => b.name.startsWith("f1.0.f2.0.f3.0.")), "nested prefixes compose");
  verifyModule(module);
  for (const n of [-3, 0, 7]) t.deepEqual(interpret(module, "kernel", [n]), interpret(m, "kernel", [n]), `n = ${n}`);
});

// The lowering builds each kept function when it lowers it (lower-module.ts lowerAsBuilt): in module order, not bottom-up.
test("a kept function built alone, in any order, is the body and records inlining the module gives it", (t) => {
  for (const src of [SOURCE, CHAIN_AND_REFS]) {
    const m = parseModule(src);
    for (const splice of [true, false]) {
      const opts = { mode: "on" as const, enabled: true, prune: true, splice };
      const whole = inlineSmallFunctions(new ModuleIndex(m), m, opts);
      const planned = planModule(new ModuleIndex(m), m, opts)!;
      const inliner = new Inliner(m, planned.sites, planned.plan);
      const kept = [...planned.kept];
      t.deepEqual(kept.map((f) => m.functions[f]!.name), whole.module.functions.map((f) => f.name));
      for (const k of kept.map((_, k) => k).reverse()) {
        inliner.records.length = 0;
        const f = inliner.build(kept[k]!);
        t.deepEqual(f, whole.module.functions[k], f.name);
        t.deepEqual(inliner.records, whole.records.filter((r) => r.caller === f.name), f.name);
      }
    }
  }
});

test("the continuations of the calls inlined in one block are named from that block, not from each other", (t) => {
  // Ten calls in one block, each split (each callee has two blocks): ten continuations. Named each from the
  // one before, their names grew with every call (the names of n calls were n^2 characters in all).
  const callee = (k: number) => `fn g${k}(%x: i32) -> i32 {\nentry:\n  %z = const.i32 ${k}\n  %c = icmp.slt %x, %z\n  br %c, lo, hi\nlo:\n  ret %z\nhi:\n  ret %x\n}`;
  const calls = Array.from({ length: 10 }, (_, k) => `  %r${k + 1} = call @g${k}, %r${k}`).join("\n");
  const src = `module many\n\n${Array.from({ length: 10 }, (_, k) => callee(k)).join("\n\n")}\n\nexport fn kernel(%r0: i32) -> i32 {\nentry:\n${calls}\n  ret %r10\n}\n`;
  const m = parseModule(src);
  for (const splice of [true, false]) {
    const { module } = inlineSmallFunctions(new ModuleIndex(m), m, { mode: "force", enabled: true, splice });
    const kernel = module.functions.find((f) => f.name === "kernel")!;
    const conts = kernel.blocks.map((b) => b.name).filter((n) => n.endsWith(".cont"));
    t.deepEqual(conts, Array.from({ length: 10 }, (_, k) => `entry.g${k}.${k}.cont`), `splice ${splice}`);
    for (const n of [-3, 4, 20]) t.deepEqual(interpret(module, "kernel", [n]), interpret(m, "kernel", [n]), `n = ${n}`);
  }
});

/**
 * The verifier on ill-formed modules: each case builds a module with the
 * builder (and, where the builder itself refuses the mistake, edits the
 * built data afterwards, as a buggy pass would), then expects the first error
 * to have the right code and to name the function, block and instruction.
 * Well-formed modules with loops and joins must verify cleanly.
 */
import test from "ava";
import {
  type Block, type BlockId, type Func, type FunctionBuilder, FzError, type FzErrorCode, I32, I64, I8, type Inst, type Module,
  ModuleBuilder, ModuleIndex, parseModule, type Term, type ValueId, type VarId, verifyModule, verifyModuleAll,
} from "./index.js";

/** A module with one function `f(%p: i32) -> i32` whose body `body` writes. */
function build(body: (f: FunctionBuilder) => void, decls?: (mb: ModuleBuilder) => void, result: typeof I32 | null = I32): Module {
  const mb = new ModuleBuilder("t");
  decls?.(mb);
  const f = mb.function("f", [["p", I32]], result);
  body(f);
  return mb.finish();
}

/** Edit function `f` of a module, as a pass might (the data is plain objects). */
function editFunc(m: Module, edit: (f: Func) => Func): Module {
  return { ...m, functions: m.functions.map((f) => (f.name === "f" ? edit(f) : f)) };
}
function editBlock(m: Module, name: string, edit: (b: Block) => Block): Module {
  return editFunc(m, (f) => ({ ...f, blocks: f.blocks.map((b) => (b.name === name ? edit(b) : b)) }));
}
function editInst(m: Module, block: string, index: number, edit: (i: Inst) => Inst): Module {
  return editBlock(m, block, (b) => ({ ...b, insts: b.insts.map((i, k) => (k === index ? edit(i) : i)) }));
}
function setTerm(m: Module, block: string, term: Term): Module {
  return editBlock(m, block, (b) => ({ ...b, term }));
}

interface Bad {
  readonly title: string;
  readonly module: () => Module;
  readonly code: FzErrorCode;
  readonly block: string;
  /** Instruction index; the terminator is at the block's instruction count. */
  readonly inst: number;
  readonly message: RegExp;
  /** The instruction as the location quotes it, where the case pins it down. */
  readonly text?: string;
}

/** entry: br %p != 0, then, else; then/else: jump join; join: ... — the diamond most cases start from. */
function diamond(f: FunctionBuilder): { entry: BlockId; then: BlockId; els: BlockId; join: BlockId } {
  const entry = f.block("entry"), then = f.block("then"), els = f.block("else"), join = f.block("join");
  f.at(entry);
  f.br(f.icmp("ne", f.param(0), f.iconst(I32, 0)), then, els);
  return { entry, then, els, join };
}

const twoVariants = (mb: ModuleBuilder) => { mb.enum("E", ["A", "B"]); };

const cases: Bad[] = [
  { title: "use not dominated by its definition", code: "undefined", block: "join", inst: 0, message: /%x is used before its definition \(defined in block then/, text: "%t2 = add %x, %x",
    module: () => build((f) => {
      const d = diamond(f);
      f.at(d.then); const x = f.emit("const", [], { type: I32, imm: { kind: "int", value: 1n }, name: "x" })!; f.jump(d.join);
      f.at(d.els); f.jump(d.join);
      f.at(d.join); f.ret(f.add(x, x));
    }) },
  { title: "use before the definition in the same block", code: "undefined", block: "entry", inst: 1, message: /%s is used before its definition \(defined later in this block\)/,
    module: () => editBlock(build((f) => {
      f.at(f.block("entry")); const one = f.iconst(I32, 1); const s = f.emit("add", [one, one], { name: "s" })!; f.ret(f.add(s, f.param(0)));
    }), "entry", (b) => ({ ...b, insts: [b.insts[0]!, b.insts[2]!, b.insts[1]!] })) },
  { title: "variable read where it is set on one path only", code: "undefined", block: "join", inst: 0, message: /\$v is read before it is set on some path/,
    module: () => build((f) => {
      const v = f.var("v", I32); const d = diamond(f);
      f.at(d.then); f.set(v, f.param(0)); f.jump(d.join);
      f.at(d.els); f.jump(d.join);
      f.at(d.join); f.ret(f.get(v));
    }) },
  { title: "variable read before any set", code: "undefined", block: "entry", inst: 0, message: /\$v is read before it is set/,
    module: () => build((f) => { const v = f.var("v", I32); f.at(f.block("entry")); const x = f.get(v); f.set(v, x); f.ret(x); }) },
  { title: "variable read before its set in a one-block loop (the set reaches the read only around the back edge)", code: "undefined", block: "entry", inst: 0, message: /\$v is read before it is set/,
    module: () => build((f) => { const v = f.var("v", I32); const entry = f.block("entry"); f.at(entry); f.set(v, f.get(v)); f.jump(entry); }) },
  { title: "variable set only inside a loop, read after it", code: "undefined", block: "exit", inst: 0, message: /\$v is read before it is set/,
    module: () => build((f) => {
      const v = f.var("v", I32);
      const entry = f.block("entry"), head = f.block("head"), body = f.block("body"), exit = f.block("exit");
      f.at(entry); f.jump(head);
      f.at(head); f.br(f.bconst(false), body, exit);
      f.at(body); f.set(v, f.param(0)); f.jump(head);
      f.at(exit); f.ret(f.get(v));
    }) },
  { title: "unreachable block", code: "cfg", block: "dead", inst: 0, message: /block dead is unreachable from the entry/,
    module: () => build((f) => {
      f.at(f.block("entry")); f.ret(f.param(0));
      f.at(f.block("dead")); f.ret(f.param(0));
    }) },
  { title: "enum switch without default misses a variant", code: "cfg", block: "entry", inst: 1, message: /switch on enum E without a default misses B/, text: "switch %t0 [A -> a]",
    module: () => build((f) => {
      const entry = f.block("entry"), a = f.block("a");
      f.at(entry); f.switch(f.enumNew("E", "A"), [{ value: 0n, target: a }], null);
      f.at(a); f.ret(f.param(0));
    }, twoVariants) },
  { title: "integer switch without default", code: "cfg", block: "entry", inst: 0, message: /switch on i32 needs a default/,
    module: () => build((f) => {
      const entry = f.block("entry"), a = f.block("a");
      f.at(entry); f.switch(f.param(0), [{ value: 0n, target: a }], null);
      f.at(a); f.ret(f.param(0));
    }) },
  { title: "duplicate case", code: "cfg", block: "entry", inst: 0, message: /case 1 appears twice/,
    module: () => build((f) => {
      const entry = f.block("entry"), a = f.block("a"), b = f.block("b");
      f.at(entry); f.switch(f.param(0), [{ value: 1n, target: a }, { value: 1n, target: b }], a);
      f.at(a); f.ret(f.param(0));
      f.at(b); f.ret(f.param(0));
    }) },
  { title: "duplicate case after wrapping to i8 (255 is -1)", code: "cfg", block: "entry", inst: 1, message: /case -1 appears twice/,
    module: () => build((f) => {
      const entry = f.block("entry"), a = f.block("a");
      f.at(entry); f.switch(f.convert("trunc", f.param(0), I8), [{ value: 255n, target: a }, { value: -1n, target: a }], a);
      f.at(a); f.ret(f.param(0));
    }) },
  { title: "duplicate enum case", code: "cfg", block: "entry", inst: 1, message: /case A appears twice/,
    module: () => build((f) => {
      const entry = f.block("entry"), a = f.block("a");
      f.at(entry); f.switch(f.enumNew("E", "A"), [{ value: 0n, target: a }, { value: 0n, target: a }, { value: 1n, target: a }], null);
      f.at(a); f.ret(f.param(0));
    }, twoVariants) },
  { title: "case value out of the i8 range", code: "type", block: "entry", inst: 1, message: /case 300 does not fit i8/,
    module: () => build((f) => {
      const entry = f.block("entry"), a = f.block("a");
      f.at(entry); f.switch(f.convert("trunc", f.param(0), I8), [{ value: 300n, target: a }], a);
      f.at(a); f.ret(f.param(0));
    }) },
  { title: "enum case naming no variant", code: "type", block: "entry", inst: 1, message: /case 2 is not a variant of enum E/,
    module: () => build((f) => {
      const entry = f.block("entry"), a = f.block("a");
      f.at(entry); f.switch(f.enumNew("E", "A"), [{ value: 2n, target: a }], a);
      f.at(a); f.ret(f.param(0));
    }, twoVariants) },
  { title: "ret without a value in a function returning i32", code: "type", block: "entry", inst: 0, message: /ret without a value in function f, which returns i32/,
    module: () => setTerm(build((f) => { f.at(f.block("entry")); f.ret(f.param(0)); }), "entry", { op: "ret", value: null }) },
  { title: "ret of the wrong type", code: "type", block: "entry", inst: 1, message: /ret of a i64 in function f, which returns i32/,
    module: () => setTerm(build((f) => { f.at(f.block("entry")); f.convert("sext", f.param(0), I64); f.ret(f.param(0)); }), "entry", { op: "ret", value: 1 as ValueId }) },
  { title: "br on an i32", code: "type", block: "entry", inst: 0, message: /br condition %p must be bool, got i32/,
    module: () => setTerm(build((f) => {
      const entry = f.block("entry"), a = f.block("a");
      f.at(entry); f.jump(a);
      f.at(a); f.ret(f.param(0));
    }), "entry", { op: "br", cond: 0 as ValueId, then: 1 as BlockId, else: 1 as BlockId }) },
  { title: "jump to a block that does not exist", code: "cfg", block: "entry", inst: 0, message: /jump to block #7, which does not exist/,
    module: () => build((f) => { f.at(f.block("entry")); f.jump(7 as BlockId); }) },
  { title: "ill-typed instruction (add of i32 and i64)", code: "type", block: "entry", inst: 1, message: /add needs two operands of one integer type, got i32 and i64/,
    module: () => editInst(build((f) => {
      f.at(f.block("entry")); const w = f.convert("sext", f.param(0), I64); f.ret(f.convert("trunc", w, I32));
    }), "entry", 1, (i) => ({ ...i, op: "add", args: [0 as ValueId, 1 as ValueId], type: null })) },
  { title: "result value declared with the wrong type", code: "type", block: "entry", inst: 0, message: /%x is declared i64 but add gives i32/,
    module: () => editFunc(build((f) => {
      f.at(f.block("entry")); f.ret(f.emit("add", [f.param(0), f.param(0)], { name: "x" }));
    }), (f) => ({ ...f, values: f.values.map((v) => (v.name === "x" ? { ...v, type: I64 } : v)) })) },
  { title: "call of an unknown function", code: "type", block: "entry", inst: 0, message: /call of unknown function @nope/,
    module: () => editInst(build((f) => {
      f.at(f.block("entry")); f.ret(f.call("f", [f.param(0)]));
    }), "entry", 0, (i) => ({ ...i, imm: { kind: "func", name: "nope" } })) },
  { title: "value defined twice", code: "duplicate", block: "entry", inst: 1, message: /value %a is defined twice/,
    module: () => editInst(build((f) => {
      f.at(f.block("entry")); const a = f.emit("add", [f.param(0), f.param(0)], { name: "a" })!; f.ret(f.add(a, a));
    }), "entry", 1, (i) => ({ ...i, dst: 1 as ValueId })) },
  { title: "operand that is no value", code: "undefined", block: "entry", inst: 0, message: /operand #99 is not a value of function f/,
    module: () => editInst(build((f) => {
      f.at(f.block("entry")); f.ret(f.add(f.param(0), f.param(0)));
    }), "entry", 0, (i) => ({ ...i, args: [0 as ValueId, 99 as ValueId] })) },
  { title: "switch on a str", code: "type", block: "entry", inst: 1, message: /switch needs an integer or enum, got str/,
    module: () => setTerm(build((f) => {
      f.at(f.block("entry")); f.str("s"); f.ret(f.param(0));
    }), "entry", { op: "switch", value: 1 as ValueId, cases: [], default: 0 as BlockId }) },
  { title: "set of an undeclared variable", code: "type", block: "entry", inst: 0, message: /set needs a declared variable/,
    module: () => editInst(build((f) => {
      const v = f.var("v", I32); f.at(f.block("entry")); f.set(v, f.param(0)); f.ret(f.param(0));
    }), "entry", 0, (i) => ({ ...i, imm: { kind: "var", var: 5 as VarId } })) },
  { title: "a result-less instruction that defines a value", code: "type", block: "entry", inst: 1, message: /array.push gives no value, yet defines %t1/,
    module: () => editInst(build((f) => {
      f.at(f.block("entry")); const d = f.arrayNew({ kind: "dynarray", elem: I32 }); f.arrayPush(d, f.param(0)); f.ret(f.arrayLen(d));
    }), "entry", 1, (i) => ({ ...i, dst: 2 as ValueId })) },
  { title: "block names defined twice", code: "duplicate", block: "a", inst: 0, message: /block a is defined twice/,
    module: () => editBlock(build((f) => {
      const entry = f.block("entry"), a = f.block("a"), b = f.block("b");
      f.at(entry); f.br(f.bconst(true), a, b);
      f.at(a); f.ret(f.param(0));
      f.at(b); f.ret(f.param(0));
    }), "b", (b) => ({ ...b, name: "a" })) },
];

for (const c of cases) {
  test(`verifier rejects: ${c.title}`, (t) => {
    const m = c.module();
    const errors = verifyModuleAll(m);
    t.true(errors.length > 0);
    const e = errors[0]!;
    t.is(e.code, c.code, e.format());
    t.regex(e.message, c.message);
    t.like(e.location, { kind: "ir", func: "f", block: c.block, inst: c.inst });
    // The one-line form names function, block and instruction, and quotes the instruction as printed.
    const text = e.location?.kind === "ir" ? e.location.text : undefined;
    t.truthy(text);
    if (c.text !== undefined) t.is(text, c.text);
    t.true(e.format().startsWith(`in function f, block ${c.block}, instruction ${c.inst} (${text}): error[${c.code}]: `), e.format());
    t.throws(() => verifyModule(m), { instanceOf: FzError, message: e.message });
  });
}

test("at least fifteen distinct ill-formed modules", (t) => {
  t.true(new Set(cases.map((c) => c.title)).size >= 15);
});

test("a module-level duplicate name is reported without a function", (t) => {
  const m = build((f) => { f.at(f.block("entry")); f.ret(f.param(0)); });
  const errors = verifyModuleAll({ ...m, structs: [{ name: "f", fields: [] }] });
  t.is(errors[0]?.code, "duplicate");
  t.regex(errors[0]!.message, /function f: the name is defined twice/);
});

test("module-level repeats the index cannot hide are reported in list order", (t) => {
  const m = build((f) => { f.at(f.block("entry")); f.ret(f.param(0)); });
  const f = m.functions[0]!;
  const messages = (mod: Module) => verifyModuleAll(mod).filter((e) => e.code === "duplicate").map((e) => e.message);
  // One declaration listed twice: its map holds one entry for two list items.
  t.deepEqual(messages({ ...m, functions: [f, f] }), ["function f: the name is defined twice in module t"]);
  // Names shared across kinds, each kind once.
  t.deepEqual(messages({ ...m, imports: [{ name: "f", params: [], result: null }], globals: [{ name: "f", type: I32, mutable: false, init: { kind: "int", value: 1n } }] }), [
    "global f: the name is defined twice in module t", "function f: the name is defined twice in module t",
  ]);
  // A name changed after the module was indexed.
  const renamed: Module = { ...m, functions: [f, { ...f, name: "g" }] };
  t.deepEqual(messages(renamed), []);
  (renamed.functions[1] as { name: string }).name = "f";
  t.deepEqual(messages(renamed), ["function f: the name is defined twice in module t"]);
});

test("repeated names are reported per entry in short and long lists alike", (t) => {
  for (const count of [3, 8, 9, 40]) {
    const m = build((f) => {
      f.at(f.block("entry"));
      let v = f.param(0);
      for (let k = 0; k < count; k++) v = f.add(v, f.param(0));
      f.ret(v);
    });
    // Every value named x after the parameter: each is a repeat of the first.
    const renamed = editFunc(m, (fn) => ({ ...fn, values: fn.values.map((v, i) => (i <= 1 ? v : { ...v, name: fn.values[1]!.name })) }));
    const errors = verifyModuleAll(renamed).filter((e) => e.code === "duplicate");
    t.is(errors.length, count - 1, `${count} values`);
  }
});

test("switch cases in order verify; a repeat or misfit among them is reported as before", (t) => {
  const sw = (bits: typeof I32 | typeof I8, values: bigint[]) => build((f) => {
    const entry = f.block("entry"), a = f.block("a");
    f.at(entry); f.switch(bits === I32 ? f.param(0) : f.convert("trunc", f.param(0), I8), values.map((value) => ({ value, target: a })), a);
    f.at(a); f.ret(f.param(0));
  });
  const messages = (m: Module) => verifyModuleAll(m).map((e) => e.message);
  const ascending = Array.from({ length: 300 }, (_, k) => BigInt(k - 150));
  t.deepEqual(messages(sw(I32, ascending)), []);
  t.deepEqual(messages(sw(I32, [...ascending, 7n, 2n ** 40n, 7n])), ["case 7 appears twice", "case 1099511627776 does not fit i32", "case 7 appears twice"]);
  // -1 and 255 are one i8 value, in either order.
  t.deepEqual(messages(sw(I8, [-2n, -1n, 255n])), ["case 255 appears twice"]);
  t.deepEqual(messages(sw(I8, [-2n, 127n, 128n])), []);
});

test("the unreachable cycle reports each of its blocks", (t) => {
  const m = build((f) => {
    const entry = f.block("entry"), a = f.block("a"), b = f.block("b");
    f.at(entry); f.ret(f.param(0));
    f.at(a); f.jump(b);
    f.at(b); f.jump(a);
  });
  t.deepEqual(verifyModuleAll(m).map((e) => e.location?.kind === "ir" ? e.location.block : null), ["a", "b"]);
});

test("well-formed loops, joins and exhaustive enum switches verify", (t) => {
  const m = build((f) => {
    const v = f.var("v", I32), acc = f.var("acc", I32);
    const entry = f.block("entry"), head = f.block("head"), body = f.block("body"), left = f.block("left"), right = f.block("right");
    const join = f.block("join"), exit = f.block("exit"), a = f.block("a"), b = f.block("b");
    f.at(entry); f.set(acc, f.param(0)); const e = f.enumNew("E", "B"); f.jump(head);
    f.at(head); const x = f.get(acc); f.br(f.icmp("slt", x, f.iconst(I32, 10)), body, exit);
    f.at(body); f.br(f.icmp("eq", x, f.iconst(I32, 3)), left, right);
    f.at(left); f.set(v, x); f.jump(join);
    f.at(right); f.set(v, f.iconst(I32, 1)); f.jump(join);
    f.at(join); f.set(acc, f.add(f.get(v), x)); f.jump(head); // $v is set on both paths; x dominates
    f.at(exit); f.switch(e, [{ value: 1n, target: b }, { value: 0n, target: a }], null);
    f.at(a); f.ret(x);
    f.at(b); f.ret(f.get(acc));
  }, twoVariants);
  t.deepEqual(verifyModuleAll(m), []);
});

test("bool and str operands verify where the typing rule allows them", (t) => {
  const m = build((f) => {
    f.at(f.block("entry"));
    const s = f.str("x");
    const eq = f.strEq(s, s);
    f.ret(f.select(f.and(eq, f.bconst(true)), f.param(0), f.strLen(s)));
  });
  t.notThrows(() => verifyModule(m));
});

test("definite assignment: gets dominated by a set need no dataflow; the others are checked, in block order", (t) => {
  // $a is set in the entry (dominating every get), $b on both arms of the diamond (no set dominates the join, but every
  // path sets it), $c on one arm only: its gets at the join and after it are the two errors, in that order.
  const m = parseModule(`module t
fn f(%p: bool) -> i32 {
  var $a: i32
  var $b: i32
  var $c: i32
entry:
  %z = const.i32 0
  set $a, %z
  br %p, yes, no
yes:
  set $b, %z
  set $c, %z
  %a1 = get $a
  jump join
no:
  %a2 = get $a
  set $b, %a2
  jump join
join:
  %c1 = get $c
  %b1 = get $b
  jump after
after:
  %c2 = get $c
  %a3 = get $a
  ret %b1
}
`);
  const errors = verifyModuleAll(m);
  t.deepEqual(errors.map((e) => [e.message, e.location?.kind === "ir" ? e.location.block : null]), [
    ["$c is read before it is set on some path from the entry", "join"],
    ["$c is read before it is set on some path from the entry", "after"],
  ]);
});

test("definite assignment: a deep loop nest whose counters are set before each loop verifies", (t) => {
  const depth = 300;
  const lines = ["module t", "fn f(%n: i32) -> i32 {"];
  for (let k = 0; k < depth; k++) lines.push(`  var $i${k}: i32`);
  lines.push("entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  jump b0");
  for (let k = 0; k < depth; k++) {
    lines.push(`b${k}:`, `  set $i${k}, %zero`, `  jump h${k}`);
    lines.push(`h${k}:`, `  %x${k} = get $i${k}`, `  %c${k} = icmp.slt %x${k}, %n`, `  br %c${k}, ${k + 1 < depth ? `b${k + 1}` : "inner"}, e${k}`);
    lines.push(`l${k}:`, `  %y${k} = get $i${k}`, `  %z${k} = add %y${k}, %one`, `  set $i${k}, %z${k}`, `  jump h${k}`);
    lines.push(`e${k}:`, k === 0 ? "  ret %zero" : `  jump l${k - 1}`);
  }
  lines.push("inner:", `  jump l${depth - 1}`, "}");
  t.deepEqual(verifyModuleAll(parseModule(lines.join("\n"))), []);
  // Without the first set of the innermost counter, its gets are read on the path around the outer loops.
  const broken = lines.filter((l) => l !== `  set $i${depth - 1}, %zero`).join("\n");
  t.deepEqual(verifyModuleAll(parseModule(broken)).map((e) => e.location?.kind === "ir" ? e.location.block : null), [`h${depth - 1}`, `l${depth - 1}`]);
});

test("the index kept for a module answers again only while the module's lists hold the same entries", (t) => {
  const m = parseModule("module t\nfn f(%a: i32) -> i32 {\nentry:\n  %r = call @g, %a\n  ret %r\n}\nfn g(%a: i32) -> i32 {\nentry:\n  ret %a\n}\n");
  const ix = ModuleIndex.of(m);
  t.is(ModuleIndex.of(m), ix);
  t.deepEqual(verifyModuleAll(m), []);
  // A pass that drops g in place: the kept index (which has g) must not answer for the changed module.
  (m.functions as Func[]).pop();
  const changed = ModuleIndex.of(m);
  t.not(changed, ix);
  t.false(changed.functions.has("g"));
  t.deepEqual(verifyModuleAll(m).map((e) => e.message), ["call of unknown function @g"]);
});

test("each module gets the same errors after any other (the scratch one call hands to the next keeps nothing)", (t) => {
  const large = ["module big", "fn g(%n: i32) -> i32 {", "entry:"];
  for (let k = 0; k < 3000; k++) large.push(`  %v${k} = add %n, %n`);
  large.push("  ret %n", "}");
  const modules = [...cases.map((c) => c.module()), parseModule(large.join("\n"))];
  const alone = modules.map((m) => verifyModuleAll(m).map((e) => e.format()));
  for (const order of [modules.map((_, i) => i), modules.map((_, i) => modules.length - 1 - i)]) {
    for (const i of order) t.deepEqual(verifyModuleAll(modules[i]!).map((e) => e.format()), alone[i]!, cases[i]?.title ?? "large");
  }
});

test("a value that is not a Module is one type error saying what it is, not a TypeError", (t) => {
  const cases: [unknown, RegExp][] = [
    ["module m\n", /^expected a Module \(what parseModule or ModuleBuilder makes\), not a string: parse \.fzir text with parseModule first/],
    [undefined, /^expected a Module \(what parseModule or ModuleBuilder makes\), not undefined$/],
    [null, /not null$/],
    [{}, /^expected a Module: its name is not a string$/],
    [{ name: "m", structs: [], enums: [], imports: [] }, /^expected a Module: its functions is not an array$/],
    [{ name: "m", structs: [], enums: [], imports: [], functions: [], globals: {} }, /^expected a Module: its globals is not an array$/],
  ];
  for (const [m, message] of cases) {
    const e = t.throws(() => verifyModule(m as Module), { instanceOf: FzError, message });
    t.is(e!.code, "type");
  }
  t.notThrows(() => verifyModule({ name: "m", structs: [], enums: [], imports: [], functions: [] }));
});

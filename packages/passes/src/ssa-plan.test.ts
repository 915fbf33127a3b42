import test from "ava";
import { type Func, parseModule } from "@fzy/ir";
import { planSsa } from "./ssa-plan.js";
import { type Ints, SsaTables } from "./ssa-tables.js";

/** The SSA plan of `body`, with block parameters and live-in sets spelled by name. */
function plan(body: string) {
  const f = parseModule(`module t\nexport fn kernel(%n: i32) -> i32 {\n${body}\n}\n`).functions[0]!;
  const p = planSsa(f);
  const block = (name: string) => {
    const b = f.blocks.findIndex((x) => x.name === name);
    if (b < 0) throw new Error(`no block ${name}`);
    return b;
  };
  return {
    phis: (name: string) => p.phis[block(name)]!.map((v) => f.vars[v]!.name),
    live: (name: string) => [...p.liveIn[block(name)]!].map((v) => f.vars[v]!.name).sort(),
    /** Blocks with any parameter. */
    withPhis: () => f.blocks.filter((_, b) => p.phis[b]!.length > 0).map((b) => b.name),
  };
}

const DIAMOND = (thenBody: string[], elseBody: string[], joinBody: string[]) => [
  "  var $v: i32", "  var $w: i32",
  "entry:", "  %z = const.i32 0", "  set $v, %z", "  set $w, %z", "  %c = icmp.slt %n, %z", "  br %c, a, b",
  "a:", ...thenBody, "  jump join",
  "b:", ...elseBody, "  jump join",
  "join:", ...joinBody,
].join("\n");

test("a variable assigned on both sides of a diamond and read after gets a parameter at the join", (t) => {
  const p = plan(DIAMOND(["  set $v, %n"], ["  set $v, %z"], ["  %r = get $v", "  ret %r"]));
  t.deepEqual(p.phis("join"), ["v"]);
  t.deepEqual(p.withPhis(), ["join"]);
  t.deepEqual(p.live("join"), ["v"]);
  t.deepEqual(p.live("a"), [], "v is assigned before any read in a");
});

test("assigned on one side only still needs the parameter (the other side brings the entry's value)", (t) => {
  const p = plan(DIAMOND(["  set $v, %n"], [], ["  %r = get $v", "  ret %r"]));
  t.deepEqual(p.phis("join"), ["v"]);
  t.deepEqual(p.live("b"), ["v"]);
});

test("pruned by liveness: no parameter for a variable not read after the join", (t) => {
  const p = plan(DIAMOND(["  set $v, %n", "  set $w, %n"], ["  set $w, %z"], ["  %r = get $w", "  ret %r"]));
  t.deepEqual(p.phis("join"), ["w"], "v is assigned on one side but dead at the join");
  t.deepEqual(p.live("join"), ["w"]);
});

test("a variable only assigned before the branch needs no parameter anywhere", (t) => {
  const p = plan(DIAMOND([], [], ["  %r = get $v", "  ret %r"]));
  t.deepEqual(p.withPhis(), []);
  t.deepEqual(p.live("a"), ["v"]);
});

test("a loop counter gets a parameter at the loop header, not in the body or after", (t) => {
  const p = plan([
    "  var $i: i32", "  var $k: i32",
    "entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  set $i, %z", "  set $k, %one", "  jump head",
    "head:", "  %x = get $i", "  %c = icmp.slt %x, %n", "  br %c, body, done",
    "body:", "  %y = get $i", "  %y1 = add %y, %one", "  set $i, %y1", "  jump head",
    "done:", "  %r = get $i", "  %q = get $k", "  %s = add %r, %q", "  ret %s",
  ].join("\n"));
  t.deepEqual(p.phis("head"), ["i"]);
  t.deepEqual(p.withPhis(), ["head"], "k is never reassigned in the loop");
  t.deepEqual(p.live("head"), ["i", "k"]);
  t.deepEqual(p.live("done"), ["i", "k"]);
});

test("parameters are listed in variable order and placed at the iterated frontier", (t) => {
  // Nested diamonds: $b is assigned in the inner diamond, so it needs a parameter at the inner
  // join and again at the outer join (the iterated dominance frontier).
  const p = plan([
    "  var $a: i32", "  var $b: i32",
    "entry:", "  %z = const.i32 0", "  set $a, %z", "  set $b, %z", "  %c = icmp.slt %n, %z", "  br %c, outer, skip",
    "outer:", "  br %c, in1, in2",
    "in1:", "  set $b, %n", "  set $a, %n", "  jump inner",
    "in2:", "  jump inner",
    "inner:", "  jump out",
    "skip:", "  jump out",
    "out:", "  %x = get $b", "  %y = get $a", "  %r = add %x, %y", "  ret %r",
  ].join("\n"));
  t.deepEqual(p.phis("inner"), ["a", "b"]);
  t.deepEqual(p.phis("out"), ["a", "b"]);
  t.deepEqual(p.withPhis(), ["inner", "out"]);
});

test("a tree of branches without a join gets no parameter, and its live-in sets are still answered", (t) => {
  const p = plan([
    "  var $v: i32", "  var $w: i32",
    "entry:", "  %z = const.i32 0", "  set $v, %z", "  %c = icmp.slt %n, %z", "  br %c, a, b",
    "a:", "  set $w, %n", "  %x = get $v", "  %y = get $w", "  %s = add %x, %y", "  ret %s",
    "b:", "  set $v, %n", "  %r = get $v", "  ret %r",
  ].join("\n"));
  t.deepEqual(p.withPhis(), []);
  t.deepEqual(p.live("a"), ["v"], "v is read in a before any assignment; w is assigned first");
  t.deepEqual(p.live("b"), [], "v is assigned before its read");
  t.deepEqual(p.live("entry"), []);
});

test("one-block functions without variables share one plan; with variables each gets its own", (t) => {
  const m = parseModule(["module t", "fn f(%n: i32) -> i32 {", "entry:", "  ret %n", "}", "fn g(%n: i32) -> i32 {", "entry:", "  %o = const.i32 1", "  %r = add %n, %o", "  ret %r", "}",
    "fn h(%n: i32) -> i32 {", "  var $v: i32", "entry:", "  set $v, %n", "  %r = get $v", "  ret %r", "}", ""].join("\n"));
  const [f, g, h] = m.functions as [Func, Func, Func];
  t.is(planSsa(f), planSsa(g));
  const ph = planSsa(h);
  t.not(ph, planSsa(f));
  t.deepEqual(ph.phis, [[]]);
  t.deepEqual([...ph.liveIn[0]!], []);
  t.deepEqual(ph.dom.rpo, [0]);
});

/** Tables that count every entry the plan reads from them. */
class CountingTables extends SsaTables {
  reads = 0;

  override ints(n: number, fill = 0): Ints {
    return new Proxy(super.ints(n, fill), {
      get: (target, key) => {
        if (typeof key === "string" && /^\d+$/.test(key)) this.reads++;
        return Reflect.get(target, key) as unknown;
      },
      set: (target, key, value) => Reflect.set(target, key, value),
    });
  }
}

/** n variables and a chain of n diamonds, the k-th assigning variable k on one arm; every variable read after the chain. */
function diamondChain(n: number): Func {
  const body = [...Array.from({ length: n }, (_, i) => `  var $v${i}: i32`), "entry:", ...Array.from({ length: n }, (_, i) => `  set $v${i}, %n`), "  jump d0"];
  for (let k = 0; k < n; k++) {
    body.push(`d${k}:`, `  %x${k} = get $v${(k * 7) % n}`, `  %c${k} = icmp.sgt %x${k}, %n`, `  br %c${k}, t${k}, d${k + 1}`);
    body.push(`t${k}:`, `  %s${k} = add %x${k}, %n`, `  set $v${k}, %s${k}`, `  jump d${k + 1}`);
  }
  body.push(`d${n}:`, "  %r0 = get $v0");
  for (let i = 1; i < n; i++) body.push(`  %g${i} = get $v${i}`, `  %r${i} = xor %r${i - 1}, %g${i}`);
  body.push(`  ret %r${n - 1}`);
  return parseModule(`module t\nexport fn kernel(%n: i32) -> i32 {\n${body.join("\n")}\n}\n`).functions[0]!;
}

test("n variables live across a chain of n diamonds: one parameter each, found in work linear in n (not in the n^2 live pairs)", (t) => {
  const work = (n: number) => {
    const f = diamondChain(n), tables = new CountingTables();
    const p = planSsa(f, "auto", undefined, tables);
    // Variable k gets its parameter at the join after the diamond that assigns it.
    t.deepEqual(p.phis.map((vs, b) => vs.map((v) => [f.blocks[b]!.name, f.vars[v]!.name])).flat(), Array.from({ length: n }, (_, k) => [`d${k + 1}`, `v${k}`]));
    return tables.reads;
  };
  const small = work(150), large = work(600);
  t.true(large <= 6 * small, `four times the variables and blocks, ${large / small} times the table reads`);
});

/** A loop nest n deep: header h_k tests counter i_k, body b_k starts the next loop, the latch (`reads` blocks l_k, l_k_1, ..., each reading i_k) steps it, exit e_k steps the loop outside; the innermost body adds to $acc. */
function countedNest(n: number, reads: number): Func {
  const body = ["  var $acc: i32", ...Array.from({ length: n }, (_, k) => `  var $i${k}: i32`)];
  body.push("entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %lim = const.i32 2", "  set $acc, %zero", "  set $i0, %zero", "  jump h0");
  for (let k = 0; k < n; k++) {
    body.push(`h${k}:`, `  %x${k} = get $i${k}`, `  %c${k} = icmp.slt %x${k}, %lim`, `  br %c${k}, b${k}, e${k}`, `b${k}:`);
    if (k + 1 < n) body.push(`  set $i${k + 1}, %zero`, `  jump h${k + 1}`);
    else body.push("  %a0 = get $acc", "  %a1 = add %a0, %n", "  set $acc, %a1", `  jump l${k}`);
    for (let r = 1; r < reads; r++) body.push(r === 1 ? `l${k}:` : `l${k}_${r - 1}:`, `  %y${k}_${r} = get $i${k}`, `  jump l${k}_${r}`);
    body.push(`l${k}_${reads - 1}:`, `  %y${k} = get $i${k}`, `  %z${k} = add %y${k}, %one`, `  set $i${k}, %z${k}`, `  jump h${k}`);
    body.push(`e${k}:`, ...(k === 0 ? ["  %r = get $acc", "  ret %r"] : [`  jump l${k - 1}`]));
  }
  return parseModule(`module t\nexport fn kernel(%n: i32) -> i32 {\n${body.join("\n")}\n}\n`).functions[0]!;
}

test("a loop nest whose counters are read in many blocks: each counter's parameter only at its own header, found in work linear in the depth", (t) => {
  const work = (n: number) => {
    const f = countedNest(n, 12), tables = new CountingTables();
    const p = planSsa(f, "auto", undefined, tables);
    const want = Array.from({ length: n }, (_, k) => [`h${k}`, ["acc", `i${k}`]]);
    t.deepEqual(p.phis.map((vs, b) => [f.blocks[b]!.name, vs.map((v) => f.vars[v]!.name)]).filter(([, vs]) => vs!.length > 0), want);
    return tables.reads;
  };
  const small = work(100), large = work(400);
  t.true(large <= 6 * small, `four times as deep, ${large / small} times the table reads`);
});

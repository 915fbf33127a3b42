/**
 * Inputs the compile benchmark does not hold, for the growth probe
 * (probe-growth.ts): each stresses one part the benchmark's shapes leave
 * alone (strings, maps, globals, data, checked arithmetic, structs, enums,
 * function references, calls, loops holding other work) and grows along
 * one axis, so a pass that is quadratic in that axis shows as a growth
 * exponent well above 1 between two sizes. Every text is deterministic
 * for its size.
 */
import { kernelFn, range } from "./compile-shapes.js";

/** A module of `parts`, each a text or a list of texts (a list, not spread arguments: a spread of 100,000 overflows the call stack). */
const moduleOf = (...parts: readonly (string | readonly string[])[]) => ["module probe", ...parts.flat(), ""].join("\n");

/** A counted loop `for $i in 0..%n` around `body`, which may read %i; `acc` variables listed by the caller. */
function countedLoop(body: readonly string[], pre: readonly string[] = []): string[] {
  return [
    "entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  set $i, %zero", "  set $v, %zero", ...pre, "  jump head",
    "head:", "  %i = get $i", "  %c = icmp.slt %i, %n", "  br %c, body, exit",
    "body:", ...body,
    "latch:", "  %i1 = add %i, %one", "  set $i, %i1", "  jump head",
    "exit:", "  %r = get $v", "  ret %r",
  ];
}
const LOOP_VARS = ["$i: i32", "$v: i32"];

/** A small function with a loop, too large to inline everywhere. */
function loopFunction(name: string, k: number): string {
  return [
    `fn ${name}(%a: i32) -> i32 {`, "  var $i: i32", "entry:", "  %z = const.i32 0", "  set $i, %z", "  jump h",
    "h:", "  %i = get $i", "  %c = icmp.slt %i, %a", "  br %c, b, e",
    "b:", `  %k = const.i32 ${k + 1}`, "  %j = add %i, %k", "  set $i, %j", "  jump h",
    "e:", "  %r = get $i", "  %m = mul %r, %a", "  %x = xor %m, %a", "  ret %x", "}",
  ].join("\n");
}

/** The `i`-th of the names that differ only in the middle. */
const alikeName = (i: number) => `value_of_a_long_descriptive_name_${String(i).padStart(5, "0")}_in_this_function`;

export interface ProbeShape {
  readonly name: string;
  /** What `size` counts. */
  readonly unit: string;
  /** The smaller of the two sizes compared (the larger is four times it). */
  readonly size: number;
  readonly make: (size: number) => string;
}

export const PROBE_SHAPES: readonly ProbeShape[] = [
  {
    name: "string concat chain", unit: "concatenations", size: 4000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %s0 = str.from_int %n", ...range(n).flatMap((i) => [`  %l${i} = str.lit "p${i}"`, `  %s${i + 1} = str.concat %s${i}, %l${i}`]), `  %r = str.len %s${n}`, "  ret %r"])),
  },
  {
    name: "many string literals", unit: "literals", size: 4000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %a0 = const.i32 0", ...range(n).flatMap((i) => [`  %l${i} = str.lit "literal ${i}"`, `  %q${i} = str.len %l${i}`, `  %a${i + 1} = add %a${i}, %q${i}`]), `  ret %a${n}`])),
  },
  {
    name: "globals read", unit: "globals", size: 4000,
    make: (n) => moduleOf(range(n).map((i) => `global G${i}: i32 = ${i}`), kernelFn(["entry:", "  %a0 = const.i32 0", ...range(n).flatMap((i) => [`  %g${i} = global.get @G${i}`, `  %a${i + 1} = add %a${i}, %g${i}`]), `  ret %a${n}`])),
  },
  {
    name: "mutable globals", unit: "globals", size: 4000,
    make: (n) => moduleOf(range(n).map((i) => `global mut G${i}: i32 = ${i}`), kernelFn(["entry:", ...range(n).flatMap((i) => [`  %g${i} = global.get @G${i}`, `  %h${i} = add %g${i}, %n`, `  global.set @G${i}, %h${i}`]), "  %r = global.get @G0", "  ret %r"])),
  },
  {
    name: "calls fanning out", unit: "callees", size: 2000,
    make: (n) => moduleOf(range(n).map((i) => loopFunction(`f${i}`, i)), kernelFn(["entry:", "  %a0 = const.i32 0", ...range(n).flatMap((i) => [`  %c${i} = call @f${i}, %n`, `  %a${i + 1} = add %a${i}, %c${i}`]), `  ret %a${n}`])),
  },
  {
    name: "calls fanning in", unit: "callers", size: 16000,
    make: (n) => moduleOf("fn helper(%a: i32) -> i32 {\nentry:\n  %k = const.i32 3\n  %r = mul %a, %k\n  ret %r\n}", range(n).map((i) => `export fn e${i}(%a: i32) -> i32 {\nentry:\n  %b = call @helper, %a\n  %c = call @helper, %b\n  ret %c\n}`)),
  },
  {
    name: "recursive ring", unit: "functions", size: 16000,
    make: (n) => moduleOf(range(n).map((i) => `fn f${i}(%a: i32) -> i32 {\nentry:\n  %z = const.i32 0\n  %c = icmp.sle %a, %z\n  br %c, done, more\ndone:\n  ret %a\nmore:\n  %one = const.i32 1\n  %b = sub %a, %one\n  %r = call @f${(i + 1) % n}, %b\n  ret %r\n}`), kernelFn(["entry:", "  %r = call @f0, %n", "  ret %r"])),
  },
  {
    name: "many parameters", unit: "parameters", size: 4000,
    make: (n) => moduleOf(`fn wide(${range(n).map((i) => `%p${i}: i32`).join(", ")}) -> i32 {\nentry:\n  %s0 = add %p0, %p0\n${range(n - 1).map((i) => `  %s${i + 1} = add %s${i}, %p${i + 1}`).join("\n")}\n  ret %s${n - 1}\n}`, kernelFn(["entry:", `  %r = call @wide, ${range(n).map(() => "%n").join(", ")}`, "  ret %r"])),
  },
  {
    name: "jump chain", unit: "blocks", size: 16000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %a0 = add %n, %n", "  jump j0", ...range(n).flatMap((i) => [`j${i}:`, `  %a${i + 1} = add %a${i}, %n`, `  jump j${i + 1}`]), `j${n}:`, `  ret %a${n}`])),
  },
  {
    name: "select chain", unit: "selects", size: 16000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %a0 = add %n, %n", ...range(n).flatMap((i) => [`  %k${i} = const.i32 ${i}`, `  %c${i} = icmp.slt %a${i}, %k${i}`, `  %b${i} = add %a${i}, %k${i}`, `  %a${i + 1} = select %c${i}, %b${i}, %a${i}`]), `  ret %a${n}`])),
  },
  {
    name: "map operations", unit: "keys", size: 1000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %m = map.new {i32: i32}", "  %z = const.i32 0", ...range(n).flatMap((i) => [`  %k${i} = const.i32 ${i * 7}`, `  map.set %m, %k${i}, %n`]), "  %a0 = const.i32 0", ...range(n).flatMap((i) => [`  %g${i} = map.get %m, %k${i}, %z`, `  %a${i + 1} = add %a${i}, %g${i}`]), `  ret %a${n}`])),
  },
  {
    name: "nested structs", unit: "struct types", size: 4000,
    make: (n) => moduleOf("struct S0 { v: i32 }", range(n).map((i) => `struct S${i + 1} { inner: S${i}, v: i32 }`), kernelFn(["entry:", "  %s0 = struct.new S0, %n", ...range(n).map((i) => `  %s${i + 1} = struct.new S${i + 1}, %s${i}, %n`), ...range(n).flatMap((i) => [`  %u${i} = struct.get %s${n - i}, inner`, `  %w${i} = struct.get %u${i}, v`]), `  ret %w${n - 1}`])),
  },
  {
    name: "one large array literal", unit: "elements", size: 16000,
    make: (n) => moduleOf(kernelFn(["entry:", ...range(n).map((i) => `  %e${i} = const.i32 ${(i * 37) % 1000}`), `  %a = array.lit [i32; ${n}], ${range(n).map((i) => `%e${i}`).join(", ")}`, `  %k = const.i32 ${n}`, "  %i = urem %n, %k", "  %r = array.get %a, %i", "  ret %r"])),
  },
  {
    name: "array pushes", unit: "pushes", size: 16000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %d = array.new [i32]", ...range(n).map(() => "  array.push %d, %n"), "  %l = array.len %d", "  ret %l"])),
  },
  {
    name: "many fixed arrays", unit: "arrays", size: 8000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %k3 = const.i32 3", "  %i = urem %n, %k3", "  %a0 = const.i32 0", ...range(n).flatMap((j) => [`  %arr${j} = array.new [i32; 4], %n`, `  %g${j} = array.get %arr${j}, %i`, `  %a${j + 1} = add %a${j}, %g${j}`]), `  ret %a${n}`])),
  },
  {
    name: "checked arithmetic chain", unit: "operations", size: 8000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %a0 = add %n, %n", ...range(n).flatMap((i) => [`  %k${i} = const.i32 ${i % 100}`, `  %a${i + 1} = sadd.checked %a${i}, %k${i}`]), `  ret %a${n}`])),
  },
  {
    name: "enum of many variants", unit: "variants", size: 8000,
    make: (n) => moduleOf(`enum E { ${range(n).map((i) => `V${i}`).join(", ")} }`, kernelFn(["entry:", `  %k = const.i32 ${n}`, "  %m = urem %n, %k", `  switch %m [${range(n).map((i) => `${i} -> c${i}`).join(", ")}] default c0`, ...range(n).flatMap((i) => [`c${i}:`, `  %e${i} = enum.new E.V${i}`, `  set $e, %e${i}`, "  jump join"]), "join:", "  %e = get $e", "  %t = enum.tag %e", "  ret %t"], ["$e: E"])),
  },
  {
    name: "function reference table", unit: "functions", size: 16000,
    make: (n) => moduleOf(range(n).map((i) => `fn f${i}(%a: i32) -> i32 {\nentry:\n  %k = const.i32 ${i}\n  %r = mul %a, %k\n  ret %r\n}`), kernelFn(["entry:", ...range(n).map((i) => `  %f${i} = func.ref @f${i}`), `  %t = array.lit [fn(i32) -> i32; ${n}], ${range(n).map((i) => `%f${i}`).join(", ")}`, `  %k = const.i32 ${n}`, "  %i = urem %n, %k", "  %f = array.get %t, %i", "  %r = call.indirect %f, %n", "  ret %r"])),
  },
  {
    name: "string loops in sequence", unit: "loops", size: 2000,
    make: (n) => moduleOf(kernelFn([
      "entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %k4 = const.i32 4", "  set $acc, %zero", "  jump i0",
      ...range(n).flatMap((k) => [
        `i${k}:`, "  set $i, %zero", `  jump h${k}`, `h${k}:`, `  %i${k} = get $i`, `  %c${k} = icmp.slt %i${k}, %k4`, `  br %c${k}, b${k}, i${k + 1}`,
        `b${k}:`, `  %s${k} = str.from_int %i${k}`, `  %l${k} = str.lit "x${k}"`, `  %t${k} = str.concat %s${k}, %l${k}`, `  %q${k} = str.len %t${k}`,
        `  %a${k} = get $acc`, `  %u${k} = add %a${k}, %q${k}`, `  set $acc, %u${k}`, `  %j${k} = add %i${k}, %one`, `  set $i, %j${k}`, `  jump h${k}`,
      ]),
      `i${n}:`, "  %r = get $acc", "  ret %r",
    ], ["$acc: i32", "$i: i32"])),
  },
  {
    // A properly nested loop nest whose every level assigns one string variable, read after the nest (the arena
    // scopes' liveness of string variables went round the blocks until nothing changed: a round per level).
    name: "string variable in a loop nest", unit: "depth", size: 2000,
    make: (n) => moduleOf(kernelFn([
      "entry:", "  %zero = const.i32 0", "  %one = const.i32 1", '  %e = str.lit "x"', "  set $s, %e",
      ...range(n).flatMap((k) => [
        `  set $i${k}, %zero`, `  jump h${k}`, `h${k}:`, `  %i${k} = get $i${k}`, `  %c${k} = icmp.slt %i${k}, %n`, `  br %c${k}, b${k}, x${k}`,
        `b${k}:`, `  %t${k} = str.from_int %i${k}`, `  set $s, %t${k}`,
      ]),
      ...range(n).reverse().flatMap((k) => [`  %j${k} = add %i${k}, %one`, `  set $i${k}, %j${k}`, `  jump h${k}`, `x${k}:`]),
      "  %r = get $s", "  %l = str.len %r", "  ret %l",
    ], [...range(n).map((k) => `$i${k}: i32`), "$s: str"])),
  },
  {
    // String variables each assigned in one of many loops one after another, all read after the last (the arena
    // scopes made every block's set of live string variables: variables x blocks, all of it live here).
    name: "string variables in loops in sequence", unit: "loops", size: 1000,
    make: (n) => moduleOf(kernelFn([
      "entry:", "  %zero = const.i32 0", "  %one = const.i32 1", '  %e = str.lit "x"', ...range(n).map((k) => `  set $s${k}, %e`), "  jump p0",
      ...range(n).flatMap((k) => [
        `p${k}:`, "  set $i, %zero", `  jump h${k}`, `h${k}:`, `  %i${k} = get $i`, `  %c${k} = icmp.slt %i${k}, %n`, `  br %c${k}, b${k}, p${k + 1}`,
        `b${k}:`, `  %t${k} = str.from_int %i${k}`, `  set $s${k}, %t${k}`, `  %j${k} = add %i${k}, %one`, `  set $i, %j${k}`, `  jump h${k}`,
      ]),
      `p${n}:`, "  %a0 = const.i32 0", ...range(n).flatMap((k) => [`  %g${k} = get $s${k}`, `  %l${k} = str.len %g${k}`, `  %a${k + 1} = add %a${k}, %l${k}`]), `  ret %a${n}`,
    ], ["$i: i32", ...range(n).map((k) => `$s${k}: str`)])),
  },
  {
    name: "nested conditionals", unit: "depth", size: 4000,
    make: (n) => moduleOf(kernelFn([
      "entry:", "  set $v, %n", "  jump t0",
      ...range(n).flatMap((k) => [`t${k}:`, `  %x${k} = get $v`, `  %k${k} = const.i32 ${n - k}`, `  %c${k} = icmp.slt %x${k}, %k${k}`, `  br %c${k}, y${k}, z${k}`, `y${k}:`, `  %d${k} = add %x${k}, %k${k}`, `  set $v, %d${k}`, `  jump t${k + 1}`, `z${k}:`, `  jump m${k}`]),
      `t${n}:`, `  jump m${n - 1}`,
      ...range(n).flatMap((k) => [`m${n - 1 - k}:`, `  %w${k} = get $v`, `  %o${k} = xor %w${k}, %n`, `  set $v, %o${k}`, k === n - 1 ? "  jump done" : `  jump m${n - 2 - k}`]),
      "done:", "  %r = get $v", "  ret %r",
    ], ["$v: i32"])),
  },
  {
    name: "float chain", unit: "operations", size: 16000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %f0 = sitofp.f64 %n", "  %c = const.f64 1.5", ...range(n).map((i) => `  %f${i + 1} = ${["fadd", "fmul", "fsub"][i % 3]} %f${i}, %c`), `  %r = fptosi.i32 %f${n}`, "  ret %r"])),
  },
  {
    // Value names alike at both ends and of one length (a hash of a name's ends put them all on one chain).
    name: "names alike at both ends", unit: "values", size: 16000,
    make: (n) => moduleOf(kernelFn(["entry:", `  %${alikeName(0)} = add %n, %n`,
      ...range(n - 1).map((i) => `  %${alikeName(i + 1)} = add %${alikeName(i)}, %n`), `  ret %${alikeName(n - 1)}`])),
  },
  {
    name: "variables in one block", unit: "variables", size: 16000,
    make: (n) => moduleOf(kernelFn(["entry:", ...range(n).map((i) => `  set $v${i}, %n`), "  %a0 = const.i32 0", ...range(n).flatMap((i) => [`  %g${i} = get $v${i}`, `  %a${i + 1} = add %a${i}, %g${i}`, `  set $v${i}, %a${i + 1}`]), "  %r = get $v0", "  ret %r"], range(n).map((i) => `$v${i}: i32`))),
  },
  {
    // Reads of a variable in one loop body, each the dividend of a remainder (the range analysis's witness of
    // each read once searched its block back for the last set: quadratic in the block).
    name: "variable reads in a loop body", unit: "reads", size: 8000,
    make: (n) => moduleOf(kernelFn(countedLoop([
      "  %k = const.i32 7", "  %a0 = get $v",
      ...range(n).flatMap((j) => [`  %g${j} = get $v`, `  %q${j} = srem %g${j}, %k`, `  %a${j + 1} = add %a${j}, %q${j}`]),
      `  set $v, %a${n}`, "  jump latch",
    ]), LOOP_VARS)),
  },
  {
    // A compared value set into many variables, each read after the branch on it into a sum that is a
    // remainder's dividend (the range solver's join asked each narrowed variable whether the edge's list held
    // it, and the list of a compared value's variables was kept free of repeats by a search: quadratic).
    name: "a compared value in many variables", unit: "variables", size: 16000,
    make: (n) => moduleOf(kernelFn([
      "entry:", ...range(n).map((k) => `  set $v${k}, %n`), "  %z = const.i32 0", "  %c = icmp.slt %n, %z", "  br %c, neg, pos",
      "neg:", "  jump pos", "pos:", "  %a0 = const.i32 0",
      ...range(n).flatMap((k) => [`  %g${k} = get $v${k}`, `  %a${k + 1} = add %a${k}, %g${k}`]), `  %q = srem %a${n}, %n`, "  ret %q",
    ], range(n).map((k) => `$v${k}: i32`))),
  },
  {
    // Values each compared once in a chain of diamonds, then as many plain diamonds, then a remainder by each (a
    // question about a value in a block that does not read it walked up the dominators to the entry: quadratic).
    name: "values compared early, divided far below", unit: "values", size: 4000,
    make: (n) => moduleOf(kernelFn([
      "entry:", ...range(n).flatMap((k) => [`  %kk${k} = const.i32 ${k + 2}`, `  %x${k} = add %n, %kk${k}`]), "  %z = const.i32 0", "  jump d0",
      ...range(n).flatMap((k) => [`d${k}:`, `  %c${k} = icmp.sgt %x${k}, %z`, `  br %c${k}, t${k}, d${k + 1}`, `t${k}:`, `  jump d${k + 1}`]),
      `d${n}:`, "  jump e0",
      ...range(n).flatMap((k) => [`e${k}:`, `  %q${k} = const.i32 ${k}`, `  %f${k} = icmp.sgt %n, %q${k}`, `  br %f${k}, u${k}, e${k + 1}`, `u${k}:`, `  jump e${k + 1}`]),
      `e${n}:`, "  %a0 = const.i32 0", ...range(n).flatMap((k) => [`  %l${k} = srem %n, %x${k}`, `  %a${k + 1} = add %a${k}, %l${k}`]), `  ret %a${n}`,
    ])),
  },
  {
    // Arrays made in the entry block, live across a chain of diamonds, read after the last (the ownership plan's
    // liveness kept a set of live counted values per block: every array in every block, quadratic).
    name: "arrays live across many branches", unit: "arrays", size: 2000,
    make: (n) => moduleOf(kernelFn([
      "entry:", ...range(n).flatMap((k) => [`  %s${k} = array.new [i32]`, `  array.push %s${k}, %n`]), "  jump d0",
      ...range(n).flatMap((k) => [`d${k}:`, `  %k${k} = const.i32 ${k}`, `  %c${k} = icmp.sgt %n, %k${k}`, `  br %c${k}, t${k}, d${k + 1}`, `t${k}:`, `  jump d${k + 1}`]),
      `d${n}:`, "  %a0 = const.i32 0", ...range(n).flatMap((k) => [`  %l${k} = array.len %s${k}`, `  %a${k + 1} = add %a${k}, %l${k}`]), `  ret %a${n}`,
    ])),
  },
  {
    // A loop nest with an array made before each level's header, pushed in its body and read after its exit
    // (the ownership liveness visited blocks round after round in decreasing order: a round per level).
    name: "an array per level of a loop nest", unit: "depth", size: 1000,
    make: (n) => moduleOf(kernelFn([
      "entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  set $v, %zero",
      ...range(n).flatMap((k) => [
        `  %a${k} = array.new [i32]`, `  set $i${k}, %zero`, `  jump h${k}`, `h${k}:`, `  %i${k} = get $i${k}`, `  %c${k} = icmp.slt %i${k}, %n`, `  br %c${k}, b${k}, x${k}`,
        `b${k}:`, `  array.push %a${k}, %i${k}`,
      ]),
      ...range(n).reverse().flatMap((k) => [
        `  %j${k} = add %i${k}, %one`, `  set $i${k}, %j${k}`, `  jump h${k}`,
        `x${k}:`, `  %l${k} = array.len %a${k}`, `  %w${k} = get $v`, `  %s${k} = add %w${k}, %l${k}`, `  set $v, %s${k}`,
      ]),
      "  %r = get $v", "  ret %r",
    ], [...range(n).map((k) => `$i${k}: i32`), "$v: i32"])),
  },
  {
    name: "diamonds in a loop", unit: "diamonds", size: 4000,
    make: (n) => moduleOf(kernelFn(countedLoop([
      "  jump d0",
      ...range(n).flatMap((k) => [`d${k}:`, `  %x${k} = get $v`, `  %k${k} = const.i32 ${k}`, `  %c${k} = icmp.sgt %x${k}, %k${k}`, `  br %c${k}, t${k}, d${k + 1}`, `t${k}:`, `  %s${k} = sub %x${k}, %i`, `  set $v, %s${k}`, `  jump d${k + 1}`]),
      `d${n}:`, "  jump latch",
    ]), LOOP_VARS)),
  },
  {
    name: "divisions in a loop", unit: "divisions", size: 4000,
    make: (n) => moduleOf(kernelFn(countedLoop([
      "  %a0 = get $v",
      ...range(n).flatMap((k) => [`  %k${k} = const.i32 ${k + 3}`, `  %q${k} = sdiv %i, %k${k}`, `  %r${k} = srem %i, %k${k}`, `  %b${k} = add %q${k}, %r${k}`, `  %a${k + 1} = add %a${k}, %b${k}`]),
      `  set $v, %a${n}`, "  jump latch",
    ]), LOOP_VARS)),
  },
  {
    // A remainder in every level of a properly nested loop nest: each is a range question whose solve covers
    // the whole nest (conformance/README.md, "The whole benchmark again; ...": its work counted is linear, 12
    // rounds at any depth, but a visit costs 7-10 us; at 250 -> 1,000 the probe reads 0.7-0.8).
    name: "divisions in a loop nest", unit: "depth", size: 250,
    make: (n) => moduleOf(kernelFn([
      "entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  set $v, %zero",
      ...range(n).flatMap((k) => [
        `  set $i${k}, %zero`, `  jump h${k}`, `h${k}:`, `  %i${k} = get $i${k}`, `  %c${k} = icmp.slt %i${k}, %n`, `  br %c${k}, b${k}, x${k}`,
        `b${k}:`, `  %d${k} = const.i32 ${k + 3}`, `  %q${k} = srem %i${k}, %d${k}`, `  %w${k} = get $v`, `  %s${k} = add %w${k}, %q${k}`, `  set $v, %s${k}`,
      ]),
      ...range(n).reverse().flatMap((k) => [`  %j${k} = add %i${k}, %one`, `  set $i${k}, %j${k}`, `  jump h${k}`, `x${k}:`]),
      "  %r = get $v", "  ret %r",
    ], [...range(n).map((k) => `$i${k}: i32`), "$v: i32"])),
  },
  {
    name: "switch in a loop", unit: "cases", size: 4000,
    make: (n) => moduleOf(kernelFn(countedLoop([
      `  %k = const.i32 ${n}`, "  %m = urem %i, %k", `  switch %m [${range(n).map((j) => `${j} -> a${j}`).join(", ")}] default latch`,
      ...range(n).flatMap((j) => [`a${j}:`, `  %w${j} = get $v`, `  %x${j} = xor %w${j}, %i`, `  set $v, %x${j}`, "  jump latch"]),
    ]), LOOP_VARS)),
  },
  {
    name: "string compares", unit: "compares", size: 4000,
    make: (n) => moduleOf(kernelFn(["entry:", "  %a0 = const.i32 0", ...range(n).flatMap((i) => [`  %t${i} = str.from_int %a${i}`, `  %l${i} = str.lit "${i}"`, `  %e${i} = str.eq %t${i}, %l${i}`, `  %z${i} = zext.i32 %e${i}`, `  %a${i + 1} = add %a${i}, %z${i}`]), `  ret %a${n}`])),
  },
  {
    name: "array of strings in a loop", unit: "strings", size: 4000,
    make: (n) => moduleOf(kernelFn(countedLoop([
      `  %k = const.i32 ${n}`, "  %j = urem %i, %k", "  %s = array.get %a, %j", "  %q = str.len %s", "  %w = get $v", "  %x = add %w, %q", "  set $v, %x", "  jump latch",
    ], [...range(n).map((i) => `  %l${i} = str.lit "s${i}"`), `  %a = array.lit [str; ${n}], ${range(n).map((i) => `%l${i}`).join(", ")}`]), LOOP_VARS)),
  },
];

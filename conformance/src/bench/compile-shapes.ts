/**
 * The inputs of the compile-speed benchmark, as .fzir text (parsing is one
 * of the timed phases): realistic programs (every kernel and module of
 * conformance concatenated k times with names made unique; the fuzz
 * generator's batches) and adversarial shapes, each aimed at the
 * algorithm that goes quadratic on it (call-graph walks, loop nests,
 * liveness, dominance frontiers, switch lowering, wide joins). Every text
 * is deterministic for its size.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type Func, type GlobalDef, type ImportDef, type Inst, type Module, parseModule, printModule, type SourceLoc, type Type } from "@fzy/ir";
import { batchModule, INPUT_SLOTS, inputTable } from "../fuzz/batch.js";
import { generateCase } from "../fuzz/generate.js";
import { caseSeed } from "../fuzz/prng.js";
import { CONFORMANCE_DIR } from "../native/toolchain.js";

/** A family of inputs measured at several sizes. */
export interface Shape {
  readonly name: string;
  /** What is being scaled, for the table. */
  readonly unit: string;
  readonly sizes: readonly number[];
  /** Sizes for `--quick`. */
  readonly quick: readonly number[];
  readonly realistic: boolean;
  readonly make: (size: number) => string;
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** `kernel(%n: i32) -> i32` with `body` (labels and indented lines) and local variables. */
export function kernelFn(body: readonly string[], vars: readonly string[] = []): string {
  return ["export fn kernel(%n: i32) -> i32 {", ...vars.map((v) => `  var ${v}`), ...body, "}"].join("\n");
}

// ---- realistic ----

/** The file of every kernel and module of conformance: the kernels, then the modules, each by name. */
export function conformanceFiles(): string[] {
  return ["kernels", "modules"].flatMap((d) => readdirSync(join(CONFORMANCE_DIR, d)).filter((f) => f.endsWith(".fzir")).sort().map((f) => join(CONFORMANCE_DIR, d, f)));
}

let corpus: { readonly name: string; readonly module: Module }[] | undefined;

/** Every kernel and module of conformance, parsed once, with its name (the file's, without `.fzir`). */
export function conformanceModules(): readonly { readonly name: string; readonly module: Module }[] {
  return (corpus ??= conformanceFiles().map((path) => {
    const file = basename(path);
    return { name: file.replace(/\.fzir$/, ""), module: parseModule(readFileSync(path), file) };
  }));
}

/**
 * The whole corpus `copies` times in one module; functions, structs, enums and globals renamed `name_uN`, each host
 * import declared once. `located`: every instruction and terminator without a source location gets one (file
 * `NAME.fz` of its module, the next line, column 3), as a toolchain that keeps its line tables writes them.
 */
export function corpusText(copies: number, located = false): string {
  const structs: Module["structs"][number][] = [], enums: Module["enums"][number][] = [], functions: Func[] = [];
  const globals: GlobalDef[] = [], imports = new Map<string, ImportDef>();
  let u = 0;
  for (let c = 0; c < copies; c++) {
    for (const { name, module: m } of conformanceModules()) {
      const sfx = `_u${u++}`;
      let line = 0;
      const loc = <T extends { readonly loc?: SourceLoc }>(x: T): T => (located && !x.loc ? { ...x, loc: { file: `${name}.fz`, line: ++line, col: 3 } } : x);
      const named = new Set([...m.structs.map((s) => s.name), ...m.enums.map((e) => e.name)]);
      const fns = new Set(m.functions.map((f) => f.name));
      const globalNames = new Set((m.globals ?? []).map((g) => g.name));
      const ty = (t: Type): Type => {
        switch (t.kind) {
          case "struct": case "enum": return named.has(t.name) ? { ...t, name: t.name + sfx } : t;
          case "array": return { ...t, elem: ty(t.elem) };
          case "dynarray": return { ...t, elem: ty(t.elem) };
          case "map": return { ...t, key: ty(t.key), value: ty(t.value) };
          case "fn": return { ...t, params: t.params.map(ty), result: t.result && ty(t.result) };
          default: return t;
        }
      };
      const inst = (i: Inst): Inst => {
        const im = i.imm;
        const imm = im.kind === "func" && fns.has(im.name) ? { ...im, name: im.name + sfx }
          : im.kind === "struct" ? { ...im, name: im.name + sfx }
          : im.kind === "variant" ? { ...im, enumName: im.enumName + sfx }
          : im.kind === "global" && globalNames.has(im.name) ? { ...im, name: im.name + sfx } : im;
        return loc({ ...i, imm, type: i.type && ty(i.type) });
      };
      for (const i of m.imports) if (!imports.has(i.name)) imports.set(i.name, { ...i, params: i.params.map(ty), result: i.result && ty(i.result) });
      for (const g of m.globals ?? []) {
        const init = g.init.kind === "func" && fns.has(g.init.name) ? { ...g.init, name: g.init.name + sfx } : g.init;
        globals.push({ ...g, name: g.name + sfx, type: ty(g.type), init });
      }
      for (const s of m.structs) structs.push({ name: s.name + sfx, fields: s.fields.map((f) => ({ ...f, type: ty(f.type) })) });
      for (const e of m.enums) enums.push({ name: e.name + sfx, variants: e.variants.map((v) => ({ ...v, payload: v.payload && ty(v.payload) })) });
      for (const f of m.functions) {
        functions.push({
          ...f, name: f.name + sfx, result: f.result && ty(f.result),
          params: f.params.map((p) => ({ ...p, type: ty(p.type) })),
          values: f.values.map((v) => ({ ...v, type: ty(v.type) })),
          vars: f.vars.map((v) => ({ ...v, type: ty(v.type) })),
          blocks: f.blocks.map((b) => ({ ...b, insts: b.insts.map(inst), term: loc(b.term) })),
        });
      }
    }
  }
  return printModule({ name: "corpus", structs, enums, imports: [...imports.values()], functions, globals });
}

/** A batch of the differential fuzzer with at least `functions` functions (cases, their helpers, the dispatcher). */
export function fuzzText(functions: number): string {
  const cases = [];
  for (let index = 0, n = 1; n < functions; index++) {
    const recipe = generateCase(caseSeed(1, index), INPUT_SLOTS, 3);
    cases.push({ index, recipe });
    n += 1 + recipe.helpers.length;
  }
  return printModule(batchModule("fuzz_batch", cases, inputTable(1)));
}

// ---- adversarial ----

/** `n` functions, each calling the next (recursion check, inliner, call-graph depth). */
function callChain(n: number): string {
  const fns = range(n).map((i) => `fn f${i}(%a: i32) -> i32 {\nentry:\n  %k = const.i32 ${i % 97}\n  %b = add %a, %k\n  %r = call @f${i + 1}, %b\n  ret %r\n}`);
  return ["module chain", ...fns, `fn f${n}(%a: i32) -> i32 {\nentry:\n  ret %a\n}`, kernelFn(["entry:", "  %r = call @f0, %n", "  ret %r"]), ""].join("\n");
}

/** Counted loops nested `depth` deep, one induction variable each and an accumulator (loop forest, dominance frontiers, liveness). */
function loopNest(depth: number): string {
  const body = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %lim = const.i32 2", "  set $acc, %zero", "  set $i0, %zero", "  jump h0"];
  for (let k = 0; k < depth; k++) {
    body.push(`h${k}:`, `  %x${k} = get $i${k}`, `  %c${k} = icmp.slt %x${k}, %lim`, `  br %c${k}, b${k}, e${k}`, `b${k}:`);
    if (k + 1 < depth) body.push(`  set $i${k + 1}, %zero`, `  jump h${k + 1}`);
    else body.push("  %a0 = get $acc", "  %a1 = add %a0, %n", "  set $acc, %a1", `  jump l${k}`);
    body.push(`l${k}:`, `  %y${k} = get $i${k}`, `  %z${k} = add %y${k}, %one`, `  set $i${k}, %z${k}`, `  jump h${k}`);
    body.push(`e${k}:`, k === 0 ? "  %r = get $acc\n  ret %r" : `  jump l${k - 1}`);
  }
  return ["module nest", kernelFn(body, ["$acc: i32", ...range(depth).map((k) => `$i${k}: i32`)]), ""].join("\n");
}

/** One block of `n` arithmetic instructions (per-instruction cost, value tables). */
function bigBlock(n: number): string {
  const ops = ["add", "mul", "xor", "sub"];
  const body = ["entry:", "  %v0 = add %n, %n", ...range(n - 1).map((i) => `  %v${i + 1} = ${ops[i % 4]} %v${i}, %n`), `  ret %v${n - 1}`];
  return ["module block", kernelFn(body), ""].join("\n");
}

/**
 * One block of `n` reads of a fixed array, each at an index masked into
 * its bounds from the sum so far (a range question, a bounds-check decision
 * and an element address per read: the one block above with array accesses).
 */
function arrayBlock(n: number): string {
  const body = ["entry:", "  %zero = const.i32 0", "  %k7 = const.i32 7", "  %a = array.new [i32; 16], %zero", "  %x0 = add %n, %zero"];
  for (let i = 0; i < n; i++) body.push(`  %m${i} = and %x${i}, %k7`, `  %g${i} = array.get %a, %m${i}`, `  %x${i + 1} = add %g${i}, %x${i}`);
  body.push(`  ret %x${n}`);
  return ["module arrayblock", kernelFn(body), ""].join("\n");
}

/** `n` if-then-else diamonds in sequence, each assigning a variable on one arm (joins, phis). */
function diamonds(n: number): string {
  const body = ["entry:", "  %zero = const.i32 0", "  set $v, %n", "  jump d0"];
  for (let k = 0; k < n; k++) {
    body.push(`d${k}:`, `  %x${k} = get $v`, `  %k${k} = const.i32 ${k}`, `  %c${k} = icmp.sgt %x${k}, %k${k}`, `  br %c${k}, t${k}, f${k}`);
    body.push(`t${k}:`, `  %s${k} = sub %x${k}, %k${k}`, `  set $v, %s${k}`, `  jump d${k + 1}`, `f${k}:`, `  jump d${k + 1}`);
  }
  body.push(`d${n}:`, "  %r = get $v", "  ret %r");
  return ["module diamonds", kernelFn(body, ["$v: i32"]), ""].join("\n");
}

/** A sparse switch of `n` cases over 16 targets (switch lowering, case sorting). */
function bigSwitch(n: number): string {
  const arms = range(16).flatMap((t) => [`a${t}:`, `  %r${t} = const.i32 ${t}`, `  ret %r${t}`]);
  const body = ["entry:", `  switch %n [${range(n).map((i) => `${i * 7 - (n >> 1)} -> a${(i * 5) % 16}`).join(", ")}] default a0`, ...arms];
  return ["module sw", kernelFn(body), ""].join("\n");
}

/**
 * A join block with `n` predecessors, each setting four variables (wide
 * phis). The dispatching switch is dense: up to 4,096 cases it lowers to
 * one jump table, above to a search tree of about three blocks per case,
 * so the guard compares two sizes above that (5,000 and 20,000).
 */
function widePhis(n: number): string {
  const vars = ["$a", "$b", "$c", "$d"];
  const body = ["entry:", ...vars.map((v) => `  set ${v}, %n`), `  switch %n [${range(n).map((i) => `${i} -> p${i}`).join(", ")}] default join`];
  // Each predecessor's values depend on %n, so the switch cannot become a
  // lookup table (which constants per case would let it, up to 4,096 cases).
  for (let i = 0; i < n; i++) body.push(`p${i}:`, `  %c${i} = const.i32 ${i}`, `  %k${i} = xor %n, %c${i}`, ...vars.map((v) => `  set ${v}, %k${i}`), "  jump join");
  body.push("join:", ...vars.map((v, j) => `  %g${j} = get ${v}`), "  %s0 = add %g0, %g1", "  %s1 = add %g2, %g3", "  %s = add %s0, %s1", "  ret %s");
  return ["module wide", kernelFn(body, vars.map((v) => `${v}: i32`)), ""].join("\n");
}

/** `n` variables set before a loop, read after it, the loop updating every eighth (liveness across a loop). */
function liveAcross(n: number): string {
  const body = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", ...range(n).map((i) => `  set $v${i}, %n`), "  set $i, %zero", "  jump head"];
  body.push("head:", "  %i = get $i", "  %c = icmp.slt %i, %n", "  br %c, body, exit", "body:");
  for (let i = 0; i < n; i += 8) body.push(`  %u${i} = get $v${i}`, `  %w${i} = add %u${i}, %i`, `  set $v${i}, %w${i}`);
  body.push("  %i1 = add %i, %one", "  set $i, %i1", "  jump head", "exit:", "  %s0 = get $v0");
  for (let i = 1; i < n; i++) body.push(`  %g${i} = get $v${i}`, `  %s${i} = xor %s${i - 1}, %g${i}`);
  body.push(`  ret %s${n - 1}`);
  return ["module live", kernelFn(body, ["$i: i32", ...range(n).map((i) => `$v${i}: i32`)]), ""].join("\n");
}

/** `n` exported three-instruction functions (per-function overhead). */
function tinyFunctions(n: number): string {
  return ["module tiny", ...range(n).map((i) => `export fn t${i}(%a: i32) -> i32 {\nentry:\n  %k = const.i32 ${i % 1000}\n  %r = add %a, %k\n  ret %r\n}`), ""].join("\n");
}

/** An if-else ladder `n` deep: each test's else arm holds the next, every then arm divides and jumps to one join (dominance frontiers, branch facts). */
function ladder(n: number): string {
  const body = ["entry:", "  set $v, %n", "  jump t0"];
  for (let k = 0; k < n; k++) {
    body.push(`t${k}:`, `  %x${k} = get $v`, `  %k${k} = const.i32 ${k * 3 + 1}`, `  %c${k} = icmp.slt %x${k}, %k${k}`, `  br %c${k}, y${k}, t${k + 1}`);
    body.push(`y${k}:`, `  %d${k} = sdiv %x${k}, %k${k}`, `  set $v, %d${k}`, "  jump done");
  }
  body.push(`t${n}:`, "  jump done", "done:", "  %r = get $v", "  ret %r");
  return ["module ladder", kernelFn(body, ["$v: i32"]), ""].join("\n");
}

/** `n` variables and a chain of `n` diamonds, each setting one variable, every variable read at the end (SSA construction: variables x blocks). */
function variablesAndBlocks(n: number): string {
  const body = ["entry:", ...range(n).map((i) => `  set $v${i}, %n`), "  jump d0"];
  for (let k = 0; k < n; k++) {
    body.push(`d${k}:`, `  %x${k} = get $v${(k * 7) % n}`, `  %c${k} = icmp.sgt %x${k}, %n`, `  br %c${k}, t${k}, d${k + 1}`);
    body.push(`t${k}:`, `  %s${k} = add %x${k}, %n`, `  set $v${k}, %s${k}`, `  jump d${k + 1}`);
  }
  body.push(`d${n}:`, "  %r0 = get $v0");
  for (let i = 1; i < n; i++) body.push(`  %g${i} = get $v${i}`, `  %r${i} = xor %r${i - 1}, %g${i}`);
  body.push(`  ret %r${n - 1}`);
  return ["module varblocks", kernelFn(body, range(n).map((i) => `$v${i}: i32`)), ""].join("\n");
}

/** Counted loops nested `depth` deep, each level reading a fixed array at its own counter (range analysis over a deep nest). */
function arrayLoopNest(depth: number): string {
  const body = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %lim = const.i32 2", "  %a = array.new [i32; 4], %zero", "  set $acc, %zero", "  set $i0, %zero", "  jump h0"];
  for (let k = 0; k < depth; k++) {
    body.push(`h${k}:`, `  %x${k} = get $i${k}`, `  %c${k} = icmp.slt %x${k}, %lim`, `  br %c${k}, b${k}, e${k}`);
    body.push(`b${k}:`, `  %v${k} = array.get %a, %x${k}`, `  %w${k} = get $acc`, `  %u${k} = add %w${k}, %v${k}`, `  set $acc, %u${k}`);
    body.push(k + 1 < depth ? `  set $i${k + 1}, %zero\n  jump h${k + 1}` : `  jump l${k}`);
    body.push(`l${k}:`, `  %y${k} = get $i${k}`, `  %z${k} = add %y${k}, %one`, `  set $i${k}, %z${k}`, `  jump h${k}`);
    body.push(`e${k}:`, k === 0 ? "  %r = get $acc\n  ret %r" : `  jump l${k - 1}`);
  }
  return ["module arraynest", kernelFn(body, ["$acc: i32", ...range(depth).map((k) => `$i${k}: i32`)]), ""].join("\n");
}

/** `n` counted loops one after another in one function, sharing two variables, each reading a fixed array at i and i + 1 (range analysis over a long function). */
function loopsInSequence(n: number): string {
  const body = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %k8 = const.i32 8", "  %a = array.new [i32; 16], %zero", "  set $acc, %zero", "  jump i0"];
  for (let k = 0; k < n; k++) {
    body.push(`i${k}:`, "  set $i, %zero", `  jump h${k}`, `h${k}:`, `  %i${k} = get $i`, `  %c${k} = icmp.slt %i${k}, %k8`, `  br %c${k}, b${k}, i${k + 1}`);
    body.push(`b${k}:`, `  %x${k} = array.get %a, %i${k}`, `  %j${k} = add %i${k}, %one`, `  %y${k} = array.get %a, %j${k}`, `  %s${k} = add %x${k}, %y${k}`);
    body.push(`  %a${k} = get $acc`, `  %t${k} = add %a${k}, %s${k}`, `  set $acc, %t${k}`, `  set $i, %j${k}`, `  jump h${k}`);
  }
  body.push(`i${n}:`, "  %r = get $acc", "  ret %r");
  return ["module loopseq", kernelFn(body, ["$acc: i32", "$i: i32"]), ""].join("\n");
}

/**
 * `n` loops one after another, each counting to the parameter and leaving
 * its last count in a variable of its own; after them each variable is a
 * dividend of `srem` (the range questions reach every variable, and each
 * loop's state carries all of them).
 */
function countersInSequence(n: number): string {
  const vars = ["$i: i32", ...range(n).map((k) => `$s${k}: i32`)];
  const body = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", ...range(n).map((k) => `  set $s${k}, %zero`), "  jump p0"];
  for (let k = 0; k < n; k++) {
    body.push(`p${k}:`, "  set $i, %zero", `  jump h${k}`, `h${k}:`, `  %i${k} = get $i`, `  %c${k} = icmp.slt %i${k}, %n`, `  br %c${k}, b${k}, p${k + 1}`);
    body.push(`b${k}:`, `  %t${k} = add %i${k}, %one`, `  set $s${k}, %t${k}`, `  set $i, %t${k}`, `  jump h${k}`);
  }
  body.push(`p${n}:`, "  %a0 = const.i32 0");
  for (let k = 0; k < n; k++) body.push(`  %g${k} = get $s${k}`, `  %l${k} = srem %g${k}, %n`, `  %a${k + 1} = add %a${k}, %l${k}`);
  body.push(`  ret %a${n}`);
  return ["module counters", kernelFn(body, vars), ""].join("\n");
}

/**
 * One loop whose header has `n` latches: each trip tests the counter
 * against 0 .. n - 1 in a chain and takes the latch of the value it equals
 * (`continue` in n places); a remainder after the loop asks the counter's
 * range (a settling round of the range solve once joined the header's n + 1
 * predecessors again after each latch).
 */
function manyLatches(n: number): string {
  const body = ["entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  set $i, %z", "  jump h", "h:", "  %i = get $i", "  %c = icmp.slt %i, %n", "  br %c, c0, out"];
  for (let k = 0; k < n; k++) {
    body.push(`c${k}:`, `  %k${k} = const.i32 ${k}`, `  %e${k} = icmp.eq %i, %k${k}`, `  br %e${k}, l${k}, c${k + 1}`);
    body.push(`l${k}:`, `  %a${k} = add %i, %k${k}`, `  %b${k} = add %a${k}, %one`, `  set $i, %b${k}`, "  jump h");
  }
  body.push(`c${n}:`, "  %j = add %i, %one", "  set $i, %j", "  jump h", "out:", "  %r = srem %i, %n", "  ret %r");
  return ["module latches", kernelFn(body, ["$i: i32"]), ""].join("\n");
}

/**
 * `n` outer loops one after another, each holding two small counted loops
 * reading a fixed array: one of 4 trips and one of none (unrolling inside
 * outer loops: the loops around an unrolled one change, a loop of no trip
 * kills its body).
 */
function smallLoopsInOuterLoops(n: number): string {
  const body = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %k4 = const.i32 4", "  %a = array.new [i32; 8], %zero", "  set $acc, %zero", "  jump o0"];
  const small = (name: string, bound: string, next: string) => [
    `${name}:`, `  %i${name} = get $i`, `  %c${name} = icmp.slt %i${name}, ${bound}`, `  br %c${name}, b${name}, ${next}`,
    `b${name}:`, `  %x${name} = array.get %a, %i${name}`, `  %a${name} = get $acc`, `  %t${name} = add %a${name}, %x${name}`, `  set $acc, %t${name}`,
    `  %j${name} = add %i${name}, %one`, `  set $i, %j${name}`, `  jump ${name}`,
  ];
  for (let k = 0; k < n; k++) {
    body.push(`o${k}:`, "  set $o, %zero", `  jump h${k}`, `h${k}:`, `  %p${k} = get $o`, `  %q${k} = icmp.slt %p${k}, %n`, `  br %q${k}, f${k}, o${k + 1}`);
    body.push(`f${k}:`, "  set $i, %zero", `  jump u${k}`, ...small(`u${k}`, "%k4", `g${k}`), `g${k}:`, "  set $i, %zero", `  jump z${k}`, ...small(`z${k}`, "%zero", `l${k}`));
    body.push(`l${k}:`, `  %r${k} = get $o`, `  %s${k} = add %r${k}, %one`, `  set $o, %s${k}`, `  jump h${k}`);
  }
  body.push(`o${n}:`, "  %r = get $acc", "  ret %r");
  return ["module outerloops", kernelFn(body, ["$acc: i32", "$i: i32", "$o: i32"]), ""].join("\n");
}

/** A struct of `n` fields, made with `n` operands and read back field by field (fields found by name, scalarization). */
function wideStruct(n: number): string {
  const body = ["entry:", `  %p = struct.new Wide, ${range(n).map(() => "%n").join(", ")}`, "  %s0 = struct.get %p, f0"];
  for (let k = 1; k < n; k++) body.push(`  %g${k} = struct.get %p, f${k}`, `  %s${k} = add %s${k - 1}, %g${k}`);
  body.push(`  ret %s${n - 1}`);
  return ["module widestruct", `struct Wide { ${range(n).map((i) => `f${i}: i32`).join(", ")} }`, kernelFn(body), ""].join("\n");
}

/** `n` enum values with a payload, each made, switched on and read in its own blocks (ownership liveness: counted values x blocks). */
function enumPayloads(n: number): string {
  const body = ["entry:", "  %z = const.i32 0", "  set $acc, %z", "  jump m0"];
  for (let k = 0; k < n; k++) {
    body.push(`m${k}:`, `  %c${k} = const.i32 ${k}`, `  %e${k} = enum.new Res.Ok, %c${k}`, `  %t${k} = enum.tag %e${k}`, `  switch %t${k} [0 -> ok${k}] default m${k + 1}`);
    body.push(`ok${k}:`, `  %p${k} = enum.payload %e${k}, Ok`, `  %a${k} = get $acc`, `  %s${k} = add %a${k}, %p${k}`, `  set $acc, %s${k}`, `  jump m${k + 1}`);
  }
  body.push(`m${n}:`, "  %r = get $acc", "  ret %r");
  return ["module payloads", "enum Res { Ok(i32), Err(i32) }", kernelFn(body, ["$acc: i32"]), ""].join("\n");
}

/** A chain of `n` equality tests of one string against distinct literals (the literal-set dispatch). */
function literalChain(n: number): string {
  const body = ["entry:", "  %s = str.from_int %n", "  jump t0"];
  for (let k = 0; k < n; k++) body.push(`t${k}:`, `  %l${k} = str.lit "w${k}"`, `  %e${k} = str.eq %s, %l${k}`, `  br %e${k}, r${k}, t${k + 1}`, `r${k}:`, `  %v${k} = const.i32 ${k}`, `  ret %v${k}`);
  body.push(`t${n}:`, "  %z = const.i32 -1", "  ret %z");
  return ["module literals", kernelFn(body), ""].join("\n");
}

/** `n` calls in one block, each of a small function with a loop and strings, every one inlined (the inliner's splits, names, and one large caller). */
function inlinedCalls(n: number): string {
  const fns = range(n).map((i) => [
    `fn g${i}(%m: i32) -> i32 {`, "  var $i: i32", "  var $s: i32", "entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  %k = const.i32 4",
    "  set $i, %z", "  set $s, %m", "  jump h", "h:", "  %i = get $i", "  %c = icmp.slt %i, %k", "  br %c, b, e", "b:", "  %s = get $s", "  %t = add %s, %i",
    "  set $s, %t", "  %j = add %i, %one", "  set $i, %j", "  jump h", "e:", `  %p = str.lit "own${i}"`, "  %q = str.from_int %m", "  %pq = str.concat %p, %q",
    "  %l = str.len %pq", "  %r = get $s", "  %x = add %r, %l", "  ret %x", "}",
  ].join("\n"));
  const body = ["entry:", "  %s0 = add %n, %n"];
  for (let i = 0; i < n; i++) body.push(`  %c${i} = call @g${i}, %s${i}`, `  %s${i + 1} = add %s${i}, %c${i}`);
  body.push(`  ret %s${n}`);
  return ["module inlined", ...fns, kernelFn(body), ""].join("\n");
}

export const SHAPES: readonly Shape[] = [
  { name: "corpus", unit: "copies", sizes: [1, 10, 100], quick: [1, 10], realistic: true, make: corpusText },
  { name: "located corpus", unit: "copies", sizes: [1, 10], quick: [1], realistic: true, make: (copies) => corpusText(copies, true) },
  { name: "fuzz batch", unit: "functions", sizes: [100, 1000], quick: [100], realistic: true, make: fuzzText },
  { name: "call chain", unit: "functions", sizes: [1000, 5000, 10000, 20000], quick: [1000, 5000], realistic: false, make: callChain },
  { name: "loop nest", unit: "depth", sizes: [100, 500, 1000, 2000], quick: [100, 500], realistic: false, make: loopNest },
  { name: "one block", unit: "instructions", sizes: [10000, 50000, 200000], quick: [10000, 50000], realistic: false, make: bigBlock },
  { name: "one block of array reads", unit: "reads", sizes: [4000, 16000, 64000], quick: [4000, 16000], realistic: false, make: arrayBlock },
  { name: "diamonds", unit: "diamonds", sizes: [1000, 5000, 20000], quick: [1000, 5000], realistic: false, make: diamonds },
  { name: "switch", unit: "cases", sizes: [1000, 5000, 20000, 60000], quick: [1000, 5000], realistic: false, make: bigSwitch },
  { name: "wide phis", unit: "predecessors", sizes: [250, 1000, 5000, 20000], quick: [250, 1000], realistic: false, make: widePhis },
  { name: "live across a loop", unit: "variables", sizes: [250, 1000, 4000, 16000], quick: [250, 1000], realistic: false, make: liveAcross },
  { name: "tiny functions", unit: "functions", sizes: [5000, 20000, 50000], quick: [5000, 20000], realistic: false, make: tinyFunctions },
  { name: "if-else ladder", unit: "tests", sizes: [1000, 4000, 16000], quick: [1000, 4000], realistic: false, make: ladder },
  { name: "variables x blocks", unit: "variables", sizes: [1000, 4000, 16000], quick: [1000, 4000], realistic: false, make: variablesAndBlocks },
  { name: "array loop nest", unit: "depth", sizes: [500, 2000, 8000], quick: [500, 2000], realistic: false, make: arrayLoopNest },
  { name: "loops in sequence", unit: "loops", sizes: [1000, 4000, 16000], quick: [1000, 4000], realistic: false, make: loopsInSequence },
  { name: "counters in loops in sequence", unit: "loops", sizes: [200, 800], quick: [200, 800], realistic: false, make: countersInSequence },
  { name: "small loops in outer loops", unit: "outer loops", sizes: [75, 300], quick: [75, 300], realistic: false, make: smallLoopsInOuterLoops },
  { name: "loop of many latches", unit: "latches", sizes: [1000, 4000, 16000], quick: [1000, 4000], realistic: false, make: manyLatches },
  { name: "wide struct", unit: "fields", sizes: [1000, 4000, 16000], quick: [1000, 4000], realistic: false, make: wideStruct },
  { name: "enum payloads", unit: "values", sizes: [1000, 4000, 16000], quick: [1000, 4000], realistic: false, make: enumPayloads },
  { name: "literal chain", unit: "tests", sizes: [4000, 16000, 32000], quick: [4000, 16000], realistic: false, make: literalChain },
  { name: "inlined calls", unit: "calls", sizes: [500, 2000, 8000], quick: [500, 2000], realistic: false, make: inlinedCalls },
];

/**
 * The size of an input as work: IR instructions (terminators included) plus
 * switch cases, so a 20,000-case switch in one block counts as the 20,000
 * items the lowering must sort and print, not as 50 instructions.
 */
export function workUnits(m: Module): number {
  let n = 0;
  for (const f of m.functions) for (const b of f.blocks) n += b.insts.length + 1 + (b.term.op === "switch" ? b.term.cases.length : 0);
  return n;
}

/**
 * Adversarial inputs by construction: sizes and depths far past anything a
 * real module has (10k blocks, values, cases, functions, fields; nesting
 * deeper than any limit; literals longer than any limit). They are made in
 * memory when the hostile test runs, not committed, since some are
 * megabytes. Each names the algorithm it aims at.
 */

export interface Synthetic {
  readonly name: string;
  readonly make: () => string | Uint8Array;
}

const N = 10_000;

function kernel(body: string[], vars: string[] = []): string {
  return ["module big", "", "export fn kernel(%n: i32) -> i32 {", ...vars, ...body, "}", ""].join("\n");
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export const SYNTHETIC: readonly Synthetic[] = [
  // Block-graph algorithms (dominators, reverse postorder, SSA construction) on long chains and deep trees.
  { name: "10k-block jump chain", make: () => kernel([...range(N).flatMap((i) => [`b${i}:`, `  jump b${i + 1}`]), `b${N}:`, "  ret %n"]) },
  {
    name: "10k-block chain reading a variable set in the entry (SSA lookups through every block)",
    make: () => kernel(["entry:", "  set $v, %n", "  jump b0", ...range(N).flatMap((i) => [`b${i}:`, `  jump b${i + 1}`]), `b${N}:`, "  %x = get $v", "  ret %x"], ["  var $v: i32"]),
  },
  {
    name: "10k nested branches (dominator tree 10k deep)",
    make: () => kernel([
      "entry:", "  %z = const.i32 0", "  %c = icmp.slt %n, %z", "  jump b0",
      ...range(N).flatMap((i) => [`b${i}:`, `  br %c, b${i + 1}, out`]), `b${N}:`, "  ret %n", "out:", "  ret %z",
    ]),
  },
  {
    name: "10k-block loop nest with a variable updated in every block",
    make: () => kernel([
      "entry:", "  set $v, %n", "  %one = const.i32 1", "  %z = const.i32 0", "  jump b0",
      ...range(N).flatMap((i) => [`b${i}:`, "  %x" + i + " = get $v", `  %y${i} = add %x${i}, %one`, `  set $v, %y${i}`, `  %c${i} = icmp.slt %y${i}, %z`, `  br %c${i}, b${Math.floor(i / 2)}, b${i + 1}`]),
      `b${N}:`, "  %r = get $v", "  ret %r",
    ], ["  var $v: i32"]),
  },
  { name: "10k values in one block", make: () => kernel(["entry:", "  %v0 = add %n, %n", ...range(N).map((i) => `  %v${i + 1} = add %v${i}, %n`), `  ret %v${N}`]) },
  { name: "10k variables", make: () => kernel(["entry:", ...range(N).map((i) => `  set $v${i}, %n`), "  %x = get $v9999", "  ret %x"], range(N).map((i) => `  var $v${i}: i32`)) },
  { name: "10k-case sparse switch", make: () => kernel(["entry:", `  switch %n [${range(N).map((i) => `${i * 7919 - 40000000} -> a`).join(", ")}] default b`, "a:", "  ret %n", "b:", "  %z = const.i32 0", "  ret %z"]) },
  { name: "10k-case dense switch", make: () => kernel(["entry:", `  switch %n [${range(N).map((i) => `${i} -> a${i % 3}`).join(", ")}] default a0`, "a0:", "  ret %n", "a1:", "  ret %n", "a2:", "  %z = const.i32 0", "  ret %z"]) },
  { name: "array.lit of 10k elements", make: () => kernel(["entry:", `  %a = array.lit [i32; ${N}], ${range(N).map(() => "%n").join(", ")}`, "  %x = array.get %a, %n", "  ret %x"]) },
  { name: "fixed array of 2^31-1 elements", make: () => kernel(["entry:", "  %a = array.new [i8; 2147483647], %t", "  ret %n"]).replace("entry:", "entry:\n  %t = const.i8 1") },
  { name: "array of arrays of 2^20 x 2^20 i64", make: () => kernel(["entry:", "  %z = const.i64 0", "  %r = array.new [i64; 1048576], %z", "  %a = array.new [[i64; 1048576]; 1048576], %r", "  ret %n"]) },
  {
    name: "10k functions calling the next (inliner and call graph depth)",
    make: () => ["module calls", ...range(N).map((i) => `fn f${i}(%a: i32) -> i32 {\nentry:\n  %r = call @f${i + 1}, %a\n  ret %r\n}`), `fn f${N}(%a: i32) -> i32 {\nentry:\n  ret %a\n}`,
      "export fn kernel(%n: i32) -> i32 {\nentry:\n  %r = call @f0, %n\n  ret %r\n}", ""].join("\n"),
  },
  { name: "function with 5k parameters", make: () => `module p\nfn f(${range(5000).map((i) => `%p${i}: i32`).join(", ")}) -> i32 {\nentry:\n  ret %p4999\n}\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %r = call @f, ${range(5000).map(() => "%n").join(", ")}\n  ret %r\n}\n` },
  { name: "struct with 5k fields", make: () => `module s\nstruct S { ${range(5000).map((i) => `f${i}: i32`).join(", ")} }\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %s = struct.new S, ${range(5000).map(() => "%n").join(", ")}\n  %x = struct.get %s, f4999\n  ret %x\n}\n` },
  { name: "enum with 10k variants and an exhaustive match", make: () => `module e\nenum E { ${range(N).map((i) => `V${i}`).join(", ")} }\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %e = enum.new E.V9999\n  switch %e [${range(N).map((i) => `V${i} -> a`).join(", ")}]\na:\n  ret %n\n}\n` },
  // Nesting and literal limits: each must be refused early, not by exhausting the stack or the heap.
  { name: "array type nested 100k deep", make: () => `module d\nfn f(%a: ${"[".repeat(100_000)}i32${"]".repeat(100_000)}) {\nentry:\n  ret\n}\n` },
  { name: "1M unclosed brackets", make: () => `module d\nfn f(%a: ${"[".repeat(1_000_000)}` },
  { name: "string literal over the limit", make: () => `module s\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %s = str.lit "${"x".repeat((1 << 20) + 1)}"\n  ret %n\n}\n` },
  { name: "string literal of 1M escapes", make: () => `module s\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %s = str.lit "${"\\u{1F600}".repeat(1 << 19)}"\n  ret %n\n}\n` },
  { name: "500k-byte string literal (valid)", make: () => `module s\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %s = str.lit "${"é".repeat(250_000)}"\n  %l = str.len %s\n  ret %l\n}\n` },
  { name: "integer literal of 1M digits", make: () => `module i\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %x = const.i64 ${"9".repeat(1_000_000)}\n  ret %n\n}\n` },
  { name: "name of 1M characters", make: () => `module ${"m".repeat(1_000_000)}\n` },
  { name: "line of 4M spaces", make: () => `module m${" ".repeat(4_000_000)}\n` },
  { name: "comment of 4M characters", make: () => `module m\n;${"é".repeat(2_000_000)}\n` },
  { name: "1M newlines", make: () => `module m${"\n".repeat(1_000_000)}` },
  { name: "100k operands on one line", make: () => kernel(["entry:", `  %x = add ${range(100_000).map(() => "%n").join(", ")}`, "  ret %n"]) },
  { name: "1M NUL bytes", make: () => new Uint8Array(1_000_000) },
  { name: "1M 0xff bytes", make: () => new Uint8Array(1_000_000).fill(0xff) },
];

/**
 * Malformed `.fzir` text: each input fails with the expected FzError code,
 * line:column and message, and no input whatsoever (including random
 * mutations of the testdata files) throws anything but an FzError.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FzError, type FzErrorCode, parseModule } from "./index.js";

const testdata = join(dirname(fileURLToPath(import.meta.url)), "..", "testdata");

/** A module whose function body starts on line 4, after `entry:` on line 3. */
const body = (...lines: string[]) => ["module m", "fn f(%a: i32, %b: i64) -> i32 {", "entry:", ...lines, "}"].join("\n");
const utf8 = (s: string) => new TextEncoder().encode(s);
const withBytes = (prefix: string, bytes: number[], suffix = "") => new Uint8Array([...utf8(prefix), ...bytes, ...utf8(suffix)]);

interface Case {
  readonly name: string;
  readonly src: string | Uint8Array;
  readonly code: FzErrorCode;
  readonly at: readonly [number, number];
  readonly message: RegExp;
}

const cases: Case[] = [
  { name: "missing module", src: "fn f() {\nentry:\n  ret\n}", code: "parse", at: [1, 1], message: /expected 'module NAME'/ },
  { name: "empty input", src: "", code: "parse", at: [1, 1], message: /expected 'module NAME'/ },
  { name: "unterminated string", src: body('  %s = str.lit "abc'), code: "parse", at: [4, 16], message: /unterminated string/ },
  { name: "bad escape", src: body('  %s = str.lit "a\\qb"'), code: "parse", at: [4, 18], message: /bad escape \\q/ },
  { name: "\\x escape above 7f", src: body('  %s = str.lit "\\xff"'), code: "parse", at: [4, 17], message: /\\x needs two hex digits below 80/ },
  { name: "\\u escape of a surrogate", src: body('  %s = str.lit "\\u{d800}"'), code: "parse", at: [4, 17], message: /Unicode scalar value/ },
  { name: "invalid UTF-8 bytes", src: withBytes("module m\n; caf", [0xc3, 0x28]), code: "parse", at: [2, 6], message: /invalid UTF-8 \(byte 0xc3\)/ },
  { name: "UTF-8 encoded surrogate", src: withBytes("module m\n; é ", [0xed, 0xa0, 0x80]), code: "parse", at: [2, 5], message: /invalid UTF-8/ },
  { name: "lone surrogate in a string", src: "module m\n; x \ud800", code: "parse", at: [2, 5], message: /lone surrogate/ },
  { name: "columns count code points", src: body('  %s = str.lit "日本🎉" x'), code: "parse", at: [4, 22], message: /expected ',' or end of line, found 'x'/ },
  { name: "columns count code points (bytes)", src: utf8(body('  %s = str.lit "日本🎉" x')), code: "parse", at: [4, 22], message: /found 'x'/ },
  { name: "unexpected character", src: body("  # what"), code: "parse", at: [4, 3], message: /unexpected character '#'/ },
  { name: "unknown opcode", src: body("  %x = addd %a, %a"), code: "parse", at: [4, 8], message: /unknown opcode addd \(did you mean add\?\)/ },
  { name: "unknown type", src: "module m\nfn f(%a: Foo) {\nentry:\n  ret\n}", code: "type", at: [2, 10], message: /unknown type Foo/ },
  { name: "unknown suffix type", src: body("  %x = const.u32 1", "  ret %a"), code: "type", at: [4, 14], message: /unknown type u32/ },
  { name: "unknown block", src: body("  jump nowhere"), code: "cfg", at: [4, 8], message: /unknown block nowhere/ },
  { name: "duplicate value", src: body("  %x = add %a, %a", "  %x = add %a, %a", "  ret %x"), code: "duplicate", at: [5, 3], message: /value %x is defined twice .*first at 4:3/ },
  { name: "value named like a parameter", src: body("  %a = add %a, %a", "  ret %a"), code: "duplicate", at: [4, 3], message: /value %a is defined twice/ },
  { name: "duplicate block", src: body("  jump entry", "entry:", "  ret %a"), code: "duplicate", at: [5, 1], message: /block entry .* defined twice/ },
  { name: "duplicate variable", src: "module m\nfn f() {\n  var $v: i32\n  var $v: i64\nentry:\n  ret\n}", code: "duplicate", at: [4, 7], message: /variable \$v .* defined twice/ },
  { name: "duplicate function", src: "module m\nfn f() {\nentry:\n  ret\n}\nfn f() {\nentry:\n  ret\n}", code: "duplicate", at: [6, 4], message: /f is defined twice/ },
  { name: "struct and enum with one name", src: "module m\nstruct S {}\nenum S { A }", code: "duplicate", at: [3, 6], message: /S is defined twice/ },
  { name: "duplicate field", src: "module m\nstruct S { x: i32, x: i64 }", code: "duplicate", at: [2, 20], message: /field x of struct S is defined twice/ },
  { name: "duplicate variant", src: "module m\nenum E { A, B(i32), A }", code: "duplicate", at: [2, 21], message: /variant A of enum E is defined twice/ },
  { name: "duplicate parameter", src: "module m\nfn f(%p: i32, %p: i32) {\nentry:\n  ret\n}", code: "duplicate", at: [2, 15], message: /parameter %p/ },
  { name: "struct named like a built-in type", src: "module m\nstruct i32 {}", code: "duplicate", at: [2, 8], message: /built-in type/ },
  { name: "too few operands", src: body("  %x = add %a", "  ret %x"), code: "parse", at: [4, 8], message: /add takes 2 operand\(s\), got 1/ },
  { name: "too many operands", src: body("  %x = neg %a, %a", "  ret %x"), code: "parse", at: [4, 8], message: /neg takes 1 operand\(s\), got 2/ },
  { name: "operand of the wrong kind", src: body("  %x = add %a, 5", "  ret %x"), code: "parse", at: [4, 16], message: /operand 2 of add must be a value/ },
  { name: "operand list across lines", src: body("  %x = add %a,", "  %a", "  ret %x"), code: "parse", at: [4, 15], message: /expected an operand, found end of line/ },
  { name: "ill-typed add", src: body("  %x = add %a, %b", "  ret %x"), code: "type", at: [4, 8], message: /add needs two operands of one integer type, got i32 and i64/ },
  { name: "constant out of range", src: body("  %x = const.i8 300", "  ret %a"), code: "type", at: [4, 8], message: /constant 300 does not fit i8/ },
  { name: "malformed number", src: body("  %x = const.f64 1e5", "  ret %a"), code: "parse", at: [4, 18], message: /malformed number 1e5/ },
  { name: "float with a plus exponent", src: body("  %x = const.f64 1.0e+5", "  ret %a"), code: "parse", at: [4, 18], message: /malformed number/ },
  { name: "bad condition code", src: body("  %x = icmp.lt %a, %a", "  ret %a"), code: "parse", at: [4, 13], message: /unknown condition code icmp.lt/ },
  { name: "suffix on an opcode without one", src: body("  %x = add.i32 %a, %a", "  ret %x"), code: "parse", at: [4, 12], message: /add takes no suffix/ },
  { name: "use of an undefined value", src: body("  ret %zz"), code: "undefined", at: [4, 7], message: /use of undefined value %zz/ },
  { name: "use before definition", src: body("  %x = add %y, %a", "  %y = add %a, %a", "  ret %x"), code: "undefined", at: [4, 12], message: /%y is not defined on every path to this use/ },
  {
    name: "definition on one path only",
    src: body("  %c = const.bool true", "  br %c, l, r", "l:", "  %v = add %a, %a", "  jump j", "r:", "  jump j", "j:", "  ret %v"),
    code: "undefined", at: [12, 7], message: /%v is not defined on every path/,
  },
  { name: "unknown variable", src: body("  %x = get $nope", "  ret %x"), code: "undefined", at: [4, 12], message: /unknown variable \$nope/ },
  { name: "unreachable block", src: body("  ret %a", "dead:", "  ret %a"), code: "cfg", at: [5, 1], message: /block dead is unreachable/ },
  { name: "missing terminator", src: body("  %x = add %a, %a", "next:", "  ret %x"), code: "cfg", at: [3, 1], message: /block entry does not end with a terminator/ },
  { name: "instruction after terminator", src: body("  ret %a", "  %x = add %a, %a"), code: "cfg", at: [5, 3], message: /instruction after the terminator of block entry/ },
  { name: "tokens after a terminator", src: body("  ret %a %b"), code: "parse", at: [4, 10], message: /expected end of line after ret/ },
  { name: "function without blocks", src: "module m\nfn f() {\n}", code: "cfg", at: [3, 1], message: /function f has no blocks/ },
  { name: "unclosed function", src: body("  ret %a").slice(0, -1), code: "parse", at: [5, 1], message: /unterminated body of function f/ },
  { name: "ret type mismatch", src: body("  ret %b"), code: "type", at: [4, 3], message: /ret of i64 in a function returning i32/ },
  { name: "branch on an integer", src: body("  br %a, entry, entry"), code: "type", at: [4, 3], message: /br condition must be bool/ },
  { name: "switch on a str", src: body('  %s = str.lit "x"', "  switch %s [] default entry"), code: "type", at: [5, 3], message: /switch needs an integer or enum, got str/ },
  { name: "switch on an enum with an unknown variant", src: "module m\nenum E { A }\nfn f(%e: E) {\nentry:\n  switch %e [B -> entry]\n}", code: "type", at: [5, 14], message: /enum E has no variant B/ },
  { name: "switch on an integer with a name", src: body("  switch %a [A -> entry] default entry"), code: "type", at: [4, 14], message: /needs integer cases, got A/ },
  { name: "call of an unknown function", src: body("  %x = call @g, %a", "  ret %x"), code: "type", at: [4, 8], message: /unknown function @g/ },
  { name: "naming a result-less instruction", src: "module m\nfn f() {\n  var $v: i32\nentry:\n  %z = const.i32 0\n  %x = set $v, %z\n  ret\n}", code: "type", at: [6, 8], message: /set gives no value to name %x/ },
  { name: "array length out of range", src: "module m\nstruct S { a: [i32; 4294967296] }", code: "type", at: [2, 21], message: /array length 4294967296 out of range/ },
  { name: "deeply nested array type", src: `module m\nstruct S { a: ${"[".repeat(10000)}i32${"]".repeat(10000)} }`, code: "limit", at: [2, 215], message: /nested deeper than 200/ },
  { name: "1 MB identifier", src: `module ${"x".repeat(1 << 20)}`, code: "limit", at: [1, 8], message: /token longer than 1024/ },
  { name: "1 MB number", src: body(`  %x = const.i64 ${"9".repeat(1 << 20)}`), code: "limit", at: [4, 18], message: /token longer than 1024/ },
  { name: "huge string literal", src: body(`  %s = str.lit "${"a".repeat((1 << 20) + 1)}"`), code: "limit", at: [4, 16], message: /string literal longer than/ },
  { name: "enum without variants", src: "module m\nenum E {}", code: "parse", at: [2, 9], message: /expected a variant name, found '}'/ },
  // Lines the fast path of plain instruction lines reads whole, then hands back to the token-by-token parser.
  { name: "trailing comma", src: body("  %x = add %a, %a,", "  ret %x"), code: "parse", at: [4, 19], message: /expected an operand, found end of line/ },
  { name: "two operands without a comma", src: body("  %x = add %a %a", "  ret %x"), code: "parse", at: [4, 15], message: /expected ',' or end of line, found '%a'/ },
  { name: "a terminator named as a value", src: body("  %x = ret %a"), code: "parse", at: [4, 8], message: /ret is a terminator and gives no value/ },
  { name: "a value without '='", src: body("  %x add %a, %a", "  ret %x"), code: "parse", at: [4, 3], message: /expected an instruction, found '%x'/ },
  { name: "an instruction and '}' on one line", src: body("  %x = add %a, %a }"), code: "cfg", at: [3, 1], message: /block entry does not end with a terminator/ },
  { name: "a bad character after the operands", src: body("  %x = add %a, %a \u2603", "  ret %x"), code: "parse", at: [4, 19], message: /unexpected character U\+2603/ },
  { name: "an unknown opcode before a bad character", src: body("  %x = addd %a, \u2603"), code: "parse", at: [4, 8], message: /unknown opcode addd/ },
  { name: "'=' as an operand", src: body("  %x = add %a, =", "  ret %x"), code: "parse", at: [4, 16], message: /expected an operand, found '='/ },
  { name: "a line of more operands than the fast path reads", src: body(`  %x = call @g${", %a".repeat(70)}`, "  ret %a"), code: "type", at: [4, 8], message: /call of unknown function @g/ },
];

for (const c of cases) {
  test(`bad input: ${c.name}`, (t) => {
    const e = t.throws(() => parseModule(c.src, "bad.fzir"), { instanceOf: FzError });
    if (!e) return;
    t.regex(e.message, c.message);
    t.is(e.code, c.code, e.message);
    t.deepEqual(e.location, { kind: "text", file: "bad.fzir", line: c.at[0], column: c.at[1] }, e.message);
  });
}

test("at least 25 distinct bad inputs", (t) => {
  t.true(new Set(cases.map((c) => c.name)).size >= 25);
});

test("a non-string, non-bytes source is an FzError", (t) => {
  t.throws(() => parseModule(42 as unknown as string), { instanceOf: FzError, message: /string or a Uint8Array/ });
});

/** Small deterministic PRNG (mulberry32), so a failing mutation can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

test("random mutations of the testdata parse or fail with an FzError", (t) => {
  const files = readdirSync(testdata).filter((f) => f.endsWith(".fzir")).sort().map((f) => readFileSync(join(testdata, f)));
  const random = rng(0xf2f2);
  const pick = (n: number) => Math.floor(random() * n);
  // Bytes that steer the grammar into its corners, plus arbitrary ones.
  const special = [...'[]{}(),:;=-%$@"\\.\n 0x9_'].map((c) => c.charCodeAt(0));
  const started = Date.now();
  let parsed = 0;
  for (let i = 0; i < 500; i++) {
    const bytes = [...files[pick(files.length)]!];
    for (let k = 1 + pick(4); k > 0; k--) {
      const at = pick(bytes.length);
      switch (pick(4)) {
        case 0: bytes.splice(at, 1 + pick(8)); break;
        case 1: bytes.splice(at, 0, random() < 0.5 ? special[pick(special.length)]! : pick(256)); break;
        case 2: { const j = pick(bytes.length); [bytes[at], bytes[j]] = [bytes[j]!, bytes[at]!]; break; }
        default: bytes.splice(at, 0, ...bytes.slice(pick(bytes.length), pick(bytes.length)).slice(0, 200));
      }
    }
    try {
      parseModule(new Uint8Array(bytes), `mutation-${i}.fzir`);
      parsed++;
    } catch (e) {
      if (!(e instanceof FzError) || /internal parser error/.test(e.message)) {
        t.fail(`mutation ${i}: ${e instanceof Error ? e.stack : String(e)}`);
        return;
      }
      t.is(e.location?.kind, "text");
    }
  }
  t.log(`${parsed} of 500 mutations still parse; ${Date.now() - started} ms`);
  t.true(Date.now() - started < 20_000);
});

test("plain instruction lines read the same with comments, CRLF and a '}' after the terminator", (t) => {
  const plain = parseModule("module m\nfn f(%a: i32) -> i32 {\nentry:\n  %x = add %a, %a\n  %y = mul %x, %x\n  ret %y\n}");
  const noisy = parseModule("module m\r\nfn f(%a: i32) -> i32 { ; c\r\nentry: ; c\r\n  %x = add %a,%a ; sum\r\n  %y = mul %x, %x;x\r\n  ret %y }");
  t.deepEqual(noisy, plain);
});

/**
 * A `!loc` written plainly (`!loc "file":line:col`) is read on the lexer's
 * line fast path (lexer.ts `plainLoc`); any other spelling goes token by
 * token. Both must give the same module, and every malformed `!loc` the
 * error the token path gives.
 */
import test from "ava";
import { FzError, parseModule, printModule } from "./index.js";

/** A module whose instructions and terminators carry `!loc`s written by `loc(line, col)`. */
function located(loc: (file: string, line: number, col: number) => string): string {
  return [
    "module m",
    "fn f(%a: i32) -> i32 {",
    "entry:",
    `  %k = const.i32 7 ${loc("a.fz", 1, 2)}`,
    `  %s = add %a, %k ${loc("a.fz", 1, 9)} ; a comment`,
    `  %c = icmp.slt %s, %k ${loc("b.fz", 4294967295, 0)}`,
    `  br %c, yes, no ${loc("b.fz", 3, 4294967295)}`,
    "yes:",
    `  %t = str.lit "x" ${loc("a.fz", 5, 1)}`,
    `  %l = str.len %t ${loc("dir/with space.fz", 6, 1)}`,
    `  ret %l ${loc("a.fz", 7, 3)}`,
    "no:",
    `  ret %s ${loc("a.fz", 8, 3)}`,
    "}",
    "",
  ].join("\n");
}

test("a plain !loc and one spelled with spaces give the same module", (t) => {
  const plain = parseModule(located((f, l, c) => `!loc "${f}":${l}:${c}`));
  const spaced = parseModule(located((f, l, c) => `! loc "${f}" : ${l} : ${c}`));
  t.is(printModule(plain), printModule(spaced));
  const f = plain.functions[0]!;
  t.deepEqual(f.blocks[0]!.insts[2]!.loc, { file: "b.fz", line: 4294967295, col: 0 });
  t.deepEqual(f.blocks[0]!.term.loc, { file: "b.fz", line: 3, col: 4294967295 });
  t.deepEqual(f.blocks[1]!.insts[1]!.loc, { file: "dir/with space.fz", line: 6, col: 1 });
});

test("a malformed !loc is reported as the token path reports it (and a few odd ones read as it reads them)", (t) => {
  // As the parser gave them before the fast path read any `!loc`.
  const cases: [string, string][] = [
    ["!loc \"a.fz\":0:3", "<input>:4:31: error[parse]: a source line number starts at 1"],
    ["!loc \"\":1:3", "<input>:4:24: error[parse]: a source location needs a file name"],
    ["!loc \"a.fz\":4294967296:3", "<input>:4:31: error[parse]: expected a line number, found '4294967296'"],
    ["!loc \"a.fz\":1:3x", "<input>:4:33: error[parse]: expected a column number, found '3x'"],
    ["!loc \"a.fz\":1:3 %k", "<input>:4:35: error[parse]: expected end of line after the source location, found '%k'"],
    ["!loc \"a.fz\":1", "<input>:4:32: error[parse]: expected ':' after the line number, found end of line"],
    ["!loc \"a\\u{41}.fz\":1:3 !loc \"b\":1:1", "<input>:4:41: error[parse]: expected end of line after the source location, found '!'"],
    ["!loc \"a.fz\":01:3", "OK {\"file\":\"a.fz\",\"line\":1,\"col\":3}"],
    ["!loc \"a.fz\":1:3.5", "<input>:4:33: error[parse]: expected a column number, found '3.5'"],
    ["!loc\"a.fz\":1:3", "OK {\"file\":\"a.fz\",\"line\":1,\"col\":3}"],
    ["!loc \"a.fz\":-1:3", "<input>:4:31: error[parse]: expected a line number, found '-1'"],
    ["!loc \"a.fz\":1:3 }", "<input>:3:1: error[cfg]: block entry does not end with a terminator"],
  ];
  for (const [loc, expected] of cases) {
    const text = ["module m", "fn f(%a: i32) -> i32 {", "entry:", `  %k = add %a, %a ${loc}`, "  ret %k", "}", ""].join("\n");
    let got: string;
    try {
      got = `OK ${JSON.stringify(parseModule(text).functions[0]!.blocks[0]!.insts[0]!.loc)}`;
    } catch (e) {
      if (!(e instanceof FzError)) throw e;
      got = e.format();
    }
    t.is(got, expected, loc);
  }
});

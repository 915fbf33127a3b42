/**
 * Positions are offsets until an error needs a line and column (lexer.ts):
 * the column counts code points from the line start (an astral character,
 * a tab and a CR are one column each; a byte-order mark none), and the
 * name table gives one id and one string per spelling.
 */
import test from "ava";
import { FzError } from "./errors.js";
import { NameTable } from "./names.js";
import { parseModule } from "./resolve-syntax.js";

function errorAt(src: string): [number, number, string] {
  try {
    parseModule(src);
  } catch (e) {
    if (e instanceof FzError && e.location?.kind === "text") return [e.location.line, e.location.column, e.message];
    throw e;
  }
  throw new Error("parsed");
}

const fn = (line: string) => `module m\nfn f() {\nentry:\n${line}\n  ret\n}\n`;

test("columns count code points: astral characters, tabs and CRs are one column each", (t) => {
  t.deepEqual(errorAt(fn('  %s = str.lit "😀😀" #')).slice(0, 2), [4, 21]);
  t.deepEqual(errorAt(fn("\t\t%x = bogus")).slice(0, 2), [4, 8]);
  t.deepEqual(errorAt(fn("\r  %x = bogus")).slice(0, 2), [4, 9]);
  t.deepEqual(errorAt(fn('  %s = str.lit "😀\\q"')).slice(0, 2), [4, 18]);
});

test("a byte-order mark is not a column; comments and strings with astral characters keep later lines right", (t) => {
  t.deepEqual(errorAt("\ufeffmodule m\n#"), [2, 1, "unexpected character '#'"]);
  t.deepEqual(errorAt("\ufeff#"), [1, 1, "unexpected character '#'"]);
  t.deepEqual(errorAt(`module m ; 😀 comment\nfn f() {\nentry:\n  %s = str.lit "😀"\n  ret %nope\n}\n`).slice(0, 2), [5, 7]);
});

test("an error at a suffix points at it; one at the end of a statement just past its last token", (t) => {
  t.deepEqual(errorAt(fn("  %x = add.i32")), [4, 12, "add takes no suffix (found .i32)"]); // at the suffix
  const [line, column, message] = errorAt(fn("  br"));
  t.is(line, 4);
  t.is(column, 5);
  t.regex(message, /end of line/);
});

test("the name table interns by spelling, in place, and grows", (t) => {
  const names = new NameTable();
  const src = "alpha beta alpha";
  const a = names.intern(src, 0, 5), b = names.intern(src, 6, 10), a2 = names.intern(src, 11, 16);
  t.is(a, a2);
  t.not(a, b);
  t.is(names.strings[a], "alpha");
  t.is(names.lookup("beta"), b);
  t.is(names.lookup("gamma"), -1);
  const many = Array.from({ length: 5000 }, (_, i) => `n${i}`).join(" ");
  const ids: number[] = [];
  for (let at = 0; at < many.length;) {
    const end = many.indexOf(" ", at) < 0 ? many.length : many.indexOf(" ", at);
    ids.push(names.intern(many, at, end));
    at = end + 1;
  }
  t.is(new Set(ids).size, 5000);
  t.is(names.lookup("n4999"), ids[4999]);
  t.is(names.strings[ids[1234]!], "n1234");
});

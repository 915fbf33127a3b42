/**
 * Positions are offsets until an error needs a line and column (lexer.ts):
 * the column counts code points from the line start (an astral character,
 * a tab and a CR are one column each; a byte-order mark none), and the
 * name table gives one id and one string per spelling.
 */
import test from "ava";
import { FzError } from "./errors.js";
import { Lexer, PLAIN_TOKENS } from "./lexer.js";
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

/** The tokens of `src`'s first line as the token by token path reads them: kind, start, text and name id; and the next token's kind and start. */
function tokenByToken(src: string): string[] {
  const lx = new Lexer(src), out: string[] = [];
  while (lx.kind() !== "eof" && lx.tokenLine() === 1) {
    out.push(`${lx.kind()}@${lx.start()}:${lx.text()}#${lx.nameId()}${lx.kind() === "string" ? `=${lx.value()}` : ""}`);
    lx.next();
  }
  out.push(`next ${lx.kind()}@${lx.start()} last ${lx.lastEnd}`);
  return out;
}

/** The same as `scanLine` reads them (after peeking `peek` tokens ahead, 0 to 2), or null when it leaves the line to the token by token path. */
function byLine(src: string, peek = 0): string[] | null {
  const lx = new Lexer(src), out: string[] = [];
  if (peek > 0) lx.kind(peek - 1);
  if (!lx.scanLine()) return null;
  for (let j = 0; j < lx.lineCount; j++) {
    const id = lx.lineNameId(j);
    const kind = PLAIN_TOKENS[lx.lineCodes[j]!];
    out.push(`${kind}@${lx.lineStarts[j]}:${lx.names.strings[id]}#${id}${kind === "string" ? `=${lx.lineString(j)}` : ""}`);
  }
  lx.commitLine();
  const last = lx.lastEnd;
  out.push(`next ${lx.kind()}@${lx.start()} last ${last}`);
  return out;
}

test("a plain line read at once gives the tokens, names and next token the token by token path gives", (t) => {
  const plain = [
    "%x = add %a, %b", "%y=mul.wide %a,%b ; a comment", "call @f, $v, 12, -3, 1.5e-3, -inf, Opt.Some", "%n = const.i32 -2147483648\r",
    "a.b.c 0x1f, 1.5, 2.5E+7 ; [i32; 3]", "%x = add %a, %b\n\n  ; comment\n  %next = x", "  set $v, %x\t\n}", "%a_1 = opaque %b2", "x",
    '%s = str.lit "x"', '%s = str.lit ""  ; c', '%s = str.lit "a; [b] \u00e9 %c", %d', 'call @f, "x", "y"\n%z = g',
  ];
  for (const line of plain) {
    for (const peek of [0, 1, 2]) t.deepEqual(byLine(line, peek), tokenByToken(line), `${line} (${peek} ahead)`);
  }
  // Lines with any other token (or a malformed one) are left alone: everything is as before.
  for (const line of ['%s = str.lit "a\\n"', '%s = str.lit "abc', '%s = str.lit "a\ud800"', '%s = str.lit "\ud83d\ude00"', '%s = str.lit "a\rb"', "%a = array.new [i32; 3]", "%x = add %a, % b", "%x = add %a, #", "br %c, a, b -> c", `%x = add %${"n".repeat(1100)}`]) {
    const lx = new Lexer(line);
    const before = `${lx.kind()}@${lx.start()}:${lx.kind(1)}@${lx.start(1)}`;
    t.false(lx.scanLine(), line);
    t.is(`${lx.kind()}@${lx.start()}:${lx.kind(1)}@${lx.start(1)}`, before, line);
    const fresh = new Lexer(line); // nothing scanned ahead: the line is read from the text, and rolled back to it
    t.false(fresh.scanLine(), line);
    t.is(`${fresh.kind()}@${fresh.start()}:${fresh.kind(1)}@${fresh.start(1)}`, before, line);
  }
});

test("a line ending in a plain !loc is read at once: the tokens before it, its location, the next token", (t) => {
  const located: [string, { file: string; line: number; col: number }][] = [
    ['ret %x !loc "f":1:2', { file: "f", line: 1, col: 2 }],
    ['%x = add %a, %b !loc "dir/a b.fz":4294967295:0 ; c\n  %y = g', { file: "dir/a b.fz", line: 4294967295, col: 0 }],
    ['jump next !loc\t"\u00e9.fz":7:0007\r\n}', { file: "\u00e9.fz", line: 7, col: 7 }],
    ['call @f, "s" !loc "f":12:3', { file: "f", line: 12, col: 3 }],
  ];
  for (const [line, loc] of located) {
    const tokens = tokenByToken(line), bang = tokens.findIndex((x) => x.startsWith("!@"));
    for (const peek of [0, 1, 2]) {
      t.deepEqual(byLine(line, peek), [...tokens.slice(0, bang), tokens[tokens.length - 1]!], `${line} (${peek} ahead)`);
      const lx = new Lexer(line);
      if (peek > 0) lx.kind(peek - 1);
      t.true(lx.scanLine(), line);
      t.deepEqual(lx.lineLoc, loc, line);
    }
  }
  // Any other spelling of a location, and a malformed one, is left to the token by token path (which reports it).
  for (const line of ['ret %x ! loc "f":1:2', 'ret %x !loc "f" : 1:2', 'ret %x !loc "f\\n":1:2', 'ret %x !loc "f":0:2', 'ret %x !loc "":1:2', 'ret %x !loc "f":1:2x',
    'ret %x !loc "f":1:2 %y', 'ret %x !loc "f":1', 'ret %x !loc "f":99999999999:1', 'ret %x !loc"f":1:2', 'ret %x !loc "f":1:2.5', 'ret %x !loc "f":1:2 !loc "g":1:1']) {
    const lx = new Lexer(line);
    t.false(lx.scanLine(), line);
    t.is(nextToken(lx), nextToken(new Lexer(line)), line);
  }
});

test("a label read at once gives the name, position and next token the token by token path gives", (t) => {
  const byTokens = (src: string): string => {
    const lx = new Lexer(src);
    const at = `${lx.start()}:${lx.nameId()}`;
    lx.next();
    lx.next();
    return `${at} last ${lx.lastStart}-${lx.lastEnd} next ${lx.kind()}@${lx.start()}`;
  };
  for (const src of ["entry:", "  loop_head:\n  %x = add %a, %b", "\n; c\nb1 :  ret", "0:", "12ab_:\r\n", "L: %x = f %y"]) {
    const lx = new Lexer(src);
    t.true(lx.scanLabel(), src);
    t.is(`${lx.lineStarts[0]}:${lx.lineNameId(0)} last ${lx.lastStart}-${lx.lastEnd} next ${lx.kind()}@${lx.start()}`, byTokens(src), src);
  }
  // Anything else is left as it was.
  for (const src of ["a.b:", "1.5:", "-1:", "entry\n:", "%x:", "x ; c\n:", "}", "", `${"n".repeat(1100)}:`]) {
    const lx = new Lexer(src);
    t.false(lx.scanLabel(), src);
    t.is(nextToken(lx), nextToken(new Lexer(src)), src);
  }
});

/** The next token's kind and start, or the error reading it gives. */
function nextToken(lx: Lexer): string {
  try {
    return `${lx.kind()}@${lx.start()}`;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * stringBufferEscapes: a new string's site buffer escapes when a view derived
 * from it (trim, opaque, select, slice, transitively) reaches a use that keeps
 * it (a variable, a call, a return); comparisons, lengths and copies do not.
 */
import test from "ava";
import { parseModule, verifyModule } from "@fzy/ir";
import { bufferEscapesOf, stringBufferEscapes } from "./lower-strings.js";

/** The function `f` of the given body (parameters %a, %b: str; a str variable $v). */
function withBody(body: string[]) {
  const m = parseModule(`module t
fn keep(%s: str) -> i32 {
entry:
  %n = str.len %s
  ret %n
}
export fn f(%a: str, %b: str, %c: bool) -> str {
  var $v: str
entry:
${body.map((l) => `  ${l}`).join("\n")}
}
`);
  verifyModule(m);
  return m.functions.find((x) => x.name === "f")!;
}

/** The names of the sites whose buffers escape in a function of the given body. */
function escaping(body: string[]): string[] {
  const f = withBody(body);
  return [...stringBufferEscapes(f)].map((v) => f.values[v]!.name);
}

test("only read, compared or copied: no site escapes", (t) => {
  t.deepEqual(escaping(["%s = str.concat %a, %b", "%t = str.trim %s", "%e = str.eq %t, %a", "%u = str.concat %t, %b", "ret %a"]), []);
});

test("reaching a return, a variable or a call through derived views escapes, transitively", (t) => {
  t.deepEqual(escaping(["%s = str.concat %a, %b", "ret %s"]), ["s"]);
  t.deepEqual(escaping(["%s = str.concat %a, %b", "%t = str.trim %s", "%o = opaque %t", "set $v, %o", "ret %a"]), ["s"]);
  t.deepEqual(escaping(["%s = str.concat %a, %b", "%t = select %c, %a, %s", "%n = call @keep, %t", "ret %a"]), ["s"]);
  // Two sites: the one whose view is returned escapes, the one only measured does not.
  t.deepEqual(escaping(["%s = str.replace %a, %b, %b", "%r = str.concat %a, %a", "%n = str.len %s", "%t = str.trim %r", "ret %t"]), ["r"]);
});

test("the kept answer is the function asked's, whichever was asked before", (t) => {
  const kept = withBody(["%s = str.concat %a, %b", "ret %s"]), local = withBody(["%s = str.concat %a, %b", "%n = str.len %s", "ret %a"]);
  for (const f of [kept, local, local, kept]) t.deepEqual([...bufferEscapesOf(f)], [...stringBufferEscapes(f)]);
  t.is(bufferEscapesOf(kept).size, 1);
  t.is(bufferEscapesOf(local).size, 0);
});

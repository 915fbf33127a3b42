/**
 * Valid modules the hostile-input generator mutates. They are embedded here,
 * not read from conformance/modules, so the generated corpus depends on
 * this file and the seed only and can be checked byte for byte against its
 * committed copy. Together they use every item kind, every terminator and
 * most opcode formats.
 */

export const TEMPLATES: readonly string[] = [
  `module arith

export fn kernel(%n: i32) -> i32 {
  var $acc: i32
entry:
  %zero = const.i32 0
  set $acc, %zero
  %k = const.i32 7
  %q = sdiv %n, %k
  %r = srem %n, %k
  %w = sext.i64 %q
  %c = const.i64 -9223372036854775808
  %m = mul %w, %c
  %t = trunc.i8 %m
  %u = zext.i32 %t
  %s = add %u, %r
  set $acc, %s
  %neg = icmp.slt %n, %zero
  br %neg, left, right
left:
  %a = get $acc
  %b = neg %a
  ret %b
right:
  %x = get $acc
  ret %x
}
`,
  `module shapes

struct Pair { left: i32, right: i64 }

enum Shape { Dot, Line(i32), Box(Pair), Name(str) }

fn area(%s: Shape) -> i32 {
entry:
  switch %s [Dot -> dot, Line -> line, Box -> box] default other
dot:
  %z = const.i32 0
  ret %z
line:
  %l = enum.payload %s, Line
  ret %l
box:
  %p = enum.payload %s, Box
  %a = struct.get %p, left
  ret %a
other:
  %one = const.i32 1
  ret %one
}

export fn kernel(%n: i32) -> i32 {
entry:
  %w = const.i64 3
  %p = struct.new Pair, %n, %w
  struct.set %p, left, %n
  %b = enum.new Shape.Box, %p
  %r = call @area, %b
  switch %n [0 -> zero, 1 -> one, -7 -> zero, 0x7fffffff -> one] default one
zero:
  ret %r
one:
  %d = enum.new Shape.Dot
  %e = call @area, %d
  ret %e
}
`,
  `module arrays

export fn kernel(%n: i32) -> i32 {
  var $i: i32
entry:
  %zero = const.i32 0
  %one = const.i32 1
  %a = array.lit [i32; 4], %zero, %one, %n, %one
  %t = const.i8 -128
  %g = array.new [i8; 2], %t
  %f = array.new [[i8; 2]; 3], %g
  %d = array.new [i64]
  %w = sext.i64 %n
  array.push %d, %w
  set $i, %zero
  jump head
head:
  %i = get $i
  %len = array.len %a
  %more = icmp.slt %i, %len
  br %more, body, exit
body:
  %e = array.get %a, %i
  array.set %a, %i, %e
  %i1 = add %i, %one
  set $i, %i1
  jump head
exit:
  %x = array.get %a, %n
  ret %x
}
`,
  `module text

import fn log(str)
import fn clock() -> i64

export fn kernel(%n: i32) -> i32 {
entry:
  %s = str.lit "  h\\u{e9}llo, w\\u{3000}rld\\t\\n\\x41\\0 "
  %t = str.trim %s
  %c = str.lit ","
  %e = str.lit ""
  %r = str.replace %t, %c, %e
  %j = str.concat %r, %s
  %b = str.contains %j, %c
  %sw = str.starts_with %j, %e
  %ew = str.ends_with %j, %c
  %q = str.eq %j, %t
  %l = str.len %j
  %o = opaque %l
  call @log, %j
  %f = const.f64 -1.5e-3
  %g = fadd %f, %f
  %h = fptosi.i32 %g
  %nn = const.f64 nan
  %lt = fcmp.lt %nn, %g
  %sel = select %lt, %o, %h
  unreachable
}
`,
];

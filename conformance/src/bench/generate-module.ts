/**
 * A large synthetic module for timing `lower()` itself: `count` functions,
 * each a counted loop over a fixed array with a dense and a sparse integer
 * switch, and, in turn, a struct built and read, an enum matched, string
 * operations, and calls to a small helper (an inlining candidate). The mix
 * makes every part of the shared lowering (matrix decisions, range
 * analysis, inlining, scalarization, switch lowering, SSA) do real work.
 * The text is deterministic for a given count.
 */

function helper(i: number): string {
  return `fn mix${i}(%a: i32, %b: i32) -> i32 {
entry:
  %k = const.i32 ${31 + i}
  %m = mul %a, %k
  %s = add %m, %b
  ret %s
}`;
}

function worker(i: number, helpers: number): string {
  const lines: string[] = [];
  const emit = (s: string) => lines.push(`  ${s}`);
  const label = (s: string) => lines.push(`${s}:`);
  lines.push(`export fn f${i}(%n: i32) -> i32 {`, "  var $i: i32", "  var $acc: i32");
  label("entry");
  for (let e = 0; e < 8; e++) emit(`%e${e} = const.i32 ${(i * 7 + e * 3) % 23}`);
  emit(`%table = array.lit [i32; 8], ${[0, 1, 2, 3, 4, 5, 6, 7].map((e) => `%e${e}`).join(", ")}`);
  emit("%zero = const.i32 0");
  emit("set $i, %zero");
  emit(`%start = const.i32 ${i}`);
  emit("set $acc, %start");
  emit("jump head");
  label("head");
  emit("%iv = get $i");
  emit("%more = icmp.slt %iv, %n");
  emit("br %more, body, done");
  label("body");
  emit("%mask = const.i32 7");
  emit("%idx = and %iv, %mask");
  emit("%x = array.get %table, %idx");
  emit("%acc0 = get $acc");
  emit(`%kk = const.i32 ${3 + (i % 5)}`);
  emit("%scaled = mul %x, %kk");
  emit("%sum = add %acc0, %scaled");
  emit("%m = const.i32 1000003");
  emit("%acc1 = srem %sum, %m");
  if (i % 3 === 0) {
    emit("%p = struct.new Pair, %acc1, %x");
    emit("%pl = struct.get %p, left");
    emit("%pr = struct.get %p, right");
    emit("%acc2 = add %pl, %pr");
  } else if (i % 3 === 1) {
    emit(`%h = call @mix${i % helpers}, %acc1, %x`);
    emit("%acc2 = add %h, %iv");
  } else {
    emit("%acc2 = xor %acc1, %iv");
  }
  emit("set $acc, %acc2");
  emit("switch %idx [0 -> d0, 1 -> d1, 2 -> d2, 3 -> d3] default sparse");
  for (let d = 0; d < 4; d++) {
    label(`d${d}`);
    emit(`%dv${d} = const.i32 ${d * 5 + 1}`);
    emit(`%da${d} = add %acc2, %dv${d}`);
    emit(`set $acc, %da${d}`);
    emit("jump latch");
  }
  label("sparse");
  emit("%big = mul %acc2, %iv");
  emit("switch %big [3 -> s0, 97 -> s1, 1000 -> s2, 65536 -> s3] default latch");
  for (let s = 0; s < 4; s++) {
    label(`s${s}`);
    emit(`%sv${s} = const.i32 ${s + 2}`);
    emit(`%sa${s} = sub %acc2, %sv${s}`);
    emit(`set $acc, %sa${s}`);
    emit("jump latch");
  }
  label("latch");
  emit("%one = const.i32 1");
  emit("%inext = add %iv, %one");
  emit("set $i, %inext");
  emit("jump head");
  label("done");
  emit("%r = get $acc");
  if (i % 4 === 0) {
    emit("%three = const.i32 3");
    emit("%ci = and %r, %three");
    emit("%gz = const.i32 0");
    emit("%isz = icmp.eq %ci, %gz");
    emit("br %isz, red, green");
    label("red");
    emit("%cr = enum.new Color.Red");
    emit("jump pick");
    label("green");
    emit("%cg = enum.new Color.Green");
    emit("jump pick_g");
    label("pick_g");
    emit("switch %cg [Red -> c_red, Green -> c_green, Blue -> c_blue]");
    label("pick");
    emit("switch %cr [Red -> c_red, Green -> c_green, Blue -> c_blue]");
    for (const [c, v] of [["red", 11], ["green", 13], ["blue", 17]] as const) {
      label(`c_${c}`);
      emit(`%cv_${c} = const.i32 ${v}`);
      emit(`%cr_${c} = add %r, %cv_${c}`);
      emit(`ret %cr_${c}`);
    }
  } else if (i % 4 === 1) {
    emit(`%text = str.lit "  item${i},value  "`);
    emit("%raw = opaque %text");
    emit("%trimmed = str.trim %raw");
    emit(`%needle = str.lit "item"`);
    emit("%has = str.starts_with %trimmed, %needle");
    emit("%len = str.len %trimmed");
    emit("br %has, with_len, plain");
    label("with_len");
    emit("%rl = add %r, %len");
    emit("ret %rl");
    label("plain");
    emit("ret %r");
  } else {
    emit("ret %r");
  }
  lines.push("}");
  return lines.join("\n");
}

/** The text of a module with `count` loop functions and count/10 (at least one) small helpers. */
export function generateModule(count: number): string {
  const helpers = Math.max(1, Math.floor(count / 10));
  const parts = [
    "module generated",
    "struct Pair { left: i32, right: i32 }",
    "enum Color { Red, Green, Blue }",
    ...Array.from({ length: helpers }, (_, i) => helper(i)),
    ...Array.from({ length: count }, (_, i) => worker(i, helpers)),
  ];
  return `${parts.join("\n\n")}\n`;
}

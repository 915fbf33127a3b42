/**
 * The trace format: what is written parses back to the same calls, every
 * kind of damage is rejected naming what is wrong, and the interpreter's
 * recorder spells values as the native runtime does.
 */
import test from "ava";
import { interpret, parseModule } from "@fzy/ir";
import { fnv1a64, formatTrace, parseTrace, recordInterpreterImports, serializeTrace, type TraceCall, TraceError } from "./trace.js";

const CALLS: TraceCall[] = [
  { name: "clock_now", args: [], result: { kind: "i", value: -9223372036854775808n } },
  { name: "kv_put", args: [{ kind: "s", bytes: new Uint8Array(Buffer.from("kä")) }, { kind: "i", value: 5n }], result: { kind: "v" } },
  { name: "scale", args: [{ kind: "f", bits: 0x3ff8000000000000n }], result: { kind: "s", bytes: new Uint8Array() } },
];

test("FNV-1a 64 matches the published test vectors", (t) => {
  t.is(fnv1a64(new Uint8Array()), "cbf29ce484222325");
  t.is(fnv1a64(Buffer.from("a")), "af63dc4c8601ec8c");
  t.is(fnv1a64(Buffer.from("foobar")), "85944171f73967e8");
});

test("a written trace parses back to its calls and prints readably", (t) => {
  const text = serializeTrace(CALLS);
  t.true(text.startsWith("fztrace 1\ncall clock_now -> i:-9223372036854775808\ncall kv_put s:6bc3a4 i:5 -> v\n"));
  t.deepEqual(parseTrace(text), CALLS);
  t.deepEqual(parseTrace(serializeTrace([])), []);
  t.is(formatTrace(CALLS), '#0 clock_now() -> -9223372036854775808\n#1 kv_put("kä", 5) -> ()\n#2 scale(1.5 (0x3ff8000000000000)) -> ""\n');
});

test("damaged traces are rejected with the reason", (t) => {
  const text = serializeTrace(CALLS);
  const reject = (s: string, message: RegExp) => t.throws(() => parseTrace(s), { instanceOf: TraceError, message });
  reject(text.replace("i:5", "i:6"), /checksum mismatch/);
  reject(text.replace("fztrace 1", "fztrace 2"), /not a version 1 trace/);
  reject(text.slice(0, text.lastIndexOf("end ")), /no end line/);
  reject(text.replace(/end 3 /, "end x "), /malformed end line/);
  const recount = (body: string, n: number) => `${body}end ${n} fnv1a64:${fnv1a64(Buffer.from(body))}\n`;
  const body = text.slice(0, text.lastIndexOf("end "));
  reject(recount(body, 4), /the end line says 4 calls, the trace holds 3/);
  reject(recount(body.replace("i:5", "i:05"), 3), /line 3: malformed value 'i:05'/);
  reject(recount(body.replace("i:5", "i:9223372036854775808"), 3), /malformed value/);
  reject(recount(body.replace("s:6bc3a4", "s:6bc3a"), 3), /malformed value 's:6bc3a'/);
  reject(recount(body.replace("-> v", "v -> v"), 3), /'v' is not an argument/);
  reject(recount(body.replace("call kv_put", "cal kv_put"), 3), /line 3: malformed call line/);
});

test("the interpreter's recorder spells values as the runtime does", (t) => {
  const m = parseModule(`module m
import fn get(i8, bool, str) -> i32
import fn put(f64)
export fn kernel(%n: i32) -> i32 {
entry:
  %a = trunc.i8 %n
  %t = const.bool true
  %s = str.lit "é"
  %r = call @get, %a, %t, %s
  %f = const.f64 -0.0
  call @put, %f
  ret %r
}
`);
  const rec = recordInterpreterImports(m.imports, { get: () => -7, put: () => undefined });
  t.is(interpret(m, "kernel", [255], { imports: rec.imports }), -7);
  t.is(serializeTrace(rec.calls).split("\n").slice(1, 3).join("\n"), "call get i:-1 i:1 s:c3a9 -> i:-7\ncall put f:8000000000000000 -> v");
});

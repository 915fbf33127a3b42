/**
 * The host-call trace format, version 1 (packages/runtime-c/TRACE.md is its
 * specification; runtime-c's trace.c writes and reads it natively): parse and
 * verify a trace, write one, print it readably, and record one from the
 * reference interpreter's host functions so interpreter and native runs can
 * be compared byte for byte.
 *
 *   fztrace 1
 *   call NAME TOKEN... -> TOKEN
 *   ...
 *   end COUNT fnv1a64:HHHHHHHHHHHHHHHH
 *
 * Tokens: `i:<decimal i64>` (integers sign-extended, bool as 0/1),
 * `f:<16 lowercase hex digits of the f64 bits>`, `s:<lowercase hex bytes>`,
 * and `v` (no result). The checksum is FNV-1a 64 over every byte before the
 * `end` line. A trace that breaks any rule is rejected with a TraceError
 * naming the line.
 */
import type { HostFunction, ImportDef, Type } from "@fzy/ir";

export const TRACE_VERSION = 1;
const HEADER = `fztrace ${TRACE_VERSION}\n`;

/** A malformed or corrupt trace. */
export class TraceError extends Error {}

export type TraceValue =
  | { readonly kind: "i"; readonly value: bigint }
  | { readonly kind: "f"; readonly bits: bigint }
  | { readonly kind: "s"; readonly bytes: Uint8Array }
  | { readonly kind: "v" };

export interface TraceCall {
  readonly name: string;
  readonly args: readonly TraceValue[];
  readonly result: TraceValue;
}

/** FNV-1a, 64-bit (Fowler, Noll, Vo), as 16 lowercase hex digits. */
export function fnv1a64(bytes: Uint8Array): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, "0");
}

export function formatToken(v: TraceValue): string {
  switch (v.kind) {
    case "i": return `i:${v.value}`;
    case "f": return `f:${v.bits.toString(16).padStart(16, "0")}`;
    case "s": return `s:${Buffer.from(v.bytes).toString("hex")}`;
    case "v": return "v";
  }
}

function parseToken(tok: string, where: string): TraceValue {
  if (tok === "v") return { kind: "v" };
  const body = tok.slice(2);
  if (tok.startsWith("i:") && /^-?(0|[1-9]\d*)$/.test(body)) {
    const value = BigInt(body);
    if (value === BigInt.asIntN(64, value)) return { kind: "i", value };
  }
  if (tok.startsWith("f:") && /^[0-9a-f]{16}$/.test(body)) return { kind: "f", bits: BigInt(`0x${body}`) };
  if (tok.startsWith("s:") && /^([0-9a-f]{2})*$/.test(body)) return { kind: "s", bytes: new Uint8Array(Buffer.from(body, "hex")) };
  throw new TraceError(`${where}: malformed value '${tok}'`);
}

function callLine(c: TraceCall): string {
  return `call ${[c.name, ...c.args.map(formatToken)].join(" ")} -> ${formatToken(c.result)}\n`;
}

/** The trace file for `calls`, byte for byte as the runtime writes it. */
export function serializeTrace(calls: readonly TraceCall[]): string {
  const body = HEADER + calls.map(callLine).join("");
  return `${body}end ${calls.length} fnv1a64:${fnv1a64(Buffer.from(body, "utf8"))}\n`;
}

/** Parses and verifies a trace (header, every line, count, checksum); throws TraceError. */
export function parseTrace(data: string | Uint8Array): TraceCall[] {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
  const text = bytes.toString("latin1");
  if (!text.startsWith(HEADER)) throw new TraceError(`line 1: not a version ${TRACE_VERSION} trace (expected '${HEADER.trim()}')`);
  const endAt = text.lastIndexOf("\nend ") + 1;
  if (endAt === 0) throw new TraceError("no end line (truncated trace?)");
  const end = /^end (\d+) fnv1a64:([0-9a-f]{16})\n$/.exec(text.slice(endAt));
  if (!end) throw new TraceError(`line ${text.slice(0, endAt).split("\n").length}: malformed end line`);
  const sum = fnv1a64(bytes.subarray(0, endAt));
  if (sum !== end[2]) throw new TraceError(`checksum mismatch: the end line says ${end[2]}, the contents give ${sum}`);
  const lines = text.slice(HEADER.length, endAt - 1).split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
  const calls = lines.map((line, i) => parseCall(line, `line ${i + 2}`));
  if (calls.length !== Number(end[1])) throw new TraceError(`the end line says ${end[1]} calls, the trace holds ${calls.length}`);
  return calls;
}

function parseCall(line: string, where: string): TraceCall {
  const m = /^call ([A-Za-z_][A-Za-z0-9_]*)((?: [^ ]+)*) -> ([^ ]+)$/.exec(line);
  if (!m) throw new TraceError(`${where}: malformed call line`);
  const args = m[2]!.split(" ").filter(Boolean).map((t) => parseToken(t, where));
  if (args.some((a) => a.kind === "v")) throw new TraceError(`${where}: 'v' is not an argument`);
  return { name: m[1]!, args, result: parseToken(m[3]!, where) };
}

function readable(v: TraceValue): string {
  switch (v.kind) {
    case "i": return String(v.value);
    case "f": {
      const f = Buffer.alloc(8);
      f.writeBigUInt64LE(v.bits);
      return `${f.readDoubleLE(0)} (0x${v.bits.toString(16).padStart(16, "0")})`;
    }
    case "s": return JSON.stringify(new TextDecoder("utf-8", { fatal: false }).decode(v.bytes));
    case "v": return "()";
  }
}

/** One line per call: `#3 kv_get("ka") -> 10`. */
export function formatTrace(calls: readonly TraceCall[]): string {
  return calls.map((c, i) => `#${i} ${c.name}(${c.args.map(readable).join(", ")}) -> ${readable(c.result)}\n`).join("");
}

/** An interpreter value of a traceable type as a trace value. */
function toTraceValue(t: Type | null, v: unknown): TraceValue {
  if (t === null) return { kind: "v" };
  switch (t.kind) {
    case "int": return { kind: "i", value: BigInt.asIntN(t.bits, BigInt(v as number | bigint)) };
    case "bool": return { kind: "i", value: v ? 1n : 0n };
    case "f64": {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v as number);
      return { kind: "f", bits: b.readBigUInt64LE(0) };
    }
    case "str": return { kind: "s", bytes: new Uint8Array(Buffer.from(v as string, "utf8")) };
    default: throw new TraceError(`traced host calls carry int, bool, f64 and str values only, not ${t.kind}`);
  }
}

/**
 * Wraps the reference interpreter's host functions so every call is
 * appended to `calls` as the native runtime would record it.
 */
export function recordInterpreterImports(
  defs: readonly ImportDef[],
  imports: Readonly<Record<string, HostFunction>>,
): { readonly imports: Record<string, HostFunction>; readonly calls: TraceCall[] } {
  const calls: TraceCall[] = [];
  const wrapped: Record<string, HostFunction> = {};
  for (const d of defs) {
    const host = imports[d.name];
    if (!host) continue;
    wrapped[d.name] = (...args) => {
      const r = host(...args);
      calls.push({ name: d.name, args: args.map((a, i) => toTraceValue(d.params[i]!, a)), result: toTraceValue(d.result, r) });
      return r;
    };
  }
  return { imports: wrapped, calls };
}

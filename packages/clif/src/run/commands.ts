/**
 * `; run:` and `; print:` comments as Cranelift's filetest runner reads them
 * (cranelift-reader's parse_run_command): `run: %f(ARGS) == RESULT`,
 * `run: %f(ARGS) != RESULT`, `[R1, R2]` for several results, a bare `run`
 * for a `() -> iN` function (its result must be non-zero), `print: %f(ARGS)`.
 * As in Cranelift's runner (filetests' test_run.rs), a command calls the
 * function it follows, whatever name it writes, and its values are parsed
 * at that function's signature; values are kept as bit patterns and results
 * compare bitwise, as the runner's `bitwise_eq` does (NaN payloads matter).
 */
import { type FunctionAst, isFloat, isVector, laneCount, laneType, type RunComment, type Signature, typeBits, type ValueType } from "../check/index.js";
import { vectorBits } from "../exec/vector.js";
import { type FloatFormat, parseFloatBits, parseIntImmediate } from "../check/lexer.js";

export interface RunCommand {
  readonly line: number;
  readonly col: number;
  readonly text: string;
  readonly fn: string;
  readonly sig: Signature;
  readonly args: readonly bigint[];
  /** `==` or `!=` with the expected bits; undefined for `print`. */
  readonly compare?: { readonly op: "==" | "!="; readonly values: readonly bigint[] };
}

/** The bit pattern of a data value of type `t`, or an error message. */
export function dataValue(text: string, t: ValueType): bigint | string {
  if (isFloat(t)) return parseFloatBits(text, t as FloatFormat);
  if (isVector(t)) return vectorBits(text, t);
  const n = typeBits(t);
  const v = parseIntImmediate(text, n);
  return typeof v === "string" ? v : BigInt.asUintN(n, v);
}

function splitList(s: string): string[] {
  return s.trim() === "" ? [] : s.split(",").map((x) => x.trim());
}

function values(list: string[], types: readonly ValueType[], what: string): bigint[] | string {
  if (list.length !== types.length) return `${what}: ${list.length} values for ${types.length} types`;
  const out: bigint[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = dataValue(list[i]!, types[i]!);
    if (typeof v === "string") return `${what} ${i}: ${v}`;
    out.push(v);
  }
  return out;
}

/** One run comment against the functions of its file; an error message when it does not parse. */
export function parseRunComment(c: RunComment, owner: FunctionAst, byName: ReadonlyMap<string, FunctionAst>): RunCommand | string {
  const body = c.text.replace(/^(run|print)\s*/, "");
  if (!body.startsWith(":")) {
    if (c.kind === "run" && owner.sig.params.length === 0 && owner.sig.results.length === 1 && owner.sig.results[0]!.startsWith("i") && !owner.sig.results[0]!.includes("x")) {
      return { line: c.line, col: c.col, text: c.text, fn: owner.name, sig: owner.sig, args: [], compare: { op: "!=", values: [0n] } };
    }
    if (c.kind === "print" && owner.sig.params.length === 0) return { line: c.line, col: c.col, text: c.text, fn: owner.name, sig: owner.sig, args: [] };
    return `unable to parse the ${c.kind} command`;
  }
  const m = /^:\s*%([A-Za-z0-9_]+)\s*\((.*?)\)\s*(?:(==|!=)\s*(.*))?$/.exec(body);
  if (!m) return `malformed ${c.kind} command '${c.text}'`;
  const f = owner;
  void byName;
  const args = values(splitList(m[2]!), f.sig.params, "argument");
  if (typeof args === "string") return args;
  const base = { line: c.line, col: c.col, text: c.text, fn: f.name, sig: f.sig, args };
  if (c.kind === "print") return base;
  if (!m[3]) return "expected == or != and the expected results";
  let rhs = m[4]!.trim();
  if (f.sig.results.length !== 1) {
    if (!rhs.startsWith("[") || !rhs.endsWith("]")) return "several results are written [R1, R2]";
    rhs = rhs.slice(1, -1);
  }
  const expected = values(f.sig.results.length === 1 ? [rhs] : splitList(rhs), f.sig.results, "result");
  if (typeof expected === "string") return expected;
  return { ...base, compare: { op: m[3] as "==" | "!=", values: expected } };
}

/** A result bit pattern in the runner's notation: integers signed decimal, floats as hex bits. */
export function formatValue(bits: bigint, t: ValueType): string {
  if (isFloat(t)) return `${t}:0x${bits.toString(16)}`;
  if (isVector(t)) {
    const n = typeBits(laneType(t));
    const lanes = Array.from({ length: laneCount(t) }, (_, i) => formatValue((bits >> BigInt(i * n)) & ((1n << BigInt(n)) - 1n), laneType(t)));
    return `[${lanes.join(" ")}]`;
  }
  return BigInt.asIntN(typeBits(t), bits).toString();
}

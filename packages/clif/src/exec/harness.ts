/**
 * A generated C `main` that calls functions of a translated (or
 * Cranelift-compiled) CLIF module with arguments baked in as bit patterns,
 * and prints each call's results as bit patterns, so the caller (a run-line
 * runner, `fzclif run --entry`) compares and formats them in one place.
 *
 * `prog` runs every call, each in a forked child so a trap ends only its own
 * call; `prog I` runs call I in the process itself. One output line per call:
 *   `I ok HEX...`       the results' bits (i128 as one 32-digit number)
 *   `I signal N`        the call died of signal N (a trap is SIGILL or SIGFPE)
 * The harness is its own translation unit: it may include libc headers
 * without clashing with the module's symbols, which it names by asm labels.
 */
import { isVector, type Signature, typeBits, type ValueType } from "../check/index.js";
import { vectorC, vectorTypedefs } from "./vector.js";

/** One call: the function's symbol, its signature and the arguments' bit patterns (unsigned). */
export interface Invocation {
  readonly fn: string;
  readonly sig: Signature;
  readonly args: readonly bigint[];
}

/** The C type of a scalar at the call boundary, or undefined when the harness cannot pass it. */
export function harnessType(t: ValueType): string | undefined {
  if (isVector(t)) {
    try {
      return vectorC(t);
    } catch {
      return undefined;
    }
  }
  switch (t) {
    case "i8": case "i16": case "i32": case "i64": return `uint${t.slice(1)}_t`;
    case "i128": return "unsigned __int128";
    case "f32": return "float";
    case "f64": return "double";
    default: return undefined;
  }
}

function ctype(t: ValueType): string {
  const c = harnessType(t);
  if (!c) throw new Error(`the executor cannot pass ${t} values`);
  return c;
}

function constant(t: ValueType, bits: bigint): string {
  const hex = (b: bigint) => `0x${b.toString(16)}ULL`;
  if (isVector(t)) {
    const bytes = Array.from({ length: typeBits(t) / 8 }, (_, i) => Number((bits >> BigInt(8 * i)) & 0xffn));
    return `({ ${ctype(t)} x_; static const uint8_t b_[${bytes.length}] = { ${bytes.join(", ")} }; memcpy(&x_, b_, sizeof x_); x_; })`;
  }
  switch (t) {
    case "i128": return `(((unsigned __int128)${hex(bits >> 64n)} << 64) | ${hex(bits & ((1n << 64n) - 1n))})`;
    case "f32": return `fzh_f32(${hex(bits)})`;
    case "f64": return `fzh_f64(${hex(bits)})`;
    default: return `(${ctype(t)})${hex(bits)}`;
  }
}

function printer(t: ValueType, expr: string): string {
  if (isVector(t)) return `{ ${ctype(t)} x_ = ${expr}; uint8_t b_[sizeof x_]; memcpy(b_, &x_, sizeof x_); printf(" "); for (int k = (int)sizeof x_ - 1; k >= 0; k--) printf("%02x", b_[k]); }`;
  switch (t) {
    case "i128": return `fzh_put128(${expr});`;
    case "f32": { return `{ float f = ${expr}; uint32_t b; memcpy(&b, &f, 4); printf(" %llx", (unsigned long long)b); }`; }
    case "f64": { return `{ double f = ${expr}; uint64_t b; memcpy(&b, &f, 8); printf(" %llx", (unsigned long long)b); }`; }
    default: return `printf(" %llx", (unsigned long long)(${expr}));`;
  }
}

/** The C source of a `main` running `calls` (see the header comment for its output). */
export function invocationHarness(calls: readonly Invocation[]): string {
  const protos = new Map<string, string>();
  const structs = new Map<string, string>();
  const retType = (sig: Signature): string => {
    if (sig.results.length === 0) return "void";
    if (sig.results.length === 1) return ctype(sig.results[0]!);
    const name = `fzh_r_${sig.results.join("_")}`;
    structs.set(name, `typedef struct { ${sig.results.map((t, i) => `${ctype(t)} r${i};`).join(" ")} } ${name};`);
    return name;
  };
  const ident = (fn: string) => `fzh_fn_${fn}`;
  const bodies = calls.map((c, i) => {
    const ret = retType(c.sig);
    if (!protos.has(c.fn)) {
      const params = c.sig.params.length ? c.sig.params.map(ctype).join(", ") : "void";
      protos.set(c.fn, `extern ${ret} ${ident(c.fn)}(${params}) __asm__("${c.fn}");`);
    }
    const call = `${ident(c.fn)}(${c.args.map((a, k) => constant(c.sig.params[k]!, a)).join(", ")})`;
    const lines = [`static void fzh_call${i}(void) {`];
    if (c.sig.results.length === 0) lines.push(`  ${call};`);
    else lines.push(`  ${ret} r = ${call};`);
    lines.push(`  printf("${i} ok");`);
    if (c.sig.results.length === 1) lines.push(`  ${printer(c.sig.results[0]!, "r")}`);
    else c.sig.results.forEach((t, k) => lines.push(`  ${printer(t, `r.r${k}`)}`));
    lines.push(`  printf("\\n");`, "}");
    return lines.join("\n");
  });
  return [
    "/* A generated harness calling functions of a CLIF module. */",
    "#include <stdint.h>", "#include <stdio.h>", "#include <stdlib.h>", "#include <string.h>",
    "#include <sys/wait.h>", "#include <unistd.h>",
    "static inline float fzh_f32(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }",
    "static inline double fzh_f64(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }",
    "static void fzh_put128(unsigned __int128 v) { printf(\" %016llx%016llx\", (unsigned long long)(v >> 64), (unsigned long long)v); }",
    ...vectorTypedefs(calls.flatMap((c) => [...c.sig.params, ...c.sig.results])),
    ...structs.values(), ...protos.values(), ...bodies,
    `static void (*const fzh_calls[])(void) = { ${calls.map((_, i) => `fzh_call${i}`).join(", ")}${calls.length ? "" : "0"} };`,
    `static const int fzh_count = ${calls.length};`,
    "int main(int argc, char **argv) {",
    "  if (argc == 2) { int i = atoi(argv[1]); if (i < 0 || i >= fzh_count) return 2; fzh_calls[i](); return 0; }",
    "  for (int i = 0; i < fzh_count; i++) {",
    "    fflush(stdout);",
    "    pid_t pid = fork();",
    "    if (pid == 0) { fzh_calls[i](); fflush(stdout); _exit(0); }",
    "    int status = 0;",
    "    waitpid(pid, &status, 0);",
    "    if (WIFSIGNALED(status)) printf(\"%d signal %d\\n\", i, WTERMSIG(status));",
    "    else if (WEXITSTATUS(status) != 0) printf(\"%d exit %d\\n\", i, WEXITSTATUS(status));",
    "  }",
    "  return 0;",
    "}", "",
  ].join("\n");
}

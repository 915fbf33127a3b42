/**
 * What "handled" means for one hostile input: parse, verify and lower with
 * both backends in every mode either succeed or throw an FzError with a
 * known code, a one-line message and a location; never another exception.
 * Front-end errors (parse, type, cfg, undefined, duplicate, limit) must be
 * located; the parser's own "internal parser error" and the stack overflow
 * it reports as an input "too large" count as crashes, since they are bugs
 * dressed as errors. When `consumers` is set, what lowers is also handed to
 * LLVM's verifier and to the strict CLIF checker, so a hostile name that
 * lowers to an invalid or clashing symbol is caught too.
 */
import { type Backend, lower, type Mode } from "@fzy/lower";
import { assertCLIF } from "@fzy/clif";
import { FzError, type FzErrorCode, type Module, parseModule, verifyModule } from "@fzy/ir";
import { verifyLLVM } from "../native/toolchain.js";

export type Phase = "parse" | "verify" | "lower" | "consumer";

export type Verdict =
  | { readonly kind: "ok" }
  | { readonly kind: "rejected"; readonly phase: Phase; readonly code: FzErrorCode; readonly message: string; readonly located: boolean }
  | { readonly kind: "crash"; readonly phase: Phase; readonly detail: string };

const CODES: readonly FzErrorCode[] = ["parse", "type", "cfg", "undefined", "duplicate", "limit", "option", "unsupported", "io", "trap"];
/** Codes of the front end, whose errors always point into the text or the module. */
const LOCATED: readonly FzErrorCode[] = ["parse", "type", "cfg", "undefined", "duplicate", "limit"];
const BACKENDS: readonly Backend[] = ["llvm", "cranelift"];
const MODES: readonly Mode[] = ["off", "on", "force"];

export function checkInput(bytes: Uint8Array, file: string, consumers = false): Verdict {
  let phase: Phase = "parse";
  try {
    const m: Module = parseModule(bytes, file);
    phase = "verify";
    verifyModule(m);
    phase = "lower";
    for (const backend of BACKENDS) {
      for (const mode of MODES) {
        const r = lower(m, backend, { perfFastpath: mode, verifyLowered: true });
        if (!consumers || mode !== "on") continue;
        phase = "consumer";
        if (backend === "llvm") verifyLLVM(r.text);
        else assertCLIF(r.text, { dataSymbols: r.data.map((d) => d.name) });
        phase = "lower";
      }
    }
    return { kind: "ok" };
  } catch (e) {
    if (!(e instanceof FzError) || phase === "consumer") return { kind: "crash", phase, detail: describe(e) };
    return judge(e, phase);
  }
}

function judge(e: FzError, phase: Phase): Verdict {
  const located = e.location !== undefined;
  const bug = /internal parser error|Maximum call stack/.test(e.message) ? "a bug reported as an error"
    : !CODES.includes(e.code) ? `unknown code ${e.code}`
    : e.message.length === 0 || e.message.includes("\n") ? "not a one-line message"
    : LOCATED.includes(e.code) && !located ? "no location"
    : null;
  if (bug) return { kind: "crash", phase, detail: `${bug}: ${e.format().slice(0, 300)}` };
  return { kind: "rejected", phase, code: e.code, message: e.message.slice(0, 300), located };
}

function describe(e: unknown): string {
  if (e instanceof Error) return (e.stack ?? `${e.name}: ${e.message}`).split("\n").slice(0, 4).join(" | ").slice(0, 600);
  return String(e);
}

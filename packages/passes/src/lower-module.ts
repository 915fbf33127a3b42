/**
 * The pipeline, as a list: resolve options, inline small functions, split
 * non-escaping structs into scalars, then lower each function to the lowered
 * form. Every step is pure: the same module and options give the same
 * lowered module and report, byte for byte once printed.
 */
import { FzError, type Module, ModuleIndex, type ValueId } from "@fzy/ir";
import { decide, type Escape, FAST_PATHS, type FastPath, INLINE_MAX_INSTS, type Mode } from "./eligibility.js";
import { analyzeEscapes } from "./escape-analysis.js";
import { type InlineRecord, inlineSmallFunctions } from "./inline-small-functions.js";
import { ModuleEmitter, type ResolvedOptions } from "./module-emitter.js";
import { lowerFunction } from "./lower-function.js";
import type { LFunction, LModule } from "@fzy/lir";
import type { DecisionRecord, FunctionReport, LoweringReport } from "./report.js";
import { scalarizeStructs } from "./scalarize-structs.js";

export interface LowerModuleOptions {
  readonly backend: "cranelift" | "llvm";
  /** off: the legacy runtime-handle shape; on: the matrix decides; force: every legal fast path. */
  readonly mode?: Mode;
  /** Switch single fast paths off (all default to on). */
  readonly fastPaths?: Partial<Record<FastPath, boolean>>;
}

export interface LowerModuleResult {
  readonly module: LModule;
  readonly report: LoweringReport;
}

export function resolveOptions(o: LowerModuleOptions): ResolvedOptions {
  const mode = o.mode ?? "on";
  if (!["off", "on", "force"].includes(mode)) throw new FzError("option", `unknown fast-path mode ${String(mode)} (expected off, on or force)`);
  for (const k of Object.keys(o.fastPaths ?? {})) {
    if (!(FAST_PATHS as readonly string[]).includes(k)) throw new FzError("option", `unknown fast path ${k} (expected one of ${FAST_PATHS.join(", ")})`);
  }
  const fast = Object.fromEntries(FAST_PATHS.map((f) => [f, mode !== "off" && (o.fastPaths?.[f] ?? true)])) as Record<FastPath, boolean>;
  return { mode, fast };
}

export function lowerModule(input: Module, o: LowerModuleOptions): LowerModuleResult {
  const opts = resolveOptions(o);
  let m = input;
  // The capability record is ignored by the matrix (the lowered form does not depend on the backend).
  const inlined = inlineSmallFunctions(new ModuleIndex(m), m, { mode: opts.mode, enabled: opts.fast.inline, caps: { name: o.backend, jumpTables: true }, maxInsts: INLINE_MAX_INSTS });
  m = removeUnreachableFunctions(inlined.module);
  const ix0 = new ModuleIndex(m);
  // Escapes are computed once per function, before scalarization, and reused by the
  // lowering: scalarization turns struct fields into variables, and a value stored into
  // a field or a variable escapes to memory either way, so no array's or struct's class
  // changes (a str that was stored in a struct stays conservatively "memory").
  const escapesOf = new Map<string, Escape[]>();
  const structDecisions = new Map<string, DecisionRecord[]>();
  m = {
    ...m,
    functions: m.functions.map((f) => {
      const esc = analyzeEscapes(ix0, f);
      escapesOf.set(f.name, esc);
      const sites = new Set<ValueId>();
      const records: DecisionRecord[] = [];
      for (const b of f.blocks) {
        for (const i of b.insts) {
          if (i.op !== "struct.new" || i.dst === null) continue;
          const d = decide({ kind: "struct", mode: opts.mode, enabled: opts.fast.structs, escape: esc[i.dst]!, mutability: "mutated", constant: false });
          if (d.form === "scalars") {
            sites.add(i.dst);
            records.push({ subject: `struct %${f.values[i.dst]!.name}`, ...d });
          }
        }
      }
      structDecisions.set(f.name, records);
      return scalarizeStructs(ix0, f, sites);
    }),
  };
  const ix = new ModuleIndex(m);
  const mc = new ModuleEmitter(ix, opts);
  const inlineByCaller = new Map<string, InlineRecord[]>();
  for (const r of inlined.records) {
    const list = inlineByCaller.get(r.caller);
    if (list) list.push(r);
    else inlineByCaller.set(r.caller, [r]);
  }
  const functions: LFunction[] = [];
  const reports: FunctionReport[] = [];
  for (const f of m.functions) {
    const { fn, report } = lowerFunction(mc, f, escapesOf.get(f.name)!);
    const calls = inlineByCaller.get(f.name) ?? [];
    functions.push(fn);
    reports.push({
      ...report,
      decisions: [...(structDecisions.get(f.name) ?? []), ...calls.map((r) => ({ subject: `call @${r.callee}`, ...r.decision })), ...report.decisions],
      inlined: calls.filter((r) => r.decision.form === "inlined").map((r) => r.callee),
    });
  }
  return {
    module: { name: m.name, functions, externs: mc.usedExterns(), data: mc.data },
    report: { mode: opts.mode, backend: o.backend, functions: reports },
  };
}

/**
 * Drop non-exported functions that no exported function reaches any more
 * (typically small helpers inlined at every call site). A module without
 * exported functions keeps everything: it has no roots to judge by.
 */
function removeUnreachableFunctions(m: Module): Module {
  const roots = m.functions.filter((f) => f.exported);
  if (roots.length === 0) return m;
  const byName = new Map(m.functions.map((f) => [f.name, f]));
  const live = new Set<string>();
  const work = roots.map((f) => f.name);
  while (work.length) {
    const name = work.pop()!;
    if (live.has(name)) continue;
    live.add(name);
    for (const b of byName.get(name)!.blocks) {
      for (const i of b.insts) if (i.op === "call" && i.imm.kind === "func" && byName.has(i.imm.name)) work.push(i.imm.name);
    }
  }
  return { ...m, functions: m.functions.filter((f) => live.has(f.name)) };
}

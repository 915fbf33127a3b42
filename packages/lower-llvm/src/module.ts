/**
 * A whole lowered module as LLVM IR text: header (source name, data layout,
 * triple), data objects, function definitions, declarations of the externs
 * and intrinsics the functions use, then attribute groups and metadata. The
 * output is a function of the module and the target only: everything is
 * printed in module order and numbered by first use.
 */
import type { LModule } from "@fzy/lir";
import { printData } from "./data.js";
import { DebugInfo } from "./debug-info.js";
import { FunctionPrinter } from "./function.js";
import { LlvmModuleScope, releaseWorkspace, takeWorkspace } from "./module-scope.js";
import { quoted } from "./spelling.js";
import { TextOut } from "@fzy/lir";
import { DEFAULT_TARGET, TARGET_INFO, type LLVMTarget } from "./targets.js";

/** Options of `printLLVM`. */
export interface PrintLLVMOptions {
  /** Target whose triple and data layout the module carries; default x86_64-linux. */
  readonly target?: LLVMTarget;
  /**
   * State the facts of llvm-facts.ts (`nuw`/`nsw`, `!range` on loads);
   * default true. Off, the text says only what the operations say (the
   * ablation switch of those facts; parameters and results stay `noundef`).
   */
  readonly facts?: boolean;
}

/**
 * A first size for the output buffer, near what the module prints (on the
 * benchmark's programs about 48 bytes per value, most of them an
 * instruction's or a phi's, 32 per label line, 64 per function head, up to 4
 * per data byte): one allocation instead of a chain of doublings, each a
 * copy; not much more, since the collector counts the whole buffer. Read
 * off the functions alone: a pass over every block object only for this
 * cost as much as a tenth of printing a module of many small blocks.
 */
function textSizeGuess(module: LModule): number {
  let n = 4096;
  for (const d of module.data) n += 64 + 4 * d.bytes.length;
  for (const f of module.functions) n += 64 + 48 * f.valueTypes.length + 32 * f.blocks.length;
  return n;
}

/** The LLVM IR text (LLVM 15 and later, opaque pointers) of `module`. */
export function printLLVM(module: LModule, options: PrintLLVMOptions = {}): string {
  const target = options.target ?? DEFAULT_TARGET;
  const info = TARGET_INFO[target];
  if (!info) throw new Error(`lower-llvm: unsupported target ${String(target)}`);
  const ctx = new LlvmModuleScope(module, options.facts ?? true, takeWorkspace());
  // Every line ends in a line break; sections are separated by an empty line.
  const out = new TextOut(textSizeGuess(module), true);
  const put = (line: string) => {
    out.s(line);
    out.nl();
  };
  put(`source_filename = ${quoted(module.name)}`);
  put(`target datalayout = "${info.datalayout}"`);
  put(`target triple = "${info.triple}"`);
  const section = (lines: readonly string[]) => {
    if (lines.length === 0) return;
    out.nl();
    for (const l of lines) put(l);
  };
  section(module.data.map((d) => printData(d, ctx)));
  const printer = new FunctionPrinter(ctx, out, new DebugInfo(ctx));
  for (const fn of module.functions) {
    out.nl();
    printer.print(fn);
  }
  section(ctx.printDeclarations());
  section(ctx.printTrailer());
  releaseWorkspace(ctx.workspace);
  return out.text("");
}

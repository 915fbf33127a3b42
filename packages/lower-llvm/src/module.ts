/**
 * A whole lowered module as LLVM IR text: header (source name, data layout,
 * triple), data objects, function definitions, declarations of the externs
 * and intrinsics the functions use, then attribute groups and metadata. The
 * output is a function of the module and the target only: everything is
 * printed in module order and numbered by first use.
 */
import type { LFunction, LModule, LModuleInProgress } from "@fzy/lir";
import { writeData } from "./data.js";
import { DebugInfo } from "./debug-info.js";
import { FunctionPrinter } from "./function.js";
import { LlvmModuleScope, releaseWorkspace, takeWorkspace } from "./module-scope.js";
import { quoted } from "./spelling.js";
import { TextOut } from "@fzy/lir";
import { DEFAULT_TARGET, TARGET_INFO, type LLVMTarget } from "./targets.js";

/** The head's buffer: decoded into a piece each time it fills (the head of most modules fits in one). */
const HEAD_PIECE = 16384;

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
 * A first size for the output buffer of the functions, near what they print
 * (on the benchmark's programs about 48 bytes per value, most of them an
 * instruction's or a phi's, 32 per label line, 64 per function head): one
 * allocation instead of a chain of doublings, each a copy; not much more,
 * since the collector counts the whole buffer. Read off the functions
 * alone: a pass over every block object only for this cost as much as a
 * tenth of printing a module of many small blocks.
 */
function textSizeGuess(functions: readonly LFunction[]): number {
  let n = 4096;
  for (const f of functions) n += 64 + 48 * f.valueTypes.length + 32 * f.blocks.length;
  return n;
}

/** textSizeGuess of a module whose functions are not lowered yet: by their count. */
const sizeGuessByCount = (module: LModuleInProgress): number => 4096 + 256 * module.functions.length;

/** The LLVM IR text (LLVM 15 and later, opaque pointers) of `module`. */
export function printLLVM(module: LModule, options: PrintLLVMOptions = {}): string {
  const w = new LlvmModuleWriter(module, options, textSizeGuess(module.functions));
  for (const fn of module.functions) w.add(fn);
  return w.finish(module);
}

/**
 * Prints a module one function at a time, as each is lowered
 * (lowerModuleEach in @fzy/passes): a function's text is written at once,
 * so the lowered function can die young. Each function reads only its
 * module's function heads and the externs and data objects made so far;
 * the data objects go before the functions in the text, so they and the
 * declarations are printed by `finish`, once the module is done.
 */
export class LlvmModuleWriter {
  private readonly ctx: LlvmModuleScope;
  private readonly body: TextOut;
  private readonly printer: FunctionPrinter;
  private readonly info: (typeof TARGET_INFO)[LLVMTarget];

  /** `sizeGuess`: the first size of the text's buffer. */
  constructor(module: LModuleInProgress, options: PrintLLVMOptions = {}, sizeGuess = sizeGuessByCount(module)) {
    const target = options.target ?? DEFAULT_TARGET;
    const info = TARGET_INFO[target];
    if (!info) throw new Error(`lower-llvm: unsupported target ${String(target)}`);
    this.info = info;
    this.ctx = new LlvmModuleScope(module, options.facts ?? true, takeWorkspace());
    this.body = new TextOut(sizeGuess, true);
    this.printer = new FunctionPrinter(this.ctx, this.body, new DebugInfo(this.ctx));
  }

  /** Prints the module's next function. */
  add(fn: LFunction): void {
    this.ctx.sync();
    this.body.nl();
    this.printer.print(fn);
  }

  /** The whole text, once every function is added: `module` is the finished module (its externs in their final order). */
  finish(module: Omit<LModule, "functions">): string {
    const { ctx, body } = this;
    ctx.sync();
    // Every line ends in a line break; sections are separated by an empty line.
    const section = (lines: readonly string[]) => {
      if (lines.length === 0) return;
      body.nl();
      for (const l of lines) {
        body.s(l);
        body.nl();
      }
    };
    section(ctx.printDeclarations(module.externs));
    section(ctx.printTrailer());
    // The head (source name, layout, triple, data) goes before the functions: written apart, then put in front.
    const head = new TextOut(HEAD_PIECE, false);
    head.s(`source_filename = ${quoted(module.name)}\ntarget datalayout = "${this.info.datalayout}"\ntarget triple = "${this.info.triple}"\n`);
    if (module.data.length > 0) head.nl();
    for (const d of module.data) {
      writeData(head, d, ctx);
      head.nl();
    }
    releaseWorkspace(ctx.workspace);
    return body.text(head.text(""));
  }
}

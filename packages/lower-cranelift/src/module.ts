/**
 * A lowered module as CLIF text plus its data objects. The text is one
 * `function` per lowered function, in module order, after a comment naming
 * the module; the same module always prints the same bytes. Everything that
 * does not depend on the function (callee names and signatures)
 * is spelled once per module in ModuleScope, and the text is written as
 * bytes and decoded once (TextOut).
 */
import { type LData, type LFunction, type LFunctionHead, type LModule, type LModuleInProgress, type LSourceLoc, TextOut } from "@fzy/lir";
import { dataObject } from "./data.js";
import { type FunctionPrinter, INDENT, printFunction } from "./function.js";
import { FunctionReaders, SourceLocTable } from "./readers.js";
import { FunctionScope, ModuleScope } from "./scope.js";
import { type ClifWorkspace, releaseWorkspace, takeWorkspace } from "./workspace.js";

/** What `printCLIF` returns. */
export interface CLIFOutput {
  /** CLIF text for cranelift-reader: functions only. */
  readonly text: string;
  /** Data objects the embedder defines beside the functions (relocations sorted by offset). */
  readonly data: LData[];
  /** Names of the functions visible outside the module (`Linkage::Export`); the others are `Local`. */
  readonly exported: string[];
  /** Source locations: `@XXXX` in the text is entry XXXX - 1 (hexadecimal) of this table. */
  readonly srclocs: LSourceLoc[];
}

/** Prints a lowered module as Cranelift 0.135 CLIF text and its data objects. */
export function printCLIF(module: LModule): CLIFOutput {
  const w = new ClifModuleWriter(module);
  const fns = module.functions;
  for (let i = 0; i < fns.length; i++) w.add(fns[i]!, i);
  return w.finish(module);
}

/**
 * Prints a module one function at a time, as each is lowered
 * (lowerModuleEach in @fzy/passes): a function's text is written at once,
 * so the lowered function can die young. Each function reads only its
 * module's function heads and the externs and data objects made so far.
 */
export class ClifModuleWriter {
  private readonly scope: ModuleScope;
  private readonly srclocs = new SourceLocTable();
  private readonly printer: FunctionPrinter;
  private readonly workspace: ClifWorkspace;

  constructor(private readonly module: LModuleInProgress) {
    // The text first: it takes the buffer the last text left (text-out.ts), which a new workspace's body buffer would otherwise take.
    const out = new TextOut(1 << 16, true);
    this.workspace = takeWorkspace();
    const { body, order } = this.workspace;
    this.scope = new ModuleScope(module, this.workspace);
    this.printer = { module: this.scope, out, scratch: body, scope: new FunctionScope(this.scope, body), readers: new FunctionReaders(this.srclocs, INDENT), order };
  }

  /** Prints the module's k-th function. */
  add(fn: LFunction, k: number): void {
    this.scope.sync();
    printFunction(this.printer, fn, this.scope.callee(k));
  }

  /** The text and data objects, once every function is added: `module` is the finished module. */
  finish(module: Omit<LModule, "functions">): CLIFOutput {
    const { scope, srclocs } = this;
    scope.sync();
    // The header names the source locations, numbered while the functions printed.
    let header = `; module ${module.name.replace(/[\r\n]+/g, " ")}\n`;
    for (const line of srclocs.header()) header += `${line}\n`;
    const fns = this.module.functions;
    let exported: string[] | undefined;
    const output = {
      text: this.printer.out.text(header),
      data: module.data.map((d) => dataObject(d, scope)),
      // Listed when first read: lower() reads only the text and source locations, and a list of 50,000 names is a large object.
      get exported(): string[] {
        return (exported ??= exportedNames(fns));
      },
      srclocs: srclocs.locs,
    };
    releaseWorkspace(this.workspace);
    return output;
  }
}

/** The names of the exported functions, in module order (a list made at its length: one that grows by push is copied at each step). */
function exportedNames(fns: readonly LFunctionHead[]): string[] {
  let n = 0;
  for (let i = 0; i < fns.length; i++) if (fns[i]!.exported) n++;
  const names = new Array<string>(n);
  for (let i = 0, j = 0; i < fns.length; i++) if (fns[i]!.exported) names[j++] = fns[i]!.name;
  return names;
}

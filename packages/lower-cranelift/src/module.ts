/**
 * A lowered module as CLIF text plus its data objects. The text is one
 * `function` per lowered function, in module order, after a comment naming
 * the module; the same module always prints the same bytes. Everything that
 * does not depend on the function (callee names and signatures)
 * is spelled once per module in ModuleScope, and the text is written as
 * bytes and decoded once (TextOut).
 */
import { type LData, type LModule, type LSourceLoc, TextOut } from "@fzy/lir";
import { dataObject } from "./data.js";
import { type FunctionPrinter, INDENT, OrderScratch, printFunction } from "./function.js";
import { FunctionReaders, SourceLocTable } from "./readers.js";
import { FunctionScope, ModuleScope } from "./scope.js";

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
  const scope = new ModuleScope(module);
  const srclocs = new SourceLocTable();
  const out = new TextOut(1 << 16, true), body = new TextOut(1 << 16, false);
  const fns = module.functions;
  const printer: FunctionPrinter = { module: scope, out, scratch: body, scope: new FunctionScope(scope, body), readers: new FunctionReaders(srclocs, INDENT), order: new OrderScratch() };
  for (let i = 0; i < fns.length; i++) printFunction(printer, fns[i]!, scope.functions[i]!);
  // The header names the source locations, numbered while the functions printed.
  let header = `; module ${module.name.replace(/[\r\n]+/g, " ")}\n`;
  for (const line of srclocs.header()) header += `${line}\n`;
  const text = out.text(header);
  return {
    text,
    data: module.data.map((d) => dataObject(d, scope)),
    exported: exportedNames(module),
    srclocs: srclocs.locs,
  };
}

function exportedNames(module: LModule): string[] {
  const names: string[] = [], fns = module.functions;
  for (let i = 0; i < fns.length; i++) if (fns[i]!.exported) names.push(fns[i]!.name);
  return names;
}

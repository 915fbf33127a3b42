/**
 * A lowered module as CLIF text plus its data objects. The text is one
 * `function` per lowered function, in module order, after a comment naming
 * the module; the same module always prints the same bytes.
 */
import type { LData, LModule, LSourceLoc } from "@fzy/lir";
import { dataObject, knownSymbols } from "./data.js";
import { printFunction } from "./function.js";
import { SourceLocTable } from "./readers.js";
import { ModuleScope } from "./scope.js";

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
  const names = new Set<string>();
  for (const d of module.data) {
    if (names.has(d.name) || scope.has(d.name)) throw new Error(`lower-cranelift: symbol '${d.name}' is defined twice in module ${module.name}`);
    names.add(d.name);
  }
  const srclocs = new SourceLocTable();
  const functions = module.functions.map((f) => printFunction(f, scope, srclocs));
  const header = [`; module ${module.name.replace(/[\r\n]+/g, " ")}`, ...srclocs.header()].join("\n") + "\n";
  const text = [header, ...functions].join("\n");
  const known = knownSymbols(module);
  return {
    text,
    data: module.data.map((d) => dataObject(d, module, known)),
    exported: module.functions.filter((f) => f.exported).map((f) => f.name),
    srclocs: srclocs.locs,
  };
}

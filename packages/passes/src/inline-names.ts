/**
 * The names the inliner (inline-small-functions.ts) gives what it brings
 * in: the k-th call of g that a scan inlines prefixes the callee's values,
 * variables and blocks with `name.k.`, and its continuation block is the
 * call's block's name + `.name.k.cont`. The first call's (k = 0: on a call
 * chain, every level's) are made once per callee.
 */
import type { Module } from "@fzy/ir";

export class InlinedNames {
  private readonly firstPrefix: (string | undefined)[];
  private readonly firstCont: (string | undefined)[];

  constructor(private readonly m: Module) {
    this.firstPrefix = new Array<string | undefined>(m.functions.length);
    this.firstCont = new Array<string | undefined>(m.functions.length);
  }

  /** The prefix `name.k.` of the k-th call of g a scan inlines. */
  prefix(g: number, k: number): string {
    if (k > 0) return `${this.m.functions[g]!.name}.${k}.`;
    return (this.firstPrefix[g] ??= `${this.m.functions[g]!.name}.0.`);
  }

  /** The suffix `.name.k.cont` of the continuation of the k-th call of g a scan inlines. */
  contSuffix(g: number, k: number): string {
    if (k > 0) return `.${this.m.functions[g]!.name}.${k}.cont`;
    return (this.firstCont[g] ??= `.${this.m.functions[g]!.name}.0.cont`);
  }
}

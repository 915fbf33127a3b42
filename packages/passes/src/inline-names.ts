/**
 * The names the inliner (inline-small-functions.ts) gives what it brings
 * in: the k-th call of g that a scan inlines prefixes the callee's values,
 * variables and blocks with `name.k.`, and its continuation block is the
 * call's block's name + `.name.k.cont`. Made per call: a table of them per
 * callee was two large lists on a long call chain, whose callees are each
 * inlined once (report.ts Column says what a large list costs).
 */
import type { Module } from "@fzy/ir";

export class InlinedNames {
  constructor(private readonly m: Module) {}

  /** The prefix `name.k.` of the k-th call of g a scan inlines. */
  prefix(g: number, k: number): string {
    return `${this.m.functions[g]!.name}.${k}.`;
  }

  /** The suffix `.name.k.cont` of the continuation of the k-th call of g a scan inlines. */
  contSuffix(g: number, k: number): string {
    return `.${this.m.functions[g]!.name}.${k}.cont`;
  }
}

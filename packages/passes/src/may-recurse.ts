/**
 * The functions of a module that may call themselves, directly or through
 * others: the members of a cycle of its call graph (inline-plan.ts
 * recursive), where an indirect call is an edge to every function of its
 * type whose address is taken (`func.ref`, a global's initial value).
 * Those edges go through one extra node per function type, so the graph
 * stays linear in the module (callers x targets edges would not). Every
 * level of a recursion holds its function's stack slots, so the matrix
 * gives such a function a small frame budget (FRAME_RECURSIVE_MAX_BYTES).
 *
 * Asked of the module before inlining: inlining takes in only callees
 * outside every cycle, so it neither makes nor breaks one.
 */
import { type Module, typeToString, type Type } from "@fzy/ir";
import { recursive } from "./inline-plan.js";
import { Adjacency } from "./range-adjacency.js";

/** 1 by function index (the module's order) for the functions that may recurse. */
export function mayRecurse(m: Module): Uint8Array {
  const fns = m.functions, n = fns.length;
  const id = new Map<string, number>();
  for (let f = 0; f < n; f++) id.set(fns[f]!.name, f);
  // Node n + k stands for the k-th function type an address was taken or an indirect call made at: every
  // indirect call of that type calls it, and it calls every function of that type whose address is taken.
  const typeNode = new Map<string, number>();
  const nodeOf = (t: Type): number => {
    const key = typeToString(t);
    let k = typeNode.get(key);
    if (k === undefined) typeNode.set(key, (k = n + typeNode.size));
    return k;
  };
  const from: number[] = [], to: number[] = [];
  const edge = (a: number, b: number) => { from.push(a); to.push(b); };
  for (const g of m.globals ?? []) {
    const target = g.init.kind === "func" ? id.get(g.init.name) : undefined;
    if (target !== undefined) edge(nodeOf(g.type), target);
  }
  for (let f = 0; f < n; f++) {
    const fn = fns[f]!;
    for (const b of fn.blocks) {
      for (const i of b.insts) {
        if (i.op === "call.indirect") edge(f, nodeOf(fn.values[i.args[0]!]!.type));
        else if (i.imm.kind === "func") {
          const g = id.get(i.imm.name);
          if (g === undefined) continue; // an import
          if (i.op === "call") edge(f, g);
          else edge(nodeOf(fn.values[i.dst!]!.type), g); // func.ref
        }
      }
    }
  }
  const calls = new Adjacency(n + typeNode.size, (add) => { for (let k = 0; k < from.length; k++) add(from[k]!, to[k]!); });
  return recursive({ callStart: calls.start, callees: calls.items }).subarray(0, n);
}

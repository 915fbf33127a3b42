/**
 * One lowered function as a CLIF `function` block: the signature (always
 * `system_v`, since C and the harness call these functions), the preamble,
 * then the blocks in their lowered order with block parameters.
 *
 * Cranelift's verifier forbids any reference to the entry block, but the
 * lowered form may branch back to blocks[0] (a loop at the top of a
 * function). Such a function gets a fresh entry block that takes the
 * arguments and jumps to blocks[0]. The entry block is never marked cold
 * (also a verifier rule).
 */
import { collapseLines, type LBlockId, type LFunction, type LValue, lirSuccessors } from "@fzy/lir";
import { printInst, printTerm } from "./instructions.js";
import { FunctionReaders, type SourceLocTable } from "./readers.js";
import { FunctionScope, type ModuleScope } from "./scope.js";
import { clifType, signatureText, symbolName } from "./spelling.js";

const INDENT = "    ";

/** True when some edge of `f` targets its first block. */
function entryIsTarget(f: LFunction): boolean {
  return f.blocks.some((b) => {
    const t = b.term;
    switch (t.op) {
      case "jump": return t.target.block === 0;
      case "brif": return t.then.block === 0 || t.else.block === 0;
      case "br_table": return t.default.block === 0 || t.targets.some((e) => e.block === 0);
      case "return": case "trap": return false;
    }
  });
}

function blockHeader(s: FunctionScope, name: string, params: readonly LValue[], cold: boolean, comment = ""): string {
  const ps = params.length ? `(${params.map((p) => `${s.v(p)}: ${s.clifTypeOf(p)}`).join(", ")})` : "";
  return `${name}${ps}${cold ? " cold" : ""}:${comment}`;
}

/**
 * Blocks in reverse postorder from the entry, then the unreachable ones in
 * their own order. cranelift-reader infers an instruction's type from an
 * operand only if it has already read that operand's definition; in reverse
 * postorder every block comes after the blocks that dominate it, so every
 * definition precedes its uses in the text.
 */
function printOrder(f: LFunction): number[] {
  const succ = lirSuccessors(f);
  const seen = new Uint8Array(f.blocks.length);
  const post: number[] = [];
  const stack: [number, number][] = [[0, 0]];
  seen[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const ss = succ[top[0]]!;
    if (top[1] < ss.length) {
      const n = ss[top[1]++]!;
      if (!seen[n]) { seen[n] = 1; stack.push([n, 0]); }
    } else {
      post.push(top[0]);
      stack.pop();
    }
  }
  const order = post.reverse();
  for (let i = 0; i < f.blocks.length; i++) if (!seen[i]) order.push(i);
  return order;
}

/** The text of one function, ending in `}` and a newline. */
export function printFunction(f: LFunction, module: ModuleScope, srclocs: SourceLocTable): string {
  const name = symbolName(f.name, "function");
  if (f.blocks.length === 0) throw new Error(`lower-cranelift: function ${f.name} has no blocks`);
  const entry = f.blocks[0]!;
  if (entry.params.length !== f.params.length || entry.params.some((p, i) => clifType(f.valueTypes[p]!) !== clifType(f.params[i]!))) {
    throw new Error(`lower-cranelift: entry block parameters of ${f.name} do not match its signature`);
  }
  const s = new FunctionScope(f, module);
  const readers = new FunctionReaders(f, srclocs);
  // Casts between ptr and i64 are identities: register them before printing, since a use may be printed before its definition's block.
  for (const b of f.blocks) {
    for (const inst of b.insts) {
      if (inst.op === "convert" && (inst.kind === "ptr_to_int" || inst.kind === "int_to_ptr")) s.alias(inst.dst, inst.src);
    }
  }

  const body: string[] = [];
  if (entryIsTarget(f)) {
    const args = f.params.map((t) => s.fresh(t));
    const target = s.block(0 as LBlockId);
    body.push(blockHeader(s, `block${f.blocks.length}`, args, false));
    body.push(`${INDENT}jump ${target}${args.length ? `(${args.map((a) => s.v(a)).join(", ")})` : ""}`, "");
  }
  let chunkStart = 0;
  for (const i of printOrder(f)) {
    chunkStart = collapseLines(body, chunkStart);
    const b = f.blocks[i]!;
    const isEntry = i === 0 && body.length === 0;
    const id = i as LBlockId;
    body.push(blockHeader(s, s.block(id), b.params, b.cold && !isEntry, readers.blockComment(id, b.params)));
    readers.startBlock();
    const insts = b.insts;
    for (let k = 0; k < insts.length; k++) {
      readers.emit(body, INDENT, id, k, printInst(s, insts[k]!), insts[k]);
      chunkStart = collapseLines(body, chunkStart);
    }
    readers.emit(body, INDENT, id, b.insts.length, [printTerm(s, b.term)], undefined);
    body.push("");
  }
  body.pop();

  const sig = signatureText(f.params, f.results);
  const params = sig.slice(0, sig.lastIndexOf(" system_v"));
  const preamble = s.preamble().map((l) => INDENT + l);
  return [`function ${name}${params} system_v {`, ...preamble, ...(preamble.length ? [""] : []), ...body, "}", ""].join("\n");
}

/**
 * The parser builds each function's arrays itself (packages/ir
 * resolve-body.ts) rather than through FunctionBuilder; this holds the two
 * to one result. Every `.fzir` file of the repository is parsed, then built
 * again through the builder API (ModuleBuilder, FunctionBuilder: the same
 * declarations, each block's instructions emitted in the reverse postorder
 * the parser uses), and the two modules must be deeply equal: the same
 * value numbering, names, types, immediates and source locations.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { type BlockId, computeDominatorsOfGraph, type Module, ModuleBuilder, parseModule, successors, type ValueId } from "@fzy/ir";
import { repoFzirFiles } from "./fzir-files.js";
import { REPO_ROOT } from "./native/toolchain.js";

/** `m` rebuilt through the builder API. */
function rebuild(m: Module): Module {
  const mb = new ModuleBuilder(m.name);
  for (const s of m.structs) mb.struct(s.name, s.fields.map((f) => [f.name, f.type] as const));
  for (const e of m.enums) mb.enum(e.name, e.variants.map((v) => (v.payload ? ([v.name, v.payload] as const) : v.name)));
  for (const i of m.imports) mb.import(i.name, i.params, i.result, i.abi ? { abi: i.abi } : {});
  for (const g of m.globals ?? []) mb.global(g.name, g.type, g.init, { mutable: g.mutable });
  const fbs = m.functions.map((f) => mb.function(f.name, f.params.map((p) => [p.name, p.type] as const), f.result, { exported: f.exported }));
  m.functions.forEach((f, fi) => {
    const fb = fbs[fi]!;
    for (const v of f.vars) fb.var(v.name, v.type);
    for (const b of f.blocks) fb.block(b.name);
    const handle: ValueId[] = f.params.map((_, i) => fb.param(i));
    const h = (v: ValueId) => handle[v]!;
    for (const bi of computeDominatorsOfGraph(f.blocks.map((b) => successors(b.term))).rpo) {
      const b = f.blocks[bi]!;
      fb.at(bi as BlockId);
      for (const inst of b.insts) {
        const name = inst.dst === null ? undefined : f.values[inst.dst]!.name;
        const got = fb.emit(inst.op, inst.args.map(h), { type: inst.type ?? undefined, imm: inst.imm, name, loc: inst.loc });
        if (inst.dst !== null) handle[inst.dst] = got!;
      }
      const t = b.term;
      fb.setLoc(t.loc);
      if (t.op === "jump") fb.jump(t.target);
      else if (t.op === "br") fb.br(h(t.cond), t.then, t.else);
      else if (t.op === "switch") fb.switch(h(t.value), t.cases.map((c) => ({ value: c.value, target: c.target })), t.default);
      else if (t.op === "ret") fb.ret(t.value === null ? null : h(t.value));
      else fb.unreachable();
      fb.setLoc();
    }
  });
  return mb.finish();
}

const files = repoFzirFiles();

test("finds the repository's .fzir files", (t) => {
  t.true(files.length > 50);
});

test("the parser's modules equal the builder's, for every .fzir file", (t) => {
  for (const file of files) {
    const m = parseModule(readFileSync(file), relative(REPO_ROOT, file));
    t.deepEqual(rebuild(m), m, relative(REPO_ROOT, file));
  }
});

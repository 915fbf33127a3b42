/**
 * Reading an instruction's operands without making the list `instUses`
 * returns (a small array per instruction, in walks over every instruction
 * of every function): counting them, or testing each. The operands and
 * their order are instUses's (lir/types.ts); a terminator's are its own
 * operands and its edges' arguments.
 */
import type { LEdge, LInst, LTerm, LValue } from "@fzy/lir";

/** Add one to `counts[v]` for every operand v of `inst` (as often as `instUses` lists it), without making the list. */
export function countUses(inst: LInst, counts: Int32Array): void {
  switch (inst.op) {
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr": return;
    case "binary": case "icmp": case "fcmp": counts[inst.a]!++; counts[inst.b]!++; return;
    case "select": counts[inst.cond]!++; counts[inst.a]!++; counts[inst.b]!++; return;
    case "convert": case "opaque": case "unary": counts[inst.src]!++; return;
    case "load": counts[inst.addr]!++; return;
    case "store": counts[inst.addr]!++; counts[inst.value]!++; return;
    case "ptr_add": counts[inst.base]!++; counts[inst.offset]!++; return;
    case "call": for (const v of inst.args) counts[v]!++; return;
    case "call_indirect": counts[inst.callee]!++; for (const v of inst.args) counts[v]!++; return;
  }
}

/** Whether `f` holds for every operand of `inst` (`instUses(inst).every(f)` without making the list). */
export function everyUse(inst: LInst, f: (v: LValue) => boolean): boolean {
  switch (inst.op) {
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr": return true;
    case "binary": case "icmp": case "fcmp": return f(inst.a) && f(inst.b);
    case "select": return f(inst.cond) && f(inst.a) && f(inst.b);
    case "convert": case "opaque": case "unary": return f(inst.src);
    case "load": return f(inst.addr);
    case "store": return f(inst.addr) && f(inst.value);
    case "ptr_add": return f(inst.base) && f(inst.offset);
    case "call": return inst.args.every(f);
    case "call_indirect": return f(inst.callee) && inst.args.every(f);
  }
}

/** Whether `f` holds for every value terminator `t` uses, its own operands and its edges' arguments (without making the lists). */
export function everyTermUse(t: LTerm, f: (v: LValue) => boolean): boolean {
  switch (t.op) {
    case "jump": return t.target.args.every(f);
    case "brif": return f(t.cond) && t.then.args.every(f) && t.else.args.every(f);
    case "br_table": return f(t.index) && t.default.args.every(f) && t.targets.every((e: LEdge) => e.args.every(f));
    case "switch": return f(t.value) && t.default.args.every(f) && t.targets.every((e: LEdge) => e.args.every(f));
    case "return": return t.values.every(f);
    case "trap": return true;
  }
}

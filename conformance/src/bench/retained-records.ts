/**
 * What one record costs the engine, by how it is made and how long it
 * lives: the floor under a phase that makes one object per IR instruction.
 * The parser keeps one record per instruction for as long as the module
 * lives (@fzy/ir records.ts, made by a literal so that V8 may allocate it
 * in the old generation at once); the lowering's records die within a
 * function (@fzy/lir records.ts, made by `record`, a constructor V8 never
 * pretenures). Per round, RECORDS instructions are made four ways, in
 * turn: by the parser's own `makeInst` (a literal) and kept, by `record`
 * and kept (the last three rounds' records stay alive, as a module does
 * while the next is parsed), and by `makeInst` and by `record`, each
 * dropped soon after (makeInst's site has seen its records survive, as the
 * lowering's literals had: lir records.ts). Prints the median CPU
 * nanoseconds per record of each (collector threads included).
 *
 *   node conformance/dist/bench/retained-records.js [ROUNDS]
 */
import { I32, type Imm, type Inst, makeInst, type Opcode, record, type Type, type ValueId } from "@fzy/ir";
import { cpu, median } from "./cpu-time.js";
import { runMain } from "./cli-main.js";

const RECORDS = 750_000;

/** An instruction made by a constructor, with the fields of makeInst's literal in its order. */
const NewInst = record<[Opcode, ValueId, readonly ValueId[], Type, Imm], Inst>(function (op, dst, args, type, imm) {
  this.op = op;
  this.dst = dst;
  this.args = args;
  this.type = type;
  this.imm = imm;
});

type Make = (op: Opcode, dst: ValueId, args: readonly ValueId[], type: Type, imm: Imm) => Inst;
const byMakeInst: Make = (op, dst, args, type, imm) => makeInst(op, dst, args, type, imm, undefined);
const constructed: Make = (op, dst, args, type, imm) => new NewInst(op, dst, args, type, imm);

const ARGS = [1, 2] as ValueId[], NONE: Imm = { kind: "none" };

/** RECORDS records made by `make`, all kept in one array. */
function kept(make: Make): Inst[] {
  const out = new Array<Inst>(RECORDS);
  for (let i = 0; i < RECORDS; i++) out[i] = make("add", i as ValueId, ARGS, I32, NONE);
  return out;
}

/**
 * RECORDS records made by `make`, each dropped soon: kept in a ring of 64
 * slots, so that each escapes (the engine cannot leave it unallocated) and
 * dies young.
 */
function dropped(make: Make): Inst[] {
  const ring = new Array<Inst>(64);
  for (let i = 0; i < RECORDS; i++) ring[i & 63] = make("add", i as ValueId, ARGS, I32, NONE);
  return ring;
}

function main(): void {
  const rounds = Number(process.argv[2] ?? 15);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`usage: retained-records [ROUNDS] (a whole number of rounds, at least 1; got ${process.argv[2]})`);
  const live: Inst[][] = [];
  const keep = (rs: Inst[]) => {
    live.push(rs);
    if (live.length > 3) live.shift();
  };
  const ways: [string, () => unknown][] = [
    ["makeInst, kept", () => keep(kept(byMakeInst))],
    ["record(), kept", () => keep(kept(constructed))],
    ["makeInst, dropped", () => dropped(byMakeInst)],
    ["record(), dropped", () => dropped(constructed)],
  ];
  const ns: number[][] = ways.map(() => []);
  for (let r = 0; r < rounds + 3; r++) {
    ways.forEach(([, run], k) => {
      const ms = cpu(run)[1];
      if (r >= 3) ns[k]!.push((ms * 1e6) / RECORDS); // the first three rounds warm the engine
    });
  }
  process.stdout.write(`${RECORDS.toLocaleString("en-US")} records a round, ${rounds} rounds, median CPU ns per record:\n`);
  ways.forEach(([name], k) => process.stdout.write(`  ${name.padEnd(18)} ${median(ns[k]!).toFixed(0)}\n`));
}

await runMain("retained-records", main);

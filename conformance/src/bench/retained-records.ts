/**
 * What one record costs the engine, by how it is made and how long it
 * lives: the floor under a phase that makes one object per IR instruction.
 * The parser keeps one record per instruction for as long as the module
 * lives (@fzy/ir records.ts, made by a literal so that V8 may allocate it
 * in the old generation at once); the lowering's records die within a
 * function (@fzy/lir records.ts, made by `record`, a constructor V8 never
 * pretenures). Per round, RECORDS instruction-shaped records are made
 * four ways, in turn: by a literal and kept, by `record` and kept (the
 * last three rounds' records stay alive, as a module does while the next
 * is parsed), and by the same literal and by `record`, each dropped soon
 * after (the literal's site has seen its records survive, as the
 * lowering's literals had: lir records.ts). Prints the median CPU
 * nanoseconds per record of each (collector threads included).
 *
 *   node conformance/dist/bench/retained-records.js [ROUNDS]
 */
import { record } from "@fzy/ir";
import { cpu, median } from "./cpu-time.js";
import { runMain } from "./cli-main.js";

const RECORDS = 750_000;

interface Rec {
  readonly op: string;
  readonly dst: number;
  readonly args: readonly number[];
  readonly type: object;
  readonly imm: object;
}

const NewRec = record<[string, number, readonly number[], object, object], Rec>(function (op, dst, args, type, imm) {
  this.op = op;
  this.dst = dst;
  this.args = args;
  this.type = type;
  this.imm = imm;
});

const ARGS = [1, 2], TYPE = { kind: "int", bits: 32 }, IMM = { kind: "none" };

function literal(op: string, dst: number, args: readonly number[], type: object, imm: object): Rec {
  return { op, dst, args, type, imm };
}

function constructed(op: string, dst: number, args: readonly number[], type: object, imm: object): Rec {
  return new NewRec(op, dst, args, type, imm);
}

/** RECORDS records made by `make`, all kept in one array. */
function kept(make: typeof literal): Rec[] {
  const out = new Array<Rec>(RECORDS);
  for (let i = 0; i < RECORDS; i++) out[i] = make("add", i, ARGS, TYPE, IMM);
  return out;
}

/**
 * RECORDS records made by `make`, each dropped soon: kept in a ring of 64
 * slots, so that each escapes (the engine cannot leave it unallocated) and
 * dies young.
 */
function dropped(make: typeof literal): Rec[] {
  const ring = new Array<Rec>(64);
  for (let i = 0; i < RECORDS; i++) ring[i & 63] = make("add", i, ARGS, TYPE, IMM);
  return ring;
}

function main(): void {
  const rounds = Number(process.argv[2] ?? 15);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`usage: retained-records [ROUNDS] (a whole number of rounds, at least 1; got ${process.argv[2]})`);
  const live: Rec[][] = [];
  const keep = (rs: Rec[]) => {
    live.push(rs);
    if (live.length > 3) live.shift();
  };
  const ways: [string, () => unknown][] = [
    ["literal, kept", () => keep(kept(literal))],
    ["record(), kept", () => keep(kept(constructed))],
    ["literal, dropped", () => dropped(literal)],
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

/**
 * Seeded random functions for the range analysis's tests (the slice's and
 * the quick evaluation's answers against the whole function's): variables
 * carried around loops and branches, comparisons, selects, remainders,
 * divisions, array indexes, back edges; and one fixed shape, a chain of
 * variables through one loop.
 */

/** A small seeded generator (mulberry32). */
export function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (((x ^ (x >>> 14)) >>> 0) % n);
  };
}

/**
 * A random function over i32 variables: each block reads some variables,
 * computes with them and with constants, assigns some, and ends in a branch
 * on a comparison (to the next block and any other), a jump to the next
 * block, or (the last) a return; `moreBlocks`: up to how many blocks past two.
 */
export function randomFunction(seed: number, moreBlocks = 10): string {
  const r = prng(seed);
  const nVars = 1 + r(5), nBlocks = 2 + r(moreBlocks);
  const lines = [`export fn kernel(%n: i32) -> i32 {`, ...Array.from({ length: nVars }, (_, k) => `  var $v${k}: i32`)];
  const CC = ["slt", "sle", "sgt", "sge", "eq", "ne"];
  for (let b = 0; b < nBlocks; b++) {
    lines.push(`b${b}:`);
    const vals = [`%n`];
    let k = 0;
    const fresh = () => `%x${b}_${k++}`;
    const pick = () => vals[r(vals.length)]!;
    /** Defines a value; only i32 ones become operands of later instructions. */
    const emit = (rhs: string, int = true) => { const d = fresh(); lines.push(`  ${d} = ${rhs}`); if (int) vals.push(d); return d; };
    if (b === 0) for (let v = 0; v < nVars; v++) lines.push(`  set $v${v}, ${emit(`const.i32 ${r(8) - 2}`)}`);
    for (let j = 0, n = 2 + r(6); j < n; j++) {
      switch (r(9)) {
        case 0: emit(`const.i32 ${r(40) - 8}`); break;
        case 1: case 2: emit(`get $v${r(nVars)}`); break;
        case 3: emit(`${["add", "sub", "mul", "and"][r(4)]} ${pick()}, ${pick()}`); break;
        case 4: emit(`srem ${pick()}, ${emit(`const.i32 ${1 + r(9)}`)}`); break;
        case 5: emit(`sdiv ${pick()}, ${pick()}`); break;
        case 6: {
          const x = pick(), c = emit(`icmp.${CC[r(6)]} ${x}, ${pick()}`, false);
          emit(`select ${c}, ${r(2) ? x : pick()}, ${pick()}`);
          break;
        }
        case 7: {
          const a = emit(`array.lit [i32; 4], ${pick()}, ${pick()}, ${pick()}, ${pick()}`, false);
          emit(`array.get ${a}, ${pick()}`);
          break;
        }
        default: lines.push(`  set $v${r(nVars)}, ${pick()}`);
      }
    }
    // Every block reaches the next one (the parser rejects unreachable blocks); the other edge goes anywhere.
    if (b === nBlocks - 1) lines.push(`  ret ${pick()}`);
    else if (r(4) === 0) lines.push(`  jump b${b + 1}`);
    else {
      const x = r(2) ? emit(`get $v${r(nVars)}`) : pick();
      const c = emit(`icmp.${CC[r(6)]} ${x}, ${r(2) ? emit(`const.i32 ${r(30)}`) : pick()}`, false);
      const other = `b${r(nBlocks)}`;
      lines.push(r(2) ? `  br ${c}, b${b + 1}, ${other}` : `  br ${c}, ${other}, b${b + 1}`);
    }
  }
  lines.push("}");
  return lines.join("\n");
}

/**
 * One loop of 8 trips through a chain of `n` variables: each trip reads every
 * variable, then sets each to the one before it as read (the first to the
 * counter), so a change reaches one more variable per trip; after the loop,
 * %r reads the last one (then `last`). A solve that holds the chain needs a
 * trip per variable and outgrows the solver's budget. The function's body:
 * its variables and blocks, for an `export fn kernel(%n: i32) -> i32`.
 */
export function variableChainBody(n: number, last = ""): string {
  const lines = ["  var $i: i32", ...Array.from({ length: n }, (_, k) => `  var $v${k}: i32`), "entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  %k8 = const.i32 8"];
  lines.push(...Array.from({ length: n }, (_, k) => `  set $v${k}, %z`), "  set $i, %z", "  jump h", "h:", "  %x = get $i", "  %c = icmp.slt %x, %k8", "  br %c, b, done");
  lines.push("b:", ...Array.from({ length: n }, (_, k) => `  %g${k} = get $v${k}`), "  set $v0, %x", ...Array.from({ length: n - 1 }, (_, k) => `  set $v${k + 1}, %g${k}`));
  lines.push("  %y = add %x, %one", "  set $i, %y", "  jump h", "done:", `  %r = get $v${n - 1}`, last, "  ret %r");
  return lines.join("\n");
}

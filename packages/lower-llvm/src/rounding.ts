/**
 * floor, ceil, ftrunc and nearest of an f64 without a library call. LLVM's
 * llvm.floor/ceil/trunc/roundeven become libm calls on a baseline x86-64
 * (roundsd needs SSE4.1), and the emitted object must link with the runtime
 * alone; so they are spelled with SSE2 operations:
 *
 * - every |x| >= 2^52 (and inf, NaN) is already integral: the result is x;
 * - trunc: fptosi to i64 and back (exact below 2^52), with x's sign put back
 *   so that trunc(-0.3) is -0.0;
 * - floor/ceil: trunc, then one step down (up) when it lies above (below) x;
 * - nearest: (x + c) - c with c = copysign(2^52, x) rounds x to an integer
 *   in the default round-to-nearest-even mode (the classic magic-number
 *   rounding), again with x's sign put back. No fast-math flag is set, so
 *   LLVM may not fold the pair away.
 */
import type { LUnOp, LValue } from "@fzy/lir";
import { globalName } from "./spelling.js";
import type { FunctionScope } from "./instructions.js";

/** 2^52 as LLVM writes a double in hexadecimal. */
const TWO_52 = "0x4330000000000000";

/** The lines computing `dst = kind(src)` for the four rounding operations. */
export function roundingLines(s: FunctionScope, kind: Extract<LUnOp, "floor" | "ceil" | "ftrunc" | "nearest">, dst: LValue, src: LValue): string[] {
  const x = s.spell(src);
  const fabs = intrinsic(s, "llvm.fabs.f64", 1), copysign = intrinsic(s, "llvm.copysign.f64", 2);
  const abs = s.temp(), small = s.temp(), rounded = s.temp();
  const lines = [
    `${abs} = call double ${fabs}(double ${x})`,
    `${small} = fcmp olt double ${abs}, ${TWO_52}`,
  ];
  if (kind === "nearest") {
    const c = s.temp(), up = s.temp(), r = s.temp();
    lines.push(
      `${c} = call double ${copysign}(double ${TWO_52}, double ${x})`,
      `${up} = fadd double ${x}, ${c}`,
      `${r} = fsub double ${up}, ${c}`,
      `${rounded} = call double ${copysign}(double ${r}, double ${x})`,
    );
  } else {
    const i = s.temp(), back = s.temp(), t = kind === "ftrunc" ? rounded : s.temp();
    lines.push(`${i} = fptosi double ${x} to i64`, `${back} = sitofp i64 ${i} to double`, `${t} = call double ${copysign}(double ${back}, double ${x})`);
    if (kind !== "ftrunc") {
      const past = s.temp(), step = s.temp();
      const [cc, op] = kind === "floor" ? ["ogt", "fsub"] : ["olt", "fadd"];
      lines.push(`${past} = fcmp ${cc} double ${t}, ${x}`, `${step} = ${op} double ${t}, 1.0`, `${rounded} = select i1 ${past}, double ${step}, double ${t}`);
    }
  }
  lines.push(`${s.spell(dst)} = select i1 ${small}, double ${rounded}, double ${x}`);
  return lines;
}

function intrinsic(s: FunctionScope, name: string, arity: number): string {
  s.ctx.useIntrinsic(name, `declare double ${globalName(name)}(${new Array(arity).fill("double").join(", ")})`);
  return globalName(name);
}

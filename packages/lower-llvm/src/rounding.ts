/**
 * floor, ceil, ftrunc and nearest of an f64 or f32 without a library call. LLVM's
 * llvm.floor/ceil/trunc/roundeven become libm calls on a baseline x86-64
 * (roundsd needs SSE4.1), and the emitted object must link with the runtime
 * alone; so they are spelled with SSE2 operations:
 *
 * - every |x| >= 2^52 (2^23 for f32; and inf, NaN) is already integral: the result is x;
 * - trunc: fptosi to i64 and back (exact below 2^52), with x's sign put back
 *   so that trunc(-0.3) is -0.0;
 * - floor/ceil: trunc, then one step down (up) when it lies above (below) x;
 * - nearest: (x + c) - c with c = copysign(2^52, x) (2^23) rounds x to an integer
 *   in the default round-to-nearest-even mode (the classic magic-number
 *   rounding), again with x's sign put back. No fast-math flag is set, so
 *   LLVM may not fold the pair away.
 */
import type { LUnOp, LValue } from "@fzy/lir";
import { globalName } from "./spelling.js";
import type { FunctionScope } from "./instructions.js";

/** 2^52 (double) and 2^23 (float): from there on every value is an integer. LLVM writes both as a hexadecimal double. */
const LIMIT = { f64: "0x4330000000000000", f32: "0x4160000000000000" } as const;

/** The lines computing `dst = kind(src)` for the four rounding operations. */
export function roundingLines(s: FunctionScope, kind: Extract<LUnOp, "floor" | "ceil" | "ftrunc" | "nearest">, dst: LValue, src: LValue): string[] {
  const x = s.spell(src);
  const ft = s.typeOf(src) === "f32" ? "f32" : "f64";
  const T = ft === "f32" ? "float" : "double";
  const TWO_52 = LIMIT[ft];
  const fabs = intrinsic(s, `llvm.fabs.${ft}`, T, 1), copysign = intrinsic(s, `llvm.copysign.${ft}`, T, 2);
  const abs = s.temp(), small = s.temp(), rounded = s.temp();
  const lines = [
    `${abs} = call ${T} ${fabs}(${T} ${x})`,
    `${small} = fcmp olt ${T} ${abs}, ${TWO_52}`,
  ];
  if (kind === "nearest") {
    const c = s.temp(), up = s.temp(), r = s.temp();
    lines.push(
      `${c} = call ${T} ${copysign}(${T} ${TWO_52}, ${T} ${x})`,
      `${up} = fadd ${T} ${x}, ${c}`,
      `${r} = fsub ${T} ${up}, ${c}`,
      `${rounded} = call ${T} ${copysign}(${T} ${r}, ${T} ${x})`,
    );
  } else {
    const i = s.temp(), back = s.temp(), t = kind === "ftrunc" ? rounded : s.temp();
    lines.push(`${i} = fptosi ${T} ${x} to i64`, `${back} = sitofp i64 ${i} to ${T}`, `${t} = call ${T} ${copysign}(${T} ${back}, ${T} ${x})`);
    if (kind !== "ftrunc") {
      const past = s.temp(), step = s.temp();
      const [cc, op] = kind === "floor" ? ["ogt", "fsub"] : ["olt", "fadd"];
      lines.push(`${past} = fcmp ${cc} ${T} ${t}, ${x}`, `${step} = ${op} ${T} ${t}, 1.0`, `${rounded} = select i1 ${past}, ${T} ${step}, ${T} ${t}`);
    }
  }
  lines.push(`${s.spell(dst)} = select i1 ${small}, ${T} ${rounded}, ${T} ${x}`);
  return lines;
}

function intrinsic(s: FunctionScope, name: string, T: string, arity: number): string {
  s.ctx.useIntrinsic(name, `declare ${T} ${globalName(name)}(${new Array(arity).fill(T).join(", ")})`);
  return globalName(name);
}

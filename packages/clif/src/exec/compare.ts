/**
 * CLIF condition codes as C, shared by the scalar and the vector
 * translation: IntCC as a C operator and whether it compares signed,
 * FloatCC as a C expression (C's `<` etc. are false on NaN, `!=` is true).
 */

/** IntCC -> [C operator, signed]. */
export const INT_CMP: Readonly<Record<string, [string, boolean]>> = {
  eq: ["==", false], ne: ["!=", false], slt: ["<", true], sle: ["<=", true], sgt: [">", true], sge: [">=", true],
  ult: ["<", false], ule: ["<=", false], ugt: [">", false], uge: [">=", false],
};

/** FloatCC of `a` and `b` in C; undefined for an unknown code. */
export function floatCompare(cc: string, a: string, b: string): string | undefined {
  const table: Readonly<Record<string, string>> = {
    ord: `${a} == ${a} && ${b} == ${b}`, uno: `${a} != ${a} || ${b} != ${b}`,
    eq: `${a} == ${b}`, ne: `${a} != ${b}`, one: `${a} < ${b} || ${a} > ${b}`, ueq: `!(${a} < ${b} || ${a} > ${b})`,
    lt: `${a} < ${b}`, le: `${a} <= ${b}`, gt: `${a} > ${b}`, ge: `${a} >= ${b}`,
    ult: `!(${a} >= ${b})`, ule: `!(${a} > ${b})`, ugt: `!(${a} <= ${b})`, uge: `!(${a} < ${b})`,
  };
  return table[cc];
}

/**
 * The matrix rules of the string operations (SPEC.md "String operations";
 * lowered by lower-string-ops.ts), after the map rules in eligibility.RULES.
 * A slice, a byte_at, or a find whose needle is a short literal is inline
 * code on a view; anything else is a pure view helper of runtime-c.
 */

/** The facts these rules read, typed here so the matrix imports the rules without an import cycle. */
interface StropInput {
  readonly kind: string;
  readonly constant: boolean;
  readonly bytes?: number;
}

/** The rules, for literal needles of at most `maxLiteral` bytes (eligibility.INLINE_LITERAL_MAX_BYTES). */
export function stropRules(maxLiteral: number) {
  return [
    {
      id: "strop-inline", kinds: ["string-op"] as const, when: `slice, byte_at; find with a literal needle of at most ${maxLiteral} bytes`,
      test: (i: StropInput) => i.kind === "string-op" && i.constant && (i.bytes ?? 0) <= maxLiteral,
      decide: () => ({ policy: "A" as const, form: "inline-compare" as const, reason: "inline byte tests or a literal scan: no call on the hot path" }),
    },
    {
      id: "strop-helper", kinds: ["string-op"] as const, when: "find with a computed or long needle",
      test: (i: StropInput) => i.kind === "string-op",
      decide: () => ({ policy: "C" as const, form: "helper-call" as const, reason: "a pure view helper of runtime-c" }),
    },
  ];
}

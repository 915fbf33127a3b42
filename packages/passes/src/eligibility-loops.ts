/**
 * The matrix rules of counted loops (optimize-unroll.ts), after the licm
 * rule in eligibility.RULES: an innermost loop of few constant trips and a
 * small body is written out as straight-line copies; any other is kept.
 * The thresholds are eligibility-thresholds.ts's.
 */
import { UNROLL_MAX_BODY, UNROLL_MAX_COPIED, UNROLL_MAX_TRIPS } from "./eligibility-thresholds.js";

/** The facts these rules read, typed here so the matrix imports the rules without an import cycle. */
interface LoopInput {
  readonly kind: string;
  /** The body's instructions plus terminators. */
  readonly insts?: number;
  readonly trips?: number;
}

/** Few trips, a small body, bounded growth (trips x body). */
function small(i: LoopInput): boolean {
  const trips = i.trips ?? Infinity, body = i.insts ?? Infinity;
  return trips <= UNROLL_MAX_TRIPS && body <= UNROLL_MAX_BODY && trips * body <= UNROLL_MAX_COPIED;
}

export const LOOP_RULES = [
  {
    id: "unroll-small", kinds: ["counted-loop"] as const, when: `counted loop of at most ${UNROLL_MAX_TRIPS} trips, body of at most ${UNROLL_MAX_BODY} instructions, at most ${UNROLL_MAX_COPIED} copied`,
    test: (i: LoopInput) => i.kind === "counted-loop" && small(i),
    decide: () => ({ policy: "A" as const, form: "unrolled" as const, reason: "few constant trips: straight-line copies, the counter a constant in each" }),
  },
  {
    id: "unroll-kept", kinds: ["counted-loop"] as const, when: "counted loop",
    test: (i: LoopInput) => i.kind === "counted-loop",
    decide: () => ({ policy: "C" as const, form: "as-emitted" as const, reason: "too many trips or too large a body: kept a loop" }),
  },
];

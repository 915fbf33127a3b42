/**
 * The thresholds of the eligibility matrix (eligibility.ts): every size
 * limit a rule applies, in one place, re-exported by the matrix.
 */

/** Largest fixed array (bytes) put in a stack slot in mode on; force takes any size the frame budget (below) allows. */
export const STACK_ARRAY_MAX_BYTES = 1 << 16;
/**
 * Most bytes of stack slots the fast paths give one function (fixed arrays,
 * the buffers of new strings), in every mode: four of the largest arrays.
 * Past it a slot's data takes the runtime path instead (a handle, the
 * temporary arena): a function of thousands of string sites or arrays would
 * otherwise need a frame larger than a thread's stack, and overflow it
 * where the reference semantics, on the heap, do not.
 */
export const FRAME_MAX_BYTES = 1 << 18;
/** The same for a function that may recurse (every level holds its slots): four string buffers. */
export const FRAME_RECURSIVE_MAX_BYTES = 1 << 10;
/** Largest callee (instructions + terminators) inlined in mode on... */
export const INLINE_MAX_INSTS = 60;
/** ...and in mode force (a bound on code growth even where every legal fast path is taken). */
export const INLINE_FORCE_MAX_INSTS = 400;
/** Matches with at most this many arms (the default included) are a compare chain in mode on. */
export const MAX_CHAIN_ARMS = 3;
/** A literal needle of at most this many bytes is compared inline (byte loads); longer ones call a view helper. */
export const INLINE_LITERAL_MAX_BYTES = 16;
/** A chain of equality tests against at least this many literals is dispatched on the length. */
export const MIN_LITERAL_SET = 3;
/** Largest lowered function (instructions + terminators) the optimizer runs on: its ~10 linear passes would dominate beyond. */
export const OPTIMIZE_MAX_INSTS = 10_000;
/**
 * Most operations on one local map whose probes are emitted inline: an
 * operation on an i32 key hashes and probes in about 35 lowered
 * instructions (more for a str key), so 64 of them are under a quarter of
 * OPTIMIZE_MAX_INSTS. A map with more (a table filled by a long run of
 * `map.set`s, as generated code writes one) takes the runtime's calls,
 * one per operation: 4,000 inline `map.set`s and `map.get`s were 16 MB
 * of LLVM text.
 */
export const MAP_INLINE_MAX_OPERATIONS = 64;
/** A table (jump or lookup) spans at most this many case values... */
export const MAX_TABLE_SPAN = 4096n;
/** ...and at most this many entries per case (as a ratio: span * den <= cases * num). */
export const TABLE_DENSITY = { num: 5n, den: 2n } as const;
/** A counted loop is unrolled when it runs at most this many trips... */
export const UNROLL_MAX_TRIPS = 8;
/** ...its body has at most this many instructions plus terminators... */
export const UNROLL_MAX_BODY = 16;
/** ...and the copies hold at most this many (trips x body): the code growth bound. */
export const UNROLL_MAX_COPIED = 64;

/** The density rule of every table: `cases` distinct values spanning `span` values (max - min + 1). */
export function isDense(cases: number, span: bigint): boolean {
  return cases > 0 && span * TABLE_DENSITY.den <= BigInt(cases) * TABLE_DENSITY.num && span <= MAX_TABLE_SPAN;
}

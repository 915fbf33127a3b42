/**
 * Value handles: what a FunctionBuilder hands out for a value, so that a
 * value of one function can never pass for a value of another. Inside a
 * finished Func a value is its dense index (0..values.length-1); a builder
 * hands out `tag * 2^32 + index`, where `tag` is the builder's own number.
 * A handle from another builder (or a bare index) therefore never falls in
 * this builder's range, and the builder says whose value it was.
 *
 * Tags count up per process and wrap after 2^21 builders, so a handle stays
 * a safe integer (< 2^53); two builders 2^21 apart share a tag, which only
 * means a misuse between them goes unnoticed. Handles never reach a Module
 * or any output: the builder stores indices, so output does not depend on
 * how many builders came before.
 *
 * The last 4096 builders' names are remembered (names only, bounded memory)
 * so the error can name the function a foreign value came from.
 */

/** Values per function a handle can address. */
const SPAN = 2 ** 32;
/** Tags are 1..TAG_LIMIT-1; 0 is never used, so a bare index is never a valid handle. */
const TAG_LIMIT = 2 ** 21;
const RING = 4096;

/** What the error for a foreign value needs to know about the builder that made it. */
export interface ValueOwner {
  readonly tag: number;
  readonly func: string;
  readonly module: string;
  finished: boolean;
}

let nextTag = 1;
const recent: (ValueOwner | undefined)[] = new Array<ValueOwner | undefined>(RING);

/** A new owner with a fresh tag; its handles start at `base`. */
export function newOwner(func: string, module: string): { readonly owner: ValueOwner; readonly base: number } {
  const tag = nextTag;
  nextTag = nextTag + 1 === TAG_LIMIT ? 1 : nextTag + 1;
  const owner: ValueOwner = { tag, func, module, finished: false };
  recent[tag % RING] = owner;
  return { owner, base: tag * SPAN };
}

/** The builder that made handle `h`, when it is one of the last few thousand. */
export function ownerOf(h: number): ValueOwner | undefined {
  if (!Number.isSafeInteger(h) || h < SPAN) return undefined;
  const tag = Math.floor(h / SPAN);
  const o = recent[tag % RING];
  return o && o.tag === tag ? o : undefined;
}

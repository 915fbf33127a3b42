/**
 * Where the time of a lowering goes, pass by pass (what `fzlower
 * --time-passes` prints, as `-time-passes` does for LLVM): each pass reports
 * to the clock of the running lowering when it starts and when it ends, and
 * the clock charges the wall time in between to that pass, less the passes
 * it calls (the range analysis runs inside the emission that asks it, the
 * LLVM printer's facts inside the printing), so the passes' times add up to
 * the whole. Time outside every pass (the module's tables, the report) is
 * `other`.
 *
 * A pass reports to `activeClock`, which is undefined unless a caller asked
 * for the times (LowerOptions.passClock): then a report is one compare. The
 * clock is read through `performance.now()`, about 50 ns a call, eight
 * times per function; a lowering with a clock took 1.03x the CPU time of
 * one without on corpus x10 of conformance and 1.13x on 50,000 tiny
 * functions, so compare pass times with pass times, not with the time of a
 * lowering without the clock.
 */

/** The passes a clock tells apart, in pipeline order. */
export const PASSES = ["parse", "verify", "inline", "scalarize", "plan", "emit", "ranges", "optimize", "print", "facts", "other"] as const;
export type PassName = (typeof PASSES)[number];

/** Each pass's index in PASSES, the number a pass reports with (`clock.enter(PASS.emit)`). */
export const PASS: { readonly [P in PassName]: number } = Object.fromEntries(PASSES.map((p, i) => [p, i])) as { [P in PassName]: number };

/** What each pass is, for the tables that print the times. */
export const PASS_MEANINGS: { readonly [P in PassName]: string } = {
  parse: "reading the .fzir text into a module",
  verify: "checking the module (types, dominance, symbols)",
  inline: "planning and building the inlined functions",
  scalarize: "deciding struct allocations and splitting them into scalars",
  plan: "per function: string ownership, reference counts, SSA construction plan",
  emit: "per function: the matrix's decisions and the lowered form, instruction by instruction",
  ranges: "per function: the range analysis, when the emission asks it",
  optimize: "per function: fold, clean-up, tables, dead values, loop invariants, unrolling",
  print: "the backend's text (CLIF, LLVM IR or WebAssembly)",
  facts: "LLVM: the value ranges behind nuw/nsw and !range",
  other: "everything between the passes (module tables, signatures, the report)",
};

/** Milliseconds of wall time per pass, exclusive of the passes it called, and the calls of each. */
export interface PassTimes {
  readonly ms: { readonly [P in PassName]: number };
  readonly calls: { readonly [P in PassName]: number };
  /** The sum of `ms`. */
  readonly total: number;
  /** The functions whose lowering and printing took longest, longest first (at most SLOWEST_KEPT; ties in the order met). */
  readonly slowest: readonly FunctionTime[];
}

/** A function's wall time from the start of its lowering to the end of its printing (its passes and `other` between them). */
export interface FunctionTime {
  readonly name: string;
  readonly ms: number;
}

/** How many of the slowest functions a clock keeps. */
export const SLOWEST_KEPT = 10;

const OTHER = PASS.other;

export class PassClock {
  private readonly ms = new Float64Array(PASSES.length);
  private readonly calls = new Float64Array(PASSES.length);
  /** The passes entered and not yet left, innermost last; stack[0] is `other`. */
  private stack = new Int32Array(16);
  private depth = 0;
  /** When the innermost pass's time was last charged (performance.now()). */
  private last = 0;
  /** Whether the clock runs (between start and stop). */
  private running = false;
  /** The slowest functions so far, longest first, and when the function being lowered started. */
  private readonly slowest: FunctionTime[] = [];
  private functionStart = 0;

  /** `now`: the time in milliseconds (a test passes its own). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Starts charging time (to `other` until a pass is entered). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.depth = 0;
    this.stack[0] = OTHER;
    this.last = this.now();
  }

  /** Stops charging time; passes still entered (one threw) are left. */
  stop(): void {
    if (!this.running) return;
    this.charge();
    this.depth = 0;
    this.running = false;
  }

  /** Pass `pass` (a PASS number) starts: the time so far goes to the pass it runs in. */
  enter(pass: number): void {
    this.charge();
    if (++this.depth === this.stack.length) {
      const grown = new Int32Array(2 * this.stack.length);
      grown.set(this.stack);
      this.stack = grown;
    }
    this.stack[this.depth] = pass;
    this.calls[pass]!++;
  }

  /** The innermost pass ends: the time since it started (or since the passes it called ended) is its own. */
  leave(): void {
    this.charge();
    if (this.depth > 0) this.depth--;
  }

  /** The innermost pass ends and `pass` starts in its place (leave, then enter, with one read of the time). */
  next(pass: number): void {
    this.charge();
    this.stack[this.depth] = pass;
    this.calls[pass]!++;
  }

  /** A function's lowering starts (its time is not charged to any pass: the passes report their own). */
  startFunction(): void {
    this.functionStart = this.now();
  }

  /** The function `name` is lowered and printed: kept when it is among the slowest. */
  endFunction(name: string): void {
    const ms = this.now() - this.functionStart, list = this.slowest;
    if (list.length === SLOWEST_KEPT && ms <= list[SLOWEST_KEPT - 1]!.ms) return;
    let at = list.length;
    while (at > 0 && list[at - 1]!.ms < ms) at--;
    list.splice(at, 0, { name, ms });
    if (list.length > SLOWEST_KEPT) list.pop();
  }

  /** `fn()`, charged to `pass`, with this clock running for it. */
  time<T>(pass: PassName, fn: () => T): T {
    const was = this.running;
    this.start();
    this.enter(PASS[pass]);
    try {
      return fn();
    } finally {
      this.leave();
      if (!was) this.stop();
    }
  }

  /** The times so far. */
  times(): PassTimes {
    if (this.running) this.charge();
    const ms = {} as { [P in PassName]: number }, calls = {} as { [P in PassName]: number };
    let total = 0;
    for (let i = 0; i < PASSES.length; i++) {
      ms[PASSES[i]!] = this.ms[i]!;
      calls[PASSES[i]!] = this.calls[i]!;
      total += this.ms[i]!;
    }
    return { ms, calls, total, slowest: this.slowest.slice() };
  }

  private charge(): void {
    const now = this.now();
    this.ms[this.stack[this.depth]!]! += now - this.last;
    this.last = now;
  }
}

/**
 * The clock the running lowering's passes report to; undefined (the
 * default) when nobody asked. Set only through `runWithClock`.
 */
export let activeClock: PassClock | undefined;

/**
 * `fn()`, charged to pass `pass` (a PASS number) of the active clock, if
 * any: for a step made once per module (a closure per call). A step made
 * once per function reports with `enter` / `leave` itself.
 */
export function inPass<T>(pass: number, fn: () => T): T {
  const clock = activeClock;
  if (clock === undefined) return fn();
  clock.enter(pass);
  const r = fn();
  clock.leave();
  return r;
}

/** `fn()` with `clock` as the active clock, running (the clock before it is active again after, even when `fn` throws). */
export function runWithClock<T>(clock: PassClock | undefined, fn: () => T): T {
  if (clock === undefined && activeClock === undefined) return fn();
  const before = activeClock, was = clock !== undefined && clock === before;
  activeClock = clock;
  clock?.start();
  try {
    return fn();
  } finally {
    if (!was) clock?.stop();
    activeClock = before;
  }
}

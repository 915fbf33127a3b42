/**
 * The tables printing reuses from one module to the next: the symbol
 * index, the callees' declaration stamps, the block-order arrays and the
 * scratch buffer of function bodies. A module ends as a function does, with
 * everything empty, so the next module takes them over (the spare of
 * @fzy/ir spare.ts): tables made fresh for each module, sized to a module of
 * 50,000 functions, cost more in page faults on their fresh memory than
 * filling them.
 */
import { Spare, StringIndex, TextOut } from "@fzy/lir";
import { OrderScratch } from "./function.js";

/** Serials past this start the stamps again (at a module's start, when no stamp of the module is live). */
const SERIAL_LIMIT = 1 << 30;

/**
 * Per callee number, the serial of the function that last declared it and
 * its `fnN` there. Serials only grow while the stamps live, across modules
 * too, so a stamp left by an earlier function or module never matches and
 * nothing is cleared between them; 0 is no function.
 */
export class CalleeStamps {
  private refIn = new Int32Array(64);
  private refs = new Int32Array(64);
  private last = 0;

  /** Starts a module of `n` callees so far. */
  startModule(n: number): void {
    if (this.last > SERIAL_LIMIT) {
      this.refIn.fill(0);
      this.last = 0;
    }
    this.fit(n);
  }

  /** Room for callees 0..n-1. */
  fit(n: number): void {
    if (n <= this.refIn.length) return;
    const size = Math.max(n, this.refIn.length * 2);
    const refIn = new Int32Array(size), refs = new Int32Array(size);
    refIn.set(this.refIn);
    refs.set(this.refs);
    this.refIn = refIn;
    this.refs = refs;
  }

  /** A serial no function has had (never 0). */
  nextSerial(): number {
    return ++this.last;
  }

  /** `fnN` of callee `k` in the function with serial `serial`, or -1 when that function has not declared it. */
  ref(k: number, serial: number): number {
    return this.refIn[k] === serial ? this.refs[k]! : -1;
  }

  /** Records that the function with serial `serial` declares callee `k` as `fnN`. */
  set(k: number, serial: number, n: number): void {
    this.refIn[k] = serial;
    this.refs[k] = n;
  }
}

/** What printing one module uses and leaves empty for the next. */
export class ClifWorkspace {
  /** The module's symbols (scope.ts ModuleScope), refilled for each module. */
  readonly symbols = new StringIndex();
  readonly stamps = new CalleeStamps();
  readonly order = new OrderScratch();
  /**
   * Where a function's body goes when its preamble must come first (empty
   * between functions). It grows to the longest body: a fixed buffer would
   * decode a longer body into pieces, and the text it moves to would then
   * be joined from pieces (a copy of the whole text).
   */
  readonly body = new TextOut(1 << 16, true);
}

/** The workspace of the last module that finished printing. */
const spare = new Spare<ClifWorkspace>();

/** The spare workspace if there is one (then no other printing can take it), else a new one. */
export function takeWorkspace(): ClifWorkspace {
  return spare.take() ?? new ClifWorkspace();
}

/** Hands a workspace no printing uses any more to the next module. */
export function releaseWorkspace(w: ClifWorkspace): void {
  spare.give(w);
}

/**
 * `fzlower ... --persistent_worker`: one process that lowers module after
 * module for a build system, in the JSON form of Bazel's persistent-worker
 * protocol. A fresh `fzlower` spends most of a module's time before the
 * engine has optimized its code (conformance/README.md: corpus x1 takes
 * 0.6 s in a fresh process and 0.07 s warm); a worker pays that once.
 *
 * Requests come on stdin, JSON objects one after another (whitespace or
 * nothing between them): `{"arguments": [...], "requestId": n}`; other fields
 * (`inputs`, `verbosity`, `sandboxDir`) are read past. Each is run as the
 * command line `fzlower STARTUP... ARGUMENTS...` (STARTUP: the worker's own
 * arguments but `--persistent_worker`), and answered on stdout, one line:
 * `{"exitCode": status, "output": what the command printed, "requestId": n}`.
 * `output` holds the command's stdout and stderr as written (a request
 * whose text goes to stdout, with no `-o`, gets it there). Requests are run
 * and answered one at a time, in order, so a `cancel` request always names
 * one already answered and gets no answer of its own (the protocol's rule).
 * The end of stdin ends the worker (status 0); a request that is not such
 * an object ends it with one line on stderr (status 2), after the answers
 * to the requests before it.
 */

/** What a command writes: its stdout and its stderr. */
export interface CommandIO {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

/** Runs one command line (the CLI's main), giving its exit status. */
export type RunCommand = (argv: string[], io: CommandIO) => Promise<number>;

/** The flag that makes fzlower a worker. */
export const WORKER_FLAG = "--persistent_worker";

/** A request the worker cannot read: the message says where. */
class WorkerInputError extends Error {}

/**
 * Serves the requests read from `input` (chunks of stdin), answering each on
 * `answer`; resolves to the worker's exit status.
 */
export async function serveWorker(startup: readonly string[], input: AsyncIterable<string | Uint8Array>, answer: (line: string) => void, run: RunCommand, fail: (line: string) => void): Promise<number> {
  const requests = new RequestSplitter();
  const decoder = new TextDecoder();
  let index = 0;
  try {
    for await (const chunk of input) {
      for (const text of requests.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }))) await serve(text, ++index, startup, answer, run);
      requests.check();
    }
    requests.end();
    return 0;
  } catch (e) {
    if (!(e instanceof WorkerInputError)) throw e;
    fail(`fzlower ${WORKER_FLAG}: ${e.message}\n`);
    return 2;
  }
}

async function serve(text: string, index: number, startup: readonly string[], answer: (line: string) => void, run: RunCommand): Promise<void> {
  const request = readRequest(text, index);
  if (request.cancel) return;
  let output = "";
  const write = (s: string) => void (output += s);
  const exitCode = await run([...startup, ...request.arguments], { out: write, err: write });
  answer(`${JSON.stringify({ exitCode, output, requestId: request.requestId })}\n`);
}

interface WorkRequest {
  readonly arguments: readonly string[];
  readonly requestId: number;
  readonly cancel: boolean;
}

/** The request in `text` (the `index`th, from 1), or a WorkerInputError saying what is wrong with it. */
function readRequest(text: string, index: number): WorkRequest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new WorkerInputError(`request ${index} is not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new WorkerInputError(`request ${index} is not a JSON object`);
  const r = v as Record<string, unknown>;
  const args = r["arguments"] ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) throw new WorkerInputError(`request ${index}: "arguments" must be a list of strings`);
  const id = r["requestId"] ?? 0;
  if (!Number.isSafeInteger(id)) throw new WorkerInputError(`request ${index}: "requestId" must be an integer`);
  return { arguments: args as string[], requestId: id as number, cancel: r["cancel"] === true };
}

/**
 * Cuts a stream of JSON objects into the text of each, however the chunks
 * fall: it follows strings (and their escapes) and the nesting of braces and
 * brackets, and a text ends where its outermost object closes. Each
 * character is looked at once, and an unfinished request's pieces are
 * joined once, when it closes.
 */
export class RequestSplitter {
  /** The pieces of the request under way from earlier chunks (empty: none, or it starts in the next chunk). */
  private pieces: string[] = [];
  private open = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Characters (UTF-16 code units) of the input before the current chunk, for messages. */
  private consumed = 0;
  /** Requests cut so far. */
  private count = 0;
  /** What is wrong with the input, once something is (check throws it). */
  private failure: WorkerInputError | undefined;

  /** The requests that `chunk` completes (none after the input went wrong). */
  push(chunk: string): string[] {
    if (this.failure) return [];
    const done: string[] = [];
    let from = 0; // where the request under way starts in this chunk (0 when it started in an earlier one)
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (!this.open) {
        if (c === SPACE || c === TAB || c === LF || c === CR) continue;
        if (c !== OPEN_BRACE) {
          // The requests before it are still given (and answered) first.
          this.failure = new WorkerInputError(`request ${this.count + 1} does not start with "{" (at character ${this.consumed + i} of the input)`);
          return done;
        }
        [this.open, this.depth, from] = [true, 1, i];
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.depth === 0) {
        this.pieces.push(chunk.slice(from, i + 1));
        done.push(this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join(""));
        this.pieces = [];
        this.open = false;
        this.count++;
      }
    }
    if (this.open) this.pieces.push(chunk.slice(from));
    this.consumed += chunk.length;
    return done;
  }

  /** Throws what is wrong with the input so far, if anything. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** The end of the input: a request left open is an error. */
  end(): void {
    this.check();
    if (this.open) throw new WorkerInputError(`request ${this.count + 1} ends before its closing "}" (the input ended)`);
  }
}

const SPACE = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d, QUOTE = 0x22, BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;

/**
 * The entry of a bench command: runs its `main` and turns a thrown error
 * (a usage mistake, an unknown input, two builds printing different text)
 * into one line on stderr, `NAME: message`, and exit status 1, instead of a
 * stack trace.
 */
export async function runMain(name: string, main: () => void | Promise<void>): Promise<void> {
  try {
    await main();
  } catch (e) {
    console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}

/** The whole number of at least 1 that option `--what` spells (`dflt` when not given), or a usage error. */
export function wholeNumberArg(text: string | undefined, dflt: number, what: string): number {
  const n = text === undefined ? dflt : Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${what} takes a whole number of at least 1, not '${text}'`);
  return n;
}

/** The printing backend (llvm or cranelift) that `--backend` names (llvm when not given), or a usage error. */
export function printingBackendArg(text: string | undefined): "llvm" | "cranelift" {
  const backend = text ?? "llvm";
  if (backend !== "llvm" && backend !== "cranelift") throw new Error(`--backend takes llvm or cranelift, not '${backend}'`);
  return backend;
}

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

/**
 * Lowers .fzir files with both backends in every mode and prints one JSON
 * line per (file, backend, mode): SHA-256 digests of the text, of the data
 * objects and of the lowering report, or the error the input gives. Run in
 * separate processes by determinism.test.ts, which compares the lines; the
 * order of files is taken from the command line, so a process can lower
 * them in another order and show state kept from one lowering to the next.
 *
 *   node conformance/dist/determinism/lower-all.js FILE...
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Backend, FzError, formatReport, lowerText, type Mode } from "@fzy/lower";

const BACKENDS: readonly Backend[] = ["llvm", "cranelift"];
const MODES: readonly Mode[] = ["off", "on", "force"];

export interface Line {
  readonly file: string;
  readonly backend: Backend;
  readonly mode: Mode;
  readonly text?: string;
  readonly data?: string;
  readonly report?: string;
  readonly error?: string;
}

const sha = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");

export function lowerAll(files: readonly string[], write: (line: Line) => void): void {
  for (const file of files) {
    const source = readFileSync(file);
    for (const backend of BACKENDS) {
      for (const mode of MODES) {
        try {
          const r = lowerText(source, backend, { perfFastpath: mode, file, verifyLowered: true });
          const data = r.data.map((d) => `${d.name} ${d.align} ${d.writable} ${Buffer.from(d.bytes).toString("hex")} ${JSON.stringify(d.relocs)}`).join("\n");
          write({ file, backend, mode, text: sha(r.text), data: sha(data), report: sha(formatReport(r.report) + JSON.stringify(r.diagnostics)) });
        } catch (e) {
          write({ file, backend, mode, error: e instanceof FzError ? e.format() : `not an FzError: ${String(e)}` });
        }
      }
    }
  }
}

if (process.argv[1]?.endsWith("lower-all.js")) {
  const out: string[] = [];
  lowerAll(process.argv.slice(2), (l) => out.push(JSON.stringify(l)));
  process.stdout.write(out.join("\n") + "\n");
}

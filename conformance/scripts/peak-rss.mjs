// Peak memory of a module's native build at two sizes: node conformance/scripts/peak-rss.mjs FILE.fzir [N1 N2]
// (after pnpm run build). Lowers FILE for LLVM and Cranelift in modes on and off, checks kernel(1000)
// against the interpreter, and prints the peak RSS (KiB, wait4's ru_maxrss) of kernel(N1) and kernel(N2).
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { lowerText } from "@fzy/lower";
import { buildNative } from "../dist/native/build.js";
import { scratchDir } from "../dist/native/toolchain.js";
import { referenceOutcome, showOutcome } from "../dist/parity.js";
import { runWithPeakRss } from "../dist/memory/peak-rss.js";

const [file, n1 = "100000", n2 = "10000000"] = process.argv.slice(2);
if (!file) throw new Error("usage: node conformance/scripts/peak-rss.mjs FILE.fzir [N1 N2]");
const source = readFileSync(file, "utf8");
const want = showOutcome(referenceOutcome(source, 1000));
for (const [backend, mode] of [["llvm", "on"], ["llvm", "off"], ["cranelift", "on"], ["cranelift", "off"]]) {
  const r = lowerText(source, backend, { perfFastpath: mode, file });
  const exe = buildNative(backend, r, join(scratchDir(`peak-rss-${basename(file)}-${backend}-${mode}`), "prog"));
  const same = runWithPeakRss(exe, 1000).stdout === want;
  const a = runWithPeakRss(exe, Number(n1)), b = runWithPeakRss(exe, Number(n2));
  console.log(`${backend} ${mode}: kernel(1000) ${same ? "matches" : "DIFFERS FROM"} the interpreter; peak RSS ${a.peakKb} KiB at ${n1}, ${b.peakKb} KiB at ${n2}`);
}

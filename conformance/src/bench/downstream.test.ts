import test from "ava";
import { existsSync } from "node:fs";
import { downstreamTable, downstreamTools, FZLOWER, measureDownstream } from "./downstream.js";

test("downstreamTools: clang at -O0 and -O2 on the LLVM text, and a real Cranelift only when FZ_CLIF_TOOL names one", (t) => {
  const plain = downstreamTools({ ...process.env, FZ_CLIF_TOOL: "" });
  t.deepEqual(plain.map((d) => [d.name, d.backend]), [["clang -O0 -c", "llvm"], ["clang -O2 -c", "llvm"]]);
  t.deepEqual(plain[0]!.command("in.ll", "out.o").slice(1), ["-O0", "-c", "-w", "in.ll", "-o", "out.o"]);
  const withClif = downstreamTools({ ...process.env, FZ_CLIF_TOOL: "/opt/clif-tool" });
  t.deepEqual(withClif[2]!.command("in.clif", "out.o"), ["/opt/clif-tool", "compile", "in.clif", "-o", "out.o"]);
  t.is(withClif[2]!.backend, "cranelift");
});

test("measureDownstream lowers corpus x1, runs fzlower and clang -O0 on it, and reports the medians and their ratio", (t) => {
  t.true(existsSync(FZLOWER));
  const clang = downstreamTools({ ...process.env, FZ_CLIF_TOOL: "" })[0]!;
  const row = measureDownstream(1, clang, 1, 0);
  t.is(row.input, "corpus x1");
  t.true(row.instructions > 1000);
  t.true(row.objectBytes > 1000, "clang wrote an object file");
  for (const ms of [row.lowerMs, row.commandMs, row.toolMs]) t.true(ms > 0);
  // One round: each ratio is that round's.
  t.is(row.lowerRatio, row.lowerMs / row.toolMs);
  t.is(row.commandRatio, row.commandMs / row.toolMs);
  const table = downstreamTable([row]);
  t.is(table.length, 3);
  t.regex(table[2]!, /^\| corpus x1 \| \d+ \| clang -O0 -c \| /);
});

/**
 * The generated half of the hostile corpus, conformance/hostile/generated/:
 * seeded mutations of the templates (every template with every mutation
 * kind and 1 to 5 edits) and integer literals and array nesting at and
 * around every limit. The files are committed so a failure names a file;
 * hostile.test.ts checks that they are exactly what this script writes.
 *
 *   node conformance/dist/hostile/generate.js     (rewrites the directory)
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFORMANCE_DIR } from "../native/toolchain.js";
import { type MutationKind, mutate } from "./mutate.js";
import { TEMPLATES } from "./templates.js";

export const GENERATED_DIR = join(CONFORMANCE_DIR, "hostile/generated");
const MUTATIONS = 200;
const SEED = 0x5eed0000;
const KINDS: readonly MutationKind[] = ["bytes", "lines", "tokens", "mixed"];

export interface CorpusFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every generated corpus file, in order. */
export function generatedCorpus(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (let i = 0; i < MUTATIONS; i++) {
    const t = i % TEMPLATES.length;
    const kind = KINDS[Math.floor(i / TEMPLATES.length) % KINDS.length]!;
    const template = TEMPLATES[t]!;
    const name = /^module (\w+)/.exec(template)![1]!;
    out.push({ name: `${String(i).padStart(3, "0")}-${name}-${kind}.fzir`, bytes: mutate(template, SEED + i, kind, 1 + (i % 5)) });
  }
  // Array types nested up to, at and past MAX_TYPE_DEPTH (200).
  for (const depth of [1, 50, 199, 200, 201, 1000]) {
    out.push({ name: `nest-${depth}.fzir`, bytes: utf8(`module nest\n\nfn f(%a: ${"[".repeat(depth)}i32${"]".repeat(depth)}) {\nentry:\n  ret\n}\n`) });
  }
  // Integer constants at and one past both ends of every width, in decimal and hex.
  for (const bits of [8, 16, 32, 64]) {
    const min = -(1n << BigInt(bits - 1)), max = (1n << BigInt(bits)) - 1n;
    for (const [tag, v] of [["min", min], ["below", min - 1n], ["umax", max], ["above", max + 1n]] as const) {
      const hex = v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
      out.push({ name: `int-i${bits}-${tag}.fzir`, bytes: utf8(`module ints\n\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %a = const.i${bits} ${v}\n  %b = const.i${bits} ${hex}\n  ret %n\n}\n`) });
    }
  }
  return out;
}

function main(): void {
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const f of readdirSync(GENERATED_DIR)) rmSync(join(GENERATED_DIR, f));
  const files = generatedCorpus();
  for (const f of files) writeFileSync(join(GENERATED_DIR, f.name), f.bytes);
  console.log(`wrote ${files.length} files to ${GENERATED_DIR}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

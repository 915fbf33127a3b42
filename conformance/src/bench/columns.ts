/**
 * The columns of the benchmark table: what is timed for every kernel.
 *
 * - `llvm`: the kernel lowered with fast paths on, through clang -O2;
 * - the CLIF column: through a real Cranelift only when FZ_CLIF_TOOL is set
 *   (id `cranelift`); otherwise through the CLIF executor, which translates
 *   CLIF to C, and that column is named for what it is (id `clif-executor`):
 *   its times say nothing about Cranelift's code;
 * - `wasm`: the kernel through the wasm backend, run in this process by V8
 *   after warm-up (one call of a warm instance per sample), and
 *   `wasm-process`: the same module run by a fresh `node` process, start-up
 *   and compilation included, comparable with the native columns' samples;
 * - `rust` (rustc -O) and `c` (clang -O2, the physical limit): the baselines;
 * - with --ablate, each Fzy column again with one fast path off, and with
 *   every fast path off (mode off); their gain is read against the full column.
 */
import { type Backend, FAST_PATHS, type FastPath, type LowerOptions } from "@fzy/lower";
import { clifEngineName } from "../native/build.js";

/** The wasm columns: one module, timed warm in-process and as a whole process. */
export const WASM_COLUMNS: readonly Column[] = [
  { kind: "fzy", id: "wasm", label: "Fzy -> wasm (V8 warm, in-process)", backend: "wasm", variant: { kind: "full" }, base: "wasm", runner: "in-process" },
  { kind: "fzy", id: "wasm-process", label: "Fzy -> wasm (node, whole process)", backend: "wasm", variant: { kind: "full" }, base: "wasm-process", runner: "process" },
];

/** How a Fzy column lowers: everything on, one fast path off, or mode off. */
export type Variant = { readonly kind: "full" } | { readonly kind: "without"; readonly fastPath: FastPath } | { readonly kind: "mode-off" };

export type Column =
  | {
    readonly kind: "fzy"; readonly id: string; readonly label: string; readonly backend: Backend; readonly variant: Variant; readonly base: string;
    /** wasm only: timed in this process (warm) or as a whole `node` process. */
    readonly runner?: "in-process" | "process";
  }
  | { readonly kind: "rust" | "c"; readonly id: string; readonly label: string };

export const RUST: Column = { kind: "rust", id: "rust", label: "Rust (rustc -O)" };
export const C_BASELINE: Column = { kind: "c", id: "c", label: "C (clang -O2)" };

/** The lowering options of a variant. */
export function lowerOptions(v: Variant): LowerOptions {
  switch (v.kind) {
    case "full": return { perfFastpath: "on" };
    case "without": return { perfFastpath: "on", fastPaths: { [v.fastPath]: false } };
    case "mode-off": return { perfFastpath: "off" };
    default: {
      const never: never = v;
      throw new Error(`unknown variant ${JSON.stringify(never)}`);
    }
  }
}

/** The variant's name in tables: `full`, `no-arrays`, ..., `mode-off`. */
export function variantName(v: Variant): string {
  return v.kind === "without" ? `no-${v.fastPath}` : v.kind;
}

/** Every ablation variant, in table order. */
export const ABLATIONS: readonly Variant[] = [
  ...FAST_PATHS.map((fastPath): Variant => ({ kind: "without", fastPath })),
  { kind: "mode-off" },
];

/** The CLIF column's id and label, from the engine in use. */
function clifColumnName(): { id: string; label: string } {
  return clifEngineName() === "cranelift"
    ? { id: "cranelift", label: "Fzy -> Cranelift (FZ_CLIF_TOOL)" }
    : { id: "clif-executor", label: "CLIF executor (C translation, not Cranelift)" };
}

function fzyColumns(backend: Backend, variants: readonly Variant[]): Column[] {
  const name = backend === "llvm" ? { id: "llvm", label: "Fzy -> LLVM (clang -O2)" } : clifColumnName();
  return variants.map((variant) => {
    const full = variant.kind === "full";
    return {
      kind: "fzy", backend, variant, base: name.id,
      id: full ? name.id : `${name.id}:${variantName(variant)}`,
      label: full ? name.label : `${name.label}, ${variantName(variant)}`,
    };
  });
}

export interface ColumnChoice {
  readonly clif: boolean;
  /** The two wasm columns (not ablated). */
  readonly wasm?: boolean;
  readonly rust: boolean;
  readonly ablate: boolean;
}

/** The columns of one run, Fzy columns first. */
export function chooseColumns(choice: ColumnChoice): Column[] {
  const variants: Variant[] = [{ kind: "full" }, ...(choice.ablate ? ABLATIONS : [])];
  const backends: Backend[] = choice.clif ? ["llvm", "cranelift"] : ["llvm"];
  return [...backends.flatMap((b) => fzyColumns(b, variants)), ...(choice.wasm ? WASM_COLUMNS : []), ...(choice.rust ? [RUST] : []), C_BASELINE];
}

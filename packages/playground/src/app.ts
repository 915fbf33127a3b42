/**
 * The playground page: lowers the chosen kernel or pasted .fzir with
 * `lowerText` for the three backends, shows their text side by side with the
 * lowering report, and runs the wasm build in the page (`instantiate` with
 * the runtime's bytes fetched next to the page). Everything happens in the
 * browser; the page only fetches its own static files.
 */
import { formatReport, instantiate, loadWasmBackend, lowerText, type LowerResult, type Mode, WasmExit } from "@fzy/lower";

type Kernels = Readonly<Record<string, string>>;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page: no element #${id}`);
  return el as T;
};

let wasm: LowerResult | null = null;
const runtime: Promise<WebAssembly.Module> = fetch("./fzrt.wasm").then((r) => WebAssembly.compileStreaming(r));

function showError(message: string): void {
  $("error").textContent = message;
}

function lowerAll(): void {
  showError("");
  $<HTMLButtonElement>("run").disabled = true;
  const source = $<HTMLTextAreaElement>("source").value;
  const mode = $<HTMLSelectElement>("mode").value as Mode;
  const t0 = performance.now();
  try {
    const llvm = lowerText(source, "llvm", { perfFastpath: mode });
    const clif = lowerText(source, "cranelift", { perfFastpath: mode });
    wasm = lowerText(source, "wasm", { perfFastpath: mode });
    $("llvm").textContent = llvm.text;
    $("clif").textContent = clif.text;
    $("wasm").textContent = wasm.text;
    $("report").textContent = formatReport(llvm.report);
    $("status").textContent = `lowered in ${(performance.now() - t0).toFixed(0)} ms; wasm binary ${wasm.binary?.length ?? 0} bytes`;
    $<HTMLButtonElement>("run").disabled = false;
  } catch (e) {
    wasm = null;
    for (const id of ["llvm", "clif", "wasm", "report"]) $(id).textContent = "";
    showError((e as { format?: () => string }).format?.() ?? (e as Error).message);
  }
}

async function runWasm(): Promise<void> {
  if (!wasm) return;
  showError("");
  const entry = $<HTMLInputElement>("entry").value;
  const n = Number($<HTMLInputElement>("n").value);
  const out = $<HTMLOutputElement>("result");
  out.textContent = "";
  try {
    const program = await instantiate(wasm, { runtime: await runtime });
    const fn = program.exports[entry];
    if (!fn) throw new Error(`the module exports no function ${entry}`);
    const t0 = performance.now();
    const v = fn(n);
    out.textContent = String(v);
    $("status").textContent = `${entry}(${n}) ran in ${(performance.now() - t0).toFixed(1)} ms`;
  } catch (e) {
    if (e instanceof WasmExit) out.textContent = `${e.stderr.trim()} (exit status ${e.status})`;
    else showError((e as Error).message);
  }
}

async function main(): Promise<void> {
  await loadWasmBackend();
  const kernels = (await (await fetch("./kernels.json")).json()) as Kernels;
  const select = $<HTMLSelectElement>("kernel");
  for (const name of Object.keys(kernels)) select.add(new Option(name, name));
  const load = () => {
    $<HTMLTextAreaElement>("source").value = kernels[select.value] ?? "";
    lowerAll();
  };
  select.addEventListener("change", load);
  $("lower").addEventListener("click", lowerAll);
  $("mode").addEventListener("change", lowerAll);
  $("run").addEventListener("click", () => void runWasm());
  load();
  document.body.dataset["ready"] = "true";
}

void main().catch((e: Error) => showError(e.message));

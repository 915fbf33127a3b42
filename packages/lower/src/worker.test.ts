/**
 * `fzlower --persistent_worker`: requests cut from any chunking of stdin,
 * each answered with what the same command line prints and writes, in
 * order; bad requests end the worker with one line.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { main } from "./cli.js";
import { RequestSplitter, type RunCommand, serveWorker } from "./worker.js";

const kernel = (name: string) => new URL(`../../../conformance/kernels/${name}.fzir`, import.meta.url).pathname;
const BIN = new URL("../bin/fzlower.js", import.meta.url).pathname;

const scratchRoot = mkdtempSync(join(tmpdir(), "fzlower-worker-test-"));
process.on("exit", () => rmSync(scratchRoot, { recursive: true, force: true }));

async function* chunks(...parts: string[]): AsyncIterable<string> {
  for (const p of parts) yield p;
}

/** A worker over `parts` with `run` as its command; its status, answers (parsed) and stderr. */
async function serve(parts: string[], run: RunCommand, startup: string[] = []) {
  const answers: unknown[] = [];
  let err = "";
  const status = await serveWorker(startup, chunks(...parts), (line) => {
    if (!line.endsWith("\n") || line.slice(0, -1).includes("\n")) throw new Error(`an answer is one line: ${line}`);
    answers.push(JSON.parse(line));
  }, run, (s) => void (err += s));
  return { status, answers, err };
}

/** A command that echoes its arguments on stdout and exits with the number in its last one. */
const echo: RunCommand = async (argv, io) => {
  io.out(argv.join(" "));
  io.err("!");
  return Number(argv[argv.length - 1]);
};

test("every way of cutting the input into chunks gives the same requests", (t) => {
  const input = ' {"arguments":["a}","b\\"{"],"requestId":1}\n{"requestId":2, "inputs":[{"path":"x","digest":"[{"}]}{"arguments":[]}  ';
  const whole = new RequestSplitter().push(input);
  t.is(whole.length, 3);
  t.deepEqual(whole.map((r) => JSON.parse(r).requestId), [1, 2, undefined]);
  for (let cut = 0; cut <= input.length; cut++) {
    const s = new RequestSplitter();
    t.deepEqual([...s.push(input.slice(0, cut)), ...s.push(input.slice(cut))], whole, `cut at ${cut}`);
    t.notThrows(() => s.end());
  }
  const bad = new RequestSplitter();
  t.deepEqual(bad.push('{"a":1} x {"b":2}'), ['{"a":1}'], "the requests before a bad one are still given");
  t.deepEqual(bad.push('{"c":3}'), [], "and none after it");
  t.throws(() => bad.end(), { message: 'request 2 does not start with "{" (at character 8 of the input)' });
  const bytes = new RequestSplitter();
  t.deepEqual([...input].flatMap((c) => bytes.push(c)), whole, "one character at a time");
});

test("each request runs after the worker's own arguments; answers carry status, output and id, in order", async (t) => {
  const r = await serve(['{"arguments":["x","0"],"requestId":7}', '{"arguments":["y",', '"3"],"requestId":8}{"arguments":["1"]}'], echo, ["--backend", "llvm"]);
  t.is(r.status, 0);
  t.is(r.err, "");
  t.deepEqual(r.answers, [
    { exitCode: 0, output: "--backend llvm x 0!", requestId: 7 },
    { exitCode: 3, output: "--backend llvm y 3!", requestId: 8 },
    { exitCode: 1, output: "--backend llvm 1!", requestId: 0 },
  ]);
});

test("a cancel request gets no answer (the request it names was answered before it was read)", async (t) => {
  const r = await serve(['{"arguments":["0"],"requestId":1}{"requestId":1,"cancel":true}{"arguments":["0"],"requestId":2}'], echo);
  t.deepEqual(r.answers.map((a) => (a as { requestId: number }).requestId), [1, 2]);
});

test("a request that cannot be read ends the worker with one line and status 2, after the answers before it", async (t) => {
  const cases: [string[], RegExp][] = [
    [['{"arguments":["0"]} [1]'], /^fzlower --persistent_worker: request 2 does not start with "\{" \(at character 20 of the input\)\n$/],
    [['{"arguments":["0"]}{"arguments":[1]}'], /^fzlower --persistent_worker: request 2: "arguments" must be a list of strings\n$/],
    [['{"arguments":["0"]}{"requestId":"one"}'], /^fzlower --persistent_worker: request 2: "requestId" must be an integer\n$/],
    [['{"arguments":["0"]}{"arguments":["0"],}'], /^fzlower --persistent_worker: request 2 is not JSON: /],
    [['{"arguments":["0"]}{"arguments":["0"'], /^fzlower --persistent_worker: request 2 ends before its closing "\}" \(the input ended\)\n$/],
  ];
  for (const [parts, message] of cases) {
    const r = await serve(parts, echo);
    t.is(r.status, 2);
    t.regex(r.err, message);
    t.is(r.answers.length, 1, "the request before it was answered");
  }
});

test("through the CLI: each answer's output file is byte for byte what a lone fzlower writes; a bad file is its request's error, and the worker goes on", async (t) => {
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const request = (args: string[], id: number) => JSON.stringify({ arguments: args, requestId: id });
  const input = [
    request([kernel("bytes_kernel"), "-o", join(dir, "a.ll")], 1),
    request([join(dir, "missing.fzir")], 2),
    request([kernel("text_kernel"), "--backend", "cranelift", "-o", join(dir, "b.clif")], 3),
    request([kernel("resultx_classify")], 4),
  ].join("\n");
  let out = "", err = "";
  const status = await main(["--backend", "llvm", "--persistent_worker"], { out: (s) => void (out += s), err: (s) => void (err += s) }, chunks(input));
  t.is(status, 0);
  t.is(err, "");
  const answers = out.trimEnd().split("\n").map((l) => JSON.parse(l) as { exitCode: number; output: string; requestId: number });
  t.deepEqual(answers.map((a) => [a.requestId, a.exitCode]), [[1, 0], [2, 1], [3, 0], [4, 0]]);
  t.regex(answers[1]!.output, /^fzlower: error\[io\]: cannot read .*missing\.fzir/);
  const lone = async (args: string[]) => {
    let text = "";
    t.is(await main(args, { out: (s) => void (text += s), err: () => {} }), 0);
    return text;
  };
  t.is(readFileSync(join(dir, "a.ll"), "utf8"), await lone([kernel("bytes_kernel"), "--backend", "llvm"]));
  t.is(answers[3]!.output, await lone([kernel("resultx_classify"), "--backend", "llvm"]), "text without -o comes back as the output");
  await lone([kernel("text_kernel"), "--backend", "cranelift", "-o", join(dir, "lone.clif")]);
  t.is(readFileSync(join(dir, "b.clif"), "utf8"), readFileSync(join(dir, "lone.clif"), "utf8"));
  t.is(readFileSync(join(dir, "b.clif.data.json"), "utf8"), readFileSync(join(dir, "lone.clif.data.json"), "utf8"));
});

test("a request may not make a worker of its own", async (t) => {
  let out = "";
  const status = await main(["--persistent_worker"], { out: (s) => void (out += s), err: () => {} }, chunks('{"arguments":["--persistent_worker"]}'));
  t.is(status, 0);
  const answer = JSON.parse(out) as { exitCode: number; output: string };
  t.is(answer.exitCode, 2);
  t.regex(answer.output, /--persistent_worker belongs on the worker's own command line/);
});

test("the fzlower command as a worker: answers on stdout only, status 0 at the end of stdin", (t) => {
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const input = [1, 2].map((id) => JSON.stringify({ arguments: [kernel("bytes_kernel"), "-o", join(dir, `k${id}.ll`)], requestId: id })).join("\n");
  const r = spawnSync(process.execPath, [BIN, "--backend", "llvm", "--persistent_worker"], { input, encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, "");
  t.deepEqual(r.stdout.split("\n"), ['{"exitCode":0,"output":"","requestId":1}', '{"exitCode":0,"output":"","requestId":2}', ""]);
  t.is(readFileSync(join(dir, "k1.ll"), "utf8"), readFileSync(join(dir, "k2.ll"), "utf8"));
  const bad = spawnSync(process.execPath, [BIN, "--persistent_worker"], { input: "not json", encoding: "utf8" });
  t.is(bad.status, 2);
  t.is(bad.stdout, "");
  t.is(bad.stderr, 'fzlower --persistent_worker: request 1 does not start with "{" (at character 0 of the input)\n');
});

test("a worker's heap does not grow with the requests it serves (after a full collection, pass after pass over the same modules)", (t) => {
  const cli = new URL("./cli.js", import.meta.url).href;
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const files = ["bytes_kernel", "text_kernel", "resultx_classify", "word_count"].map(kernel);
  const script = `
    const { main } = await import(${JSON.stringify(cli)});
    const heap = [];
    async function* requests() {
      for (let pass = 0; pass < 12; pass++) {
        for (const [i, f] of ${JSON.stringify(files)}.entries()) {
          for (const backend of ["llvm", "cranelift"]) yield JSON.stringify({ arguments: [f, "--backend", backend, "-o", ${JSON.stringify(join(dir, "out"))}], requestId: i });
        }
        globalThis.gc(); globalThis.gc();
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    let failed = 0;
    await main(["--persistent_worker"], { out: (s) => void (failed += JSON.parse(s).exitCode), err: (s) => process.stderr.write(s) }, requests());
    process.stdout.write(JSON.stringify({ failed, heap }));`;
  const r = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  const { failed, heap } = JSON.parse(r.stdout) as { failed: number; heap: number[] };
  t.is(failed, 0);
  // After the engine has compiled what the lowering runs (two passes), ten more passes of the same requests: no growth beyond noise.
  const growth = heap[heap.length - 1]! - heap[2]!;
  t.true(growth < 2 * 2 ** 20, `heap grew by ${(growth / 2 ** 20).toFixed(2)} MB over ten passes: ${heap.map((h) => (h / 2 ** 20).toFixed(1)).join(", ")} MB`);
});

test("after every hostile input of conformance, the next request's output is byte for byte a lone fzlower's (no state left behind by a failed lowering)", async (t) => {
  const { readdirSync } = await import("node:fs");
  const hostileDir = new URL("../../../conformance/hostile/", import.meta.url).pathname;
  const hostile = ["hand", "generated"].flatMap((d) => readdirSync(join(hostileDir, d)).filter((f) => f.endsWith(".fzir")).map((f) => join(hostileDir, d, f)));
  t.true(hostile.length > 300);
  const kernels = ["bytes_kernel", "text_kernel", "resultx_classify", "word_count"];
  const backends = ["llvm", "cranelift"] as const;
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const outOf = (i: number) => join(dir, `k${i}-${backends[i % 2]}.out`);
  const argsOf = (i: number) => [kernel(kernels[i % kernels.length]!), "--backend", backends[i % 2]!];
  const requests = hostile.flatMap((h, i) => [
    JSON.stringify({ arguments: [h, "--backend", backends[(i + 1) % 2]!, "-o", join(dir, "h.out")], requestId: 2 * i + 1 }),
    JSON.stringify({ arguments: [...argsOf(i), "-o", outOf(i)], requestId: 2 * i + 2 }),
  ]);
  let out = "";
  const status = await main(["--persistent_worker"], { out: (s) => void (out += s), err: (s) => void (out += s) }, chunks(requests.join("\n")));
  t.is(status, 0);
  const answers = out.trimEnd().split("\n").map((l) => JSON.parse(l) as { exitCode: number; output: string; requestId: number });
  t.is(answers.length, requests.length);
  t.deepEqual(answers.filter((a) => a.exitCode !== 0 && a.exitCode !== 1), [], "every hostile input is a good module or bad input, never an internal error");
  // What a lone fzlower writes for each kernel and backend (with -o: CLIF's data objects go beside it).
  const written = (out: string) => readFileSync(out, "utf8") + (out.includes("cranelift") ? readFileSync(`${out}.data.json`, "utf8") : "");
  const lone = new Map<string, string>();
  let differ = 0;
  for (let i = 0; i < hostile.length; i++) {
    t.is(answers[2 * i + 1]!.exitCode, 0);
    const key = argsOf(i).join(" ");
    if (!lone.has(key)) {
      const out = join(dir, `lone-${i}-${backends[i % 2]}.out`);
      t.is(await main([...argsOf(i), "-o", out], { out: () => {}, err: () => {} }), 0);
      lone.set(key, written(out));
    }
    if (written(outOf(i)) !== lone.get(key) && differ++ < 3) t.fail(`the kernel after ${hostile[i]} differs from a lone fzlower's`);
  }
  t.is(differ, 0);
});

test("the worker answers a request as soon as its closing brace arrives, with no newline after it and stdin still open (a build system waits for each answer)", async (t) => {
  const { spawn } = await import("node:child_process");
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const child = spawn(process.execPath, [BIN, "--backend", "llvm", "--persistent_worker"], { stdio: ["pipe", "pipe", "pipe"] });
  let pending = "";
  const answer = () => new Promise<string>((resolve) => {
    const take = (d: Buffer) => {
      pending += d.toString();
      const nl = pending.indexOf("\n");
      if (nl < 0) return;
      child.stdout.off("data", take);
      resolve(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    };
    child.stdout.on("data", take);
  });
  for (const id of [1, 2, 3]) {
    child.stdin.write(JSON.stringify({ arguments: [kernel("bytes_kernel"), "-o", join(dir, `k${id}.ll`)], requestId: id }));
    t.deepEqual(JSON.parse(await answer()), { exitCode: 0, output: "", requestId: id });
  }
  const status = new Promise<number | null>((resolve) => child.on("exit", resolve));
  child.stdin.end();
  t.is(await status, 0);
  t.is(pending, "", "nothing on stdout but the answers");
});

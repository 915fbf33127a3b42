// Type-checks against the published declarations (the packaging test runs tsc
// on this file inside the scratch project): the builder's types come from
// @fzy/lower, the runtime's from @fzy/runtime-c.
import { type Callee, type FunctionBuilder, I32, type IntCC, lower, ModuleBuilder, type Type, type ValueId } from "@fzy/lower";
import { artifacts, build, type BuildResult, includeDir, libDir, linkLibs } from "@fzy/runtime-c";

const mb = new ModuleBuilder("typed");
const log: Callee<null> = mb.import("log", [I32], null);
const f: FunctionBuilder<Type> = mb.function("kernel", [["n", I32]], I32, { exported: true });
f.at(f.block("entry"));
const cc: IntCC = "sge";
const v: ValueId = f.select(f.icmp(cc, f.param(0), f.i32(0)), f.param(0), f.neg(f.param(0)));
const nothing: void = f.call(log, [v]);
// @ts-expect-error a callee without a result gives no value
const wrong: ValueId = f.call(log, [v]);
f.ret(v);
const text: string = lower(mb.finish(), "llvm").text;
const later: () => Promise<BuildResult> = () => build({ outDir: "rt", asan: false });
// @ts-expect-error outDir is a path
const bad = () => build({ outDir: 1 });
const paths: string[] = [includeDir, libDir, artifacts(libDir).lib, ...linkLibs];
export { text, later, bad, paths, nothing, wrong };

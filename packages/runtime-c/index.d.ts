/** The files one build variant produces, as absolute paths. */
export interface RuntimeArtifacts {
  /** The runtime as a static library: link it with `-lpthread`. */
  readonly lib: string;
  /** The same objects combined into one relocatable object. */
  readonly object: string;
  /** The harness `main`: runs `int32_t kernel(int32_t)` on argv[1] and prints the result. */
  readonly harness: string;
}

/** What `build` produced: the release variant, and the ASan + UBSan variant unless `asan: false`. */
export interface BuildResult {
  readonly release: RuntimeArtifacts;
  readonly asan: RuntimeArtifacts | null;
}

/** Options of `build`. */
export interface BuildOptions {
  /** Where to write (created if missing); default `libDir`, dist/ inside this package. */
  readonly outDir?: string;
  /** Also build the sanitizer variant into `outDir/asan` (default true). */
  readonly asan?: boolean;
}

/** Builds the runtime with the system C compiler (`$CC`, else `cc`; `$AR`, else `ar`). */
export function build(options?: BuildOptions): Promise<BuildResult>;
/** The paths a build into `outDir` produces (the sanitizer variant: `artifacts(join(outDir, "asan"))`). */
export function artifacts(outDir?: string): RuntimeArtifacts;
/** The directory holding the public header `fz_runtime.h` (for `-I`). */
export const includeDir: string;
/** Where `build()` writes by default: dist/ inside this package. */
export const libDir: string;
/** Libraries a program linking the runtime needs after it (`-lpthread`). */
export const linkLibs: readonly string[];
/** The C compiler `build` uses, as [program, ...leading arguments]. */
export function cc(): string[];

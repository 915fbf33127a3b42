/**
 * The symbol rule: which function names may become linker symbols. An
 * exported function is defined under its own name and an import is called
 * under its own name, next to the C runtime, the C library and the C
 * start-up code in one executable. A name that is already taken there would
 * silently replace (or be replaced by) someone else's definition: an
 * exported `exit` is what the runtime's panic then calls, and it returns
 * from a call that must not return. So such names are refused, with the
 * reason, rather than mangled: the name a toolchain exports is the name its
 * callers link against, and a renamed export would break them silently.
 *
 * Refused (SPEC.md, "Symbols"):
 *  - every name beginning with `fz_`, `fzl_` or `fzd_`: the runtime's
 *    frozen ABI (`fz_`) and the lowering's own symbols for internal
 *    functions (`fzl_`) and data objects (`fzd_`). `fz` alone is not
 *    reserved: `fzfoo` is an ordinary name;
 *  - every name beginning with an underscore: C11 7.1.3 reserves them for
 *    the implementation at file scope (`_start`, `__libc_start_main`, ...);
 *  - for exports only, the names in C_LIBRARY_NAMES: `main`, the C11
 *    standard library's functions and objects, and the POSIX functions the
 *    runtime and the C library call. Imports may name
 *    them: calling into the C library is what an import is for.
 *
 * Internal (non-exported) functions never reach this rule: the lowering
 * gives them module-local symbols (`fzl_<module>_<name>`, internal linkage
 * in LLVM, not in the CLIF result's export list).
 */
import { FzError } from "./errors.js";
import type { Module } from "./module.js";

/** Prefixes taken by the runtime (`fz_`) and by the lowering's own symbols (`fzl_`, `fzd_`). */
export const RESERVED_PREFIXES: readonly string[] = ["fz_", "fzl_", "fzd_"];

/**
 * Names an exported function may not take: `main`, the C library's external
 * names (C11 clause 7 and the POSIX calls runtime-c makes; a test checks
 * that every symbol libfzrt.a and the harness need is here).
 */
export const C_LIBRARY_NAMES: ReadonlySet<string> = new Set([
  // program entry and the C start-up's objects
  "main", "environ",
  // <stdlib.h>
  "abort", "abs", "aligned_alloc", "at_quick_exit", "atexit", "atof", "atoi", "atol", "atoll", "bsearch", "calloc",
  "div", "exit", "free", "getenv", "labs", "ldiv", "llabs", "lldiv", "malloc", "mblen", "mbstowcs", "mbtowc",
  "qsort", "quick_exit", "rand", "realloc", "srand", "strtod", "strtof", "strtol", "strtold", "strtoll",
  "strtoul", "strtoull", "system", "wcstombs", "wctomb", "posix_memalign", "reallocarray",
  // <string.h>
  "memchr", "memcmp", "memcpy", "memmove", "memset", "strcat", "strchr", "strcmp", "strcoll", "strcpy", "strcspn",
  "strdup", "strerror", "strlen", "strncat", "strncmp", "strncpy", "strndup", "strnlen", "strpbrk", "strrchr",
  "strspn", "strstr", "strtok", "strxfrm", "bcmp", "bcopy", "bzero", "memrchr", "mempcpy", "stpcpy",
  // <stdio.h>
  "clearerr", "fclose", "feof", "ferror", "fflush", "fgetc", "fgetpos", "fgets", "fopen", "fprintf", "fputc",
  "fputs", "fread", "freopen", "fscanf", "fseek", "fsetpos", "ftell", "fwrite", "getc", "getchar", "perror",
  "printf", "putc", "putchar", "puts", "remove", "rename", "rewind", "scanf", "setbuf", "setvbuf", "snprintf",
  "sprintf", "sscanf", "tmpfile", "tmpnam", "ungetc", "vfprintf", "vfscanf", "vprintf", "vscanf", "vsnprintf",
  "vsprintf", "vsscanf", "stdin", "stdout", "stderr", "dprintf", "fdopen", "fileno",
  // <ctype.h>, <errno.h>, <locale.h>, <setjmp.h>, <signal.h>, <time.h>
  "isalnum", "isalpha", "isblank", "iscntrl", "isdigit", "isgraph", "islower", "isprint", "ispunct", "isspace",
  "isupper", "isxdigit", "tolower", "toupper", "errno", "localeconv", "setlocale", "longjmp", "setjmp",
  "raise", "signal", "sigaction", "asctime", "clock", "ctime", "difftime", "gmtime", "localtime", "mktime",
  "strftime", "time", "timespec_get",
  // <math.h> (the ones compilers emit calls to)
  "ceil", "copysign", "cos", "exp", "fabs", "floor", "fma", "fmax", "fmin", "fmod", "log", "pow", "round",
  "sin", "sqrt", "tan", "trunc",
  // <threads.h> and the POSIX threads and system calls the runtime and libc use
  "call_once", "pthread_create", "pthread_join", "pthread_key_create", "pthread_mutex_init", "pthread_mutex_destroy", "pthread_mutex_lock",
  "pthread_mutex_unlock", "pthread_once", "pthread_getspecific", "pthread_setspecific", "pthread_self",
  "close", "mmap", "munmap", "open", "read", "write", "sbrk", "brk", "sysconf", "getpid", "kill",
]);

/** Why `name` cannot be the symbol of an exported function (`export`) or an import, or null when it can. */
export function symbolProblem(name: string, kind: "export" | "import"): string | null {
  for (const prefix of RESERVED_PREFIXES) if (name.startsWith(prefix)) return `${prefix} is the runtime's reserved prefix`;
  if (name.startsWith("_")) return "names beginning with _ are reserved for the C implementation";
  if (kind === "export" && C_LIBRARY_NAMES.has(name)) return `${name} is a C library or start-up symbol`;
  return null;
}

/** The error for a refused symbol; callers that know the text position relocate it. */
export function symbolError(name: string, kind: "export" | "import"): FzError | null {
  const why = symbolProblem(name, kind);
  if (!why) return null;
  const what = kind === "export" ? "exported function" : "import";
  return new FzError("unsupported", `${what} ${name} cannot be linked under that name: ${why} (SPEC.md, Symbols)`);
}

/** Every refused symbol of a module, in declaration order (imports, then exported functions). */
export function checkSymbols(m: Module): FzError[] {
  const errors: FzError[] = [];
  for (const i of m.imports) {
    const e = symbolError(i.name, "import");
    if (e) errors.push(e);
  }
  for (const f of m.functions) {
    const e = f.exported ? symbolError(f.name, "export") : null;
    if (e) errors.push(new FzError(e.code, e.message, { kind: "ir", func: f.name }));
  }
  return errors;
}

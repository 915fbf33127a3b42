/*
 * main.c - the native test harness: links against one compiled kernel and
 * prints its result, so native runs can be compared with the interpreter.
 *
 * Usage: prog N   (N a decimal int32). Prints kernel(N) and a newline.
 * Exit status: 0 on success, 2 on a bad command line, 101 if the kernel
 * panicked (the runtime exits on its own in that case).
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern int32_t kernel(int32_t n);

int main(int argc, char **argv) {
  const char *prog = argc > 0 ? argv[0] : "harness";
  if (argc != 2) {
    fprintf(stderr, "usage: %s N   (N: a decimal 32-bit integer)\n", prog);
    return 2;
  }
  const char *arg = argv[1];
  char *end = NULL;
  errno = 0;
  long long v = strtoll(arg, &end, 10);
  /* strtoll alone would accept leading blanks; a kernel argument has none. */
  if (isspace((unsigned char)arg[0]) || end == arg || *end != '\0' || errno == ERANGE || v < INT32_MIN || v > INT32_MAX) {
    fprintf(stderr, "%s: invalid argument '%s': expected a decimal 32-bit integer\n", prog, arg);
    return 2;
  }
  int32_t r = kernel((int32_t)v);
  printf("%d\n", r);
  return 0;
}

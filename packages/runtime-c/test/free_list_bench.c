/*
 * free_list_bench.c - CPU time per object of the runtime's free lists (rc.c):
 * an array with two pushes, then a concatenated string, made and released
 * n times. Build it twice, -DFZ_FREE_LIST=0 and =1, and compare
 * (conformance/README.md, "Ownership", has the command and the numbers).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fz_runtime.h"
static double now(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(int argc, char **argv) {
  long n = atol(argv[1]);
  int64_t acc = 0;
  double t0 = now();
  for (long i = 0; i < n; i++) {
    fz_array *a = fz_array_new(0);
    fz_array_push(a, i);
    fz_array_push(a, i + 1);
    acc += fz_array_len(a);
    fz_release(a);
  }
  double t1 = now();
  const fz_str *x = fz_str_intern((const uint8_t *)"alpha-", 6), *y = fz_str_intern((const uint8_t *)"gamma-gamma", 11);
  for (long i = 0; i < n; i++) {
    const fz_str *s = fz_str_concat(x, y);
    acc += fz_str_len(s);
    fz_release((void *)s);
  }
  double t2 = now();
  printf("%ld arrays %.1f ns strings %.1f ns\n", (long)acc, (t1 - t0) / n * 1e9, (t2 - t1) / n * 1e9);
  return 0;
}

/*
 * Shared pieces of the C baselines: i32 wrapping arithmetic without signed
 * overflow UB (through uint32_t, as the IR defines it), an optimization
 * barrier equal in effect to Rust's black_box, and a main that reads n from
 * argv[1] and prints kernel(n), like the runtime-c harness does.
 */
#ifndef FZ_BASELINE_COMMON_H
#define FZ_BASELINE_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline int32_t wadd(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t wsub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static inline int32_t wmul(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
static inline int32_t wshl(int32_t a, int s) { return (int32_t)((uint32_t)a << (s & 31)); }

/* The value is forced into a register the compiler cannot see through. */
#define OPAQUE(x) __asm__ volatile("" : "+r"(x))

static int32_t kernel(int32_t n);

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 2;
  }
  printf("%d\n", (int)kernel((int32_t)strtol(argv[1], NULL, 10)));
  return 0;
}
#endif

/* duration_kernel (KERNELS.md): plain i32 arithmetic on loop-invariant
 * operands. C baseline (the physical limit); no `opaque` in the .fzir. */
#include "common.h"

static int32_t kernel(int32_t n) {
  const int32_t a = 3, b = 17;
  int32_t acc = 0;
  for (int32_t i = 0; i < n; i = wadd(i, 1)) {
    int32_t c = wadd(a, b);
    int32_t d = wsub(c, a);
    acc = wadd(acc, d % 251) % 251;
  }
  return acc;
}

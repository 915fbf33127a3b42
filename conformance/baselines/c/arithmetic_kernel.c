/* arithmetic_kernel (KERNELS.md): wrapping multiply-add, bitwise ops and
 * constant modulo. C baseline (the physical limit); no `opaque` in the .fzir. */
#include "common.h"

static int32_t kernel(int32_t n) {
  int32_t acc = 7;
  for (int32_t i = 0; i < n; i = wadd(i, 1)) {
    int32_t v = wadd(wmul(i, 13), wmul(acc, 7)) % 1000003;
    int32_t w = (v ^ 5921370) & 16777215;
    acc = wadd(acc, w % 251) % 251;
  }
  return acc;
}

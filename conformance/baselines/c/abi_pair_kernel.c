/* abi_pair_kernel (KERNELS.md): struct construction and field reads. C
 * baseline (the physical limit); no `opaque` in the .fzir. */
#include "common.h"

struct pair { int32_t left, right; };

static int32_t kernel(int32_t n) {
  int32_t acc = 0;
  for (int32_t i = 0; i < n; i = wadd(i, 1)) {
    struct pair p = {i, acc};
    acc = wadd(acc, wadd(wmul(p.left, 3), wmul(p.right, 5)) % 251) % 251;
  }
  return acc;
}

/* bytes_kernel (KERNELS.md): fixed array indexing and a rolling window. C
 * baseline (the physical limit); the .fzir has no `opaque`. */
#include "common.h"

static int32_t read_u32_le(int32_t b0, int32_t b1, int32_t b2, int32_t b3) {
  return wadd(wadd(wadd(b0, wshl(b1, 8)), wshl(b2, 16)), wshl(b3, 24));
}

static int32_t kernel(int32_t n) {
  static const int32_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  int32_t off = 0, acc = 0;
  for (int32_t i = 0; i < n; i = wadd(i, 1)) {
    int32_t v = read_u32_le(bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]);
    acc = wadd(acc, v % 251) % 251;
    off += 1;
    if (off > 4) off = 0;
  }
  return acc;
}

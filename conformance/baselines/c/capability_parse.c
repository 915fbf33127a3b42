/* capability_parse (KERNELS.md): string equality against literals. C
 * baseline (the physical limit): (pointer, length) names compared by length
 * then bytes; the name goes through OPAQUE where the .fzir has `opaque`. */
#include <string.h>
#include "common.h"

typedef struct { const char *p; size_t len; } str;

#define LIT(s) ((str){s, sizeof s - 1})

static int eq(str a, str b) { return a.len == b.len && memcmp(a.p, b.p, a.len) == 0; }

static int32_t parse_capability(str name) {
  if (eq(name, LIT("time"))) return 3;
  if (eq(name, LIT("rng"))) return 5;
  if (eq(name, LIT("fs"))) return 7;
  if (eq(name, LIT("http"))) return 11;
  if (eq(name, LIT("proc"))) return 13;
  if (eq(name, LIT("mem"))) return 17;
  if (eq(name, LIT("thread"))) return 19;
  return 23;
}

static int32_t kernel(int32_t n) {
  static const str names[8] = {LIT("time"), LIT("rng"), LIT("fs"), LIT("http"),
                               LIT("proc"), LIT("mem"), LIT("thread"), LIT("bad")};
  int32_t idx = 0, acc = 0;
  for (int32_t i = 0; i < n; i = wadd(i, 1)) {
    str name = names[idx];
    OPAQUE(name.p);
    OPAQUE(name.len);
    acc = wadd(acc, parse_capability(name)) % 251;
    idx += 1;
    if (idx == 8) idx = 0;
  }
  return acc;
}

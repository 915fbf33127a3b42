/** holdsBetween against a scan of the entries, on random sorted lists and ranges. */
import test from "ava";
import { holdsBetween } from "./sorted-lists.js";

test("holdsBetween answers as a scan of xs[lo .. hi) for an entry in [from, to)", (t) => {
  let seed = 91;
  const below = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % k;
  for (let i = 0; i < 3000; i++) {
    const xs = Array.from({ length: below(12) }, () => below(30)).sort((a, b) => a - b);
    const lo = below(xs.length + 1), hi = lo + below(xs.length - lo + 1), from = below(32), to = from + below(8);
    const want = xs.slice(lo, hi).some((x) => x >= from && x < to);
    t.is(holdsBetween(xs, lo, hi, from, to), want, `${JSON.stringify(xs)} [${lo}, ${hi}) in [${from}, ${to})`);
  }
});

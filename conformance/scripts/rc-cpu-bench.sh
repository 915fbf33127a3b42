#!/usr/bin/env bash
# rc-bench.sh measured in CPU time (user + sys) instead of wall time, which
# a loaded shared machine disturbs much less: every kernel (or KERNELS),
# modes on and off (or MODES), LLVM through clang -O2, n = 8,000,000, BASE
# (a built checkout of the earlier commit) and this checkout run
# alternately ROUNDS times; prints the median CPU seconds and the ratio.
#   bash conformance/scripts/rc-cpu-bench.sh BASE_DIR [ROUNDS]
set -euo pipefail
base=$(cd "$1" && pwd); rounds=${2:-11}; here=$(cd "$(dirname "$0")/../.." && pwd)
clang=$(command -v clang-19 || echo /usr/lib/llvm-19/bin/clang)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
build() { (cd "$1" && node packages/lower/bin/fzlower.js "conformance/kernels/$2.fzir" --backend llvm --perf-fastpath="$3" -o "$work/k.ll"); "$clang" -O2 -c "$work/k.ll" -o "$work/k.o"; cc "$work/k.o" "$1/packages/runtime-c/dist/harness.o" "$1/packages/runtime-c/dist/libfzrt.a" -lpthread -o "$4"; }
# getrusage of the child: microsecond resolution (time(1) rounds to 10 ms).
cpu() { python3 -c 'import resource, subprocess, sys; subprocess.run([sys.argv[1], "8000000"], stdout=subprocess.DEVNULL, check=True); r = resource.getrusage(resource.RUSAGE_CHILDREN); print(r.ru_utime + r.ru_stime)' "$1"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-20s %-4s %8s %8s %6s\n' kernel mode base_s new_s ratio
for k in ${KERNELS:-bytes_kernel resultx_classify text_kernel capability_parse task_retry_backoff arithmetic_kernel duration_kernel abi_pair_kernel}; do for m in ${MODES:-on off}; do
  build "$base" "$k" "$m" "$work/base"; build "$here" "$k" "$m" "$work/new"
  : > "$work/b"; : > "$work/n"
  for _ in $(seq "$rounds"); do cpu "$work/base" >> "$work/b"; cpu "$work/new" >> "$work/n"; done
  b=$(median < "$work/b"); n=$(median < "$work/n")
  printf '%-20s %-4s %8.4f %8.4f %6.3f\n' "$k" "$m" "$b" "$n" "$(echo "$n / $b" | bc -l)"
done; done

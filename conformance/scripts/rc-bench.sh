#!/usr/bin/env bash
# Kernel run time before and after a change to the lowering or runtime-c:
# every kernel, modes on and off, LLVM through clang -O2, n = 8,000,000,
# BASE (a built checkout of the earlier commit) and this checkout built
# alternately ROUNDS times; prints the median seconds of each and the ratio.
#   bash conformance/scripts/rc-bench.sh BASE_DIR [ROUNDS]     (KERNELS="a b" to pick some)
set -euo pipefail
base=$(cd "$1" && pwd); rounds=${2:-7}; here=$(cd "$(dirname "$0")/../.." && pwd)
clang=$(command -v clang-19 || echo /usr/lib/llvm-19/bin/clang)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
build() { # tree kernel mode out
  (cd "$1" && node packages/lower/bin/fzlower.js "conformance/kernels/$2.fzir" --backend llvm --perf-fastpath="$3" -o "$work/k.ll")
  "$clang" -O2 -c "$work/k.ll" -o "$work/k.o"
  cc "$work/k.o" "$1/packages/runtime-c/dist/harness.o" "$1/packages/runtime-c/dist/libfzrt.a" -lpthread -o "$4"
}
secs() { local t0 t1; t0=$(date +%s.%N); "$1" 8000000 >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-20s %-4s %9s %9s %7s\n' kernel mode base_s new_s ratio
for k in ${KERNELS:-bytes_kernel resultx_classify text_kernel capability_parse task_retry_backoff arithmetic_kernel duration_kernel abi_pair_kernel}; do
  for m in on off; do
    build "$base" "$k" "$m" "$work/base"; build "$here" "$k" "$m" "$work/new"
    : > "$work/b"; : > "$work/n"
    for _ in $(seq "$rounds"); do secs "$work/base" >> "$work/b"; secs "$work/new" >> "$work/n"; done
    b=$(median < "$work/b"); n=$(median < "$work/n")
    printf '%-20s %-4s %9.3f %9.3f %7.3f\n' "$k" "$m" "$b" "$n" "$(echo "$n / $b" | bc -l)"
  done
done

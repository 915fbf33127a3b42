#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian/Ubuntu machine with Node.js:
# pnpm 10 (from the npm registry), clang/LLVM 19 with its WebAssembly tools
# and chromium (from Debian) and the workspace's dependencies. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version | grep -q '^10\.'; then
  npm install -g pnpm@10 >/dev/null
fi

# clang/LLVM 19; wasm-ld, wasi-libc and the wasm32 compiler-rt build runtime-c
# for WebAssembly (packages/lower-wasm); chromium runs the browser page's test.
APT_PACKAGES="clang-19 llvm-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 chromium"
missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

pnpm install --frozen-lockfile

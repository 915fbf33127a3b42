#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian/Ubuntu machine with Node.js:
# pnpm 10 (from the npm registry), clang/LLVM 19 (from Debian) and the
# workspace's dependencies. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version | grep -q '^10\.'; then
  npm install -g pnpm@10 >/dev/null
fi

if ! command -v clang-19 >/dev/null 2>&1 || ! command -v opt-19 >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clang-19 llvm-19 >/dev/null
fi

pnpm install --frozen-lockfile

#!/usr/bin/env bash
# What the cross builds and their checks need, on Debian (this project's machines and CI's):
# the targets' standard libraries (rustup), the linkers (mingw-w64, aarch64 gcc), and the
# emulators the checks run the binaries under (wine64, qemu-user). Does nothing already done.
set -euo pipefail

targets=(x86_64-pc-windows-gnu aarch64-unknown-linux-gnu)
installed=$(rustup target list --installed)
for target in "${targets[@]}"; do
  grep -qx "$target" <<<"$installed" || rustup target add "$target"
done

packages=(gcc-mingw-w64-x86-64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross wine wine64 qemu-user curl file unzip)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

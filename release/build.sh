#!/usr/bin/env bash
# Builds yusuan for the office's machines and packs what an office downloads:
#
#   dist/yusuan-<version>-windows-x86_64.zip      yusuan.exe and 使用说明.txt
#   dist/yusuan-<version>-linux-aarch64.tar.gz    yusuan-<version>-linux-aarch64/{yusuan,使用说明.txt}
#   dist/SHA256SUMS
#
# Nothing else is needed beside the binary: templates, fonts and the classification are built
# in. The archives are reproducible (entries sorted, times fixed), so the sums mean the build.
# Run release/setup.sh first on a new machine. The stub DLL in release/wine/ is for tests under
# wine only and never goes into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
for target in x86_64-pc-windows-gnu aarch64-unknown-linux-gnu; do
  cargo build --release --locked --target "$target"
done

rm -rf dist
mkdir -p dist
python3 release/pack.py "$version" \
  target/x86_64-pc-windows-gnu/release/yusuan.exe \
  target/aarch64-unknown-linux-gnu/release/yusuan \
  dist
(cd dist && sha256sum yusuan-*.zip yusuan-*.tar.gz >SHA256SUMS && cat SHA256SUMS)

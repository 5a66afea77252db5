#!/usr/bin/env bash
# How live the workspace feels: `yusuan serve` on a workspace of the 12 bundled units and 20
# synthetic ones, measured with curl on loopback.
#
#   bench/serve.sh
#
# Prints the time of the reference unit's first preview (its page, which lays the booklet out,
# then the picture of page 1), the time after an upload that changes one figure, twenty
# preview requests for different units at once, and the server's memory (peak RSS) before and
# after them.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=$PWD/target/release/yusuan
work=$(mktemp -d)
mkdir -p "$work/data"
cp data/*.yaml "$work/data/"
"$bin" generate 20 "$work/synthetic" > /dev/null
cp "$work"/synthetic/*.yaml "$work/data/"

"$bin" serve "$work" --listen 127.0.0.1:0 > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q http:// "$work/serve.log" && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.log")
rss() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$server/status"; }
peak() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$server/status"; }
seconds() { curl -s -o /dev/null -w '%{time_total}' "$@"; }
sum() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }

echo "started: RSS $(rss) MB"
unit=$base/unit/xinxiang-shebao-2023.yaml
page=$(seconds "$unit")
picture=$(seconds "$unit/page/1")
echo "first preview of the reference unit: page $page s + picture of page 1 $picture s = $(sum "$page" "$picture") s"

token=$(curl -s "$base/" | grep -o 'csrf-token" content="[0-9a-f]*' | cut -d'"' -f3)
sed 's/total: 11462.22/total: 11500.00/' data/xinxiang-shebao-2023.yaml > "$work/changed.yaml"
upload=$(seconds -F "csrf=$token" -F "file=@$work/changed.yaml" "$unit/upload")
page=$(seconds "$unit")
picture=$(seconds "$unit/page/1")
echo "after an upload changing one figure: upload $upload s; preview page $page s + picture $picture s = $(sum "$page" "$picture") s"

before=$(peak)
started=$(date +%s.%N)
for file in "$work"/synthetic/*.yaml; do
  curl -s -o /dev/null "$base/unit/$(basename "$file")/page/1" &
done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
ended=$(date +%s.%N)
echo "20 previews of different units at once: $(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", b - a }') s; peak RSS $before MB before, $(peak) MB after (RSS now $(rss) MB)"

#!/usr/bin/env bash
# Throughput and memory of `yusuan batch`, and one booklet against the typst compiler.
#
#   bench/batch.sh [N]     N synthetic units for the scale run (default 500)
#
# Reports booklets per second and peak RSS for the 12 bundled units and for N synthetic ones
# (PDF + DOCX each), and the time of one booklet's PDF with yusuan and with the typst
# command-line compiler (PyPI's `typst`, installed if missing) on the `--format typst` project.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}
cargo build --release -q
bin=$PWD/target/release/yusuan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a command under /usr/bin/time; prints "seconds peak_kib".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1
  cat "$work/time"
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", n / s }'; }

read -r s12 m12 < <(measure "$bin" batch data -o "$work/out12")
echo "bundled: 12 units in ${s12} s = $(rate 12 "$s12") booklets/s, peak RSS $((m12 / 1024)) MB"

"$bin" generate "$n" "$work/synthetic" > /dev/null
read -r sn mn < <(measure "$bin" batch "$work/synthetic" -o "$work/outn")
echo "synthetic: $n units in ${sn} s = $(rate "$n" "$sn") booklets/s, peak RSS $((mn / 1024)) MB"

read -r s1 m1 < <(measure "$bin" build data/xinxiang-shebao-2023.yaml --format pdf -o "$work/one")
echo "one booklet, yusuan build --format pdf: ${s1} s, peak RSS $((m1 / 1024)) MB"

python3 -c 'import typst' 2> /dev/null || pip install -q typst > /dev/null 2>&1
"$bin" build data/xinxiang-shebao-2023.yaml --format typst -o "$work/project" > /dev/null
project=$(dirname "$(find "$work/project" -name main.typ)")
cat > "$work/compile.py" <<PY
import typst
typst.compile("$project/main.typ", output="$work/typst.pdf", font_paths=["$PWD/templates/fonts"],
              ignore_system_fonts=True, pdf_standards="a-2b")
PY
read -r st mt < <(measure python3 "$work/compile.py")
echo "one booklet, typst compiler (PyPI typst): ${st} s, peak RSS $((mt / 1024)) MB"
echo "twelve separate typst compiles: $(awk -v s="$st" 'BEGIN { printf "%.2f", 12 * s }') s (PDF only) vs yusuan batch of 12: ${s12} s (PDF + DOCX)"
cmp -s "$work/typst.pdf" "$work/one/新乡市社会保险中心/新乡市社会保险中心2023年单位预算.pdf" \
  && echo "the typst compiler's PDF is byte-identical to yusuan's" \
  || echo "the typst compiler's PDF differs from yusuan's"

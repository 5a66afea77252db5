#!/usr/bin/env bash
# Time and memory of a department's booklet (部门预算): the bundled departments, and one
# department of N units (the 区建管委's 本部 and N-1 copies of its 交通管理中心 under other
# names and codes), so that what consolidating many units costs shows.
#
#   bench/department.sh [N]     N units for the scale run (default 100)
#
# Prints wall seconds and peak RSS of `yusuan build DEPT.yaml` (PDF + DOCX + annex XLSX) and of
# `yusuan validate DEPT.yaml` (every unit checked, the department rules, the consolidation).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
cargo build --release -q
bin=$PWD/target/release/yusuan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a command under /usr/bin/time; prints "seconds peak_mib".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1 || true
  tail -1 "$work/time" | awk '{ printf "%s s, %d MB", $1, $2 / 1024 }'
}

for department in data/shanghai/sifaju data/shanghai/jianguanwei data/2024/renshe; do
  units=$(grep -c '^  - { file:' "$department/department.yaml")
  echo "$department ($units units): build $(measure "$bin" build "$department/department.yaml" -o "$work/out"); validate $(measure "$bin" validate "$department/department.yaml")"
done

# N units: the 本部 and N-1 renamed copies of one unit. The department's stated figures (its
# control totals and last year's) no longer hold for the copies and are left out for the run;
# its extra counts are warned about (H08), which does not stop the build.
scale=$work/scale
mkdir -p "$scale"
cp data/shanghai/jianguanwei/jianguanwei-benbu-2026.yaml "$scale/"
{
  sed -n '1,/^units:/p' data/shanghai/jianguanwei/department.yaml
  echo "  - { file: jianguanwei-benbu-2026.yaml }"
  for i in $(seq 2 "$n"); do
    sed -e "s/name: 上海市普陀区交通管理中心/name: 上海市普陀区交通管理中心${i}/" \
        -e "s/code: \"318005\"/code: \"318$(printf %03d $((i + 100)))\"/" \
        data/shanghai/jianguanwei/jianguanwei-jiaotong-2026.yaml > "$scale/unit-$i.yaml"
    echo "  - { file: unit-$i.yaml }"
  done
  sed -n '/^overview:/,$p' data/shanghai/jianguanwei/department.yaml \
    | awk '/^(control_totals|previous_year):/ { skip = 1; next } /^[a-z_]+:/ { skip = 0 } !skip'
} > "$scale/department.yaml"
echo "one department of $n units: build $(measure "$bin" build "$scale/department.yaml" -o "$work/scale-out"); validate $(measure "$bin" validate "$scale/department.yaml")"
"$bin" validate "$scale/department.yaml" | grep -E "^(error|warning)" | sort | uniq -c | head

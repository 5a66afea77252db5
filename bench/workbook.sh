#!/usr/bin/env bash
# Time and peak memory of reading data workbooks that are large where they should not be:
# the reference unit's workbook as written, with a stray value in the last cell of a sheet
# (XFD1048576, Z1048576), with a shared-strings count of 10^11 declared, with 资金来源 pasted
# down to row 1,048,576, and with 10,000 绩效目标 rows of as many projects (the most a sheet is
# read for) and 100,000 (refused). Reading must cost what the file holds, not where its last
# cell is or what it declares.
#
#   bench/workbook.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=$PWD/target/release/yusuan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" convert data/xinxiang-shebao-2023.yaml "$work/plain.xlsx" > /dev/null 2>&1

# The broken workbooks, made from the plain one by editing its parts as other writers would.
python3 - "$work" <<'PY'
import re, sys, zipfile
work = sys.argv[1]
plain = f"{work}/plain.xlsx"

def sheet_part(names, sheet):
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"

def rewrite(target, edits):
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        names = re.findall(r'<sheet name="([^"]+)"', src.read("xl/workbook.xml").decode())
        edits = {sheet_part(names, k) if not k.startswith("xl/") else k: v for k, v in edits.items()}
        for item in src.infolist():
            data = src.read(item.filename).decode()
            if item.filename in edits:
                data = edits[item.filename](data)
            out.writestr(item.filename, data)

def stray(cell):
    return lambda xml: xml.replace(
        "</sheetData>",
        f'<row r="1048576"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')

def lying(xml):
    return re.sub(r'uniqueCount="\d+"', 'uniqueCount="99999999999"', xml, count=1)

def filled(xml):
    cut = xml.index("</sheetData>")
    rows = xml[:cut].split("<row ")
    data = [r for r in rows[1:] if 't="s"' in r or "<v>" in r]
    head = "<row ".join([rows[0]] + data)
    cell = re.search(r'<c r="F2"([^>]*)>(.*?)</c>', xml)
    last = len(data)
    tail = "".join(f'<row r="{r}"><c r="F{r}"{cell.group(1)}>{cell.group(2)}</c></row>'
                   for r in range(last + 1, 1048577))
    return head + tail + xml[cut:]

def goals(n):
    def edit(xml):
        cut = xml.index("</sheetData>")
        head = xml[:xml.index('<row r="2"')]
        rows = "".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>P{r:08d}</t></is></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>产出指标</t></is></c>'
            f'<c r="C{r}" t="inlineStr"><is><t>指标{r}</t></is></c>'
            f'<c r="D{r}" t="inlineStr"><is><t>100%</t></is></c></row>'
            for r in range(2, n + 2))
        return head + rows + xml[cut:]
    return edit

rewrite(f"{work}/stray-xfd.xlsx", {"其他事项": stray("XFD1048576")})
rewrite(f"{work}/stray-z.xlsx", {"其他事项": stray("Z1048576")})
rewrite(f"{work}/unique-count.xlsx", {"xl/sharedStrings.xml": lying})
rewrite(f"{work}/filled-column.xlsx", {"支出经济分类": filled})
rewrite(f"{work}/goals-10000.xlsx", {"绩效目标": goals(10_000)})
rewrite(f"{work}/goals-100000.xlsx", {"绩效目标": goals(100_000)})
PY

printf '%-18s %8s %10s %8s  %s\n' workbook "size KB" "seconds" "peak MB" "result"
for name in plain stray-xfd stray-z unique-count filled-column goals-10000 goals-100000; do
  file="$work/$name.xlsx"
  status=0
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" validate "$file" > "$work/out" 2>&1 || status=$?
  read -r seconds kib < <(tail -n 1 "$work/time")
  result="exit $status, $(grep -c '^error' "$work/out" || true) errors"
  printf '%-18s %8d %10s %8d  %s\n' "$name" $(( $(stat -c %s "$file") / 1024 )) "$seconds" $(( kib / 1024 )) "$result"
done

#!/usr/bin/env bash
# Same input, same bytes, on every machine an office has: runs the reference unit and the
# 12-unit batch with the x86_64 Linux build, with yusuan.exe from the Windows zip under wine, and
# with the ARM64 build from its tar.gz under qemu-aarch64, and insists that every file written
# (PDF, DOCX, annex XLSX, manifest.json) is byte-identical. Then, under wine, as an office uses
# Windows: a data folder named `预算 数据` given as a backslash path, CRLF and GBK YAML, Chinese
# on a redirected console, an Excel owner file, `yusuan.exe serve` on 127.0.0.1 serving the
# board and a page preview, and a double-click (no arguments) opening the workspace of the
# program's own folder on the next free port.
#
#   release/check-platforms.sh        after `cargo build --release` and release/build.sh
#
# Also under wine: a mistyped command answered in Chinese, a rebuild while another program holds
# the DOCX open (release/wine/hold.c) refused with the previous booklet left whole, and the
# workspace's 全部生成 writing the very manifest `batch` writes.
#
# Exits non-zero at the first difference or failure. Needs release/setup.sh's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
native=$root/target/release/yusuan
windows_zip=$root/dist/yusuan-$version-windows-x86_64.zip
arm_tar=$root/dist/yusuan-$version-linux-aarch64.tar.gz
for needed in "$native" "$windows_zip" "$arm_tar"; do
  [[ -e $needed ]] || { echo "missing $needed: run cargo build --release and release/build.sh" >&2; exit 2; }
done

work=$(mktemp -d)
export WINEPREFIX=$work/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" YUSUAN_NO_BROWSER=1
cleanup() {
  wineserver -k 2>/dev/null || true
  [[ -n ${holder:-} ]] && kill "$holder" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# What an office downloads, unpacked as it would be: nothing but the program and its 说明.
mkdir -p "$work/zip" "$work/tar"
(cd "$work/zip" && unzip -q "$windows_zip")
[[ $(cd "$work/zip" && ls | sort | tr '\n' ' ') == "yusuan.exe 使用说明.txt " ]] \
  || fail "the Windows zip holds $(cd "$work/zip" && ls | tr '\n' ' ')"
tar -xzf "$arm_tar" -C "$work/tar"
arm=$work/tar/yusuan-$version-linux-aarch64/yusuan
file "$arm" | grep -q "ARM aarch64.*statically linked" || fail "$(file "$arm")"
# The stand-in for ProcessPrng that wine 8.0 lacks (see release/wine/): beside the program in
# the test folders only.
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" release/wine/bcryptprimitives.c -ladvapi32
# And a program that holds a file open as Word does (release/wine/hold.c).
x86_64-w64-mingw32-gcc -municode -O2 -o "$work/hold.exe" release/wine/hold.c

# One folder per platform, each with the bundled data and an Excel owner file beside it.
setup() {
  local dir=$1
  mkdir -p "$dir/data"
  cp data/*.yaml "$dir/data/"
  printf 'owner' > "$dir/data/~\$xinxiang-shebao-2023.xlsx"
}
linux=$work/linux; setup "$linux"
win="$work/win/预算 数据"; setup "$win"
cp "$work/zip/yusuan.exe" "$work/bcryptprimitives.dll" "$win/"
aarch=$work/aarch64; setup "$aarch"

run_linux() { (cd "$linux" && "$native" "$@"); }
run_windows() { (cd "$win" && wine ./yusuan.exe "$@"); }
run_aarch64() { (cd "$aarch" && qemu-aarch64 "$arm" "$@"); }

echo "wine: $(wine --version); qemu: $(qemu-aarch64 --version | head -1)"
started=$(now); wineboot -i >/dev/null 2>&1 || true; echo "wine prefix made in $(since "$started") s"

reference=data/xinxiang-shebao-2023.yaml
printf '%-16s %10s %10s\n' platform "one (s)" "batch (s)"
for platform in linux windows aarch64; do
  started=$(now)
  run_$platform build "$reference" -o one >/dev/null 2>"$work/$platform-one.err" \
    || { cat "$work/$platform-one.err" >&2; fail "$platform: build"; }
  one=$(since "$started")
  started=$(now)
  run_$platform batch data -o batch >/dev/null 2>"$work/$platform-batch.err" \
    || { cat "$work/$platform-batch.err" >&2; fail "$platform: batch"; }
  grep -q '跳过.*~\$xinxiang-shebao-2023.xlsx' "$work/$platform-batch.err" \
    || fail "$platform: the owner file was not passed over with a note"
  printf '%-16s %10s %10s\n' "$platform" "$one" "$(since "$started")"
done

# Every file of every platform, by path and sha256.
sums() { (cd "$1" && find one batch -type f -print0 | sort -z | xargs -0 sha256sum); }
folder() { case $1 in linux) echo "$linux" ;; windows) echo "$win" ;; aarch64) echo "$aarch" ;; esac; }
sums "$linux" >"$work/linux.sums"
count=$(wc -l <"$work/linux.sums")
[[ $count -eq 40 ]] || fail "linux wrote $count files, not 40 (3 of the reference unit, 3 × 12 and the manifest of the batch)"
for platform in windows aarch64; do
  sums "$(folder $platform)" >"$work/$platform.sums"
  diff "$work/linux.sums" "$work/$platform.sums" >&2 || fail "$platform's files differ from linux's"
done
echo "byte-identical on linux-x86_64, windows-x86_64 (wine) and linux-aarch64 (qemu): $count files"
grep -q '"source": "data/xinxiang-shebao-2023.yaml"' "$win/batch/manifest.json" \
  || fail "the Windows manifest does not record data/… with /"

# Windows as an office uses it.
pdf=新乡市社会保险中心/新乡市社会保险中心2023年单位预算.pdf
spaced=$(winepath -w "$win")
[[ $spaced == *'\预算 数据' ]] || fail "winepath gave $spaced"
(cd "$work" && wine "$win/yusuan.exe" build "$spaced\\data\\xinxiang-shebao-2023.yaml" -o "$spaced\\输出 文件" >/dev/null 2>&1) \
  || fail "build with backslash paths in 预算 数据"
cmp "$win/输出 文件/$pdf" "$linux/one/$pdf" || fail "the PDF from backslash paths differs"
echo "backslash paths into '预算 数据\\输出 文件': the same PDF"

sed 's/$/\r/' "$reference" >"$win/crlf.yaml"
run_windows build crlf.yaml -o crlf >/dev/null 2>&1 || fail "CRLF YAML"
cmp "$win/crlf/$pdf" "$linux/one/$pdf" || fail "the PDF from CRLF YAML differs"
echo "CRLF YAML: the same PDF"

iconv -f UTF-8 -t GBK "$reference" >"$win/gbk.yaml"
if run_windows build gbk.yaml -o gbk >/dev/null 2>"$work/gbk.err"; then fail "GBK YAML was accepted"; fi
grep -q '不是 UTF-8 编码.*GBK' "$work/gbk.err" || { cat "$work/gbk.err" >&2; fail "GBK YAML: no message"; }
[[ ! -e $win/gbk ]] || fail "GBK YAML left output behind"
echo "GBK YAML: refused, saying so in Chinese, nothing written"

if run_windows bulid data >/dev/null 2>"$work/typo.err"; then fail "a mistyped command ran"; fi
grep -q '没有“bulid”这个命令；是不是要写 build？' "$work/typo.err" || { cat "$work/typo.err" >&2; fail "a mistyped command: not said in Chinese"; }
echo "a mistyped command: $(head -1 "$work/typo.err")"

# A rebuild while Word holds the DOCX open: refused, saying why, the previous booklet whole.
docx=新乡市社会保险中心/新乡市社会保险中心2023年单位预算.docx
before=$(cd "$win/one" && sha256sum 新乡市社会保险中心/* | sha256sum)
(cd "$win" && exec wine "$work/hold.exe" "one\\$(dirname "$docx")\\$(basename "$docx")" >"$work/hold.log" 2>&1) &
for _ in $(seq 60); do grep -q holding "$work/hold.log" 2>/dev/null && break; sleep 0.5; done
grep -q holding "$work/hold.log" || fail "hold.exe did not open the DOCX"
if run_windows build "$reference" -o one >/dev/null 2>"$work/held.err"; then fail "a rebuild over a held DOCX succeeded"; fi
grep -q '是否正在 Word、WPS、Excel 或 PDF 阅读器中打开' "$work/held.err" || { cat "$work/held.err" >&2; fail "a held DOCX: no hint"; }
[[ $(cd "$win/one" && sha256sum 新乡市社会保险中心/* | sha256sum) == "$before" ]] || fail "a refused rebuild changed the previous booklet"
[[ -z $(find "$win/one" -name '.yusuan-*') ]] || fail "a refused rebuild left temporaries"
wineserver -k 2>/dev/null || true
echo "a rebuild while the DOCX is held open: refused with the hint, the previous PDF, DOCX and XLSX unchanged"

run_windows validate data >"$work/validate.out" 2>&1 || true
grep -q '检查了 12 个文件：0 个错误' "$work/validate.out" || { cat "$work/validate.out" >&2; fail "validate data"; }
echo "validate data (a folder; cmd.exe expands no *.yaml): $(tail -1 "$work/validate.out")"

# Waits for `url` to answer with a page containing `text`.
await() {
  local url=$1 text=$2
  for _ in $(seq 240); do
    if curl -sf "$url" 2>/dev/null | grep -q "$text"; then return 0; fi
    sleep 0.5
  done
  return 1
}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$win" && exec wine ./yusuan.exe serve . --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1) &
await "http://127.0.0.1:$port/" 新乡市社会保险中心 || { cat "$work/serve.log" >&2; fail "serve under wine"; }
board=$(curl -sf "http://127.0.0.1:$port/")
units=$(grep -c '<td class="name">' <<<"$board" || true)
[[ $units -eq 12 ]] || fail "the board lists $units units"
for name in 新乡市 卫滨区 红旗区 牧野区 凤泉区 卫辉市 辉县市 获嘉县 新乡县 原阳县 延津县 封丘县; do
  grep -q "${name}社会保险中心" <<<"$board" || fail "the board does not list ${name}社会保险中心"
done
curl -sf -o "$work/page1.png" "http://127.0.0.1:$port/unit/xinxiang-shebao-2023.yaml/page/1"
file "$work/page1.png" | grep -q "PNG image" || fail "no page preview: $(file "$work/page1.png")"
# 全部生成 from the workspace: its manifest is the command line's, sources from the workspace.
token=$(grep -o 'name="csrf-token" content="[0-9a-f]*"' <<<"$board" | grep -o '[0-9a-f]\{64\}')
curl -sf -X POST -H "x-csrf-token: $token" -H "Origin: http://127.0.0.1:$port" "http://127.0.0.1:$port/build" >/dev/null \
  || fail "POST /build under wine"
for _ in $(seq 240); do
  curl -sf "http://127.0.0.1:$port/build/status" | grep -q '"running":false' && break
  sleep 0.5
done
cmp "$win/output/manifest.json" "$win/batch/manifest.json" \
  || fail "the workspace's manifest differs from batch's: $(grep -m1 source "$win/output/manifest.json")"
echo "serve under wine on 127.0.0.1:$port: the board with 12 units, a page preview ($(stat -c %s "$work/page1.png") bytes), 全部生成 writing batch's very manifest"
wineserver -k 2>/dev/null || true

# A double-click: no arguments, started elsewhere; the workspace is the program's folder, and
# port 8000 taken (here by a stand-in) moves it to the next free one.
clicked="$work/双击 测试"
mkdir -p "$clicked"
cp "$work/zip/yusuan.exe" "$work/bcryptprimitives.dll" "$clicked/"
holder=
if python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 8000))' 2>/dev/null; then
  python3 -c 'import socket, time; s=socket.socket(); s.bind(("127.0.0.1", 8000)); s.listen(); time.sleep(600)' &
  holder=$!
  sleep 0.5
fi
(cd "$work" && exec wine "$clicked/yusuan.exe" </dev/null >"$work/click.log" 2>&1) &
for _ in $(seq 240); do grep -q '工作台地址' "$work/click.log" 2>/dev/null && break; sleep 0.5; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/click.log" | head -1)
[[ -n $url && $url != *:8000/ ]] || { cat "$work/click.log" >&2; fail "double-click: no address other than 8000"; }
await "$url" yusuan || { cat "$work/click.log" >&2; fail "double-click: the board does not answer"; }
[[ -d $clicked/data && -d $clicked/output ]] || fail "double-click: no data/ and output/ beside the program"
grep -q "双击 测试.data" "$work/click.log" || fail "double-click: the greeting does not say where the data goes"
echo "double-click: the workspace of '双击 测试' at $url (8000 was taken), data and output made beside yusuan.exe"

#!/usr/bin/env bash
# The workspace with accounts under the office's busiest moment, on loopback: twelve district
# editors, each logged in with its own account, upload their unit's data at once while fifty
# preview requests (page pictures of every unit) come in.
#
#   bench/cycle.sh
#
# Prints the wall time of the whole burst, every request's status that was not a success (none
# are expected), and the server's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=$PWD/target/release/yusuan
work=$(mktemp -d)
mkdir -p "$work/data" "$work/jars" "$work/files"
cp data/*.yaml "$work/data/"

printf 'bench-admin-1\nbench-admin-1\n' | "$bin" serve "$work" --listen 127.0.0.1:0 --init-admin admin > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q http:// "$work/serve.log" && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.log")
peak() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$server/status"; }
token_of() { grep -o 'csrf-token" content="[0-9a-f]*' | cut -d'"' -f3; }

# Logs $1 in with password $2 into the cookie jar $3; prints the session's token.
login() {
  local login_token
  login_token=$(curl -s -c "$3" "$base/login" | token_of)
  curl -s -o /dev/null -b "$3" -c "$3" --data-urlencode "csrf=$login_token" \
    --data-urlencode "login=$1" --data-urlencode "password=$2" "$base/login"
  curl -s -b "$3" "$base/" | token_of
}

admin_token=$(login admin bench-admin-1 "$work/jars/admin")
units=()
for file in data/*.yaml; do
  unit=$(basename "$file" .yaml)
  units+=("$unit")
  curl -s -o /dev/null -b "$work/jars/admin" --data-urlencode "csrf=$admin_token" \
    --data-urlencode "login=$unit" --data-urlencode "display=$unit" --data-urlencode "role=editor" \
    --data-urlencode "units=$unit" --data-urlencode "password=$unit-pw" "$base/accounts"
  login "$unit" "$unit-pw" "$work/jars/$unit" > "$work/jars/$unit.token"
  # Each district sends its data with a note of its own: new bytes, the same booklet.
  { cat "$file"; printf '\n# bench upload\n'; } > "$work/files/$unit.yaml"
done
# Each unit laid out once, as the board's visitors would have: the burst measures the uploads
# and the pictures, not twelve first layouts.
for unit in "${units[@]}"; do curl -s -o /dev/null -b "$work/jars/admin" "$base/unit/$unit.yaml"; done
before=$(peak)

started=$(date +%s.%N)
burst=()
for unit in "${units[@]}"; do
  curl -s -o /dev/null -w "upload $unit %{http_code}\n" -b "$work/jars/$unit" \
    -F "csrf=$(cat "$work/jars/$unit.token")" -F "file=@$work/files/$unit.yaml" \
    "$base/unit/$unit.yaml/upload" >> "$work/status" &
  burst+=($!)
done
for n in $(seq 0 49); do
  unit=${units[$((n % 12))]}
  curl -s -o /dev/null -w "preview $unit page $((n / 12 + 1)) %{http_code}\n" -b "$work/jars/admin" \
    "$base/unit/$unit.yaml/page/$((n / 12 + 1))" >> "$work/status" &
  burst+=($!)
done
wait "${burst[@]}"
ended=$(date +%s.%N)

requests=$(wc -l < "$work/status")
failed=$(grep -cv ' 303$\| 200$' "$work/status" || true)
versions=$(find "$work/data/history" -type f | wc -l)
echo "12 uploads (each editor its own account) + 50 previews at once: $requests requests, $failed failed, $(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", b - a }') s"
echo "versions kept: $versions (12 found at start + 12 uploaded); peak RSS $before MB before the burst, $(peak) MB after"
grep -v ' 303$\| 200$' "$work/status" || true

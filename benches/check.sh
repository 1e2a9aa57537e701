#!/usr/bin/env bash
# Benchmarks `claimcheck check`: a 10,000-word draft against the five real
# reports (../shared/corpus/facebook-leaks) and against a generated 50 MB
# corpus. Prints the median wall time and the peak memory of RUNS runs.
# Usage: benches/check.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --locked --quiet
bin=target/release/claimcheck
work=target/bench
mkdir -p "$work"
[ -f "$work/draft-10k.md" ] || python3 benches/generate.py draft "$work/draft-10k.md" 10000
[ -d "$work/corpus-50mb" ] || python3 benches/generate.py corpus "$work/corpus-50mb" 50

measure() {
  local name=$1 sources=$2
  local times=() peak=0
  for _ in $(seq "$runs"); do
    local out
    out=$( { /usr/bin/time -f '%e %M' "$bin" check "$work/draft-10k.md" --sources "$sources" --format json --fail-on never > /dev/null; } 2>&1 | tail -n 1)
    times+=("${out% *}")
    local rss=${out#* }
    (( rss > peak )) && peak=$rss
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-34s median %6.2f s   peak RSS %6.1f MB   (%d runs)\n' "$name" "$median" "$(echo "$peak / 1024" | bc -l)" "$runs"
}

echo "draft: $(wc -w < "$work/draft-10k.md") words"
measure "five reports (15 KB)" ../shared/corpus/facebook-leaks
measure "generated corpus ($(du -sh "$work/corpus-50mb" | cut -f1))" "$work/corpus-50mb"

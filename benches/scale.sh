#!/usr/bin/env bash
# Benchmarks claimcheck at scale on generated corpora (txt, md, html, eml and
# pdf; benches/generate.py) of each SIZE in MB of text, with a 10,000-word
# draft drawn from each corpus (one sentence in five altered). For each size
# it measures, as the median of RUNS runs with the peak RSS of any run:
#   index   `claimcheck index` from nothing (throughput over the files' bytes);
#           its peak RSS and, in brackets, its own memory (anonymous RSS,
#           sampled), without the pages of index files its merges map
#   cold    `check` of the draft without an index (every source read)
#   fresh   `check` of the draft with an up-to-date index, nothing judged
#           before (judgements.json removed): every claim is searched
#   warm    the same with the judgements the last check kept beside the index
#   edit    the language server on the indexed project: p50 and p95 of
#           didChange -> publishDiagnostics over 20 edits of the draft's
#           numbers (benches/lsp_latency.py, debounce 0); then of didChange
#           -> the answer to textDocument/diagnostic, for a client that pulls
#           (VS Code, Neovim); and the greater peak RSS of the two servers
# and prints a Markdown table; then, for each size, how the draft's claims
# were judged against the labels the generator wrote (benches/verdicts.py):
# whether each sentence drawn as is, or with a number changed, found the
# sentence it was drawn from, and the verdicts it got.
# A SIZE may name the corpus's vocabulary (benches/generate.py): `100` is the
# small one, the hard case for search; `100:varied` draws from pools as large
# as real reporting's.
# Usage: benches/scale.sh [RUNS] [SIZE[:varied]...]   (default: 3 runs; 10 and 100 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=${1:-3}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
cargo build --release --locked --quiet
bin=$PWD/target/release/claimcheck

# The peak anonymous RSS, in kB, of the process `/usr/bin/time` (pid $1)
# runs, sampled every 0.1 s until it exits: the process's own memory,
# without the pages of the index files it maps, which the peak RSS counts.
own_memory() {
  local child="" peak=0 anon
  while kill -0 "$1" 2> /dev/null; do
    [ -n "$child" ] || child=$(pgrep -P "$1" | head -n 1)
    anon=$( [ -n "$child" ] && awk '/^RssAnon/ {print $2}' "/proc/$child/status" 2> /dev/null)
    [ -n "$anon" ] && (( anon > peak )) && peak=$anon
    sleep 0.1
  done
  echo "$peak"
}

# Runs "$@" RUNS times after `prepare`; prints "median_seconds peak_kb peak_own_kb".
measure() {
  local prepare=$1
  shift
  local times=() peak=0 own_peak=0 out own
  local measured
  measured=$(mktemp)
  for _ in $(seq "$runs"); do
    $prepare
    /usr/bin/time -o "$measured" -f '%e %M' "$@" > /dev/null 2> /dev/null &
    own=$(own_memory $!)
    wait $!
    out=$(tail -n 1 "$measured")
    times+=("${out% *}")
    local rss=${out#* }
    (( rss > peak )) && peak=$rss
    (( own > own_peak )) && own_peak=$own
  done
  rm -f "$measured"
  printf '%s %s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$peak" "$own_peak"
}

verdicts=()
echo "| corpus | files | index | index MB/s | index RSS (own) | cold check | cold RSS | fresh check | fresh RSS | warm check | warm RSS | edit p50 | edit p95 | pull p50 | pull p95 | LSP RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for corpus in "${sizes[@]}"; do
  size=${corpus%:*}
  vocabulary=small
  [ "$corpus" = "$size" ] || vocabulary=${corpus#*:}
  name="$size MB text"
  work=$PWD/target/bench/scale-$size
  if [ "$vocabulary" != small ]; then
    name="$name, $vocabulary vocabulary"
    work=$work-$vocabulary
  fi
  mkdir -p "$work"
  [ -d "$work/sources" ] || python3 benches/generate.py corpus "$work/sources" "$size" "$vocabulary"
  # The labels came later than the first drafts: writing them writes the same draft again.
  [ -f "$work/draft.labels.tsv" ] || python3 benches/generate.py draft "$work/draft.md" 10000 "$work/sources"
  bytes=$(du -sb "$work/sources" | cut -f1)
  files=$(find "$work/sources" -type f | wc -l)
  cd "$work"
  check=("$bin" check draft.md --sources sources --format json --fail-on never)
  read -r index_s index_kb index_own_kb < <(measure "rm -rf .claimcheck" "$bin" index --sources sources)
  read -r cold_s cold_kb _ < <(measure "rm -rf .claimcheck" "${check[@]}")
  "$bin" index --sources sources 2> /dev/null
  read -r fresh_s fresh_kb _ < <(measure "rm -f .claimcheck/judgements.json" "${check[@]}")
  read -r warm_s warm_kb _ < <(measure true "${check[@]}")
  "${check[@]}" > check.json 2> /dev/null
  verdicts+=("" "**$name**" "" "$(python3 "$repo/benches/verdicts.py" check.json draft.labels.tsv)")
  read -r edit_p50 edit_p95 _ _ lsp_kb < <(python3 "$repo/benches/lsp_latency.py" "$bin" . draft.md 20)
  read -r pull_p50 pull_p95 _ _ pull_kb < <(python3 "$repo/benches/lsp_latency.py" "$bin" . draft.md 20 pull)
  (( pull_kb > lsp_kb )) && lsp_kb=$pull_kb
  cd - > /dev/null
  awk -v name="$name" -v mb="$bytes" -v files="$files" -v is="$index_s" -v ik="$index_kb" -v io="$index_own_kb" -v cs="$cold_s" -v ck="$cold_kb" \
      -v fs="$fresh_s" -v fk="$fresh_kb" -v ws="$warm_s" -v wk="$warm_kb" -v ep="$edit_p50" -v e95="$edit_p95" -v pp="$pull_p50" -v p95="$pull_p95" -v lk="$lsp_kb" 'BEGIN {
    printf "| %s (%.0f MB files) | %d | %.1f s | %.1f | %.0f MB (%.0f MB) | %.2f s | %.0f MB | %.2f s | %.0f MB | %.2f s | %.0f MB | %d ms | %d ms | %d ms | %d ms | %.0f MB |\n",
      name, mb / 1e6, files, is, mb / 1e6 / is, ik / 1024, io / 1024, cs, ck / 1024, fs, fk / 1024, ws, wk / 1024, ep, e95, pp, p95, lk / 1024 }'
done
printf '%s\n' "" "Verdicts of the draft's claims against the generator's labels:" "${verdicts[@]}"

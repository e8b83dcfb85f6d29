#!/usr/bin/env bash
# One large document: the seed article repeated into a single file of N MB (blank lines
# between copies, no document boundary), extracted with the default formats (DOT and JSON) on
# the default threads. Prints wall and CPU seconds and peak RSS per size, and the ratio of
# each size's wall time to the previous one's (linear: 2.0 for each doubling).
#
#   scripts/bench_bigdoc.sh                  # 8 16 32 64 MB
#   BIGDOC_MB="32 64" scripts/bench_bigdoc.sh
#
# Inputs are written to $BENCH_DIR (default /tmp/relgraph-bench), never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${BENCH_DIR:-/tmp/relgraph-bench}"
MBS="${BIGDOC_MB:-8 16 32 64}"
mkdir -p "$DIR"

cargo build --release --quiet --bin relgraph
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/relgraph"

echo "$(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| single document | wall s | CPU s | peak RSS MiB | wall vs half the size |"
echo "|---|---|---|---|---|"
prev=""
for mb in $MBS; do
  input="$DIR/seed-$mb.txt"
  if [ ! -s "$input" ]; then
    # Copies of the seed article (with a blank line after each) up to N MB.
    copies=$(( mb * 1000000 / ($(wc -c < tests/fixtures/seed.txt) + 1) ))
    for _ in $(seq "$copies"); do cat tests/fixtures/seed.txt; echo; done > "$input"
  fi
  log="$DIR/time.log"
  /usr/bin/time -v "$BIN" extract "$input" -o "$DIR/bigdoc-out" -q 2> "$log" >/dev/null
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  ratio=$([ -n "$prev" ] && awk -v a="$wall" -v b="$prev" 'BEGIN { printf "%.2f×", a/b }' || echo "")
  awk -v mb="$mb" -v w="$wall" -v c="$cpu" -v r="$rss" -v q="$ratio" \
    'BEGIN { printf "| %s MB | %.2f | %.2f | %.0f | %s |\n", mb, w, c, r/1024, q }'
  prev=$wall
done

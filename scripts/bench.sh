#!/usr/bin/env bash
# Whole-process benchmark: MB/s, documents/s, peak RSS and start-up time for 1 and 2 threads,
# a four-shard merge (time, peak RSS, checked against one run), next to the raw scan of the
# same text with the matcher's own index (the ceiling).
#
#   scripts/bench.sh                 # 10 MB corpus
#   BENCH_MB="10 200" scripts/bench.sh
#   BENCH_GAZ="10000 100000 1000000" scripts/bench.sh   # also synthetic gazetteers
#
# Corpora and gazetteers are generated (seeded) into $BENCH_DIR (default /tmp/relgraph-bench),
# never into the repository. Prints a Markdown table for benches/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${BENCH_DIR:-/tmp/relgraph-bench}"
MBS="${BENCH_MB:-10}"
GAZ="${BENCH_GAZ:-}"
mkdir -p "$DIR"

cargo build --release --quiet --bin relgraph --example gen_corpus --example gen_gazetteer --example scan
BIN="$PWD/target/release/relgraph"
EX="$PWD/target/release/examples"

# peak RSS (kB) and wall seconds of a command, via GNU time.
measure() {
  local log="$DIR/time.log"
  /usr/bin/time -v "$@" 2> "$log" >/dev/null || { cat "$log" >&2; return 1; }
  local rss wall cpu
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  echo "$wall $rss $cpu"
}

# One table row: its corpus label, gazetteer, threads, the input's bytes and documents, then
# the command to time.
row() {
  local label=$1 gaz=$2 t=$3 bytes=$4 docs=$5 w r c
  shift 5
  read -r w r c < <(measure "$@")
  awk -v l="$label" -v g="$gaz" -v t="$t" -v w="$w" -v r="$r" -v c="$c" -v b="$bytes" -v d="$docs" \
    'BEGIN { printf "| %s | %s | %d | %.2f | %.2f | %.2f | %.0f | %.0f |\n", l, g, t, w, c, b/1e6/w, d/w, r/1024 }'
}

echo "## $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
empty="$DIR/empty.jsonl"; : > "$empty"
read -r w r c < <(measure "$BIN" extract "$empty" --input-format jsonl -f json -o "$DIR/out" -q)
echo "start-up (embedded gazetteers, build automata, empty input): ${w} s, peak RSS $((r / 1024)) MiB"
echo
echo "Load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows the 2-thread runs; CPU s shows the work done)."
echo
echo "| corpus | gazetteer | threads | wall s | CPU s | MB/s | docs/s | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|"
for mb in $MBS; do
  corpus="$DIR/corpus-$mb.jsonl"
  [ -s "$corpus" ] || "$EX/gen_corpus" --mb "$mb" --seed 1 > "$corpus" 2>/dev/null
  bytes=$(stat -c %s "$corpus"); docs=$(wc -l < "$corpus")
  for gaz in default $GAZ; do
    gflag=()
    if [ "$gaz" != default ]; then
      g="$DIR/gaz-$gaz.tsv"
      [ -s "$g" ] || "$EX/gen_gazetteer" --aliases "$gaz" > "$g"
      gflag=(--gazetteer "$g")
    fi
    for t in 1 2; do
      row "$mb MB" "$gaz" "$t" "$bytes" "$docs" \
        "$BIN" extract "$corpus" "${gflag[@]}" --threads "$t" -f json -o "$DIR/out" -q
    done
  done
done

# Real news: the dev corpus's texts. Every sentence is new there, while the generated corpus
# repeats its phrasings, which flatters anything that caches per sentence shape.
news=(tests/corpus/dev/*.txt)
bytes=$(cat "${news[@]}" | wc -c); docs=${#news[@]}
for t in 1 2; do
  row "news, dev corpus ($((bytes / 1000000)).$((bytes / 100000 % 10)) MB)" default "$t" "$bytes" "$docs" \
    "$BIN" extract "${news[@]}" --threads "$t" -f json -o "$DIR/out" -q
done

# Scale-out: the largest corpus in four shards, each extracted alone, then merged; the merged
# graph must be byte-identical to one run over the whole corpus.
mb=${MBS##* }
corpus="$DIR/corpus-$mb.jsonl"
shards="$DIR/shards-$mb"; rm -rf "$shards"; mkdir -p "$shards"
split -n l/4 -d "$corpus" "$shards/part"
for part in "$shards"/part0?; do
  "$BIN" extract "$part" --input-format jsonl -f json -o "$shards/$(basename "$part").out" --name g -q
done
"$BIN" extract "$corpus" --input-format jsonl -f json -o "$shards/whole" --name g -q
read -r w r c < <(measure "$BIN" merge "$shards"/part0?.out/g.json -f json -o "$shards/merged" --name g -q)
same=$(cmp -s "$shards/merged/g.json" "$shards/whole/g.json" && echo "byte-identical to one run" || echo "DIFFERS from one run")
echo
echo "merge of the $mb MB corpus's graph in 4 shards ($(du -ch "$shards"/part0?.out/g.json | tail -1 | cut -f1) of JSON): ${w} s, CPU ${c} s, peak RSS $((r / 1024)) MiB, $same"
rm -rf "$shards"

echo
echo "In-process, single thread, text only (no JSON parsing or output):"
echo '```'
for mb in $MBS; do
  "$EX/scan" "$DIR/corpus-$mb.jsonl"
  for gaz in $GAZ; do "$EX/scan" "$DIR/corpus-$mb.jsonl" --gazetteer "$DIR/gaz-$gaz.tsv"; done
done
echo '```'

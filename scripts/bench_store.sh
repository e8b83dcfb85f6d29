#!/usr/bin/env bash
# Store benchmark: a synthetic store of BENCH_EVIDENCE pieces of evidence (default one
# million, over the twelve months of 2020), then `relgraph export` of a one-month window
# (June 2020) to JSON, best of three, and of the whole store. Prints a Markdown table for
# benches/RESULTS.md. The store goes to $BENCH_DIR (default /tmp/relgraph-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${BENCH_DIR:-/tmp/relgraph-bench}"
N="${BENCH_EVIDENCE:-1000000}"
mkdir -p "$DIR"
cargo build --release --quiet --bin relgraph --example gen_store
TARGET="${CARGO_TARGET_DIR:-$PWD/target}/release"
DB="$DIR/store-$N.db"
[ -f "$DB" ] || "$TARGET/examples/gen_store" --evidence "$N" --out "$DB"
best() {
  local best=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    best=$(echo "$t0 $t1 $best" | awk '{d = $2 - $1; if ($3 == "" || d < $3) print d; else print $3}')
  done
  printf '%.2f' "$best"
}
month=$(best "$TARGET/relgraph" export --store "$DB" --since 2020-06 --until 2020-06 -f json -o "$DIR/out" -q)
whole=$(best "$TARGET/relgraph" export --store "$DB" -f json -o "$DIR/out" -q)
size=$(du -m "$DB" | cut -f1)
echo "| evidence in the store | store size | export -f json, one month | export -f json, all |"
echo "|---|---|---|---|"
echo "| $N | $size MB | $month s | $whole s |"

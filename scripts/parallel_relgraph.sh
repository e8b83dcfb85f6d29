#!/usr/bin/env bash
# One big machine, many processes: split a JSON Lines corpus into shards, extract each shard
# with GNU parallel, merge the partial graphs. The result is byte-for-byte what one
# `relgraph extract` over the whole corpus writes.
#
#   scripts/parallel_relgraph.sh corpus.jsonl OUT_DIR [JOBS] [-- extra extract flags]
#
# Within one process relgraph already uses every core (--threads); shard with processes when
# the corpus is on several disks, or to cap each process's memory, or to restart failed shards.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 corpus.jsonl OUT_DIR [JOBS] [-- extract flags]" >&2; exit 2; }
input=$1; out=$2; shift 2
jobs=$(nproc)
if [ $# -gt 0 ] && [ "$1" != "--" ]; then jobs=$1; shift; fi
[ "${1:-}" = "--" ] && shift
RELGRAPH="${RELGRAPH:-relgraph}"
work=$(mktemp -d "${TMPDIR:-/tmp}/relgraph-parallel.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Split by lines into as many shards as jobs (records never cut in half).
split -n "l/$jobs" -d -a 4 --additional-suffix=.jsonl "$input" "$work/shard-"
# One single-threaded extract per shard; --halt stops everything at the first failure.
parallel --will-cite --halt now,fail=1 -j "$jobs" \
  "$RELGRAPH" extract {} --input-format jsonl --threads 1 -f json -o "$work/parts" --name {/.} --quiet "$@" \
  ::: "$work"/shard-*.jsonl
"$RELGRAPH" merge "$work"/parts/*.json -o "$out" --name "$(basename "${input%.*}")" --quiet

#!/usr/bin/env bash
# Store speed (issue #6): ingest of 1,000,000 generated items with identity,
# canonical URLs, story matching and the search index, on one pinned core, into a
# database file under $TMPDIR; then the week query and bytes per item. Targets
# (>= 50,000 items/s, week query < 100 ms) are reported, never a failure.
#   bench/store_speed.sh [BUILD_DIR] [ITEMS]     (defaults: build-s6, 1000000)
#   MONSOON_BENCH_CPU=1 bench/store_speed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-s6}"
items="${2:-1000000}"
cpu="${MONSOON_BENCH_CPU:-0}"
source bench/build_dir.sh
bench_build "$build" store_bench
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
echo "load avg $(cut -d' ' -f1-3 /proc/loadavg), taskset -c $cpu"
/usr/bin/time -f "process: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
  taskset -c "$cpu" "$build/bench/store_bench" "$dir/bench.db" "$items"
echo "file on disk: $(du -b "$dir/bench.db" | cut -f1) bytes (+ WAL $(du -b "$dir/bench.db-wal" 2>/dev/null | cut -f1 || echo 0))"

#!/usr/bin/env bash
# Store speed (issue #6): ingest of 1,000,000 generated items with identity,
# canonical URLs and story matching, on one pinned core, into a database file under
# $TMPDIR; then its floor, the same rows written by one bare INSERT into a database
# of the same schema (the fastest any ingest of them could be); then the search
# index of them all (as the daemon builds it between rounds), the week query and
# bytes per item, with the bytes of each table and index when the sqlite3 shell is
# installed. Targets (>= 50,000 items/s, week
# query < 100 ms) are reported, never a failure.
#   bench/store_speed.sh [BUILD_DIR] [ITEMS]     (defaults: $MONSOON_BENCH_BUILD_DIR
#                                                 or build, 1000000)
#   MONSOON_BENCH_CPU=1 bench/store_speed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-${MONSOON_BENCH_BUILD_DIR:-build}}"
items="${2:-1000000}"
cpu="${MONSOON_BENCH_CPU:-0}"
say() { echo "store_speed: $*" >&2; }
die() { say "FAIL: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_build "$build" "the store benchmark" store_bench
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
echo "load avg $(cut -d' ' -f1-3 /proc/loadavg), taskset -c $cpu"
/usr/bin/time -f "process: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
  taskset -c "$cpu" "$build/bench/store_bench" "$dir/bench.db" "$items"
echo "file on disk: $(du -b "$dir/bench.db" | cut -f1) bytes (+ WAL $(du -b "$dir/bench.db-wal" 2>/dev/null | cut -f1 || echo 0))"
if command -v sqlite3 >/dev/null 2>&1; then
  echo "bytes per item by table and index (dbstat):"
  sqlite3 "$dir/bench.db" "SELECT printf('  %-26s %6.0f', name, sum(pgsize) * 1.0 / \
    (SELECT count(*) FROM items)) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 12"
fi

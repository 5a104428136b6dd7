#!/usr/bin/env bash
# Story matching speed (issue #6): canonical URL + signature + StoryIndex assignment
# of 1,000,000 generated items on one pinned core; prints items/s. A missed target
# (>= 300,000 items/s for this part) is reported, never a failure.
#   bench/story_speed.sh [BUILD_DIR] [ITEMS]     (defaults: build, 1000000)
#   MONSOON_BENCH_CPU=1 bench/story_speed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-${MONSOON_BENCH_BUILD_DIR:-build}}"
items="${2:-1000000}"
cpu="${MONSOON_BENCH_CPU:-0}"
say() { echo "story_speed: $*" >&2; }
die() { say "FAIL: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_build "$build" "the story benchmark" story_bench
echo "load avg $(cut -d' ' -f1-3 /proc/loadavg), taskset -c $cpu"
taskset -c "$cpu" "$build/bench/story_bench" "$items"

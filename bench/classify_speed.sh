#!/usr/bin/env bash
# The region classifier's speed benchmark of issue #7 (see bench/README.md).
#
#   bench/classify_speed.sh [BUILD_DIR]
#
# BUILD_DIR  default $MONSOON_BENCH_BUILD_DIR or build-cls/ (Release, no sanitizers;
#            configured here if it does not exist yet)
# Environment: MONSOON_BENCH_CPU (default 0), MONSOON_BENCH_ITEMS (default 200000).
#
# 1. builds classify_speed and monsoon, 2. times Classifier::classify in process on one
# CPU (the figure the target of 200,000 items/s applies to), 3. times `monsoon classify`
# end to end on the same number of JSON lines (JSON parsing and printing included).
# A missed target is reported, not an error.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${1:-${MONSOON_BENCH_BUILD_DIR:-build-cls}}"
cpu="${MONSOON_BENCH_CPU:-0}"
items="${MONSOON_BENCH_ITEMS:-200000}"
say() { echo "classify_speed: $*" >&2; }

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
fi
cmake --build "$build_dir" -j2 --target classify_speed monsoon >/dev/null
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c "$cpu"); fi

# In process: the classifier alone.
line=$("${pin[@]}" "$build_dir/bench/classify_speed" "$items" 5)
echo "$line"
rate=$(sed -E 's/.* ([0-9]+) items\/s.*/\1/' <<<"$line")
if [ "$rate" -ge 200000 ]; then say "target met: $rate >= 200000 items/s"; else say "TARGET MISSED: $rate < 200000 items/s"; fi

# End to end: JSON lines through the CLI.
input=$(mktemp)
trap 'rm -f "$input"' EXIT
python3 - "$items" >"$input" <<'PY'
import json, random, sys
random.seed(20261129)
words = "startup raises funding round led by investors the company said its new platform will expand into markets after strong growth revenue users AI chips cloud payments".split()
terms = ["TSMC", "Samsung", "Alibaba", "Flipkart", "Grab", "SoftBank", "Jakarta", "Seoul", "Bengaluru", "Apple"]
def text(n):
    out = ""
    while len(out) < n:
        out += " " + (random.choice(terms) if random.random() < 0.11 else random.choice(words))
    return out.strip()[:n]
for i in range(int(sys.argv[1])):
    print(json.dumps({"title": text(70), "summary": text(300), "link": "https://news.example.com/a/%d" % i}))
PY
# From an empty folder and without $MONSOON_CONFIG: the shipped data alone.
empty=$(mktemp -d)
trap 'rm -f "$input"; rm -rf "$empty"' EXIT
binary=$(realpath "$build_dir/monsoon")
start=$(date +%s.%N)
(cd "$empty" && env -u MONSOON_CONFIG "${pin[@]}" "$binary" classify <"$input" >/dev/null)
end=$(date +%s.%N)
python3 -c "import sys; n=int(sys.argv[1]); t=float(sys.argv[3])-float(sys.argv[2]); print('classify_speed: monsoon classify (JSON lines in and out): %d items in %.2f s = %.0f items/s' % (n, t, n/t))" "$items" "$start" "$end"

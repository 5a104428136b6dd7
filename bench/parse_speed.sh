#!/usr/bin/env bash
# The parse speed benchmark of issue #4 (see bench/README.md).
#
#   bench/parse_speed.sh [BUILD_DIR] [CORPUS_DIR]
#
# BUILD_DIR   default $MONSOON_BENCH_BUILD_DIR or build/ (RelWithDebInfo, no sanitizers;
#             configured like scripts/setup does if it does not exist yet)
# CORPUS_DIR  default $MONSOON_BENCH_CORPUS or /tmp/monsoon-corpus-big (the 100 MB corpus
#             of ../shared/bench/gen_corpus.py, generated if absent or not matching)
# Environment: MONSOON_BENCH_RUNS (default 5), MONSOON_BENCH_CPU (default 0),
# MONSOON_BENCH_NO_BUILD=1 (time the binaries already in BUILD_DIR, e.g. while the tree
# does not build).
#
# 1. generates the corpus, 2. builds monsoon, jsonl_title_checksum and pugixml_count,
# 3. checks that monsoon's JSON lines carry SUMMARY.json's item count and title checksum,
# 4. times pugixml_count and `monsoon parse --format jsonl FILES > /dev/null` on one CPU
# and prints MB/s, the ratio, items/s and peak RSS.
# Exits non-zero when the output is wrong or a step fails; a missed speed target is
# only reported.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${1:-${MONSOON_BENCH_BUILD_DIR:-build}}"
corpus="${2:-${MONSOON_BENCH_CORPUS:-/tmp/monsoon-corpus-big}}"
runs="${MONSOON_BENCH_RUNS:-5}"
cpu="${MONSOON_BENCH_CPU:-0}"
shared="${MONSOON_SHARED_DIR:-../shared}"
seed="monsoon-big"
total_mb=100

say() { echo "parse_speed: $*" >&2; }
die() { say "FAIL: $*"; exit 1; }

# --- 1. corpus ----------------------------------------------------------------------------
# A corpus is reused when SUMMARY.json names our seed and its feed count and byte total
# match the feed-*.xml files on disk.
corpus_matches() {
  [ -f "$corpus/SUMMARY.json" ] || return 1
  python3 - "$corpus" "$seed" <<'EOF'
import json, os, sys
corpus, seed = sys.argv[1], sys.argv[2]
s = json.load(open(os.path.join(corpus, "SUMMARY.json")))
files = [f for f in os.listdir(corpus) if f.startswith("feed-") and f.endswith(".xml")]
size = sum(os.path.getsize(os.path.join(corpus, f)) for f in files)
sys.exit(0 if s.get("seed") == seed and s.get("feeds") == len(files) and s.get("bytes") == size
         and 99e6 <= size <= 101.5e6 else 1)
EOF
}
if corpus_matches; then
  say "corpus $corpus present, SUMMARY.json matches"
else
  say "generating $corpus (${total_mb} MB, seed $seed; about a minute)"
  mkdir -p "$corpus"
  find "$corpus" -maxdepth 1 -name 'feed-*.xml' -delete
  python3 "$shared/bench/gen_corpus.py" "$corpus" --total-mb "$total_mb" --seed "$seed" -q >/dev/null
  corpus_matches || die "generated corpus does not match its SUMMARY.json"
fi
file_list="$(mktemp "${TMPDIR:-/tmp}/monsoon-bench-files.XXXXXX")"
trap 'rm -f "$file_list"' EXIT
find "$corpus" -maxdepth 1 -name 'feed-*.xml' | LC_ALL=C sort >"$file_list"

# --- 2. binaries --------------------------------------------------------------------------
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_build "$build_dir" "the binaries" monsoon jsonl_title_checksum
monsoon="$PWD/$build_dir/monsoon"
checksum="$PWD/$build_dir/bench/jsonl_title_checksum"
pugixml_count="$PWD/$build_dir/bench/pugixml_count"
mkdir -p "$build_dir/bench"
g++ -O2 -std=c++17 "$shared/bench/pugixml_count.cpp" -lpugixml -o "$pugixml_count"

# --- 3. correctness -----------------------------------------------------------------------
expected="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("items=%d title_fnv=%s" % (s["items"], s["title_fnv"]))' "$corpus/SUMMARY.json")"
say "expected (SUMMARY.json): $expected"
pugixml_out="$("$pugixml_count" "$corpus")"
say "pugixml_count:           $pugixml_out"
[[ "$pugixml_out" == "$expected files="*" errors=0" ]] || die "pugixml_count disagrees with SUMMARY.json"
monsoon_out="$(xargs -d '\n' -a "$file_list" "$monsoon" parse --format jsonl |
  "$checksum" --summary "$corpus/SUMMARY.json")" ||
  die "monsoon output does not match SUMMARY.json: $monsoon_out"
say "monsoon (jsonl):         $monsoon_out"
echo "checksum OK: monsoon items and title_fnv equal SUMMARY.json ($expected)"

# --- 4. speed -----------------------------------------------------------------------------
say "timing: $runs rounds on CPU $cpu"
python3 bench/speed_report.py --corpus "$corpus" --files-from "$file_list" \
  --pugixml "$pugixml_count" --monsoon "$monsoon" --runs "$runs" --cpu "$cpu"

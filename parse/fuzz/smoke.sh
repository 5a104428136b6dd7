#!/usr/bin/env bash
# The fuzz smoke test (CTest label fuzz): builds fuzz_parse (build.sh) and runs it for
# $MONSOON_FUZZ_SECONDS (default 20) seconds over the seed corpus and dictionary.
# Exits non-zero on a crash, sanitizer report, leak, timeout (> 10 s for one input) or
# out-of-memory; the input that did it is kept in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${MONSOON_FUZZ_SECONDS:-20}"
fuzzer="$(parse/fuzz/build.sh)"
build_dir="$(dirname "$(dirname "$(dirname "$fuzzer")")")"
work="$(mktemp -d "${TMPDIR:-/tmp}/monsoon-fuzz-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
parse/fuzz/seed.sh "$work/seed" >/dev/null
mkdir -p "$work/corpus" "$build_dir/artifacts"

# A fuzz-found input is a test failure, so no -fork/-jobs: the first one stops the run.
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict=parse/fuzz/feed.dict -artifact_prefix="$build_dir/artifacts/" -print_final_stats=1 \
  "$work/corpus" "$work/seed"

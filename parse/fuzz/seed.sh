#!/usr/bin/env bash
# Writes the seed corpus for fuzz_parse into OUT_DIR (default build-fuzz/seed): every
# feed document of ../shared/conformance/feedparser/cases and ../shared/corpus/real
# (XML, RSS, Atom, RDF, JSON, HTML: everything but the README/SOURCES/LICENSE files),
# each prefixed with the byte 0x00 that fuzz_parse reads as "default ParseOptions".
set -euo pipefail
cd "$(dirname "$0")/../.."

out="${1:-build-fuzz/seed}"
shared="${MONSOON_SHARED_DIR:-../shared}"
mkdir -p "$out"
count=0
for dir in "$shared/conformance/feedparser/cases" "$shared/corpus/real"; do
  [ -d "$dir" ] || { echo "seed.sh: missing $dir" >&2; exit 1; }
  while IFS= read -r -d '' file; do
    case "$file" in *.md | *.tsv | */LICENSE*) continue ;; esac
    name="${file#"$shared"/}"
    name="${name//\//_}"
    { printf '\0'; cat "$file"; } >"$out/$name"
    count=$((count + 1))
  done < <(find "$dir" -type f -print0)
done
echo "seed.sh: $count files in $out"

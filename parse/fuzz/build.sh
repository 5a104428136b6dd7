#!/usr/bin/env bash
# Configures (once) and builds the libFuzzer build dir: clang-14, ASan + UBSan,
# RelWithDebInfo, only the fuzz_parse target. Prints the path of the fuzz_parse binary.
# Build dir: $MONSOON_FUZZ_BUILD_DIR, default build-fuzz/ in the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."

build_dir="${MONSOON_FUZZ_BUILD_DIR:-build-fuzz}"
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DMONSOON_FUZZ=ON -DMONSOON_SANITIZE=ON \
    -DBUILD_TESTING=OFF "${launcher[@]}" >/dev/null
fi
# Build output goes to stderr so that stdout is only the binary's path.
cmake --build "$build_dir" --target fuzz_parse >&2
echo "$PWD/$build_dir/parse/fuzz/fuzz_parse"

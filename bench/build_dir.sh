# Sourced by the *_speed.sh scripts: bench_build BUILD_DIR TARGET... configures
# BUILD_DIR as RelWithDebInfo when new, refuses a Debug or sanitizer one (its
# figures would mean nothing), and builds the targets with two jobs.
bench_build() {
  local build="$1"
  shift
  if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  if grep -q "CMAKE_BUILD_TYPE:STRING=Debug\|MONSOON_SANITIZE:BOOL=ON" "$build/CMakeCache.txt"; then
    echo "refusing a Debug or sanitizer build dir: $build" >&2
    exit 1
  fi
  cmake --build "$build" -j2 --target "$@" >/dev/null
}

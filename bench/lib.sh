# Shared by the bench/*_speed.sh scripts (sourced; the caller defines say and die).
#
#   bench_build BUILD_DIR WHAT TARGET...
#
# Configures BUILD_DIR as RelWithDebInfo (as scripts/setup does) when it has no
# CMakeCache.txt yet, refuses a Debug or sanitizer build (their timings mean nothing),
# and builds TARGET... unless MONSOON_BENCH_NO_BUILD=1 (then WHAT, e.g. "the monsoon",
# names what is used as it is).
bench_build() {
  local build_dir="$1" what="$2"
  shift 2
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    local launcher=()
    if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
    say "configuring $build_dir (RelWithDebInfo)"
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
  fi
  local type sanitize
  type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
  sanitize="$(sed -n 's/^MONSOON_SANITIZE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
  case "$type" in
    RelWithDebInfo | Release) ;;
    *) die "$build_dir is a $type build; use RelWithDebInfo" ;;
  esac
  case "$sanitize" in
    ON | TRUE | 1) die "$build_dir has MONSOON_SANITIZE=ON; use a build without sanitizers" ;;
  esac
  if [ "${MONSOON_BENCH_NO_BUILD:-0}" = 1 ]; then
    say "MONSOON_BENCH_NO_BUILD=1: using $what already in $build_dir"
  else
    say "building $* in $build_dir"
    cmake --build "$build_dir" --target "$@" >/dev/null
  fi
}

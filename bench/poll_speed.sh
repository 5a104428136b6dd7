#!/usr/bin/env bash
# The poll speed benchmark of issue #5 (see bench/README.md).
#
#   bench/poll_speed.sh [BUILD_DIR] [CORPUS_DIR]
#
# BUILD_DIR   default $MONSOON_BENCH_BUILD_DIR or build/ (RelWithDebInfo, no sanitizers;
#             configured like scripts/setup does if it does not exist yet)
# CORPUS_DIR  default $MONSOON_BENCH_CORPUS or /tmp/monsoon-corpus-poll (5,000 feeds of
#             ../shared/bench/gen_corpus.py, seed monsoon-poll, generated if absent or
#             not matching)
# Environment: MONSOON_BENCH_RUNS (default 5), MONSOON_BENCH_RSS_RUNS (default 3),
# MONSOON_BENCH_NO_BUILD=1 (time the monsoon already in BUILD_DIR, e.g. while the tree
# does not build), MONSOON_BENCH_BREAKDOWN=1 (also time, in every round, cold polls by
# the commit checked out (HEAD) with bench/poll_breakdown.patch applied, whose switches
# skip story matching, region classification or both: where the cold poll's time goes;
# built in a temporary git worktree, a few minutes the first time).
#
# 1. generates the corpus, 2. starts Debian's nginx from a private prefix on a free
# 127.0.0.1 port serving it (stopped by its pid on exit), 3. builds monsoon, 4. times
# curl -Z cold and all-304 and `monsoon poll --once` cold and warm over the first 1,000
# feeds, checking every run's status codes, log line and stored items, then the peak
# RSS of a cold poll of all 5,000 feeds, and prints the ratios of the issue.
# Exits non-zero when a run's output is wrong or a step fails; a missed speed target is
# only reported.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${1:-${MONSOON_BENCH_BUILD_DIR:-build}}"
corpus="${2:-${MONSOON_BENCH_CORPUS:-/tmp/monsoon-corpus-poll}}"
runs="${MONSOON_BENCH_RUNS:-5}"
rss_runs="${MONSOON_BENCH_RSS_RUNS:-3}"
shared="${MONSOON_SHARED_DIR:-../shared}"
seed="monsoon-poll"
feeds=5000
nginx_bin=/usr/sbin/nginx

say() { echo "poll_speed: $*" >&2; }
die() { say "FAIL: $*"; exit 1; }

# --- 1. corpus ----------------------------------------------------------------------------
# A corpus is reused when SUMMARY.json names our seed and feed count and its byte total
# matches the feed-*.xml files on disk.
corpus_matches() {
  [ -f "$corpus/SUMMARY.json" ] && [ -f "$corpus/MANIFEST.tsv" ] || return 1
  python3 - "$corpus" "$seed" "$feeds" <<'EOF'
import json, os, sys
corpus, seed, feeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = json.load(open(os.path.join(corpus, "SUMMARY.json")))
files = [f for f in os.listdir(corpus) if f.startswith("feed-") and f.endswith(".xml")]
size = sum(os.path.getsize(os.path.join(corpus, f)) for f in files)
sys.exit(0 if s.get("seed") == seed and s.get("feeds") == feeds == len(files)
         and s.get("bytes") == size else 1)
EOF
}
if corpus_matches; then
  say "corpus $corpus present, SUMMARY.json matches"
else
  say "generating $corpus ($feeds feeds, seed $seed; a few minutes)"
  mkdir -p "$corpus"
  find "$corpus" -maxdepth 1 -name 'feed-*.xml' -delete
  python3 "$shared/bench/gen_corpus.py" "$corpus" --feeds "$feeds" --seed "$seed" -q >/dev/null
  corpus_matches || die "generated corpus does not match its SUMMARY.json"
fi

# --- 2. nginx -----------------------------------------------------------------------------
# One nginx process (master_process off, like tests/support/nginx.cpp): on 2 CPUs a second
# worker would only compete with the client being measured, and one pid is all there is
# to stop and to read the CPU time of. ETag, Last-Modified and If-Modified-Since exact are
# nginx's defaults; sendfile serves the bodies; keepalive lets curl and monsoon reuse
# their 50 connections for the whole round.
[ -x "$nginx_bin" ] || die "$nginx_bin not found (package nginx-light, see scripts/setup)"
work="$(mktemp -d "${TMPDIR:-/tmp}/monsoon-poll-bench.XXXXXX")"
nginx_pid=""
breakdown_tree=""
stop_nginx() {
  [ -n "$nginx_pid" ] || return 0
  kill -QUIT "$nginx_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
}
cleanup() {
  stop_nginx
  if [ -n "$breakdown_tree" ]; then git worktree remove --force "$breakdown_tree" || true; fi
  if [ "${MONSOON_BENCH_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
start_nginx() {
  local port="$1" prefix="$work/nginx"
  mkdir -p "$prefix/logs" "$prefix/tmp"
  cat >"$prefix/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/xml;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $prefix/tmp/body;
  proxy_temp_path $prefix/tmp/proxy;
  fastcgi_temp_path $prefix/tmp/fastcgi;
  uwsgi_temp_path $prefix/tmp/uwsgi;
  scgi_temp_path $prefix/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $corpus;
  }
}
EOF
  "$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" 2>>"$prefix/logs/error.log" &
  nginx_pid=$!
  for _ in $(seq 200); do
    kill -0 "$nginx_pid" 2>/dev/null || { wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; return 1; }
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/feed-000001.xml"; then return 0; fi
    sleep 0.05
  done
  stop_nginx
  return 1
}
base_url=""
for attempt in 1 2 3; do  # another process may take the free port before nginx binds it
  port="$(free_port)"
  if start_nginx "$port"; then base_url="http://127.0.0.1:$port"; break; fi
  say "nginx did not start on 127.0.0.1:$port (attempt $attempt): $(tail -n 3 "$work/nginx/logs/error.log")"
done
[ -n "$base_url" ] || die "nginx did not start"
say "nginx pid $nginx_pid serves $corpus at $base_url"
headers="$(curl -s -D - -o /dev/null "$base_url/feed-000001.xml")"
if ! grep -qi '^etag:' <<<"$headers" || ! grep -qi '^last-modified:' <<<"$headers"; then
  die "nginx sends no ETag or Last-Modified: $headers"
fi

# --- 3. monsoon ---------------------------------------------------------------------------
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_build "$build_dir" "the monsoon" monsoon
monsoon="$PWD/$build_dir/monsoon"
[ -x "$monsoon" ] || die "$monsoon not found"
breakdown_args=()
if [ "${MONSOON_BENCH_BREAKDOWN:-0}" = 1 ]; then
  git rev-parse --verify -q HEAD >/dev/null || die "MONSOON_BENCH_BREAKDOWN=1 needs a git checkout"
  git diff --quiet HEAD -- ':!bench' ||
    say "warning: the working tree differs from HEAD; the breakdown's polls run HEAD's code"
  breakdown_tree="$work/breakdown"
  git worktree add -q --detach "$breakdown_tree" HEAD
  git -C "$breakdown_tree" apply "$PWD/bench/poll_breakdown.patch" ||
    die "bench/poll_breakdown.patch does not apply to HEAD; refresh it from the code it patches"
  say "building HEAD $(git rev-parse --short HEAD) with bench/poll_breakdown.patch in $breakdown_tree"
  (cd "$breakdown_tree" && MONSOON_BENCH_NO_BUILD=0 bench_build build "the patched monsoon" monsoon)
  breakdown_args=(--breakdown-monsoon "$breakdown_tree/build/monsoon")
fi

# --- 4. speed and correctness -------------------------------------------------------------
python3 bench/poll_report.py --corpus "$corpus" --base-url "$base_url" --monsoon "$monsoon" \
  --work "$work" --server-pid "$nginx_pid" --feeds 1000 --rss-feeds "$feeds" \
  --runs "$runs" --rss-runs "$rss_runs" "${breakdown_args[@]}"

#!/usr/bin/env python3
"""Times the pugixml ceiling and `monsoon parse --format jsonl` over one corpus, on
one CPU, and prints MB/s, the monsoon/pugixml ratio, items/s and peak RSS.

Called by parse_speed.sh once the binaries are built and the output checked; see
README.md. Each of the --runs rounds runs pugixml_count, then monsoon (after one
untimed warm-up of each), so that drift on a busy machine hits both alike. Every
figure is the median over the rounds. Wall time is what the issue's target is about;
CPU time (user + sys of the process) is printed beside it because on a loaded
machine the wall time also counts other processes on the same CPU.

Peak RSS is GNU time's %M (ru_maxrss of the timed process), the maximum over the
rounds. Not wait4() from here: a child spawned by Python first runs in Python's
address space, and exec() records that as the child's peak (about 15 MiB), so
without /usr/bin/time the figure is only an upper bound and says so. Stdlib only.
Exits 1 if a timed command fails; never because a speed target is missed.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time

ARG_BYTES_LIMIT = 1 << 20  # keep each argv well under ARG_MAX (2 MiB on Linux)


GNU_TIME = "/usr/bin/time"
RSS_FILE = None  # set in main() when GNU time is there


def run_once(argv, stdout_path):
    """Runs argv with stdout to stdout_path; returns (wall s, cpu s, maxrss KiB, status)."""
    if RSS_FILE:
        argv = [GNU_TIME, "-f", "%M", "-o", RSS_FILE, "--"] + argv
    out = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, out, 1)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(out)
    rss = usage.ru_maxrss
    if RSS_FILE:
        with open(RSS_FILE) as f:
            rss = int(f.read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, rss, os.waitstatus_to_exitcode(status)


def run_chunked(prefix, files, stdout_path):
    """Runs prefix + files, split into several sequential processes only if the argument
    list would be too long; times and CPU add up, peak RSS is the maximum."""
    chunks, chunk, size = [], [], 0
    for f in files:
        if chunk and size + len(f) + 1 > ARG_BYTES_LIMIT:
            chunks.append(chunk)
            chunk, size = [], 0
        chunk.append(f)
        size += len(f) + 1
    if chunk or not chunks:
        chunks.append(chunk)
    wall = cpu = 0.0
    rss = 0
    for c in chunks:
        w, u, r, status = run_once(prefix + c, stdout_path)
        if status != 0:
            sys.exit("speed_report: %s exited with %d" % (" ".join(prefix), status))
        wall, cpu, rss = wall + w, cpu + u, max(rss, r)
    return wall, cpu, rss, len(chunks)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="directory with SUMMARY.json")
    ap.add_argument("--files-from", required=True, help="file list, one path a line")
    ap.add_argument("--pugixml", required=True, help="pugixml_count binary")
    ap.add_argument("--monsoon", required=True, help="monsoon binary")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cpu", default="0", help="CPU to pin to with taskset")
    args = ap.parse_args()

    with open(os.path.join(args.corpus, "SUMMARY.json")) as f:
        summary = json.load(f)
    with open(args.files_from) as f:
        files = [line.rstrip("\n") for line in f if line.strip()]
    total_bytes = sum(os.path.getsize(p) for p in files)
    items = summary["items"]
    pin = ["taskset", "-c", args.cpu]
    pugixml_argv = pin + [args.pugixml, args.corpus]
    monsoon_prefix = pin + [args.monsoon, "parse", "--format", "jsonl"]

    global RSS_FILE
    rss_note = ""
    if os.access(GNU_TIME, os.X_OK):
        fd, RSS_FILE = tempfile.mkstemp(prefix="monsoon-bench-rss.")
        os.close(fd)
    else:
        rss_note = " (upper bound: no %s, see scripts/setup)" % GNU_TIME
    load_before = loadavg()
    run_once(pugixml_argv, os.devnull)  # warm-up: page cache, dynamic loader
    run_chunked(monsoon_prefix, files, os.devnull)
    results = {"pugixml": [], "monsoon": []}
    processes = 1
    for _ in range(args.runs):
        wall, cpu, rss, status = run_once(pugixml_argv, os.devnull)
        if status != 0:
            sys.exit("speed_report: pugixml_count exited with %d" % status)
        results["pugixml"].append((wall, cpu, rss))
        wall, cpu, rss, processes = run_chunked(monsoon_prefix, files, os.devnull)
        results["monsoon"].append((wall, cpu, rss))
    load_after = loadavg()
    if RSS_FILE:
        os.unlink(RSS_FILE)

    def med(name, i):
        return statistics.median(r[i] for r in results[name])

    mb = total_bytes / 1e6
    p_wall, p_cpu = med("pugixml", 0), med("pugixml", 1)
    m_wall, m_cpu = med("monsoon", 0), med("monsoon", 1)
    p_rss = max(r[2] for r in results["pugixml"]) / 1024
    m_rss = max(r[2] for r in results["monsoon"]) / 1024
    ratio_wall, ratio_cpu = p_wall / m_wall, p_cpu / m_cpu

    def verdict(ok):
        return "met" if ok else "MISSED"

    print("corpus:    %s: %d feeds, %.2f MB, %d items, title_fnv %s"
          % (args.corpus, len(files), mb, items, summary["title_fnv"]))
    print("setup:     taskset -c %s, median of %d runs (after 1 warm-up), load avg %s -> %s"
          % (args.cpu, args.runs, load_before, load_after))
    if processes > 1:
        print("note:      monsoon ran as %d processes per round (argument list too long)"
              % processes)
    print("%-26s %9s %9s %9s %9s %10s %10s" % ("", "wall s", "MB/s", "cpu s", "MB/s(cpu)",
                                              "items/s", "peak RSS"))
    print("%-26s %9.3f %9.1f %9.3f %9.1f %10s %7.1f MiB"
          % ("pugixml_count (ceiling)", p_wall, mb / p_wall, p_cpu, mb / p_cpu,
             "%.0fk" % (items / p_wall / 1e3), p_rss))
    print("%-26s %9.3f %9.1f %9.3f %9.1f %10s %7.1f MiB"
          % ("monsoon parse --format jsonl", m_wall, mb / m_wall, m_cpu, mb / m_cpu,
             "%.0fk" % (items / m_wall / 1e3), m_rss))
    print("ratio monsoon/pugixml:     %.1f %% (wall), %.1f %% (cpu)   target >= 25 %%: %s"
          % (100 * ratio_wall, 100 * ratio_cpu, verdict(ratio_wall >= 0.25)))
    print("monsoon peak RSS:          %.1f MiB                       target <= 32 MiB: %s%s"
          % (m_rss, verdict(m_rss <= 32), rss_note))
    print("runs (wall s):  pugixml %s" % " ".join("%.3f" % r[0] for r in results["pugixml"]))
    print("                monsoon %s" % " ".join("%.3f" % r[0] for r in results["monsoon"]))


if __name__ == "__main__":
    main()

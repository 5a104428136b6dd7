#!/usr/bin/env python3
"""Times `curl -Z` and `monsoon poll --once` against one nginx on 127.0.0.1, checks
what each run fetched and stored, and prints the figures and ratios of issue #5.

Called by poll_speed.sh once nginx serves the corpus and monsoon is built; see
README.md. Each of the --runs rounds runs, in this order: curl cold (every URL, 200),
curl all-304 (every URL with the If-None-Match and If-Modified-Since that nginx sent
on a first pass), monsoon cold (a fresh, empty store) and monsoon warm (a second poll
on that store), so that drift on a busy machine hits all four alike. Every figure is
the median over the rounds. Then --rss-runs cold polls of --rss-feeds feeds give the
peak RSS (the maximum over those runs).

With --breakdown-monsoon (poll_speed.sh with MONSOON_BENCH_BREAKDOWN=1: the same
commit built with bench/poll_breakdown.patch), each round then also polls cold with
that binary three times, its switches skipping story matching, region
classification, and both, each checked like a cold poll: what the poll costs
without the work of issues #6 and #7, beside curl in the same round.

Per process: wall time, CPU time (user + sys of the process and its children) and
GNU time's %M (ru_maxrss; see speed_report.py for why not wait4() alone). The CPU
time nginx spent in each run is read from /proc/PID/stat of --server-pid (one
process: master_process off).

Correctness, checked on every run: curl cold gets 200 for every URL and the
corpus's bytes; curl all-304 gets 304 for every URL; monsoon cold logs
`poll done feeds=N ... failed=0` with new = the corpus's item count and the store
then holds exactly that many items; monsoon warm logs not_modified=N, new=0,
failed=0. Any miss prints `MISMATCH ...` and exits 1. A missed speed target is only
reported. Stdlib only.
"""
import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

GNU_TIME = "/usr/bin/time"
# --breakdown-monsoon's runs: label, result key, the patch's switches.
BREAKDOWN = [
    ("without story matching", "skip_stories", {"MONSOON_BENCH_SKIP_STORIES": "1"}),
    ("without classification", "skip_classify", {"MONSOON_BENCH_SKIP_CLASSIFY": "1"}),
    ("without both", "skip_both",
     {"MONSOON_BENCH_SKIP_STORIES": "1", "MONSOON_BENCH_SKIP_CLASSIFY": "1"}),
]
REGIONS = ["china", "taiwan", "japan", "south_korea", "india", "southeast_asia",
           "rest_of_asia", "pan_asia", "global"]
# The shared README: "the first 1,000: 57.5 MB, 51,179 items".
README_FIRST_1000 = (51179, 57.5)
SUMMARY_RE = re.compile(r"poll done (feeds=\d+ .*)$", re.M)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def fail(message):
    print("MISMATCH " + message)
    sys.exit(1)


def say(message):
    print("poll_speed: " + message, file=sys.stderr, flush=True)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def server_cpu(pid):
    """CPU seconds (user + sys) the server process has used so far, or None."""
    if not pid:
        return None
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


class Runner:
    def __init__(self, work, server_pid):
        self.work = work
        self.server_pid = server_pid
        self.rss_file = os.path.join(work, "maxrss")
        self.has_time = os.access(GNU_TIME, os.X_OK)

    def run(self, argv, name, env=None):
        """Runs argv with stdout and stderr to WORK/NAME.{out,err}, with `env` added to
        the environment. Returns a dict with wall, cpu, rss (KiB), server (nginx CPU s),
        status, out and err (text)."""
        if self.has_time:
            argv = [GNU_TIME, "-f", "%M", "-o", self.rss_file, "--"] + argv
        out_path = os.path.join(self.work, name + ".out")
        err_path = os.path.join(self.work, name + ".err")
        out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        server_before = server_cpu(self.server_pid)
        try:
            start = time.perf_counter()
            pid = os.posix_spawnp(argv[0], argv, dict(os.environ, **(env or {})),
                                  file_actions=[(os.POSIX_SPAWN_DUP2, out, 1),
                                                (os.POSIX_SPAWN_DUP2, err, 2)])
            _, status, usage = os.wait4(pid, 0)
            wall = time.perf_counter() - start
        finally:
            os.close(out)
            os.close(err)
        server_after = server_cpu(self.server_pid)
        rss = usage.ru_maxrss
        if self.has_time:
            with open(self.rss_file) as f:
                rss = int(f.read().split()[-1])
        with open(out_path, errors="replace") as f:
            out_text = f.read()
        with open(err_path, errors="replace") as f:
            err_text = f.read()
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": rss,
                "server": (server_after - server_before
                           if server_before is not None and server_after is not None else None),
                "status": os.waitstatus_to_exitcode(status), "out": out_text, "err": err_text}


def read_manifest(corpus, count):
    with open(os.path.join(corpus, "MANIFEST.tsv")) as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    if len(rows) < count:
        fail("MANIFEST.tsv lists %d feeds, fewer than %d" % (len(rows), count))
    rows = rows[:count]
    return [r[0] for r in rows], sum(int(r[2]) for r in rows), sum(int(r[3]) for r in rows)


def write_config(path, store, base_url, files):
    lines = ["# Written by bench/poll_speed.sh: the poll speed benchmark of issue #5.",
             "[store]", 'path = "%s"' % store, "",
             "[fetch]", "max_parallel = 50", "max_per_host = 50", 'host_gap = "0s"',
             'timeout = "20s"', 'connect_timeout = "10s"', ""]
    for i, name in enumerate(files):
        lines += ["[[feed]]", 'url = "%s/%s"' % (base_url, name),
                  'name = "%s"' % name[:-len(".xml")],
                  'region = "%s"' % REGIONS[i % len(REGIONS)], ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def write_curl_config(path, urls, validators=None):
    """A curl -K file: one operation (url + output pairs) or, with validators, one
    operation per URL (separated by `next`) carrying that URL's conditional headers."""
    # Completion order, not URL order: each line names its URL.
    write_out = ('write-out = "%{http_code} %{size_download} %{url_effective}'
                 '\\t%header{etag}\\t%header{last-modified}\\n"')
    lines = []
    if validators is None:
        lines.append(write_out)
        for url in urls:
            lines += ['url = "%s"' % url, 'output = "/dev/null"']
    else:
        for i, url in enumerate(urls):
            if i:
                lines.append("next")
            etag, last_modified = validators[url]
            lines += [write_out, 'url = "%s"' % url, 'output = "/dev/null"',
                      'header = "If-None-Match: %s"' % etag.replace('"', '\\"'),
                      'header = "If-Modified-Since: %s"' % last_modified]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def curl_lines(result, count, what):
    if result["status"] != 0:
        fail("%s: curl exited with %d: %s" % (what, result["status"], result["err"][-500:]))
    lines = [line for line in result["out"].split("\n") if line]
    if len(lines) != count:
        fail("%s: curl reported %d transfers, expected %d" % (what, len(lines), count))
    return lines


def check_curl(result, count, status, total_bytes, what):
    codes, size = {}, 0
    for line in curl_lines(result, count, what):
        code, nbytes = line.split(" ", 2)[:2]
        codes[code] = codes.get(code, 0) + 1
        size += int(nbytes)
    if codes != {status: count}:
        fail("%s: status codes %s, expected %s for all %d" % (what, codes, status, count))
    if total_bytes is not None and size != total_bytes:
        fail("%s: %d bytes downloaded, expected %d" % (what, size, total_bytes))


def poll_summary(result, what):
    if result["status"] != 0:
        fail("%s: monsoon exited with %d: %s" % (what, result["status"], result["err"][-800:]))
    found = SUMMARY_RE.findall(result["err"])
    if len(found) != 1:
        fail("%s: expected one `poll done` line in monsoon's log, found %d: %s"
             % (what, len(found), result["err"][-800:]))
    return dict(kv.split("=", 1) for kv in found[0].split()), found[0]


def stored_items(db):
    connection = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return connection.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        connection.close()


def check_cold(result, feeds, items, db, what):
    summary, line = poll_summary(result, what)
    want = {"feeds": str(feeds), "failed": "0", "new": str(items)}
    if any(summary.get(k) != v for k, v in want.items()):
        fail("%s: log says `poll done %s`, expected feeds=%d new=%d failed=0"
             % (what, line, feeds, items))
    count = stored_items(db)
    if count != items:
        fail("%s: the store holds %d items, expected %d" % (what, count, items))
    return count


def check_warm(result, feeds, what):
    summary, line = poll_summary(result, what)
    want = {"feeds": str(feeds), "not_modified": str(feeds), "failed": "0", "new": "0"}
    if any(summary.get(k) != v for k, v in want.items()):
        fail("%s: log says `poll done %s`, expected feeds=%d not_modified=%d new=0 failed=0"
             % (what, line, feeds, feeds))


def fresh_store(directory):
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    return os.path.join(directory, "monsoon.db")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="directory with MANIFEST.tsv")
    ap.add_argument("--base-url", required=True, help="where nginx serves the corpus")
    ap.add_argument("--monsoon", required=True, help="monsoon binary")
    ap.add_argument("--work", required=True, help="scratch directory (configs, stores)")
    ap.add_argument("--server-pid", type=int, default=0, help="nginx's pid, for its CPU time")
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--rss-feeds", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rss-runs", type=int, default=3)
    ap.add_argument("--breakdown-monsoon", help="monsoon built with bench/poll_breakdown.patch")
    args = ap.parse_args()

    files, items, total_bytes = read_manifest(args.corpus, args.feeds)
    if args.feeds == 1000 and (items, round(total_bytes / 1e6, 1)) != README_FIRST_1000:
        fail("the first 1000 feeds hold %d items, %.1f MB; the shared README says %d, %.1f MB"
             % ((items, total_bytes / 1e6) + README_FIRST_1000))
    rss_files, rss_items, rss_bytes = read_manifest(args.corpus, args.rss_feeds)
    urls = ["%s/%s" % (args.base_url, name) for name in files]
    runner = Runner(args.work, args.server_pid)
    monsoon = os.path.abspath(args.monsoon)

    store_dir = os.path.join(args.work, "store")
    config = os.path.join(args.work, "poll-%d.toml" % args.feeds)
    write_config(config, os.path.join(store_dir, "monsoon.db"), args.base_url, files)
    rss_store_dir = os.path.join(args.work, "store-rss")
    rss_config = os.path.join(args.work, "poll-%d.toml" % args.rss_feeds)
    write_config(rss_config, os.path.join(rss_store_dir, "monsoon.db"), args.base_url,
                 rss_files)

    # -s alone still draws the parallel progress meter (curl 7.88): --no-progress-meter.
    curl = ["curl", "-Z", "--parallel-max", "50", "-s", "-S", "--no-progress-meter"]
    cold_curl = os.path.join(args.work, "cold.curl")
    write_curl_config(cold_curl, urls)
    # First pass: the validators nginx sends; also warms the page cache and the loader.
    probe = runner.run(curl + ["-K", cold_curl], "curl-probe")
    check_curl(probe, len(urls), "200", total_bytes, "curl first pass")
    validators = {}
    for line in curl_lines(probe, len(urls), "curl first pass"):
        url, etag, last_modified = line.split(" ", 2)[2].split("\t")
        if not etag or not last_modified:
            fail("curl first pass: nginx sent no ETag or Last-Modified for %s" % url)
        validators[url] = (etag, last_modified)
    if set(validators) != set(urls):
        fail("curl first pass: answers for other URLs than asked")
    warm_curl = os.path.join(args.work, "warm.curl")
    write_curl_config(warm_curl, urls, validators)

    say("timing: %d rounds of curl cold, curl all-304, monsoon cold, monsoon warm (%d feeds)"
        % (args.runs, args.feeds))
    load_before = loadavg()
    poll = [monsoon, "poll", "--once", "-c"]
    results = {k: [] for k in ("curl_cold", "curl_304", "monsoon_cold", "monsoon_warm")}
    breakdown = {key: [] for _, key, _ in BREAKDOWN} if args.breakdown_monsoon else {}
    for i in range(args.runs + 1):  # round 0 is a warm-up, not counted
        r = runner.run(curl + ["-K", cold_curl], "curl-cold")
        check_curl(r, len(urls), "200", total_bytes, "curl cold")
        results["curl_cold"].append(r)
        r = runner.run(curl + ["-K", warm_curl], "curl-304")
        check_curl(r, len(urls), "304", 0, "curl all-304")
        results["curl_304"].append(r)
        db = fresh_store(store_dir)
        r = runner.run(poll + [config], "monsoon-cold")
        check_cold(r, len(files), items, db, "monsoon cold")
        results["monsoon_cold"].append(r)
        r = runner.run(poll + [config], "monsoon-warm")
        check_warm(r, len(files), "monsoon warm")
        results["monsoon_warm"].append(r)
        for label, key, env in BREAKDOWN if breakdown else []:
            db = fresh_store(store_dir)
            r = runner.run([os.path.abspath(args.breakdown_monsoon)] + poll[1:] + [config],
                           "monsoon-" + key, env)
            check_cold(r, len(files), items, db, "monsoon cold " + label)
            breakdown[key].append(r)
        if i > 0:
            say("round %d: curl %.3f s, curl-304 %.3f s, monsoon cold %.3f s, warm %.3f s"
                % tuple([i] + [results[k][-1]["wall"] for k in results]))
    for k in results:
        results[k] = results[k][1:]
    for k in breakdown:
        breakdown[k] = breakdown[k][1:]

    say("peak RSS: %d cold poll(s) of %d feeds" % (args.rss_runs, args.rss_feeds))
    rss_results = []
    for _ in range(args.rss_runs):
        db = fresh_store(rss_store_dir)
        r = runner.run(poll + [rss_config], "monsoon-rss")
        r["items"] = check_cold(r, len(rss_files), rss_items, db,
                                "monsoon cold (%d feeds)" % args.rss_feeds)
        rss_results.append(r)
    load_after = loadavg()
    report(args, results, rss_results, items, total_bytes, rss_bytes, load_before, load_after,
           runner.has_time)
    if breakdown:
        report_breakdown(results, breakdown)


def allocator_of(monsoon):
    """The allocator line of `monsoon --version` (daemon/allocator.cpp)."""
    out = subprocess.run([monsoon, "--version"], capture_output=True, text=True).stdout
    lines = [line for line in out.splitlines() if line.startswith("allocator:")]
    return lines[0] if lines else "allocator: unknown (no line in monsoon --version)"


def report(args, results, rss_results, items, total_bytes, rss_bytes, load_before, load_after,
           has_time):
    def med(name, key):
        values = [r[key] for r in results[name]]
        if any(v is None for v in values):
            return None
        return statistics.median(values)

    rows = [("curl -Z cold (200)", "curl_cold"), ("curl -Z all-304", "curl_304"),
            ("monsoon poll cold", "monsoon_cold"), ("monsoon poll warm (304)", "monsoon_warm")]
    print("corpus:    %s: first %d feeds, %.2f MB, %d items; nginx at %s"
          % (args.corpus, args.feeds, total_bytes / 1e6, items, args.base_url))
    print("setup:     max_parallel 50, max_per_host 50, host_gap 0s; unpinned, %d CPUs shared "
          "with nginx (1 process)" % os.cpu_count())
    print("           median of %d rounds (after 1 warm-up round), load avg %s -> %s"
          % (args.runs, load_before, load_after))
    print("           %s" % allocator_of(args.monsoon))
    print("%-26s %9s %9s %11s %11s %10s" % ("", "wall s", "cpu s", "nginx cpu s", "items/s",
                                            "peak RSS"))
    for label, key in rows:
        server = med(key, "server")
        rate = "%.0fk" % (items / med(key, "wall") / 1e3) if key == "monsoon_cold" else "-"
        print("%-26s %9.3f %9.3f %11s %11s %6.1f MiB"
              % (label, med(key, "wall"), med(key, "cpu"),
                 "-" if server is None else "%.3f" % server, rate,
                 max(r["rss"] for r in results[key]) / 1024))

    def verdict(ok):
        return "met" if ok else "MISSED"

    cold_wall = med("monsoon_cold", "wall") / med("curl_cold", "wall")
    cold_cpu = med("monsoon_cold", "cpu") / med("curl_cold", "cpu")
    warm_wall = med("monsoon_warm", "wall") / med("curl_304", "wall")
    warm_cpu = med("monsoon_warm", "cpu") / med("curl_304", "cpu")
    peak = max(r["rss"] for r in rss_results) / 1024
    rss_note = "" if has_time else " (upper bound: no %s)" % GNU_TIME
    print("ratio cold monsoon/curl:   %6.1fx (wall), %6.1fx (cpu)    target <= 10x: %s"
          % (cold_wall, cold_cpu, verdict(cold_wall <= 10)))
    print("ratio warm monsoon/curl:   %6.1fx (wall), %6.1fx (cpu)    target <= 3x:  %s"
          % (warm_wall, warm_cpu, verdict(warm_wall <= 3)))
    print("peak RSS, %d feeds cold: %6.1f MiB (%d items stored, %.1f MB, wall %.2f s)"
          "   target <= 64 MiB: %s%s"
          % (args.rss_feeds, peak, rss_results[0]["items"], rss_bytes / 1e6,
             statistics.median(r["wall"] for r in rss_results), verdict(peak <= 64), rss_note))
    # Each round's own ratio: the VM's speed drifts within a run, and a round where
    # monsoon slowed and curl did not shows here, not in the medians.
    by_round = [m["wall"] / c["wall"] for m, c in zip(results["monsoon_cold"], results["curl_cold"])]
    print("cold ratio by round:       %s (worst %.1fx)"
          % (" ".join("%.1fx" % r for r in by_round), max(by_round)))
    print("runs (wall s):  curl cold    %s" % fmt_runs(results["curl_cold"]))
    print("                curl 304     %s" % fmt_runs(results["curl_304"]))
    print("                monsoon cold %s" % fmt_runs(results["monsoon_cold"]))
    print("                monsoon warm %s" % fmt_runs(results["monsoon_warm"]))
    print("                RSS runs     %s (MiB: %s)" % (
        fmt_runs(rss_results), " ".join("%.1f" % (r["rss"] / 1024) for r in rss_results)))


def report_breakdown(results, breakdown):
    curl = statistics.median(r["wall"] for r in results["curl_cold"])
    print("breakdown (bench/poll_breakdown.patch; medians, ratios to curl -Z cold %.3f s):"
          % curl)
    rows = [("monsoon poll cold, all work", results["monsoon_cold"])]
    rows += [("  " + label, breakdown[key]) for label, key, _ in BREAKDOWN]
    for label, runs in rows:
        wall = statistics.median(r["wall"] for r in runs)
        print("%-32s %6.3f s wall %6.3f s cpu %6.1fx   runs %s"
              % (label, wall, statistics.median(r["cpu"] for r in runs), wall / curl,
                 fmt_runs(runs)))


def fmt_runs(runs):
    return " ".join("%.3f" % r["wall"] for r in runs)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Compare monsoon's reading of the real-world corpus with the Universal Feed Parser's.

For every file in <shared>/corpus/real/SOURCES.tsv (JSON files excepted: feedparser 6.0.10
does not read JSON Feed), parse the bytes with feedparser and with
`monsoon parse --format jsonl`, then compare entry by entry: by position when the entry
counts agree, otherwise aligned on the plain-text title (the entry index shown is then
feedparser's, and entries only one side has are listed under "entries"):

  entries          files whose entry counts agree
  title            the title string exactly as each parser gives it
  title_text       the title as one line of plain text: markup stripped and entities
                   decoded on the side(s) whose title_detail.type is HTML/XHTML,
                   whitespace collapsed on both
  link             the entry link, exactly
  link_norm        the link after trivial normalisation (scheme/host case, default port,
                   fragment, empty path, percent-escape case)
  published        feedparser's published_parsed (UTC 9-tuple) vs monsoon's ISO 8601 UTC
  updated          the same for updated_parsed / updated

A field is counted for an entry pair when at least one side has it (for dates: the raw
text or the parsed value; an empty string is absent, as monsoon's JSON leaves empty values
out); it agrees when both sides give the same value (for dates: the
same second, or both unparsed). feedparser's "updated falls back to published" shim is
bypassed: the keys are read as stored.

Prints a table of agreement per field and the first disagreements. Exits 1 if any field
falls below its floor (FLOORS below, or --floor FIELD=PCT), 77 if feedparser cannot be
imported (CTest SKIP_RETURN_CODE), 2 if monsoon fails. Stdlib + feedparser only.
"""

import argparse
import calendar
import concurrent.futures
import difflib
import html
import io
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
import urllib.parse
import warnings

# Floors in percent: the measured agreement rounded down to 0.1. Raise them when monsoon
# improves; never lower them to make a regression pass.
FLOORS = {
    "entries": 98.5,     # 336 / 341 files   (measured 2026-11-29 with feedparser 6.0.10)
    "title": 99.5,       # 5496 / 5520
    "title_text": 99.6,  # 5499 / 5520
    "link": 94.7,        # 5290 / 5582 (291 of the 292 others: feedburner:origLink, a policy)
    "link_norm": 94.7,   # 5290 / 5582
    "published": 99.4,   # 4683 / 4707
    "updated": 99.9,     # 1622 / 1623
    "overall": 94.0,     # 5299 / 5637 entry pairs
}

FIELDS = ["entries", "title", "title_text", "link", "link_norm", "published", "updated"]
ENTRY_FIELDS = FIELDS[1:]
# "overall" counts entry pairs on which every fair form agrees.
FAIR_FIELDS = ["title_text", "link_norm", "published", "updated"]

SKIP = 77
BATCH = 40  # files per monsoon invocation
MONSOON_TIMEOUT = 300  # seconds per invocation; ~1 s is usual under ASan


def import_feedparser():
    """Returns the feedparser module; re-executes under the system python3 if this
    interpreter (e.g. a pyenv shim earlier on PATH) lacks it; exits 77 if none has it."""
    try:
        import feedparser  # noqa: PLC0415
        return feedparser
    except ImportError:
        pass
    system_python = "/usr/bin/python3"
    if (not os.environ.get("MONSOON_COMPARE_REEXEC") and os.path.exists(system_python)
            and os.path.realpath(sys.executable) != os.path.realpath(system_python)):
        os.environ["MONSOON_COMPARE_REEXEC"] = "1"
        os.execv(system_python, [system_python] + sys.argv)
    print("corpus_compare: SKIP: python3-feedparser is not importable "
          "(scripts/setup installs it)", file=sys.stderr)
    sys.exit(SKIP)


# ---------------------------------------------------------------- reading the corpus

def read_sources(corpus):
    """[(relative file, format)], and the JSON files left out."""
    rows, skipped = [], []
    with open(os.path.join(corpus, "SOURCES.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col_file, col_format = header.index("file"), header.index("format")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) <= col_format:
                continue
            (skipped if cols[col_format].startswith("json") else rows).append(cols[col_file])
    return rows, skipped


def iso(struct):
    if struct is None:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(struct)))
    except (OverflowError, ValueError, TypeError):
        return "invalid:" + repr(tuple(struct))


def feedparser_entries(path):
    """One file through feedparser, reduced to what we compare (picklable)."""
    import feedparser  # noqa: PLC0415 (worker process)
    import feedparser.encodings  # noqa: PLC0415
    warnings.simplefilter("ignore")
    # Without chardet, as Debian's python3-feedparser ships (it does not depend on it), so
    # the result does not depend on whether some other package pulled chardet in.
    feedparser.encodings.lazy_chardet_encoding = None
    with open(path, "rb") as f:
        data = f.read()
    d = feedparser.parse(io.BytesIO(data))
    out = []
    for e in d.entries:
        get = lambda key, e=e: dict.get(e, key)  # noqa: E731 (no updated->published shim)
        detail = get("title_detail") or {}
        out.append({
            "title": get("title") or None,
            "title_type": detail.get("type"),
            "link": get("link") or None,
            "published": iso(get("published_parsed")),
            "published_raw": get("published"),
            "updated": iso(get("updated_parsed")),
            "updated_raw": get("updated"),
        })
    return {"bozo": bool(d.get("bozo")), "entries": out}


def monsoon_batch(binary, paths):
    proc = subprocess.run([binary, "parse", "--format", "jsonl"] + paths,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
                          timeout=MONSOON_TIMEOUT)
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    if proc.returncode != 0 or len(lines) != len(paths):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-4000:])
        raise RuntimeError(f"monsoon exited {proc.returncode} with {len(lines)} lines "
                           f"for {len(paths)} files (first {paths[0]})")
    result = []
    for path, line in zip(paths, lines):
        obj = json.loads(line)
        if obj.get("file") != path:
            raise RuntimeError(f"monsoon output out of order: {obj.get('file')} != {path}")
        out = []
        for e in obj.get("entries", []):
            detail = e.get("title_detail") or {}
            out.append({
                "title": e.get("title") or None,
                "title_type": detail.get("type"),
                "link": e.get("link") or None,
                "published": e.get("published"),
                "published_raw": e.get("published_raw"),
                "updated": e.get("updated"),
                "updated_raw": e.get("updated_raw"),
            })
        result.append({"bozo": bool(obj.get("bozo")), "entries": out})
    return result


# ---------------------------------------------------------------- normalisation

TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")
PCT = re.compile(r"%[0-9a-fA-F]{2}")


def is_markup(content_type):
    return content_type in ("text/html", "application/xhtml+xml", "html", "xhtml")


def title_text(value, content_type):
    if value is None:
        return None
    if is_markup(content_type):
        value = html.unescape(TAG.sub("", value))
    return SPACE.sub(" ", value).strip()


def link_norm(value):
    if value is None:
        return None
    value = value.strip()
    try:
        parts = urllib.parse.urlsplit(value)
        scheme = parts.scheme.lower()
        netloc = parts.netloc
        if "@" not in netloc:
            netloc = netloc.lower()
        for default in ((":80", "http"), (":443", "https")):
            if scheme == default[1] and netloc.endswith(default[0]):
                netloc = netloc[: -len(default[0])]
        path = parts.path or ("/" if netloc else "")
        path = PCT.sub(lambda m: m.group(0).upper(), path)
        query = PCT.sub(lambda m: m.group(0).upper(), parts.query)
        return urllib.parse.urlunsplit((scheme, netloc, path, query, ""))
    except ValueError:
        return value


def field_values(entry, field):
    """(value compared, present?) for one side of one entry."""
    if field == "title":
        return entry["title"], entry["title"] is not None
    if field == "title_text":
        return title_text(entry["title"], entry["title_type"]), entry["title"] is not None
    if field == "link":
        return entry["link"], entry["link"] is not None
    if field == "link_norm":
        return link_norm(entry["link"]), entry["link"] is not None
    present = entry[field] is not None or entry[field + "_raw"] is not None
    return entry[field], present


def shown(entry, field):
    value, _ = field_values(entry, field)
    if field in ("published", "updated"):
        return f"{value!r} (raw {entry[field + '_raw']!r})"
    return repr(value)


# ---------------------------------------------------------------- comparison

def pairs(fpe, mse):
    """Entry pairs to compare, and the entries only one side has. Equal counts pair by
    position; unequal counts are aligned on the plain-text title (then the link), so one
    extra or missing entry does not turn every later pair into a disagreement."""
    if len(fpe) == len(mse):
        return list(zip(range(len(fpe)), fpe, mse)), [], []

    def key(e):
        return title_text(e["title"], e["title_type"]) or link_norm(e["link"])

    matcher = difflib.SequenceMatcher(None, [key(e) for e in fpe], [key(e) for e in mse],
                                      autojunk=False)
    matched, only_fp, only_ms = [], [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "replace"):
            n = min(i2 - i1, j2 - j1)
            matched += [(i1 + k, fpe[i1 + k], mse[j1 + k]) for k in range(n)]
            only_fp += range(i1 + n, i2)
            only_ms += range(j1 + n, j2)
        elif op == "delete":
            only_fp += range(i1, i2)
        else:
            only_ms += range(j1, j2)
    return matched, only_fp, only_ms


def compare(files, fp_results, ms_results):
    stats = {f: [0, 0] for f in FIELDS + ["overall"]}  # field -> [agree, compared]
    diffs = []
    for rel, fp, ms in zip(files, fp_results, ms_results):
        fpe, mse = fp["entries"], ms["entries"]
        stats["entries"][1] += 1
        matched, only_fp, only_ms = pairs(fpe, mse)
        if len(fpe) == len(mse):
            stats["entries"][0] += 1
        else:
            aligned = f"; aligned {len(matched)}" if matched else ""
            diffs.append({"file": rel, "entry": None, "field": "entries",
                          "feedparser": f"{len(fpe)} entries (bozo={fp['bozo']}); only here: "
                                        f"{only_fp[:10]}{aligned}",
                          "monsoon": f"{len(mse)} entries (bozo={ms['bozo']}); only here: "
                                     f"{only_ms[:10]}"})
        for i, a, b in matched:
            fair_ok = True
            for field in ENTRY_FIELDS:
                va, pa = field_values(a, field)
                vb, pb = field_values(b, field)
                if not (pa or pb):
                    continue
                stats[field][1] += 1
                if va == vb:
                    stats[field][0] += 1
                    continue
                if field in FAIR_FIELDS:
                    fair_ok = False
                diffs.append({"file": rel, "entry": i, "field": field,
                              "feedparser": shown(a, field), "monsoon": shown(b, field)})
            stats["overall"][1] += 1
            stats["overall"][0] += fair_ok
    return stats, diffs


def listed(diffs, fields):
    """[(first disagreement, how many more)] per (file, field), for the printed listing."""
    as_given = {"title_text": "title", "link_norm": "link"}
    shown_pairs = {(d["file"], d["entry"], d["field"]) for d in diffs}
    groups = {}
    for d in diffs:
        if fields and d["field"] not in fields:
            continue
        if as_given.get(d["field"]) and (d["file"], d["entry"], as_given[d["field"]]) \
                in shown_pairs and not fields:
            continue
        key = (d["file"], d["field"])
        if key in groups:
            groups[key][1] += 1
        else:
            groups[key] = [d, 0]
    return list(groups.values())


def pct(agree, compared):
    return 100.0 * agree / compared if compared else 100.0


def print_table(stats, floors):
    print(f"{'field':<12} {'agree':>7} {'compared':>9} {'%':>7} {'floor':>7}")
    for field in FIELDS + ["overall"]:
        agree, compared = stats[field]
        flag = "" if pct(agree, compared) >= floors[field] else "  BELOW FLOOR"
        print(f"{field:<12} {agree:>7} {compared:>9} {pct(agree, compared):>6.2f}% "
              f"{floors[field]:>6.1f}%{flag}")
    print("(entries: files with equal entry counts; overall: entry pairs on which "
          "title_text, link_norm, published and updated all agree)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--monsoon", required=True, help="path of the monsoon binary")
    parser.add_argument("--shared", required=True, help="the shared dir (holds corpus/real)")
    parser.add_argument("--show", type=int, default=30, help="disagreements to print")
    parser.add_argument("--field", action="append", help="print only these fields' diffs")
    parser.add_argument("--floor", action="append", default=[], metavar="FIELD=PCT",
                        help="override a floor")
    parser.add_argument("--dump", help="write every disagreement to this JSON file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    import_feedparser()
    floors = dict(FLOORS)
    for item in args.floor:
        field, _, value = item.partition("=")
        if field not in floors:
            parser.error(f"unknown field {field!r}; fields: {', '.join(floors)}")
        floors[field] = float(value)

    corpus = os.path.join(args.shared, "corpus", "real")
    files, skipped = read_sources(corpus)
    paths = [os.path.join(corpus, rel) for rel in files]
    started = time.monotonic()

    batches = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]
    # "spawn", not the default fork: a worker forked while a thread is between creating a
    # subprocess's pipes and closing its copies inherits their write ends, and that
    # thread then waits forever for an EOF (seen as a 900 s CI timeout).
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as threads, \
            concurrent.futures.ProcessPoolExecutor(args.jobs, mp_context=spawn) as procs:
        ms_futures = [threads.submit(monsoon_batch, args.monsoon, b) for b in batches]
        fp_results = list(procs.map(feedparser_entries, paths, chunksize=8))
        try:
            ms_results = [r for f in ms_futures for r in f.result()]
        except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as error:
            print(f"corpus_compare: monsoon failed: {error}", file=sys.stderr)
            return 2

    stats, diffs = compare(files, fp_results, ms_results)
    print(f"corpus_compare: {len(files)} files compared with feedparser "
          f"{sys.modules['feedparser'].__version__}; {len(skipped)} JSON files skipped "
          f"(feedparser does not read JSON Feed); {time.monotonic() - started:.1f} s")
    print_table(stats, floors)

    listing = listed(diffs, args.field)
    print(f"\n{len(diffs)} disagreements; first {min(args.show, len(listing))} of {len(listing)} "
          "after folding (file, feedparser's entry index, field; a title or link that differs "
          "in both forms is shown once, as given; repeats in one file are counted, not shown):")
    for d, more in listing[:args.show]:
        where = d["file"] + ("" if d["entry"] is None else f" #{d['entry']}")
        also = f"  (+{more} more entries in this file)" if more else ""
        print(f"- {where} {d['field']}{also}\n    feedparser: {d['feedparser']}\n"
              f"    monsoon:    {d['monsoon']}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            json.dump(diffs, f, ensure_ascii=False, indent=1)

    below = [f for f in FIELDS + ["overall"] if pct(*stats[f]) < floors[f]]
    if below:
        print(f"\ncorpus_compare: FAIL: below floor: {', '.join(below)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

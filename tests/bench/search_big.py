"""Bench: building the search index of one big article (issue 10 #2).

Prints, for a generated article (tests/bigtext.py, default 20 MB) or --article PATH:
- read: reading the article alone (time, peak RSS): the baseline, in a fresh process;
- index: reading it and building the index in chunks, in a fresh process: time to the early
  index and to the first hits on it (``SearchIndex.build(early=...)``), time to the whole
  index, peak RSS, and peak RSS / file size (the goal is at most 30x);
- cancel: building in a thread and cancelling at random moments: the longest wait between
  asking and the build stopping (Cancelled raised);
- with --quotes, the same index built over the article's quotes too (the quotes themselves
  take minutes on 20 MB and are the quotes layer's to speed up; their time is printed apart).

    PYTHONPATH=$PWD python3 tests/bench/search_big.py [--size 20] [--quotes]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

QUERY = "fighting for our lifes"

CHILD = r"""
import json, resource, sys, time
from tui.corpus import read_article
mode, path = sys.argv[1], sys.argv[2]
out = {}
t0 = time.perf_counter()
article = read_article(path)
out["read_s"] = time.perf_counter() - t0
if mode != "read":
    from tui.search import SearchIndex
    quotes = None
    if mode == "quotes":
        from tui.quotes import library_quotes
        t = time.perf_counter()
        quotes = list(library_quotes([article]))
        out["quotes_s"] = time.perf_counter() - t
        out["quotes"] = len(quotes)
    t1 = time.perf_counter()
    def early(index):
        out["early_s"] = time.perf_counter() - t1
        out["early_records"] = len(index)
        hits = index.search(QUERY)
        out["first_hits_s"] = time.perf_counter() - t1
        out["first_hits"] = len(hits)
    try:
        index = SearchIndex.build([article], quotes, early=early)
    except TypeError:  # a baseline from before chunked building
        index = SearchIndex.build([article], quotes)
    out["index_s"] = time.perf_counter() - t1
    out["records"] = len(index)
    t = time.perf_counter()
    hits = index.search(QUERY)
    out["search_s"] = time.perf_counter() - t
    out["hits"] = len(hits)
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
""".replace("QUERY", repr(QUERY))


def child(mode: str, path: Path, code: Path = ROOT) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], env=env, cwd=code,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def cancel_latency(path: Path, trials: int, rng: random.Random) -> list[float]:
    from tui.cancel import Cancelled
    from tui.corpus import read_article
    from tui.search import SearchIndex

    article = read_article(path)
    waits = []
    for _ in range(trials):
        asked: list[float] = []
        stopped: list[float] = []

        def cancelled() -> bool:
            return bool(asked)

        def build() -> None:
            try:
                SearchIndex.build([article], cancelled=cancelled)
            except Cancelled:
                stopped.append(time.perf_counter())

        t = threading.Thread(target=build)
        t.start()
        time.sleep(rng.uniform(0.05, 3.0))
        asked.append(time.perf_counter())
        t.join()
        if stopped:
            waits.append(stopped[0] - asked[0])
    return waits


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=float, default=20, help="generated article size in MB")
    ap.add_argument("--article", type=Path, help="an article file instead of a generated one")
    ap.add_argument("--quotes", action="store_true", help="also index the quotes (slow)")
    ap.add_argument("--cancel-trials", type=int, default=8)
    ap.add_argument("--baseline", type=Path, metavar="DIR",
                    help="also measure the package found in DIR (e.g. `git archive main | tar "
                    "-x -C DIR`), in the same run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="synoptic-search-big-") as tmp:
        path = args.article
        if path is None:
            from tests.bigtext import write_big_article

            path = write_big_article(Path(tmp), int(args.size * 1e6))
        mb = path.stat().st_size / 1e6
        print(f"article {path.name}: {mb:.1f} MB; query {QUERY!r}")
        codes = [("", ROOT)] + ([("baseline ", args.baseline)] if args.baseline else [])
        for name, code in codes:
            measure(name, code, path, mb, args.quotes)
        if args.cancel_trials:
            waits = cancel_latency(path, args.cancel_trials, random.Random(1))
            waits.sort()
            print(f"cancel  {len(waits)} of {args.cancel_trials} builds cancelled; wait from "
                  f"asking to stopping: median {waits[len(waits) // 2] * 1000:.0f} ms, "
                  f"max {waits[-1] * 1000:.0f} ms" if waits else "cancel  none cancelled")
    return 0


def measure(name: str, code: Path, path: Path, mb: float, quotes: bool) -> None:
    if name:
        print(f"-- {name}({code})")
    read = child("read", path, code)
    print(f"read    {read['read_s']:6.2f} s   peak {read['peak_mb']:6.0f} MB "
          f"({read['peak_mb'] / mb:4.1f}x the file)")
    modes = ["index"] + (["quotes"] if quotes else [])
    for mode in modes:
        r = child(mode, path, code)
        label = "index" if mode == "index" else "index+q"
        if "quotes_s" in r:
            print(f"quotes  {r['quotes_s']:6.2f} s   {r['quotes']:,} quotes (quotes layer)")
        early = (f"early index of {r['early_records']:,} records {r['early_s']:.2f} s, "
                 f"first hits ({r['first_hits']}) {r['first_hits_s']:.2f} s; "
                 if "early_s" in r else "no early index; ")
        print(f"{label} {r['index_s']:6.2f} s   peak {r['peak_mb']:6.0f} MB "
              f"({r['peak_mb'] / mb:4.1f}x the file; {r['peak_mb'] - read['peak_mb']:+.0f} MB "
              f"over reading)  {r['records']:,} records")
        print(f"        {early}whole index {r['index_s']:.2f} s "
              f"({r['index_s'] / r.get('first_hits_s', r['index_s']):.1f}x the first hits); "
              f"a search on it {r['search_s'] * 1000:.0f} ms")


if __name__ == "__main__":
    raise SystemExit(main())

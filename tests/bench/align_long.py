#!/usr/bin/env python3
"""The long pair of the parallel bench (4,617 verses a side) against the reference workload,
timed in the same run.

The reference is a 1000 x 1000 ``rapidfuzz.process.cdist`` with ``fuzz.token_sort_ratio`` on
one worker. Its strings are 1000 twelve-word stretches of each long text (seeded; about 60
characters each, the size where rapidfuzz's time per pair is what the goal was quoted at,
about 0.5 s for the whole matrix). Runs alternate between the two, several times; the
aligner runs in this process with the cache off (``align_articles(..., "sentence",
use_cache=False)``), the articles already read. Prints CPU and wall medians and the ratio
aligner / reference (goal: at most 1.5), and a JSON line.

  python3 tests/bench/align_long.py [--runs 5] [--unit sentence] [--dir shared/bench/parallel/long]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from tui.align import align_articles  # noqa: E402
from tui.corpus import read_article  # noqa: E402

DEFAULT_DIR = "/work/shared/bench/parallel/long"


def reference_strings(left_text: str, right_text: str, n: int = 1000, words: int = 12):
    rng = random.Random(0)
    out = []
    for text in (left_text, right_text):
        w = text.split()
        out.append([" ".join(w[k:k + words]) for k in rng.sample(range(len(w) - words), n)])
    return out


def timed(fn):
    c, w = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c, time.perf_counter() - w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--unit", default="sentence")
    ap.add_argument("--dir", default=DEFAULT_DIR)
    a = ap.parse_args()
    d = Path(a.dir)
    left, right = read_article(d / "long.asv.txt"), read_article(d / "long.bbe.txt")
    ra, rb = reference_strings(left.text, right.text)
    ref, mine = [], []
    for _ in range(a.runs):
        ref.append(timed(lambda: process.cdist(ra, rb, scorer=fuzz.token_sort_ratio, workers=1)))
        mine.append(timed(lambda: align_articles(left, right, a.unit, use_cache=False)))
    res = {"runs": a.runs, "unit": a.unit,
           "reference_cpu_s": round(statistics.median(x[0] for x in ref), 3),
           "reference_wall_s": round(statistics.median(x[1] for x in ref), 3),
           "align_cpu_s": round(statistics.median(x[0] for x in mine), 3),
           "align_wall_s": round(statistics.median(x[1] for x in mine), 3)}
    res["ratio_cpu"] = round(res["align_cpu_s"] / res["reference_cpu_s"], 2)
    res["ratio_wall"] = round(res["align_wall_s"] / res["reference_wall_s"], 2)
    print(f"reference cdist 1000x1000 token_sort_ratio: {res['reference_cpu_s']:.3f} s CPU, "
          f"{res['reference_wall_s']:.3f} s wall (median of {a.runs})")
    print(f"align long pair ({a.unit}): {res['align_cpu_s']:.3f} s CPU, "
          f"{res['align_wall_s']:.3f} s wall")
    print(f"ratio: {res['ratio_cpu']} CPU, {res['ratio_wall']} wall (goal <= 1.5)")
    print(json.dumps({"bench": "align_long", **res}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

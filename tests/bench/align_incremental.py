#!/usr/bin/env python3
"""Opening compare on two 10,000-paragraph documents: time to the first screen's links.

Documents as tests/bench/compare_keystroke.py makes them (an editor's copy: a few paragraphs
dropped, added or reworded). Times, in one process, for the paragraph and the sentence unit:

* first window: ``IncrementalAlignment.step()`` + ``alignment()`` — what the compare view
  needs before it can show its first screen with links (goal: within 1 s);
* the rest: ``step()`` until done (in the view, a cancellable worker), and the whole;
* ``align_articles`` on the whole documents, as a view without windows would wait for.

Prints medians of --runs runs (CPU and wall seconds) and a JSON line.

  python3 tests/bench/align_incremental.py [--paragraphs 10000] [--runs 3] [--units paragraph,sentence]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from compare_keystroke import make_documents  # noqa: E402

from tui.align import align_articles  # noqa: E402
from tui.align.incremental import IncrementalAlignment  # noqa: E402
from tui.corpus import build_article  # noqa: E402


def timed(fn):
    c, w = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c, time.perf_counter() - w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paragraphs", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--units", default="paragraph,sentence")
    ap.add_argument("--skip-whole", action="store_true", help="do not time align_articles")
    a = ap.parse_args()
    lt, rt = make_documents(a.paragraphs)
    left, right = build_article(lt, "left.txt"), build_article(rt, "right.txt")
    rows = []
    for unit in a.units.split(","):
        first, rest, whole = [], [], []
        for _ in range(a.runs):
            job = IncrementalAlignment(left, right, unit)
            (_, c1, w1) = timed(lambda: (job.step(), job.alignment()))
            first.append((c1, w1))
            (al, c2, w2) = timed(lambda: job.run())
            rest.append((c2, w2))
            if not a.skip_whole:
                (full, c3, w3) = timed(lambda: align_articles(left, right, unit, use_cache=False))
                whole.append((c3, w3))
        row = {"unit": unit, "paragraphs": a.paragraphs,
               "first_cpu_s": round(statistics.median(x[0] for x in first), 3),
               "first_wall_s": round(statistics.median(x[1] for x in first), 3),
               "rest_cpu_s": round(statistics.median(x[0] for x in rest), 3),
               "links": len(al.links),
               "whole_cpu_s": round(statistics.median(x[0] for x in whole), 3) if whole else None,
               "whole_links": len(full.links) if whole else None}
        rows.append(row)
        print(f"{unit:>9}: first screen {row['first_cpu_s']:.3f} s CPU ({row['first_wall_s']:.3f} s "
              f"wall), the rest {row['rest_cpu_s']:.2f} s CPU, {row['links']} links; whole "
              f"align_articles {row['whole_cpu_s']} s CPU, {row['whole_links']} links", flush=True)
    print(json.dumps({"bench": "align_incremental", "rows": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

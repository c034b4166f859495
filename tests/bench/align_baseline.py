#!/usr/bin/env python3
"""Baseline aligner for comparison: every left sentence linked to its best-matching right
sentence by rapidfuzz, when that match scores at least --cutoff. Same command shape and JSON
as ``synoptic align`` so the bench scorer can run both in one session:

  python3 /work/shared/bench/score_alignment.py SPLIT \\
      --cmd 'python3 tests/bench/align_baseline.py {left} {right} --json --unit sentence'

No order, no merges, no moved-passage logic: the floor the real aligner must clear.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from tui.corpus import LoadError, read_article  # noqa: E402


def units(article, unit: str):
    if unit == "paragraph":
        return [p.span for p in article.paragraphs if not p.boilerplate]
    return [s for p in article.paragraphs if not p.boilerplate for s in p.sentences]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("left")
    ap.add_argument("right")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--unit", choices=("paragraph", "sentence"), default="sentence")
    ap.add_argument("--no-cache", action="store_true", help="accepted for CLI compatibility")
    ap.add_argument("--cutoff", type=float, default=50.0)
    a = ap.parse_args()
    try:
        left, right = read_article(a.left), read_article(a.right)
    except LoadError as e:
        print(f"align_baseline: {e}", file=sys.stderr)
        return 2
    lu, ru = units(left, a.unit), units(right, a.unit)
    rtexts = [right.text[s.start:s.end] for s in ru]
    links, used_l, used_r = [], set(), set()
    for i, s in enumerate(lu):
        best = process.extractOne(left.text[s.start:s.end], rtexts, scorer=fuzz.token_sort_ratio,
                                  processor=utils.default_process, score_cutoff=a.cutoff)
        if best is None:
            continue
        _, score, j = best
        r = ru[j]
        links.append({"left": [{"start": s.start, "end": s.end, "text": left.text[s.start:s.end]}],
                      "right": [{"start": r.start, "end": r.end, "text": rtexts[j]}],
                      "score": round(score / 100, 4), "kind": "match" if score >= 70 else "partial"})
        used_l.add(i)
        used_r.add(j)
    data = {"left": {"path": left.path, "title": left.title},
            "right": {"path": right.path, "title": right.title}, "links": links,
            "unaligned_left": [{"start": s.start, "end": s.end, "text": left.text[s.start:s.end]}
                               for i, s in enumerate(lu) if i not in used_l],
            "unaligned_right": [{"start": s.start, "end": s.end, "text": rtexts[j]}
                                for j, s in enumerate(ru) if j not in used_r]}
    json.dump(data, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Error analysis of the aligner on a split of the parallel bench, in one process.

Scores every pair the way shared/bench/score_alignment.py does (a verse is on a link side when
at least half its characters are inside that side's spans; a link predicts the cross product of
its verses), prints per-pair P/R/F1 and totals (all, clean, edited), and for the worst pairs
the false and missed verse pairs with their text, so the kind of error shows.

  python3 tests/bench/align_errors.py [SPLIT_DIR] [--worst N] [--pairs Rom.3,Lev.5] [--quiet]

Tune only on dev: test and long are for reporting.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.align import align_articles  # noqa: E402
from tui.corpus import read_article  # noqa: E402

DEFAULT_SPLIT = "/work/shared/bench/parallel/dev"


def verses_in(spans, verse_spans):
    got = set()
    for vid, vs, ve in verse_spans:
        inside = sum(max(0, min(e, ve) - max(s, vs)) for s, e in spans)
        if ve > vs and inside * 2 >= (ve - vs):
            got.add(vid)
    return got


def predicted(data, g):
    pred = set()
    for link in data["links"]:
        lv = verses_in([(s["start"], s["end"]) for s in link["left"]], g["left_spans"])
        rv = verses_in([(s["start"], s["end"]) for s in link["right"]], g["right_spans"])
        pred |= {(a, b) for a in lv for b in rv}
    return pred


def gold_pairs(g):
    both = {v for v, _, _ in g["left_spans"]} & {v for v, _, _ in g["right_spans"]}
    return {(v, v) for v in both if not v.startswith("x.")}


def prf(c, n, m):
    p = c / n if n else 0.0
    r = c / m if m else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(split: Path, only: set[str] | None = None):
    rows = [json.loads(x) for x in (split / "gold.jsonl").read_text(encoding="utf-8").splitlines()
            if x.strip()]
    out = []
    for g in rows:
        if only and g["pair"] not in only:
            continue
        left, right = read_article(str(split / g["left"])), read_article(str(split / g["right"]))
        t = time.perf_counter()
        al = align_articles(left, right, unit="clause", use_cache=False)
        dt = time.perf_counter() - t
        data = al.to_json(left, right)
        out.append((g, left, right, data, predicted(data, g), gold_pairs(g), dt))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", nargs="?", default=DEFAULT_SPLIT)
    ap.add_argument("--worst", type=int, default=5, help="pairs to show errors for")
    ap.add_argument("--pairs", default="", help="comma-separated pair names to run only")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    a = ap.parse_args()
    only = set(a.pairs.split(",")) if a.pairs else None
    res = run(Path(a.split), only)
    tot = {None: [0, 0, 0], True: [0, 0, 0], False: [0, 0, 0]}
    scored = []
    for g, left, right, data, pred, gold, dt in res:
        c, n, m = len(pred & gold), len(pred), len(gold)
        for k in (None, bool(g.get("edited"))):
            tot[k][0] += c
            tot[k][1] += n
            tot[k][2] += m
        p, r, f = prf(c, n, m)
        scored.append((f, g, left, right, pred, gold, p, r, dt))
    if not a.quiet:
        for f, g, *_rest in sorted(scored, key=lambda x: x[0]):
            p, r, dt = _rest[4], _rest[5], _rest[6]
            print(f"{g['pair']:<10} {'edited' if g.get('edited') else 'clean ':<6} "
                  f"P={p:.3f} R={r:.3f} F1={f:.3f} {dt * 1000:6.0f} ms")
        for f, g, left, right, pred, gold, p, r, dt in sorted(scored, key=lambda x: x[0])[:a.worst]:
            lspan = {v: (s, e) for v, s, e in g["left_spans"]}
            rspan = {v: (s, e) for v, s, e in g["right_spans"]}

            def show(side, spans, v):
                if v not in spans:
                    return "(absent)"
                s, e = spans[v]
                return " ".join(side.text[s:e].split())[:110]

            print(f"\n=== {g['pair']} F1={f:.3f} ({'edited' if g.get('edited') else 'clean'})")
            for x, y in sorted(pred - gold):
                print(f"  FALSE {x} ~ {y}\n     L: {show(left, lspan, x)}\n     R: {show(right, rspan, y)}")
            for x, y in sorted(gold - pred):
                print(f"  MISSED {x}\n     L: {show(left, lspan, x)}\n     R: {show(right, rspan, y)}")
    for k, name in ((None, "all"), (False, "clean"), (True, "edited")):
        p, r, f = prf(*tot[k])
        print(f"{name:<7} P={p:.4f} R={r:.4f} F1={f:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

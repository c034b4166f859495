#!/usr/bin/env python3
"""Where the aligner loses F1 on a split of the parallel bench, in one process.

Scores every pair the way shared/bench/score_alignment.py does (a verse is on a link side when
at least half its characters are inside that side's spans; a link predicts the cross product
of its verses; P/R/F1 micro-averaged, clean and edited apart), then:

* ``--stages``: the loss at each stage, against oracles — the best any grouping of a given
  kind of unit could score (units grouped by the verse holding most of each, verses joined
  into one link where a unit spans them): whole sentences, sentence pieces (the aligner's
  cut points), and a perfect split of the first pass's sentence-level links (the ceiling of
  the refinement); then the first pass as it is, and the final output.
* errors by class: false pairs from links that also hold right pairs (neighbouring verses
  merged n-m) or from links with no right pair (a wrong link: e.g. a deleted verse and an
  inserted one linked as a substitution); missed pairs where a verse is in no link on a side
  (unlinked), cut into pieces none of which holds half of it ("split"), or whose halves are
  in different links;
* per pair P/R/F1 and, for the worst ``--worst`` pairs, the false and missed pairs with text.

  python3 tests/bench/align_errors.py [SPLIT_DIR] [--stages] [--worst N] [--pairs Rom.3,Lev.5] [--quiet]

Tune only on dev: test and long are for reporting.
"""
from __future__ import annotations

import argparse
import bisect
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.align import aligner, align_articles, core  # noqa: E402
from tui.align.units import piece_units, sentence_units  # noqa: E402
from tui.corpus import read_article  # noqa: E402

DEFAULT_SPLIT = "/work/shared/bench/parallel/dev"


class Verses:
    """One side's gold verses, for fast 'which verses are at least half inside' lookups."""

    def __init__(self, spans):
        self.spans = sorted(spans, key=lambda x: x[1])
        self.starts = [s for _, s, _ in self.spans]
        self.length = {v: e - s for v, s, e in spans}

    def overlaps(self, spans) -> dict[str, int]:
        acc: dict[str, int] = {}
        for s, e in spans:
            k = max(0, bisect.bisect_right(self.starts, s) - 1)
            while k < len(self.spans) and self.spans[k][1] < e:
                v, a, b = self.spans[k]
                o = min(e, b) - max(s, a)
                if o > 0:
                    acc[v] = acc.get(v, 0) + o
                k += 1
        return acc

    def inside(self, spans) -> set[str]:
        return {v for v, o in self.overlaps(spans).items() if o * 2 >= self.length[v]}

    def dominant(self, span) -> str | None:
        got = self.overlaps([span])
        return max(got, key=got.get) if got else None


def gold_pairs(g) -> set:
    both = {v for v, _, _ in g["left_spans"]} & {v for v, _, _ in g["right_spans"]}
    return {(v, v) for v in both if not v.startswith("x.")}


def predicted(links, lv: Verses, rv: Verses) -> set:
    pred = set()
    for left, right in links:
        pred |= {(a, b) for a in lv.inside(left) for b in rv.inside(right)}
    return pred


def prf(c, n, m):
    p = c / n if n else 0.0
    r = c / m if m else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def oracle_links(lspans, rspans, lv: Verses, rv: Verses):
    """Units grouped by their dominant verse; verses that share a unit join one link."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members = []
    for side, spans, verses in ((0, lspans, lv), (1, rspans, rv)):
        for sp in spans:
            v = verses.dominant(sp)
            if v and not v.startswith("x."):
                members.append((side, sp, v))
                parent[find(("u", side, sp))] = find(("v", v))
    comps: dict = {}
    for side, sp, v in members:
        comps.setdefault(find(("v", v)), ([], []))[side].append(sp)
    return [(sorted(a), sorted(b)) for a, b in comps.values() if a and b]


def first_pass(left, right):
    """The first pass's links (sentence-level, before refinement), as span lists."""
    lu, ru = piece_units(left), piece_units(right)
    orig = core.refine
    core.refine = lambda lvs, rvs, *a, **k: [(0, len(lvs), 0, len(rvs), 0.0)]
    try:
        raw, _, _ = aligner.raw_links(left, right, lu, ru)
    finally:
        core.refine = orig
    return [([(lu.spans[i].start, lu.spans[i].end) for i in a],
             [(ru.spans[j].start, ru.spans[j].end) for j in b]) for a, b, _ in raw]


def final(left, right):
    al = align_articles(left, right, unit="sentence", use_cache=False)
    return [([(al.left_units[i].start, al.left_units[i].end) for i in k.left],
             [(al.right_units[j].start, al.right_units[j].end) for j in k.right])
            for k in al.links]


def classify(links, lv: Verses, rv: Verses, gold: set, counts: Counter) -> None:
    lcov, rcov = lv.overlaps([s for a, _ in links for s in a]), rv.overlaps([s for _, b in links for s in b])
    inl: dict[str, int] = {}
    inr: dict[str, int] = {}
    pred = set()
    for n, (a, b) in enumerate(links):
        la, rb = lv.inside(a), rv.inside(b)
        for v in la:
            inl[v] = n
        for v in rb:
            inr[v] = n
        pairs = {(x, y) for x in la for y in rb}
        pred |= pairs
        false = len(pairs - gold)
        if false:
            counts["FP merged n-m (link also holds right pairs)" if pairs & gold
                   else "FP wrong link (no right pair)"] += false
    for v, _ in gold - pred:
        why = []
        for side, cov, where, verses in (("L", lcov, inl, lv), ("R", rcov, inr, rv)):
            if v in where:
                continue
            share = cov.get(v, 0) / verses.length[v]
            why.append(f"{side} split" if share >= 0.5 else f"{side} unlinked" if share == 0
                       else f"{side} part unlinked")
        counts["FN " + ("+".join(why) if why else "halves in different links")] += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", nargs="?", default=DEFAULT_SPLIT)
    ap.add_argument("--stages", action="store_true", help="oracles and the loss at each stage")
    ap.add_argument("--worst", type=int, default=5, help="pairs to show errors for")
    ap.add_argument("--pairs", default="", help="comma-separated pair names to run only")
    ap.add_argument("--quiet", action="store_true", help="totals and error classes only")
    a = ap.parse_args()
    split = Path(a.split)
    only = set(a.pairs.split(",")) if a.pairs else None
    rows = [json.loads(x) for x in (split / "gold.jsonl").read_text(encoding="utf-8").splitlines()
            if x.strip()]
    stages = {"oracle: whole sentences": None, "oracle: sentence pieces": None,
              "oracle: perfect split of the first pass": None, "first pass": None,
              "final": None} if a.stages else {"final": None}
    totals = {name: {None: [0, 0, 0], True: [0, 0, 0], False: [0, 0, 0]} for name in stages}
    classes = {False: Counter(), True: Counter()}
    per_pair = []
    cpu = 0.0
    for g in rows:
        if only and g["pair"] not in only:
            continue
        left, right = read_article(str(split / g["left"])), read_article(str(split / g["right"]))
        lv, rv = Verses(g["left_spans"]), Verses(g["right_spans"])
        gold = gold_pairs(g)
        edited = bool(g.get("edited"))
        t = time.process_time()
        out = final(left, right)
        cpu += time.process_time() - t
        results = {"final": out}
        if a.stages:
            results["oracle: whole sentences"] = oracle_links(
                [(s.start, s.end) for s, ok in zip(sentence_units(left).spans, sentence_units(left).linkable) if ok],
                [(s.start, s.end) for s, ok in zip(sentence_units(right).spans, sentence_units(right).linkable) if ok], lv, rv)
            results["oracle: sentence pieces"] = oracle_links(
                [(s.start, s.end) for s, ok in zip(piece_units(left).spans, piece_units(left).linkable) if ok],
                [(s.start, s.end) for s, ok in zip(piece_units(right).spans, piece_units(right).linkable) if ok], lv, rv)
            fp = first_pass(left, right)
            results["first pass"] = fp
            results["oracle: perfect split of the first pass"] = [
                x for l, r in fp for x in oracle_links(l, r, lv, rv)]
        for name, links in results.items():
            pred = predicted(links, lv, rv)
            c = (len(pred & gold), len(pred), len(gold))
            for k in (None, edited):
                for i in range(3):
                    totals[name][k][i] += c[i]
            if name == "final":
                per_pair.append((prf(*c)[2], g, left, right, pred, gold, *prf(*c)[:2]))
        classify(out, lv, rv, gold, classes[edited])
    print(f"{split.name}: {len(per_pair)} pairs, aligner CPU {cpu:.2f} s")
    for name, tot in totals.items():
        p, r, f = prf(*tot[None])
        print(f"{name:<42} P={p:.4f} R={r:.4f} F1={f:.4f}  clean {prf(*tot[False])[2]:.4f}  "
              f"edited {prf(*tot[True])[2]:.4f}")
    for edited in (False, True):
        print(f"errors by class ({'edited' if edited else 'clean'} pairs):")
        for k, v in classes[edited].most_common():
            print(f"  {v:5d}  {k}")
    if not a.quiet:
        for f, g, *_rest in sorted(per_pair, key=lambda x: x[0]):
            print(f"{g['pair']:<10} {'edited' if g.get('edited') else 'clean ':<6} "
                  f"P={_rest[4]:.3f} R={_rest[5]:.3f} F1={f:.3f}")
        for f, g, left, right, pred, gold, p, r in sorted(per_pair, key=lambda x: x[0])[:a.worst]:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
